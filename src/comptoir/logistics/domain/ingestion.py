"""What becomes of a tracking event received from a carrier, and the stored state of a parcel (pure).

The rules are those of :mod:`.tracking`, applied to what the database holds: a parcel's state is the fold
of the *set* of its stored events (:func:`~.tracking.track_parcel`), so it is the same whatever order and
however many times they arrived. Each event received is kept with its :class:`EventOutcome`:

- ``duplicate``: it says exactly what a stored event of the parcel says (the same carrier id and content,
  or the same content without an id); it changes nothing;
- ``rejected`` on receipt (:class:`EventRejection` ``unknown_parcel``, ``unknown_hub``, ``in_the_future``): it
  is kept but is not one of the parcel's events, and a later copy is judged again;
- otherwise it joins the parcel's set, and the fold says whether it ``applied`` or is ``rejected``
  (``state_machine``, ``code_mismatch``, ``id_conflict``). That verdict may change when an earlier event
  arrives later (a scan at the origin stored before the delivery it followed is rejected once the delivery
  is stored), which is what makes the state independent of the arrival order.

A carrier's event id names one event of one parcel: the same id on two parcels is two events (the file
replay of ``comptoir logistics track`` reads ids across the whole file).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from comptoir.logistics.domain.tracking import TrackingEvent, TrackingStatus, emsevt_codes


class EventSource(StrEnum):
    """How an event reached Comptoir."""

    API = "api"  # POST /api/v1/logistics/tracking/events
    BATCH = "batch"  # a JSONL file: the upload endpoint or `comptoir logistics ingest`
    CARRIER_PULL = "carrier-pull"  # the worker's chore asking the carrier port


class EventOutcome(StrEnum):
    APPLIED = "applied"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"


class EventRejection(StrEnum):
    """Why an event is rejected; the first three are decided on receipt, the others by the fold."""

    UNKNOWN_PARCEL = "unknown_parcel"  # no shipment of that parcel id (for this carrier)
    UNKNOWN_HUB = "unknown_hub"  # a network is stored and has no hub of that code
    IN_THE_FUTURE = "in_the_future"  # later than the clock plus the tolerance
    STATE_MACHINE = "state_machine"  # forbidden from the state reached by the events before it
    CODE_MISMATCH = "code_mismatch"  # its EMSEVT code means another status
    ID_CONFLICT = "id_conflict"  # another event of the parcel has its carrier id and says otherwise


ON_RECEIPT = frozenset({EventRejection.UNKNOWN_PARCEL, EventRejection.UNKNOWN_HUB, EventRejection.IN_THE_FUTURE})


def fold_rejection(event: TrackingEvent, reason: str) -> EventRejection:
    """Which of the fold's rules refused ``event`` with ``reason`` (see :func:`~.tracking.track_parcel`)."""
    if reason.startswith("event id "):
        return EventRejection.ID_CONFLICT
    known = emsevt_codes().get(event.code) if event.code is not None else None
    if known is not None and event.status not in known.statuses:
        return EventRejection.CODE_MISMATCH
    return EventRejection.STATE_MACHINE


def fingerprint(event: TrackingEvent) -> str:
    """A digest of all the event says, its carrier id included: two events are one when theirs are equal.

    It is :class:`~.tracking.TrackingEvent` equality written down (the instant and the offset, so
    ``10:00+08:00`` and ``02:00Z`` differ), and the unique key that makes two deliveries of one event at
    once store one.
    """
    parts = (
        event.parcel,
        event.instant.isoformat(),
        str(event.offset_seconds),
        event.hub,
        event.status.value,
        event.code or "",
        event.step or "",
        "" if event.id is None else f"id:{event.id}",
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class IngestedEvent:
    """What became of the event at ``index`` in what was sent, as ingestion decided it.

    ``event_id`` is the stored row's id (``tev_…``); for a duplicate, ``duplicate_of`` is the stored
    event it repeats. ``outcome`` is the verdict when it was received: the fold may later reject an event
    that applied then (read the parcel's events for the verdict of now).
    """

    index: int
    parcel: str
    outcome: EventOutcome
    event_id: str
    rejection: EventRejection | None = None
    reason: str | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A received event as stored, with its outcome of now."""

    id: str
    event: TrackingEvent
    carrier_org_id: str | None
    source: EventSource
    received_at: datetime
    outcome: EventOutcome
    rejection: EventRejection | None
    reason: str | None
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class ParcelState:
    """A parcel's stored state: the fold of its set of events (``pending`` and no last event before any)."""

    parcel: str
    carrier_org_id: str | None
    status: TrackingStatus
    last_event: TrackingEvent | None
    last_event_id: str | None
    events_applied: int
    events_rejected: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class HubDay:
    """How many applied events a hub saw on one UTC day, and of how many parcels."""

    hub: str
    day: str
    events: int
    parcels: int


@dataclass(frozen=True, slots=True)
class ParcelTrackingPage:
    """One page of parcels (by parcel id); ``next_cursor`` None on the last page."""

    parcels: tuple[ParcelState, ...]
    next_cursor: str | None
