"""Languages: zh-Hans, fr and en, with Babel catalogs and formatting.

The catalogs live as gettext ``.po`` files in ``kernel/locale/<lang>/LC_MESSAGES/comptoir.po``
(``make messages`` extracts new strings); they are compiled in memory at start-up, so no
binary ``.mo`` file is committed. The language of a request comes from ``?lang=``, then the
``comptoir_lang`` cookie, then ``Accept-Language``, then the configured default.
"""

from __future__ import annotations

import io
from contextvars import ContextVar
from datetime import datetime, tzinfo
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency
from babel.support import NullTranslations, Translations

SUPPORTED_LOCALES = ("zh_Hans", "fr", "en")
LOCALE_NAMES = {"zh_Hans": "中文", "fr": "Français", "en": "English"}
DEFAULT_LOCALE = "fr"
LANG_COOKIE = "comptoir_lang"
_LOCALE_DIR = Path(__file__).resolve().parent / "locale"

current_locale: ContextVar[str] = ContextVar("comptoir_locale", default=DEFAULT_LOCALE)


def normalise_locale(value: str | None) -> str | None:
    """Map ``zh``, ``zh-CN``, ``zh_Hans_CN``, ``fr-FR``, ``en-GB``… to a supported locale, or None."""
    if not value:
        return None
    tag = value.strip().replace("-", "_")
    lowered = tag.lower()
    if lowered.startswith("zh"):
        # Traditional-script requests still get simplified Chinese: it is the only Chinese we ship.
        return "zh_Hans"
    for supported in ("fr", "en"):
        if lowered == supported or lowered.startswith(supported + "_"):
            return supported
    return None


def negotiate(*, query: str | None, cookie: str | None, accept_language: str | None, default: str) -> str:
    """The locale for a request, in order of precedence: query, cookie, Accept-Language, default."""
    for candidate in (query, cookie):
        found = normalise_locale(candidate)
        if found:
            return found
    if accept_language:
        weighted: list[tuple[float, int, str]] = []
        for index, part in enumerate(accept_language.split(",")):
            lang, _, params = part.strip().partition(";")
            quality = 1.0
            if params.strip().startswith("q="):
                try:
                    quality = float(params.strip()[2:])
                except ValueError:
                    quality = 0.0
            found = normalise_locale(lang)
            if found and quality > 0:
                weighted.append((-quality, index, found))
        if weighted:
            return sorted(weighted)[0][2]
    return normalise_locale(default) or DEFAULT_LOCALE


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalog for ``locale`` (English is the source language)."""
    po_path = _LOCALE_DIR / locale / "LC_MESSAGES" / "comptoir.po"
    if not po_path.exists():
        return NullTranslations()
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def gettext(message: str) -> str:
    """``message`` in the current request's language."""
    return translations(current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale.get()).ngettext(singular, plural, n)


def babel_locale(locale: str | None = None) -> Locale:
    return Locale.parse(locale or current_locale.get())


def format_money(minor: int, currency: str, locale: str | None = None) -> str:
    """Format an integer amount of minor units for a reader (``¥128.00``, ``128,00 €``)."""
    from comptoir.kernel.money import Money

    amount: Decimal = Money(minor, currency).to_decimal()
    return format_currency(amount, currency, locale=babel_locale(locale))


def format_instant(instant: datetime, *, tz: tzinfo | str | None = None, locale: str | None = None) -> str:
    """A UTC instant shown in a reader's time zone and words."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return format_datetime(instant, format="medium", tzinfo=zone, locale=babel_locale(locale))
