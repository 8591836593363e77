"""What the control tower and the buyer's tracking page show, as plain values (pure: no storage, no words).

The control tower is the logistics operator's view of its shipments: how many are in each status, the share
of promises kept per lane and ISO week, the parcels planned through each hub per day, the load of each
connection, the parcels whose promise is at risk (with why), and the disruptions declared.

A buyer's :class:`ParcelProgress` is one parcel's plan against what has happened: each planned milestone,
whether it is reached, the promise and whether it still holds. Why a promise moved is a
:class:`PromiseChange`, so each page writes it in its reader's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from comptoir.logistics.domain.promise import MilestoneKind
from comptoir.logistics.domain.shipments import Disruption, PromiseHealth, ShipmentStatus
from comptoir.logistics.domain.tracking import TrackingEvent, TrackingStatus


@dataclass(frozen=True, slots=True)
class KeptRate:
    """Promises of one lane due in one ISO week (``2026-W49``, by the promised local date): kept and broken.

    A promise still open (not delivered, not yet passed) counts in neither.
    """

    origin: str
    station: str | None
    week: str
    kept: int
    broken: int

    @property
    def rate(self) -> float | None:
        decided = self.kept + self.broken
        return None if decided == 0 else self.kept / decided


@dataclass(frozen=True, slots=True)
class HubDay:
    """Parcels planned to leave and to reach ``hub`` on ``day`` (the hub's local date)."""

    hub: str
    day: date
    departing: int
    arriving: int

    @property
    def total(self) -> int:
        return self.departing + self.arriving


@dataclass(frozen=True, slots=True)
class ConnectionLoad:
    """Kilograms booked on one connection against its capacity (None: unlimited)."""

    connection_id: str
    departs_at: datetime
    booked_g: int
    capacity_g: int | None
    parcels: int

    @property
    def factor(self) -> float | None:
        if not self.capacity_g:
            return None
        return self.booked_g / self.capacity_g


@dataclass(frozen=True, slots=True)
class ParcelAtRisk:
    shipment_id: str
    parcel_id: str
    origin: str
    station: str | None
    health: PromiseHealth
    promised_date: date | None
    first_promised_date: date | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class ControlTower:
    at: datetime
    statuses: tuple[tuple[ShipmentStatus, int], ...]
    kept: tuple[KeptRate, ...]
    throughput: tuple[HubDay, ...]
    loads: tuple[ConnectionLoad, ...]
    at_risk: tuple[ParcelAtRisk, ...]
    at_risk_total: int
    disruptions: tuple[Disruption, ...]


class ChangeKind(StrEnum):
    CANCELLED = "cancelled"
    DELAYED = "delayed"
    FULL = "full"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class PromiseChange:
    """Why the promise is no longer the first one: a connection cancelled, delayed, full, or another reason."""

    kind: ChangeKind
    connection_id: str | None = None
    delay_minutes: int = 0
    departs_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ProgressStep:
    """A planned milestone and, once it happened, when (``reached_at``); ``tz`` is the hub's time zone."""

    kind: MilestoneKind
    hub: str
    planned_at: datetime
    reached_at: datetime | None
    tz: str = "UTC"


@dataclass(frozen=True, slots=True)
class ParcelProgress:
    """One parcel as its buyer follows it."""

    parcel_id: str
    status: ShipmentStatus
    health: PromiseHealth
    promised_date: date | None
    first_promised_date: date | None
    station_tz: str
    steps: tuple[ProgressStep, ...]
    change: PromiseChange | None
    delivered_at: datetime | None
    seen: tuple[TrackingEvent, ...] = ()
    """The tracking events applied to the parcel (carriers' reports), oldest first."""
    tracking_status: TrackingStatus | None = None

    @property
    def repromised(self) -> bool:
        return self.change is not None and self.promised_date != self.first_promised_date

    @property
    def holds(self) -> bool:
        """The promised date shown to the buyer is still expected to be met."""
        return self.health is PromiseHealth.ON_TRACK and not self.repromised


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
