"""Tracking events and the state of a parcel, folded from the set of its events whatever their order.

An event says that a parcel was seen at a hub at a time, in a normalised status (:class:`TrackingStatus`),
with the UPU EMSEVT event code where one exists (``EMI``: final delivery; the table is
``logistics/data/emsevt.csv``) and the GS1 EPCIS business step (``shipping``, ``arriving``...; written
short, as a CBV URN ``urn:epcglobal:cbv:bizstep:shipping`` or as its web URI, and kept short). Its time
is an aware datetime that keeps the local offset it was given with; it is compared as a UTC instant.

Carriers send events late, out of order and twice. The state of a parcel is therefore a fold over the
*set* of its events, never over their arrival:

1. duplicates are dropped: events with the same ``id`` are one event, and so are events without an id
   whose content is the same (parcel, instant and offset, hub, status, code, step); an event with an id
   is never the duplicate of one without. Among events sharing an id, the first in the order of step 3
   is the event; the others, when their content differs, are rejected as conflicting with it;
2. an event is rejected on its own when it lies more than ``future_tolerance`` after ``now`` (only when
   ``now`` is given), or when its EMSEVT code means another status than the one it states;
3. the remaining events are sorted by their instant, then by a key made of their whole content (the
   status in the order of :class:`TrackingStatus`, hub, code, step, offset, id): two events at the same
   instant are always taken in the same order;
4. they are applied in that order through the state machine below, starting from no event; an event the
   machine forbids from the state reached so far is rejected with the reason and changes nothing.

Whether an event is rejected depends only on the sorted set, never on the order events arrived in, so
the state, the number of events applied and the rejections are the same for any permutation and any
duplication of the same events. A parcel with no applied event is ``pending``.

The state machine (``TRANSITIONS``; row: the state reached, column: the status of the next event;
``-`` is no event yet; ``x`` the event applies, ``.`` it is rejected)::

                      pend trans  hold delay   out  fail  pick   rts  dlvd  canc
    -                    x     x     x     x     x     x     x     x     x     x
    pending              x     x     x     x     x     x     x     x     x     x
    in_transit           .     x     x     x     x     x     x     x     x     x
    on_hold              .     x     x     x     x     x     x     x     x     x
    delivery_delayed     .     x     x     x     x     x     x     x     x     x
    out_for_delivery     .     x     x     x     x     x     x     x     x     .
    delivery_failed      .     x     x     x     x     x     x     x     x     .
    ready_for_pickup     .     x     x     x     x     x     x     x     x     .
    return_to_sender     .     .     .     .     .     .     .     x     .     .
    delivered            .     .     .     .     .     .     .     .     x     .
    cancelled            .     .     .     .     .     .     .     .     .     x

    (pend pending, trans in_transit, hold on_hold, delay delivery_delayed, out out_for_delivery,
    fail delivery_failed, pick ready_for_pickup, rts return_to_sender, dlvd delivered, canc cancelled)

In words: any status may come first (earlier scans can be missing); a parcel on its way never goes back
to ``pending``; once at its delivery stage (out for delivery, ready for pick-up, a failed attempt) it can
no longer be cancelled; ``delivered``, ``return_to_sender`` and ``cancelled`` are final, and only a
repeat of the same status follows them (a parcel's way back to its sender is not its delivery: it is
tracked as a return, not as more events of this parcel).

Unknown parcels are not a concept here: without a database every parcel id named by an event is tracked.
The ingestion that stores events will reject the events of parcels it has no shipment for.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path


class TrackingStatus(StrEnum):
    """The normalised status of a parcel, in the order of a journey (the tie-break of equal instants)."""

    PENDING = "pending"
    IN_TRANSIT = "in_transit"
    ON_HOLD = "on_hold"
    DELIVERY_DELAYED = "delivery_delayed"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERY_FAILED = "delivery_failed"
    READY_FOR_PICKUP = "ready_for_pickup"
    RETURN_TO_SENDER = "return_to_sender"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


_S = TrackingStatus
_ANY = frozenset(TrackingStatus)
_ON_ITS_WAY = _ANY - {_S.PENDING}
_AT_DELIVERY = _ON_ITS_WAY - {_S.CANCELLED}

TRANSITIONS: Mapping[TrackingStatus | None, frozenset[TrackingStatus]] = {
    None: _ANY,
    _S.PENDING: _ANY,
    _S.IN_TRANSIT: _ON_ITS_WAY,
    _S.ON_HOLD: _ON_ITS_WAY,
    _S.DELIVERY_DELAYED: _ON_ITS_WAY,
    _S.OUT_FOR_DELIVERY: _AT_DELIVERY,
    _S.DELIVERY_FAILED: _AT_DELIVERY,
    _S.READY_FOR_PICKUP: _AT_DELIVERY,
    _S.RETURN_TO_SENDER: frozenset({_S.RETURN_TO_SENDER}),
    _S.DELIVERED: frozenset({_S.DELIVERED}),
    _S.CANCELLED: frozenset({_S.CANCELLED}),
}
"""The state machine: from the state reached (None: no event yet), the statuses an event may bring."""

FINAL = frozenset({_S.DELIVERED, _S.RETURN_TO_SENDER, _S.CANCELLED})
"""The states only a repeat of themselves may follow."""

DEFAULT_FUTURE_TOLERANCE = timedelta(hours=24)
"""How far after ``now`` an event may lie before it is rejected (clocks and offsets carriers get wrong)."""

_RANK = {status: rank for rank, status in enumerate(TrackingStatus)}


COLUMN_HEADS = {
    _S.PENDING: "pend",
    _S.IN_TRANSIT: "trans",
    _S.ON_HOLD: "hold",
    _S.DELIVERY_DELAYED: "delay",
    _S.OUT_FOR_DELIVERY: "out",
    _S.DELIVERY_FAILED: "fail",
    _S.READY_FOR_PICKUP: "pick",
    _S.RETURN_TO_SENDER: "rts",
    _S.DELIVERED: "dlvd",
    _S.CANCELLED: "canc",
}


def transitions_table() -> str:
    """:data:`TRANSITIONS` drawn as the matrix of the module's docstring and of docs/tracking.md."""
    width = max(len(s.value) for s in TrackingStatus)
    rows = [" " * width + "".join(f" {head:>5}" for head in COLUMN_HEADS.values())]
    for reached in [None, *TrackingStatus]:
        allowed = TRANSITIONS[reached]
        name = "-" if reached is None else reached.value
        rows.append(f"{name:<{width}}" + "".join(f" {'x' if s in allowed else '.':>5}" for s in COLUMN_HEADS))
    return "\n".join(rows)


