"""Shipments: a parcel booked onto the network's capacity, its plan, disruptions and how promises are kept.

A **shipment** is one parcel (its UPU S10 id, or an internal ``prc_`` id) of a seller's order, with a
weight in grams, the hub it is ready at and when, and the buyer's delivery zone. Its **plan** is the
route the promise engine chose (the legs, each one connection), the planned milestones, and the promised
delivery. **Booking** consumes the parcel's weight on every connection of the plan; a connection whose
capacity is used up is closed to the parcel, which goes on the next feasible path, and its promise says
why it is later than the first one found (``first flight full``).

A **disruption** cancels or delays one connection; every shipment planned on it is re-planned from where
it would board that connection, and re-promised (:class:`ShipmentRepromised`).

The **SLA monitor** sorts every promise into on track, at risk (re-planned later than first promised,
or planned to be delivered after the promise) and broken (delivered after the promise, or not delivered
when the promise has passed), per lane.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from comptoir.kernel.events import event
from comptoir.logistics.domain.network import Leg
from comptoir.logistics.domain.promise import Milestone

MAX_PARCEL_G = 70_000
"""The heaviest parcel an express network accepts (70 kg); heavier goods travel as freight, not parcels."""

S10_SERVICE = "EB"
"""The S10 service indicator of e-commerce parcels given when the caller names none."""


class ShipmentStatus(StrEnum):
    PLANNED = "planned"  # booked on every connection of its plan
    UNPLANNED = "unplanned"  # no network, or no path with room: waiting for a plan
    DELIVERED = "delivered"


class DisruptionKind(StrEnum):
    CANCELLED = "cancelled"
    DELAYED = "delayed"


class PromiseHealth(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BROKEN = "broken"


def weight_problem(grams: object) -> str | None:
    """Why ``grams`` is not a parcel's weight (a whole number of grams, 1 to :data:`MAX_PARCEL_G`); None if it is."""
    if isinstance(grams, bool) or not isinstance(grams, int):
        return "the weight is a whole number of grams"
    if grams <= 0:
        return f"a parcel weighs more than 0 g, not {grams} g"
    if grams > MAX_PARCEL_G:
        return f"a parcel weighs at most {MAX_PARCEL_G} g, not {grams} g"
    return None


def fits(*, booked_g: int, grams: int, capacity_g: int | None) -> bool:
    """Whether ``grams`` more fit on a connection with ``booked_g`` of ``capacity_g`` (None: unlimited).

    The storage applies the same rule in one conditional UPDATE; this is its statement for tests and pages.
    """
    return capacity_g is None or booked_g + grams <= capacity_g


def capacity_grams(capacity_kg: int | None) -> int | None:
    return None if capacity_kg is None else capacity_kg * 1000


def mask_name(name: str) -> str:
    """A person's name as a waybill shows it to everyone but customs: its first character, then ``**``."""
    cleaned = name.strip()
    return f"{cleaned[:1]}**" if cleaned else "**"


def full_reason(first_plan: tuple[Leg, ...], full: set[str]) -> str | None:
    """Why a parcel is not on its first plan, when connections of it were full; None when none was."""
    hit = [leg.connection for leg in first_plan if leg.connection in full]
    if not hit:
        return None
    if first_plan and first_plan[0].connection == hit[0]:
        return f"first flight full ({hit[0]})"
    return f"connection {hit[0]} full"


def disruption_reason(kind: DisruptionKind, connection_id: str, delay_minutes: int) -> str:
    if kind is DisruptionKind.CANCELLED:
        return f"connection {connection_id} cancelled"
    return f"connection {connection_id} delayed {delay_minutes} min"


@dataclass(frozen=True, slots=True)
class Waybill:
    """The carrier's record of a parcel, the third document customs matches with the order and the payment.

    ``consignee`` is masked (customs matches ``consignee_key``, the buyer's keyed person hash, never a name).
    """

    parcel_id: str
    shipper: str
    consignee: str
    consignee_key: str | None
    weight_g: int
    contents: str
    order_reference: str


