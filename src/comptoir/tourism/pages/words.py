"""What the shop, brand and operator pages call things, in the reader's language: categories, months, delay
buckets, and the sentence for each field of the sign-up form that was refused."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent
from fastapi import Request

from comptoir.kernel.error_catalogue import sentence_for
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import babel_locale, gettext
from comptoir.tourism.domain.attribution import DELAY_BUCKETS
from comptoir.tourism.domain.categories import ShopCategory

#: One colour per category, for the dots of the maps and their legend.
CATEGORY_COLOURS: dict[str, str] = {
    "cosmetics": "#c026d3",
    "fashion": "#2563eb",
    "leather_goods": "#92400e",
    "jewellery_watches": "#ca8a04",
    "food_wine": "#b91c1c",
    "department_store": "#0f766e",
    "children": "#f97316",
    "pharmacy": "#16a34a",
    "souvenirs": "#7c3aed",
    "other": "#475569",
}


def category_names() -> dict[str, str]:
    _ = gettext
    names = {
        "cosmetics": _("Cosmetics and perfume"),
        "fashion": _("Fashion"),
        "leather_goods": _("Leather goods"),
        "jewellery_watches": _("Jewellery and watches"),
        "food_wine": _("Food and wine"),
        "department_store": _("Department store"),
        "children": _("Children"),
        "pharmacy": _("Pharmacy"),
        "souvenirs": _("Souvenirs"),
        "other": _("Other"),
    }
    return {c.value: names[c.value] for c in ShopCategory}


def bucket_names() -> list[str]:
    """``0 to 7 days`` ... ``over 180 days``: one name per delay bucket."""
    names = []
    low = 0
    for bound in DELAY_BUCKETS:
        names.append(gettext("%(low)d to %(high)d days") % {"low": low, "high": bound})
        low = bound + 1
    names.append(gettext("over %(days)d days") % {"days": DELAY_BUCKETS[-1]})
    return names


def month_text(month: str) -> str:
    """``2026-03`` as the reader writes a month (``mars 2026``, ``2026年3月``)."""
    year, _, number = month.partition("-")
    return str(format_skeleton("yMMMM", date(int(year), int(number), 1), locale=babel_locale()))


def day_text(day: date) -> str:
    return str(format_date(day, "medium", locale=babel_locale()))


def short_day(day: date) -> str:
    return str(format_date(day, "d MMM", locale=babel_locale()))


def number(value: int) -> str:
    return str(format_decimal(value, locale=babel_locale()))


def share_text(permille: int | None) -> str:
    """Thousandths as a percentage with one decimal (``123`` is ``12.3 %``), or a dash when there is no spend."""
    if permille is None:
        return "—"
    locale = babel_locale()
    pattern = locale.percent_formats[None].pattern
    one_decimal = re.sub(r"0(?=[^0-9#]*%)", "0.0", pattern, count=1)  # the locale's way, with one decimal
    return str(format_percent(Decimal(permille) / 1000, one_decimal, locale=locale))


def _field_sentences() -> dict[str, str]:
    _ = gettext
    return {
        "name": _("Give the shop's name, on one line (up to 120 characters)."),
        "name_zh": _("The Chinese name is one line of up to 120 characters."),
        "description": _("The description is up to 1000 characters."),
        "category": _("Choose what the shop mainly sells."),
        "street": _("Give the street, such as Rue de Rivoli."),
        "house_number": _("Give the street number, such as 12 or 12 bis."),
        "postcode": _("The postcode is five digits, such as 75001."),
        "city": _("Give the city."),
        "hours": _("Write the opening hours like “Mo-Sa 10:00-19:00; Su off”: days, then times or “off”."),
        "latitude": _("Place the pin in France, or clear it to place the shop from its address."),
        "brand_org_id": _("Choose a brand from the list, or none."),
        "window_days": _("The window is a whole number of days from 1 to 730."),
    }


def field_errors(error: ComptoirError) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The refusal as sentences by field of the form (and flashes for what belongs to no field)."""
    field = error.extra.get("field") if isinstance(error.extra.get("field"), str) else None
    if error.code == "iban_invalid":
        return {"iban": sentence_for(error)}, []
    if field is None:
        return {}, [("error", sentence_for(error))]
    if error.code in ("address_not_found", "coordinates_outside_france"):
        sentence = sentence_for(error)
    else:
        sentence = _field_sentences().get(field, sentence_for(error))
    return {field: sentence}, [("error", gettext("The form has a problem: see the field marked below."))]


def done_message(request: Request, messages: dict[str, str]) -> list[tuple[str, str]]:
    message = messages.get(request.query_params.get("done") or "")
    return [("ok", message)] if message else []
