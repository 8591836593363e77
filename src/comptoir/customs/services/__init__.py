"""Use cases of the customs capability, each ``verb(uow, ...)`` inside the caller's unit of work."""

from comptoir.customs.services.annual import annual_total, cancel_annual_import, record_annual_import
from comptoir.customs.services.declarations import declaration, declare_order, filings_page, send_filings
from comptoir.customs.services.erasure import erase_buyer
from comptoir.customs.services.rules import (
    RuleFileReport,
    customs_rules,
    landed_cost,
    load_rules,
    read_rule_file,
    shipped_rule_files,
    shipped_rules,
    shipped_rules_on,
)

__all__ = [
    "RuleFileReport",
    "annual_total",
    "cancel_annual_import",
    "customs_rules",
    "declaration",
    "declare_order",
    "erase_buyer",
    "filings_page",
    "landed_cost",
    "load_rules",
    "read_rule_file",
    "record_annual_import",
    "send_filings",
    "shipped_rule_files",
    "shipped_rules",
    "shipped_rules_on",
]
