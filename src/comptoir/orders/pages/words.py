"""What the orders pages call things, in the reader's language: order states, refusals, dates, actors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date, format_skeleton
from fastapi import Request

from comptoir import customs
from comptoir.kernel.error_catalogue import sentence_for
from comptoir.kernel.errors import CATALOGUE, ComptoirError
from comptoir.kernel.i18n import current_locale
from comptoir.kernel.i18n import gettext as _

Flashes = list[tuple[str, str]]


def status_names() -> dict[str, str]:
    return {
        "placed": _("Awaiting payment"),
        "paid": _("Paid"),
        "declared": _("Cleared by customs"),
        "shipped": _("Shipped"),
        "delivered": _("Delivered"),
        "cancelled": _("Cancelled"),
        "returned": _("Returned"),
    }


def action_names() -> dict[str, str]:
    """The moves written in an order's history."""
    return {
        "placed": _("Order placed"),
        "paid": _("Paid from the wallet"),
        "declared": _("Cleared by customs"),
        "shipped": _("Shipped"),
        "delivered": _("Delivered"),
        "cancelled": _("Cancelled"),
        "returned": _("Return taken back"),
    }


def action_name(action: str, market: object) -> str:
    """One move of an order's history; an order of a buyer in France (market FR) was paid by card."""
    if action == "paid" and str(market) == "FR":
        return _("Paid by card")
    return action_names().get(action, action)


def actor_name(actor: str) -> str:
    """Who moved an order, as people read it (the history keeps ids; a page does not show them)."""
    if actor.startswith("buyer:"):
        return _("The buyer")
    if actor == "customs":
        return _("Customs")
    if actor == "comptoir":
        return "Comptoir"
    if actor.startswith("usr_") or actor.startswith("key_") or ":" in actor:
        return _("Seller staff")
    return actor


def channel_names() -> dict[str, str]:
    return {"brand_store": _("Brand store"), "pavilion": _("Pavilion")}


def error_flash(error: ComptoirError) -> Flashes:
    """A refusal as a flash message: the catalogue's sentence in the reader's language."""
    return [("error", sentence_for(error))]


def refusal_sentence(refusal: customs.Refusal) -> str:
    """The sentence of a quote's refusal (customs', a coupon's, a product gone), in the reader's language."""
    entry = CATALOGUE.get(refusal.code)
    text = _(entry.sentence) if entry is not None else _(refusal.message)
    try:
        return text % {}
    except (KeyError, ValueError, TypeError):
        return _(refusal.message)


def day_text(day: date | None) -> str:
    """``12月4日`` / ``vendredi 4 décembre`` / ``Friday 4 December``."""
    if day is None:
        return ""
    locale = current_locale.get()
    if locale.startswith("zh"):
        return str(format_skeleton("MMMd", day, locale="zh_Hans"))
    return str(format_date(day, "EEEE d MMMM", locale=locale))


def rate_text(rate: Decimal | None) -> str:
    """``7.8993``: a locked rate with four decimals, as people read it."""
    return "" if rate is None else f"{rate.quantize(Decimal('0.0001'))}"


def done_message(request: Request, messages: dict[str, str]) -> Flashes:
    message = messages.get(request.query_params.get("done") or "")
    return [("ok", message)] if message else []


def form_expired() -> Flashes:
    return [("error", _("This form has expired; please try again."))]