# --- EMSEVT codes and EPCIS business steps ---------------------------------------------------------------

EMSEVT_PATH = Path(__file__).resolve().parent.parent / "data" / "emsevt.csv"


@dataclass(frozen=True, slots=True)
class EmsevtCode:
    """A UPU EMSEVT event code, what it means, and the statuses an event with it may state (the first is
    the one it implies: ``EMH``, an unsuccessful delivery, is ``delivery_failed`` or, by the action taken,
    ``return_to_sender`` or ``ready_for_pickup``)."""

    code: str
    statuses: tuple[TrackingStatus, ...]
    meaning: str

    @property
    def status(self) -> TrackingStatus:
        return self.statuses[0]


@cache
def emsevt_codes() -> Mapping[str, EmsevtCode]:
    """The common EMSEVT codes shipped with Comptoir (``logistics/data/emsevt.csv``), by code."""
    with EMSEVT_PATH.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return {
        row["code"]: EmsevtCode(
            code=row["code"],
            statuses=tuple(TrackingStatus(s) for s in row["statuses"].split()),
            meaning=row["meaning"],
        )
        for row in rows
    }


CBV_BIZSTEP_URN = "urn:epcglobal:cbv:bizstep:"
CBV_BIZSTEP_URI = "https://ref.gs1.org/cbv/BizStep-"
BUSINESS_STEPS = frozenset(
    {
        "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning",
        "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
        "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting", "installing",
        "killing", "loading", "other", "packing", "picking", "receiving", "removing", "repackaging", "repairing",
        "replacing", "reserving", "retail_selling", "sampling", "sensor_reporting", "shipping",
        "staging_outbound", "stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking",
        "void_shipping",
    }
)  # fmt: skip
"""The business steps of the GS1 Core Business Vocabulary (CBV 2.0), in their short form."""


