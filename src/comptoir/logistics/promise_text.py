"""The promise in a buyer's words and time zone: zh-Hans, fr or en.

"预计 12月3日 前送达", "Livraison prévue avant le jeudi 3 décembre", and "order within 2 h 14 min to
receive it by Thursday" (the deadline from the latest-departure scan). The API's answers and the pages
both write a promise this way, so it sits beside them rather than inside either.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton

from comptoir.kernel.i18n import normalise_locale
from comptoir.logistics.domain import OrderWithin, Promise


def buyer_locale(locale: str | None) -> str:
    """One of zh_Hans, fr, en for any tag a buyer sends (``zh-CN``, ``fr-FR``...); English otherwise."""
    return normalise_locale(locale) or "en"


def delivery_date_for(promise: Promise, tz: str | None) -> date:
    """The promised date as the buyer reads it: ``delivered_by`` in the buyer's zone (the station's by default)."""
    return promise.delivered_by.astimezone(ZoneInfo(tz or promise.station_tz)).date()


def _long_date(day: date, locale: str) -> str:
    if locale == "zh_Hans":
        return str(format_skeleton("MMMd", day, locale="zh_Hans"))
    return str(format_date(day, "EEEE d MMMM", locale=locale))


def promise_text(promise: Promise, *, locale: str | None, tz: str | None = None) -> str:
    """The promise for a buyer: "预计 12月3日 前送达" / "Livraison prévue avant le jeudi 3 décembre"."""
    lang = buyer_locale(locale)
    day = _long_date(delivery_date_for(promise, tz), lang)
    if lang == "zh_Hans":
        return f"预计 {day} 前送达"
    if lang == "fr":
        return f"Livraison prévue avant le {day}"
    return f"Delivery expected by {day}"


def duration_text(remaining: timedelta, locale: str) -> str:
    """Days, hours and minutes, rounded down to the minute: "2 h 14 min", "1 j 3 h 0 min", "2小时14分钟"."""
    minutes = max(0, int(remaining.total_seconds()) // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if locale == "zh_Hans":
        return (f"{days}天" if days else "") + (f"{hours}小时" if days or hours else "") + f"{minutes}分钟"
    day_unit = "j" if locale == "fr" else "d"
    return (f"{days} {day_unit} " if days else "") + (f"{hours} h " if days or hours else "") + f"{minutes} min"


def _day_words(day: date, now_day: date, locale: str) -> str:
    """The weekday alone within the coming week ("Thursday", "jeudi", "周四"), else the date."""
    if (day - now_day).days < 7:
        if locale == "zh_Hans":
            return str(format_date(day, "EEE", locale="zh_Hans"))
        return str(format_date(day, "EEEE", locale=locale))
    return ("le " if locale == "fr" else "") + _long_date(day, locale)


def order_within_text(offer: OrderWithin, *, locale: str | None, tz: str | None = None) -> str:
    """ "Order within 2 h 14 min to receive it by Thursday" in zh-Hans, fr or en, in the buyer's zone."""
    lang = buyer_locale(locale)
    zone = ZoneInfo(tz or offer.promise.station_tz)
    wait = duration_text(offer.remaining, lang)
    day = _day_words(delivery_date_for(offer.promise, tz), offer.now.astimezone(zone).date(), lang)
    if lang == "zh_Hans":
        return f"{wait}内下单，预计{day}前送达"
    if lang == "fr":
        return f"Commandez dans les {wait} pour être livré {day}"
    return f"Order within {wait} to receive it by {day}"
