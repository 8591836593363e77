"""The control tower and a parcel's progress in the reader's words (en, fr, zh-Hans).

:func:`promise_change_text` is public (``comptoir.logistics``): the buyer's tracking page, which orders
serves, writes why a promise moved with it.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from comptoir.kernel import i18n
from comptoir.logistics.domain import MilestoneKind
from comptoir.logistics.domain.control_tower import ChangeKind, PromiseChange
from comptoir.logistics.domain.shipments import PromiseHealth, ShipmentStatus
from comptoir.logistics.pages.network_words import duration_text


def milestone_names() -> dict[str, str]:
    _ = i18n.gettext
    return {
        MilestoneKind.DEPARTED.value: _("Departed"),
        MilestoneKind.ARRIVED.value: _("Arrived, changes vehicle"),
        MilestoneKind.ARRIVED_AT_GATEWAY.value: _("Arrived at the gateway"),
        MilestoneKind.CLEARED.value: _("Cleared by customs"),
        MilestoneKind.AT_DELIVERY_STATION.value: _("At the delivery station"),
        MilestoneKind.OUT_FOR_DELIVERY.value: _("Out for delivery"),
        MilestoneKind.DELIVERED_BY.value: _("Delivered by"),
    }


def milestone_name(kind: MilestoneKind | str) -> str:
    """A planned milestone's name ("Cleared by customs", "清关完成"...)."""
    return milestone_names().get(MilestoneKind(kind).value, str(kind))


def status_names() -> dict[str, str]:
    _ = i18n.gettext
    return {
        ShipmentStatus.PLANNED.value: _("Planned"),
        ShipmentStatus.UNPLANNED.value: _("Waiting for a plan"),
        ShipmentStatus.DELIVERED.value: _("Delivered"),
    }


def tracking_status_names() -> dict[str, str]:
    """A tracking status as carriers report it (docs/tracking.md), in the reader's words."""
    _ = i18n.gettext
    return {
        "pending": _("Announced"),
        "in_transit": _("In transit"),
        "on_hold": _("Held"),
        "delivery_delayed": _("Delayed"),
        "out_for_delivery": _("Out for delivery"),
        "delivery_failed": _("Delivery attempt failed"),
        "ready_for_pickup": _("Ready for pickup"),
        "return_to_sender": _("Returned to sender"),
        "delivered": _("Delivered"),
        "cancelled": _("Cancelled"),
    }


def health_names() -> dict[str, str]:
    _ = i18n.gettext
    return {
        PromiseHealth.ON_TRACK.value: _("On track"),
        PromiseHealth.AT_RISK.value: _("At risk"),
        PromiseHealth.BROKEN.value: _("Broken"),
    }


def day_text(day: date | None) -> str:
    if day is None:
        return ""
    return str(format_date(day, "medium", locale=i18n.babel_locale()))


def number(value: int) -> str:
    return str(format_decimal(value, locale=i18n.babel_locale()))


def percent(value: float | None) -> str:
    return "" if value is None else str(format_percent(value, "#,##0.#%", locale=i18n.babel_locale()))


def connection_text(connection_id: str) -> str:
    """``HGH-LGG@2026-12-03`` as "HGH-LGG, 3 Dec 2026" (the date in the reader's words); other ids as given."""
    service, _, rest = connection_id.partition("@")
    try:
        day = date.fromisoformat(rest[:10])
    except ValueError:
        return connection_id
    return f"{service}, {day_text(day)}{rest[10:]}"


def promise_change_text(change: PromiseChange | None) -> str:
    """Why a parcel's promised date moved, for its buyer, in plain words ("" when it did not)."""
    if change is None:
        return ""
    _ = i18n.gettext
    where = connection_text(change.connection_id or "")
    if change.kind is ChangeKind.CANCELLED:
        return _("The departure %(connection)s was cancelled: your parcel takes the next one.") % {"connection": where}
    if change.kind is ChangeKind.DELAYED:
        return _("The departure %(connection)s is delayed by %(duration)s.") % {
            "connection": where,
            "duration": duration_text(change.delay_minutes),
        }
    if change.kind is ChangeKind.FULL:
        return _("The departure %(connection)s was full: your parcel takes the next one.") % {"connection": where}
    return _("Your parcel's route has changed.")


def operator_reason_text(change: PromiseChange | None, reason: str | None) -> str:
    """The same change for the operator: short, with the connection as the network names it."""
    _ = i18n.gettext
    if change is None:
        return _("No plan yet") if reason is None else reason
    connection = change.connection_id or ""
    if change.kind is ChangeKind.CANCELLED:
        return _("%(connection)s cancelled") % {"connection": connection}
    if change.kind is ChangeKind.DELAYED:
        return _("%(connection)s delayed %(duration)s") % {
            "connection": connection,
            "duration": duration_text(change.delay_minutes),
        }
    if change.kind is ChangeKind.FULL:
        return _("%(connection)s full") % {"connection": connection}
    return reason or ""