def business_step(text: str) -> str:
    """The short form of a CBV business step written short, as a URN or as a web URI; ValueError if unknown."""
    short = text
    for prefix in (CBV_BIZSTEP_URN, CBV_BIZSTEP_URI):
        if text.startswith(prefix):
            short = text[len(prefix) :]
            break
    if short not in BUSINESS_STEPS:
        raise ValueError(f"{text!r} is not a GS1 CBV business step (e.g. shipping or {CBV_BIZSTEP_URN}shipping)")
    return short


# --- events and the fold ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class TrackingEvent:
    """A parcel seen at a hub at a time, in a status. ``at`` keeps the local offset it was given with.

    Two events are equal when all they say is the same, the offset included: ``10:00+08:00`` and
    ``02:00Z`` are the same instant, not the same event.
    """

    parcel: str
    at: datetime
    hub: str
    status: TrackingStatus
    code: str | None = None
    step: str | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        if self.at.utcoffset() is None:
            raise ValueError("a tracking event's time must carry its UTC offset")
        if not isinstance(self.status, TrackingStatus):
            raise ValueError(f"unknown tracking status {self.status!r}")
        if not self.parcel or not self.hub:
            raise ValueError("a tracking event names its parcel and its hub")
        for name in ("code", "step", "id"):
            if getattr(self, name) == "":
                raise ValueError(f"a tracking event's {name} is absent or not empty")

    @property
    def instant(self) -> datetime:
        """The event's time in UTC."""
        return self.at.astimezone(UTC)

    @property
    def offset_seconds(self) -> int:
        offset = self.at.utcoffset()
        return 0 if offset is None else int(offset.total_seconds())

    def sort_key(self) -> tuple[datetime, int, str, str, str, int, str, str]:
        """The order events are applied in: the instant, then the whole content (a total order)."""
        return (
            self.instant,
            _RANK[self.status],
            self.hub,
            self.code or "",
            self.step or "",
            self.offset_seconds,
            self.id or "",
            self.parcel,
        )

    def content(self) -> tuple[str, datetime, int, str, TrackingStatus, str | None, str | None]:
        """What the event says, its id aside: events without an id that say the same are one."""
        return (self.parcel, self.instant, self.offset_seconds, self.hub, self.status, self.code, self.step)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TrackingEvent):
            return NotImplemented
        return self.content() == other.content() and self.id == other.id

    def __hash__(self) -> int:
        return hash((self.content(), self.id))

    def describe(self) -> str:
        """``in_transit at HGH 2026-12-03T23:30:00+08:00``, as rejection reasons name an event."""
        return f"{self.status.value} at {self.hub} {self.at.isoformat()}"


@dataclass(frozen=True, slots=True)
class RejectedEvent:
    """An event that changed nothing: ``index`` is its position in the sequence given (one per copy)."""

    index: int
    event: TrackingEvent
    reason: str


