"""Customs: landed cost per trade lane under the rules of a day, each person's CBEC annual total, and the
declarations of an order (order, payment and waybill) with their match.

Rules are dated data files shipped in ``customs/data/`` and loaded into tables (:func:`load_rules`); a quote
records every rule version it used. Other capabilities reach customs through these names only:

- the pure engine :func:`compute_landed_cost` with what it takes and gives (:class:`Basket`,
  :class:`BasketLine`, :class:`NetContent`, :class:`CustomsRules`, :class:`LandedCost`, :class:`LineTaxes`,
  :class:`TaxTotals`, :class:`Refusal`) and :func:`parse_basket` for the basket's JSON;
- the use cases, each ``verb(uow, *, ...)`` inside the caller's unit of work: :func:`load_rules`,
  :func:`customs_rules`, :func:`landed_cost`, :func:`annual_total`, :func:`record_annual_import`,
  :func:`cancel_annual_import`;
- the refusals :class:`BasketInvalid`, :class:`CustomsRulesInvalid`, :class:`CustomsRefused` and
  :class:`AnnualLimitExceeded`.

- the declarations of a CBEC order: :func:`declare_order` stores its three documents (:class:`OrderDocument`,
  :class:`PaymentDocument`, :class:`WaybillDocument`) with the :class:`Mismatch` es :func:`match_documents`
  finds; the worker's chore :func:`send_filings` sends them through the :class:`CustomsFiling` port
  (:func:`customs_filing`, :func:`use_filing`; fakes :class:`OfflineCustomsFiling`, :class:`FakeCustomsFiling`)
  and publishes :class:`CustomsCleared` or :class:`CustomsRejected`; :func:`filings_page` and
  :func:`declaration` show them; :func:`erase_buyer` blanks the buyer's name and person key in them when
  the buyer's personal data is erased.

The entry points assemble ``cli_app``, ``api_router``, ``pages_router`` and ``SPACES``.
"""

from comptoir.customs.api import router as api_router
from comptoir.customs.cli import app as cli_app
from comptoir.customs.domain import (
    CBEC,
    CBEC_FULL_RATE,
    EU_IMPORT,
    EU_IOSS,
    IMPORT_COLLECTION_NOTE,
    Basket,
    BasketLine,
    CustomsRules,
    LandedCost,
    LineTaxes,
    NetContent,
    Refusal,
    TaxTotals,
    compute_landed_cost,
    parse_basket,
)
from comptoir.customs.domain.declarations import (
    CustomsCleared,
    CustomsRejected,
    Declaration,
    Filing,
    FilingStatus,
    Mismatch,
    OrderDocument,
    PaymentDocument,
    WaybillDocument,
    match_documents,
)
from comptoir.customs.errors import (
    AnnualLimitExceeded,
    BasketInvalid,
    CustomsNotFound,
    CustomsRefused,
    CustomsRulesInvalid,
    DeclarationConflict,
)
from comptoir.customs.filing import (
    CustomsFiling,
    FakeCustomsFiling,
    FilingAnswer,
    FilingUnavailable,
    OfflineCustomsFiling,
    customs_filing,
    use_filing,
)
from comptoir.customs.pages import SPACES
from comptoir.customs.pages import router as pages_router
from comptoir.customs.services import (
    RuleFileReport,
    annual_total,
    cancel_annual_import,
    customs_rules,
    declaration,
    declare_order,
    erase_buyer,
    filings_page,
    landed_cost,
    load_rules,
    record_annual_import,
    send_filings,
    shipped_rules_on,
)

__all__ = [
    "CBEC",
    "CBEC_FULL_RATE",
    "EU_IMPORT",
    "EU_IOSS",
    "IMPORT_COLLECTION_NOTE",
    "SPACES",
    "AnnualLimitExceeded",
    "Basket",
    "BasketInvalid",
    "BasketLine",
    "CustomsCleared",
    "CustomsFiling",
    "CustomsNotFound",
    "CustomsRefused",
    "CustomsRejected",
    "CustomsRules",
    "CustomsRulesInvalid",
    "Declaration",
    "DeclarationConflict",
    "FakeCustomsFiling",
    "Filing",
    "FilingAnswer",
    "FilingStatus",
    "FilingUnavailable",
    "LandedCost",
    "LineTaxes",
    "Mismatch",
    "NetContent",
    "OfflineCustomsFiling",
    "OrderDocument",
    "PaymentDocument",
    "Refusal",
    "RuleFileReport",
    "TaxTotals",
    "WaybillDocument",
    "annual_total",
    "api_router",
    "cancel_annual_import",
    "cli_app",
    "compute_landed_cost",
    "customs_filing",
    "customs_rules",
    "declaration",
    "declare_order",
    "erase_buyer",
    "filings_page",
    "landed_cost",
    "load_rules",
    "match_documents",
    "pages_router",
    "parse_basket",
    "record_annual_import",
    "send_filings",
    "shipped_rules_on",
    "use_filing",
]
