"""The network in people's words, in the reader's language: hub kinds, modes, weekdays, countries, zones,
durations, clearance and last-mile sentences, legs.

Country names come from Babel's CLDR territory names; zone names from ``pycountry``'s ISO 3166-2
subdivisions and their translations (the iso-codes project), so neither is typed by hand here.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from comptoir.kernel import i18n
from comptoir.logistics.domain import Clearance, HubKind, LastMileZone, Leg, Mode, Network

SUPERSEDED_SUBDIVISIONS = {
    # ISO 3166-2:CN used the GB/T 2260 numbers until 2017, and many Chinese systems still do.
    "CN-11": "CN-BJ", "CN-12": "CN-TJ", "CN-13": "CN-HE", "CN-14": "CN-SX", "CN-15": "CN-NM", "CN-21": "CN-LN",
    "CN-22": "CN-JL", "CN-23": "CN-HL", "CN-31": "CN-SH", "CN-32": "CN-JS", "CN-33": "CN-ZJ", "CN-34": "CN-AH",
    "CN-35": "CN-FJ", "CN-36": "CN-JX", "CN-37": "CN-SD", "CN-41": "CN-HA", "CN-42": "CN-HB", "CN-43": "CN-HN",
    "CN-44": "CN-GD", "CN-45": "CN-GX", "CN-46": "CN-HI", "CN-50": "CN-CQ", "CN-51": "CN-SC", "CN-52": "CN-GZ",
    "CN-53": "CN-YN", "CN-54": "CN-XZ", "CN-61": "CN-SN", "CN-62": "CN-GS", "CN-63": "CN-QH", "CN-64": "CN-NX",
    "CN-65": "CN-XJ",
    # Paris was the department FR-75 until ISO 3166-2:FR gave it FR-75C in 2019.
    "FR-75": "FR-75C",
}  # fmt: skip
"""Codes a network file may still use for a subdivision, and the current ISO 3166-2 code for it."""

_ISO_CODES_LANGUAGE = {"zh_Hans": "zh_CN", "fr": "fr"}


def kind_name(kind: HubKind) -> str:
    _ = i18n.gettext
    return {
        HubKind.GATEWAY: _("gateway"),
        HubKind.SORT_CENTRE: _("sort centre"),
        HubKind.BONDED_WAREHOUSE: _("bonded warehouse"),
        HubKind.RAIL_TERMINAL: _("rail terminal"),
        HubKind.DELIVERY_STATION: _("delivery station"),
    }[kind]


def mode_name(mode: Mode | str) -> str:
    _ = i18n.gettext
    return {Mode.AIR: _("air"), Mode.RAIL: _("rail"), Mode.ROAD: _("road"), Mode.SEA: _("sea")}[Mode(mode)]


def weekday_name(index: int) -> str:
    """The short weekday name (Monday is 0) in the reader's language: "Mon", "lun.", "周一"."""
    return str(i18n.babel_locale().days["format"]["abbreviated"][index])


def country_name(code: str) -> str:
    """The country's name in the reader's language (CLDR), or the code when CLDR does not know it."""
    return str(i18n.babel_locale().territories.get(code, code))


@cache
def _iso_3166_2(language: str) -> stdlib_gettext.NullTranslations:
    import pycountry

    try:
        return stdlib_gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return stdlib_gettext.NullTranslations()


def zone_name(code: str, locale: str | None = None) -> str | None:
    """The name of last-mile zone ``code`` if it is an ISO 3166-2 subdivision ("北京市", "Paris"), else None."""
    import pycountry

    subdivision = pycountry.subdivisions.get(code=SUPERSEDED_SUBDIVISIONS.get(code, code))  # type: ignore[no-untyped-call]
    if subdivision is None:
        return None
    language = _ISO_CODES_LANGUAGE.get(locale or i18n.current_locale.get())
    name = str(subdivision.name)
    return _iso_3166_2(language).gettext(name) if language else name


def zone_label(code: str) -> str:
    """ "CN-11 · 北京市", or the bare code when it names no subdivision."""
    name = zone_name(code)
    return f"{code} · {name}" if name else code


def duration_text(minutes: int) -> str:
    """ "13 h 00", "45 min", "16 d 0 h" in the reader's language."""
    _ = i18n.gettext
    hours, rest = divmod(minutes, 60)
    if hours >= 48:
        days, hours = divmod(hours, 24)
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": rest}
    return _("%(minutes)d min") % {"minutes": rest}


def clearance_text(entry: Clearance) -> str:
    """ "12 h 00 for 95 % of parcels, 4 h 00 for half of them"."""
    return i18n.gettext("%(p95)s for 95 %% of parcels, %(p50)s for half of them") % {
        "p95": duration_text(entry.minutes_p95),
        "p50": duration_text(entry.minutes_p50),
    }


def last_mile_text(zone: LastMileZone) -> str:
    """ "at the station by 14:00: delivered the next day"."""
    cutoff = zone.cutoff_local.strftime("%H:%M")
    if zone.days == 0:
        when = i18n.gettext("delivered the same day")
    elif zone.days == 1:
        when = i18n.gettext("delivered the next day")
    else:
        when = i18n.ngettext("delivered %(num)d day later", "delivered %(num)d days later", zone.days) % {
            "num": zone.days
        }
    return i18n.gettext("at the station by %(cutoff)s: %(when)s") % {"cutoff": cutoff, "when": when}


def local_moment(moment: datetime, tz: str) -> str:
    """ "Thu 3 Dec 23:30" / "jeu. 3 déc. 23:30" / "12月3日 周四 23:30": a moment in a hub's local time."""
    locale = i18n.babel_locale()
    pattern = "M月d日 EEE HH:mm" if locale.language == "zh" else "EEE d MMM HH:mm"
    return str(format_datetime(moment, pattern, tzinfo=ZoneInfo(tz), locale=locale))


def hub_name(network: Network, code: str) -> str:
    hub = network.hub(code)
    return hub.name if hub is not None else code


def leg_text(network: Network, leg: Leg) -> str:
    """ "Hangzhou Xiaoshan → Liège eHub, Thu 3 Dec 23:30" (departure in the origin's local time)."""
    origin = network.hub(leg.origin)
    departs = local_moment(leg.departs_at, origin.tz if origin is not None else "UTC")
    return f"{hub_name(network, leg.origin)} → {hub_name(network, leg.destination)}, {departs}"
