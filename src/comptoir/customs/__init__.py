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

The entry points assemble ``cli_app``.
"""

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
from comptoir.customs.errors import AnnualLimitExceeded, BasketInvalid, CustomsRefused, CustomsRulesInvalid
from comptoir.customs.services import (
    RuleFileReport,
    annual_total,
    cancel_annual_import,
    customs_rules,
    landed_cost,
    load_rules,
    record_annual_import,
    shipped_rules_on,
)

__all__ = [
    "CBEC",
    "CBEC_FULL_RATE",
    "EU_IMPORT",
    "EU_IOSS",
    "IMPORT_COLLECTION_NOTE",
    "AnnualLimitExceeded",
    "Basket",
    "BasketInvalid",
    "BasketLine",
    "CustomsRefused",
    "CustomsRules",
    "CustomsRulesInvalid",
    "LandedCost",
    "LineTaxes",
    "NetContent",
    "Refusal",
    "RuleFileReport",
    "TaxTotals",
    "annual_total",
    "cancel_annual_import",
    "cli_app",
    "compute_landed_cost",
    "customs_rules",
    "landed_cost",
    "load_rules",
    "parse_basket",
    "record_annual_import",
    "shipped_rules_on",
]