@dataclass(frozen=True, slots=True)
class Shipment:
    """A parcel with its plan; ``promised_by`` is the end of the promised local day (UTC), None while unplanned.

    ``first_promised_by`` is the first promise ever made for it: a re-planned parcel keeps it, so the SLA
    monitor sees promises that slipped. ``promise_reason`` says why the promise is not the first one found.
    """

    id: str
    parcel_id: str
    operator_org_id: str | None
    seller_org_id: str
    order_reference: str
    origin: str
    zone: str
    regime: str | None
    weight_g: int
    ready_at: datetime
    status: ShipmentStatus
    station: str | None
    gateway: str | None
    promised_date: date | None
    promised_by: datetime | None
    first_promised_date: date | None
    first_promised_by: datetime | None
    promise_reason: str | None
    replans: int
    legs: tuple[Leg, ...]
    milestones: tuple[Milestone, ...]
    waybill: Waybill
    created_at: datetime
    delivered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Disruption:
    connection_id: str
    kind: DisruptionKind
    delay_minutes: int
    reason: str
    declared_at: datetime
    declared_by: str | None


@dataclass(frozen=True, slots=True)
class DisruptionOutcome:
    """What a disruption did: the shipments re-planned, how many got a later promise, how many lost their plan."""

    disruption: Disruption
    replanned: int
    later: int
    unplanned: int


@dataclass(frozen=True, slots=True)
class LaneHealth:
    """The SLA monitor's count of promises on one lane (origin hub to delivery station)."""

    origin: str
    station: str | None
    on_track: int
    at_risk: int
    broken: int

    @property
    def total(self) -> int:
        return self.on_track + self.at_risk + self.broken


def promise_health(
    *,
    now: datetime,
    promised_by: datetime | None,
    first_promised_by: datetime | None,
    planned_delivery: datetime | None,
    delivered_at: datetime | None,
) -> PromiseHealth:
    """How a shipment's promise stands at ``now``.

    Broken: delivered after the promise, or not delivered and the promise has passed. At risk: re-planned
    to a later promise than the first, planned to arrive after its promise, or with no plan at all.
    """
    if promised_by is None:
        return PromiseHealth.AT_RISK
    if delivered_at is not None:
        return PromiseHealth.BROKEN if delivered_at > promised_by else PromiseHealth.ON_TRACK
    if now > promised_by:
        return PromiseHealth.BROKEN
    if first_promised_by is not None and promised_by > first_promised_by:
        return PromiseHealth.AT_RISK
    if planned_delivery is not None and planned_delivery > promised_by:
        return PromiseHealth.AT_RISK
    return PromiseHealth.ON_TRACK


@event("logistics.ShipmentBooked", version=1, leaves_system=True)
@dataclass(frozen=True, slots=True)
class ShipmentBooked:
    """A parcel was booked (kept for the control tower and outside consumers)."""

    shipment_id: str
    parcel_id: str
    order_reference: str
    seller_org_id: str
    status: str
    promised_by: datetime | None
    reason: str | None


@event("logistics.ShipmentRepromised", version=1)
@dataclass(frozen=True, slots=True)
class ShipmentRepromised:
    """A shipment's promise changed after a disruption; ``promised_date`` is the station's local date
    (ISO), ``promised_by`` its last second (UTC); both None when no path is left."""

    shipment_id: str
    order_reference: str
    seller_org_id: str
    parcel_id: str
    promised_by: datetime | None
    promised_date: str | None
    reason: str


@event("logistics.ConnectionDisrupted", version=1, leaves_system=True)
@dataclass(frozen=True, slots=True)
class ConnectionDisrupted:
    """The logistics operator cancelled or delayed a connection (``kind``), re-planning ``replanned`` shipments."""

    connection_id: str
    kind: str
    delay_minutes: int
    reason: str
    replanned: int
