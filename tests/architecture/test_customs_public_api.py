"""The customs capability's public names are pinned: orders, the demo and the entry points reach it through
these, and through nothing else (import-linter's protected contract says so)."""

from __future__ import annotations

import comptoir.customs

PUBLIC = [
    # what the entry points assemble
    "SPACES",
    "api_router",
    "cli_app",
    "pages_router",
    # the pure engine and what it takes and gives
    "compute_landed_cost",
    "parse_basket",
    "Basket",
    "BasketLine",
    "NetContent",
    "CustomsRules",
    "LandedCost",
    "LineTaxes",
    "TaxTotals",
    "Refusal",
    "CBEC",
    "CBEC_FULL_RATE",
    "EU_IOSS",
    "EU_IMPORT",
    "IMPORT_COLLECTION_NOTE",
    # rules and quotes
    "load_rules",
    "customs_rules",
    "landed_cost",
    "shipped_rules_on",
    "RuleFileReport",
    # annual totals
    "annual_total",
    "record_annual_import",
    "cancel_annual_import",
    # declarations and the customs-filing port
    "OrderDocument",
    "PaymentDocument",
    "WaybillDocument",
    "Mismatch",
    "match_documents",
    "Declaration",
    "Filing",
    "FilingStatus",
    "declare_order",
    "erase_buyer",
    "declaration",
    "filings_page",
    "send_filings",
    "CustomsFiling",
    "FilingAnswer",
    "FilingUnavailable",
    "OfflineCustomsFiling",
    "FakeCustomsFiling",
    "customs_filing",
    "use_filing",
    # events
    "CustomsCleared",
    "CustomsRejected",
    # the refusals
    "AnnualLimitExceeded",
    "BasketInvalid",
    "CustomsNotFound",
    "CustomsRefused",
    "CustomsRulesInvalid",
    "DeclarationConflict",
]


def test_the_customs_public_names_are_exactly_these() -> None:
    assert sorted(comptoir.customs.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(comptoir.customs, name) is not None
