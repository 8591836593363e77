"""What the payments pages call things, in the reader's language: statuses, flows, channels, batches."""

from __future__ import annotations

from decimal import Decimal

from fastapi import Request

from comptoir.kernel.error_catalogue import sentence_for
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.money import Money, MoneyError
from comptoir.payments.errors import PaymentInvalid


def status_names() -> dict[str, str]:
    return {
        "pending": _("Waiting for payment"),
        "succeeded": _("Paid"),
        "failed": _("Failed"),
        "cancelled": _("Cancelled"),
        "refunded": _("Refunded"),
        "partially_refunded": _("Partly refunded"),
    }


def flow_names() -> dict[str, str]:
    return {
        "order_qr": _("Order QR code"),
        "user_code": _("Customer's payment code"),
        "entry_code": _("Shop's printed code"),
        "online": _("Online order"),
    }


def channel_names() -> dict[str, str]:
    return {
        "in_store": _("In store"),
        "brand_store": _("Brand store online"),
        "marketplace": _("Seller store online (France)"),
        "pavilion": _("Pavilion"),
    }


def batch_status_names() -> dict[str, str]:
    return {
        "created": _("Created"),
        "sent": _("Sent to the bank"),
        "confirmed": _("Paid by the bank"),
        "returned": _("Returned"),
    }


def flash_of(error: ComptoirError) -> list[tuple[str, str]]:
    """The error as a flash message: the catalogue's sentence, in the reader's language."""
    return [("error", sentence_for(error))]


def parse_amount(text: str, currency: str) -> Money:
    """A typed amount (``12,50`` or ``12.50``), positive; anything else is the payments' invalid-amount error."""
    try:
        amount = Money.parse(text.strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""), currency)
    except (MoneyError, ValueError):
        raise PaymentInvalid(f"not an amount in {currency}: {text!r}", field="amount") from None
    if amount.minor <= 0:
        raise PaymentInvalid("the amount must be more than zero", field="amount")
    return amount


def rate_text(rate: Decimal | None) -> str:
    """``7.8993``: the locked rate with four decimals, as people read it."""
    return "" if rate is None else f"{rate.quantize(Decimal('0.0001'))}"


def spread_text(spread_bps: int) -> str:
    """``0.50 %``"""
    return f"{Decimal(spread_bps) / 100:.2f} %"


def done_message(request: Request, messages: dict[str, str]) -> list[tuple[str, str]]:
    message = messages.get(request.query_params.get("done") or "")
    return [("ok", message)] if message else []
