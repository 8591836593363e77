"""The carrier port: a label for a parcel, a pickup, and the tracking events the carrier has for us.

:class:`Carrier` is what the code needs from a carrier's system, in our words:

- ``label(request)`` prints a label: the carrier's parcel id (UPU S10) and the label's document;
- ``pickup(parcels, ready_at, hub)`` books a collection;
- ``pull_tracking(cursor=..., limit=...)`` answers the events after ``cursor`` (None: from the start) and
  the cursor to ask from next time. Delivery is at least once: a pull whose cursor was not stored is
  answered again, and carriers send late, twice and out of order anyway, which ingestion absorbs.

Each raises :class:`CarrierUnavailable` (or ``TimeoutError``) when the carrier gave no answer.

No real carrier is wired yet (each has its own API): a runtime has no carrier until one is put with
:func:`use_carrier`, and then the worker pulls its tracking (:func:`configured_carrier`). :class:`FakeCarrier`
is the in-memory one for tests, the bench and the demo: it knows what happened to each parcel
(:meth:`FakeCarrier.happened`) and reports it as carriers do, late, twice and out of order, from a seeded
random generator so a run can be replayed; it also misbehaves through a :class:`Misbehaviour`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from comptoir.kernel.ports import Misbehaviour
from comptoir.logistics.domain import TrackingEvent, make_s10

_KEY = "_logistics_carrier"


class CarrierUnavailable(Exception):
    """The carrier's system gave no answer; ask again later."""


@dataclass(frozen=True, slots=True)
class LabelRequest:
    """What a carrier needs to print a label: who ships, to where, how heavy."""

    reference: str  # our reference of the shipment (e.g. its order)
    origin_hub: str
    destination_zone: str
    weight_grams: int


@dataclass(frozen=True, slots=True)
class Label:
    parcel: str  # the carrier's S10 id, printed on the label
    document: str  # the label to print (ZPL, PDF in base64...), as the carrier gives it


@dataclass(frozen=True, slots=True)
class PickupBooking:
    booking: str
    hub: str
    parcels: tuple[str, ...]
    ready_at: datetime


@dataclass(frozen=True, slots=True)
class TrackingPull:
    """Events the carrier reported after a cursor, and the cursor to ask from next."""

    events: tuple[TrackingEvent, ...]
    cursor: str | None


class Carrier(Protocol):
    name: str
    organisation_id: str | None  # the logistics operator organisation the carrier's parcels belong to

    async def label(self, request: LabelRequest) -> Label: ...

    async def pickup(self, parcels: Sequence[str], *, ready_at: datetime, hub: str) -> PickupBooking: ...

    async def pull_tracking(self, *, cursor: str | None, limit: int) -> TrackingPull: ...


@dataclass
class FakeCarrier:
    """A carrier in memory that reports what happened late, twice and out of order (seeded).

    :meth:`happened` hands it events; each is put on the feed at a later pull (up to ``max_delay`` pulls
    late), with probability ``twice`` a second time at another pull, and each pull's new events are
    shuffled. ``pull_tracking`` answers the feed after the cursor (a position in the feed), so a pull asked
    again from an old cursor is answered again, as at-least-once delivery does.
    """

    seed: int = 0
    max_delay: int = 2
    twice: float = 0.2
    name: str = "fake"
    organisation_id: str | None = None
    country: str = "FR"
    misbehaviour: Misbehaviour = field(default_factory=Misbehaviour)
    _rng: random.Random = field(init=False, repr=False)
    _due: dict[int, list[TrackingEvent]] = field(init=False, default_factory=dict, repr=False)
    _feed: list[TrackingEvent] = field(init=False, default_factory=list, repr=False)
    _pulls: int = field(init=False, default=0, repr=False)
    _serial: int = field(init=False, default=0, repr=False)
    labels: list[LabelRequest] = field(init=False, default_factory=list)
    pickups: list[PickupBooking] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def happened(self, events: Sequence[TrackingEvent]) -> FakeCarrier:
        """What happened to parcels: the carrier will report it from the next pulls on, its own way."""
        for event in events:
            copies = 2 if self._rng.random() < self.twice else 1
            for _ in range(copies):
                due = self._pulls + self._rng.randint(0, self.max_delay)
                self._due.setdefault(due, []).append(event)
        return self

    @property
    def pending(self) -> int:
        """Events handed to :meth:`happened` and not on the feed yet."""
        return sum(len(events) for events in self._due.values())

    async def label(self, request: LabelRequest) -> Label:
        await self.misbehaviour.answer()
        self._serial += 1
        self.labels.append(request)
        parcel = str(make_s10("CP", self._serial, self.country))
        return Label(parcel=parcel, document=f"^XA^FD{parcel}^FS^XZ")

    async def pickup(self, parcels: Sequence[str], *, ready_at: datetime, hub: str) -> PickupBooking:
        await self.misbehaviour.answer()
        booking = PickupBooking(f"pk-{len(self.pickups) + 1}", hub, tuple(parcels), ready_at)
        self.pickups.append(booking)
        return booking

    async def pull_tracking(self, *, cursor: str | None, limit: int) -> TrackingPull:
        times = await self.misbehaviour.answer()
        for _ in range(times):
            due = self._due.pop(self._pulls, [])
            self._rng.shuffle(due)
            self._feed.extend(due)
            self._pulls += 1
        start = _position(cursor)
        answered = self._feed[start : start + limit]
        return TrackingPull(tuple(answered), str(start + len(answered)))


def _position(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not cursor.isdigit():
        raise CarrierUnavailable(f"the fake carrier hands out numeric cursors, not {cursor!r}")
    return int(cursor)


def configured_carrier(runtime: Any) -> Carrier | None:
    """The carrier of ``runtime``, None until an install or a test puts one with :func:`use_carrier`."""
    found: Carrier | None = runtime.__dict__.get(_KEY)
    return found


def use_carrier(runtime: Any, carrier: Carrier | None) -> None:
    """Put (or, with None, take away) the carrier whose tracking the worker pulls."""
    if carrier is None:
        runtime.__dict__.pop(_KEY, None)
    else:
        runtime.__dict__[_KEY] = carrier
