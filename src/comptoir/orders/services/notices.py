"""What a quote tells the buyer about the taxes of one order, in the buyer's language."""

from __future__ import annotations

from comptoir.kernel.i18n import format_money
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.money import Money


def tax_notice(regime: str, tax_at_import: Money | None) -> str:
    """How the order's import taxes are handled under ``regime`` (the customs regime of its landed cost)."""
    if regime == "CBEC":
        return _("Cross-border taxes are included: consumption tax and VAT, at 70 per cent of the full rate.")
    if regime == "CBEC-full-rate":
        return _("A single item over the per-order limit pays the full-rate taxes, included here.")
    if regime == "EU-IOSS":
        return _("French VAT and the customs duty are included; nothing more is owed at delivery.")
    if regime == "EU-import":
        owed = format_money(tax_at_import.minor, tax_at_import.currency) if tax_at_import is not None else "—"
        return _(
            "Over 150 EUR the parcel is declared at import: customs duty and VAT (about %(amount)s) are paid "
            "to the carrier at delivery, not here."
        ) % {"amount": owed}
    return ""