@dataclass(frozen=True, slots=True)
class ParcelTracking:
    """The state of one parcel after all its events: its status, the last event applied (with the positions
    of it and its duplicates in the sequence given), how many distinct events applied, and the rejections
    by position."""

    parcel: str
    status: TrackingStatus
    last_event: TrackingEvent | None
    last_event_indices: tuple[int, ...]
    events_applied: int
    rejected: tuple[RejectedEvent, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Distinct:
    """One event and the positions of every copy of it."""

    event: TrackingEvent
    indices: tuple[int, ...]


def _distinct(events: Sequence[TrackingEvent]) -> tuple[list[_Distinct], list[RejectedEvent]]:
    """Step 1: each event once with the positions of its copies; same-id events that say otherwise, rejected."""
    by_id: dict[str, list[int]] = {}
    by_content: dict[tuple[object, ...], list[int]] = {}
    for index, event in enumerate(events):
        if event.id is not None:
            by_id.setdefault(event.id, []).append(index)
        else:
            by_content.setdefault(event.content(), []).append(index)
    distinct = [_Distinct(events[indices[0]], tuple(indices)) for indices in by_content.values()]
    conflicts: list[RejectedEvent] = []
    for event_id, indices in by_id.items():
        kept = min((events[i] for i in indices), key=TrackingEvent.sort_key)
        distinct.append(_Distinct(kept, tuple(i for i in indices if events[i] == kept)))
        conflicts.extend(
            RejectedEvent(i, events[i], f"event id {event_id!r} is already that of {kept.parcel} {kept.describe()}")
            for i in indices
            if events[i] != kept
        )
    return distinct, conflicts


def _rejected_on_its_own(event: TrackingEvent, now: datetime | None, future_tolerance: timedelta) -> str | None:
    """Step 2: why an event is impossible whatever the other events say, or None."""
    if now is not None and event.instant > now + future_tolerance:
        hours = future_tolerance / timedelta(hours=1)
        return f"{event.at.isoformat()} is more than {hours:g} h after now ({now.isoformat()})"
    if event.code is not None:
        known = emsevt_codes().get(event.code)
        if known is not None and event.status not in known.statuses:
            expected = " or ".join(s.value for s in known.statuses)
            return f"EMSEVT {known.code} ({known.meaning}) is {expected}, not {event.status.value}"
    return None


def _forbidden(status: TrackingStatus, reached: TrackingStatus, last: TrackingEvent) -> str:
    """Why the state machine refuses ``status`` once ``reached`` (by ``last``)."""
    if reached in FINAL:
        why = f"{reached.value} is final"
    elif status is _S.PENDING:
        why = "a parcel on its way does not go back to pending"
    else:
        why = f"a parcel at its delivery stage can no longer be {status.value}"
    return f"{status.value} after {last.describe()}: {why}"


def _fold(parcel: str, events: Iterable[_Distinct], rejected: list[RejectedEvent]) -> ParcelTracking:
    """Steps 3 and 4 for one parcel."""
    reached: TrackingStatus | None = None
    last: _Distinct | None = None
    applied = 0
    for item in sorted(events, key=lambda d: d.event.sort_key()):
        status = item.event.status
        if status in TRANSITIONS[reached]:
            reached, last, applied = status, item, applied + 1
            continue
        assert reached is not None and last is not None  # any status may come first
        reason = _forbidden(status, reached, last.event)
        rejected.extend(RejectedEvent(i, item.event, reason) for i in item.indices)
    return ParcelTracking(
        parcel=parcel,
        status=_S.PENDING if reached is None else reached,
        last_event=None if last is None else last.event,
        last_event_indices=() if last is None else last.indices,
        events_applied=applied,
        rejected=tuple(sorted(rejected, key=lambda r: r.index)),
    )


def replay_tracking(
    events: Sequence[TrackingEvent],
    *,
    now: datetime | None = None,
    future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE,
) -> tuple[ParcelTracking, ...]:
    """The state of every parcel the events name, sorted by parcel id (see the module's docstring).

    ``now`` (aware) turns on the rejection of events more than ``future_tolerance`` after it. Indices in the
    answer are positions in ``events``.
    """
    if now is not None and now.utcoffset() is None:
        raise ValueError("now must carry its UTC offset")
    distinct, conflicts = _distinct(events)
    by_parcel: dict[str, list[_Distinct]] = {event.parcel: [] for event in events}
    rejected: dict[str, list[RejectedEvent]] = {parcel: [] for parcel in by_parcel}
    for conflict in conflicts:
        rejected[conflict.event.parcel].append(conflict)
    for item in distinct:
        reason = _rejected_on_its_own(item.event, now, future_tolerance)
        if reason is None:
            by_parcel[item.event.parcel].append(item)
        else:
            rejected[item.event.parcel].extend(RejectedEvent(i, item.event, reason) for i in item.indices)
    return tuple(_fold(parcel, by_parcel[parcel], rejected[parcel]) for parcel in sorted(by_parcel))


def track_parcel(
    parcel: str,
    events: Sequence[TrackingEvent],
    *,
    now: datetime | None = None,
    future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE,
) -> ParcelTracking:
    """The state of ``parcel`` from its events (all of them its own): ``pending`` with none."""
    strangers = sorted({event.parcel for event in events} - {parcel})
    if strangers:
        raise ValueError(f"events of other parcels than {parcel}: {', '.join(strangers)}")
    states = replay_tracking(events, now=now, future_tolerance=future_tolerance)
    return states[0] if states else ParcelTracking(parcel, _S.PENDING, None, (), 0)
