"""The hub-and-schedule network: hubs, weekly services, explicit connections, clearance, last mile.

Everything here is a plain value. Instants are timezone-aware ``datetime`` objects in UTC; local
wall-clock times (a service's departure, a last-mile cut-off) are read in the hub's own IANA zone.

A weekly :class:`Service` unrolls into :class:`Connection` runs (one departure on one day) with
:func:`unroll_service`. Every run of a service is one *trip*: a service with intermediate ``stops``
gives several connections sharing the trip id, and a parcel that stays on board does not go through
cut-off and ready time at the intermediate stops.

:class:`StoredNetwork` is the installation's network as stored, with its version and owner;
:func:`lanes` groups its services by lane, as an operator reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from comptoir.kernel.money import Money

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday names used in network files, Monday first (index = ``date.weekday()``)."""

RUN_SEPARATOR = "@"
"""Unrolled runs are named ``<service id>@<local departure date>``; explicit ids may not contain it."""

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def format_instant(moment: datetime) -> str:
    """The one way Comptoir writes an instant in logistics files and answers: ``2026-12-01T15:30:00Z``."""
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


class HubKind(StrEnum):
    GATEWAY = "gateway"
    SORT_CENTRE = "sort_centre"
    BONDED_WAREHOUSE = "bonded_warehouse"
    RAIL_TERMINAL = "rail_terminal"
    DELIVERY_STATION = "delivery_station"


class Mode(StrEnum):
    AIR = "air"
    RAIL = "rail"
    ROAD = "road"
    SEA = "sea"


@dataclass(frozen=True, slots=True)
class Hub:
    """A place parcels are available at: an airport gateway, a sort centre, a rail terminal..."""

    code: str
    name: str
    country: str
    tz: str
    kind: HubKind
    lat: float | None = None
    lon: float | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


@dataclass(frozen=True, slots=True)
class Stop:
    """An intermediate stop of a service, in minutes after the departure from the service's origin."""

    hub: str
    arrives_after_minutes: int
    departs_after_minutes: int


@dataclass(frozen=True, slots=True)
class Service:
    """A line-haul that repeats weekly: ``days`` at local ``departs`` time at ``origin``.

    ``duration_minutes`` is the elapsed time to ``destination``; ``stops`` (optional) are intermediate
    calls. ``valid_from``/``valid_to`` bound the local departure date at the origin (inclusive; None is
    open-ended). Cut-off applies at every boarding, ready time at every getting-off.
    """

    id: str
    mode: Mode
    origin: str
    destination: str
    days: tuple[int, ...]
    departs: time
    duration_minutes: int
    cutoff_minutes: int
    ready_minutes: int
    capacity_kg: int | None = None
    cost_per_kg: Money | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    stops: tuple[Stop, ...] = ()

    def calls(self) -> list[tuple[str, int, int]]:
        """(hub, arrival offset, departure offset) in minutes for every call, origin first, destination last."""
        result = [(self.origin, 0, 0)]
        result.extend((s.hub, s.arrives_after_minutes, s.departs_after_minutes) for s in self.stops)
        result.append((self.destination, self.duration_minutes, self.duration_minutes))
        return result


@dataclass(frozen=True, slots=True)
class Connection:
    """One departure on one day from ``origin`` to ``destination`` (no stop in between).

    A parcel available at ``origin`` at t boards if t <= departs_at - cutoff, or if it is already on board
    the previous connection of the same ``trip``; after riding it, it is available at ``destination`` from
    arrives_at + ready.
    """

    id: str
    trip: str
    origin: str
    destination: str
    departs_at: datetime
    arrives_at: datetime
    cutoff_minutes: int
    ready_minutes: int
    capacity_kg: int | None = None

    @property
    def latest_acceptance(self) -> datetime:
        return self.departs_at - timedelta(minutes=self.cutoff_minutes)

    @property
    def available_at(self) -> datetime:
        return self.arrives_at + timedelta(minutes=self.ready_minutes)


@dataclass(frozen=True, slots=True)
class Clearance:
    """Import clearance at ``hub`` for parcels whose destination is the hub's country (p50/p95 minutes)."""

    hub: str
    regime: str
    minutes_p50: int
    minutes_p95: int


@dataclass(frozen=True, slots=True)
class LastMileZone:
    """A delivery zone served from ``hub``: parcels available by the local daily cut-off go out in ``days`` days."""

    hub: str
    zone: str
    days: int
    cutoff_local: time


@dataclass(frozen=True, slots=True)
class Network:
    """A validated network: every hub code referenced exists, ids are unique, times are consistent."""

    hubs: tuple[Hub, ...]
    services: tuple[Service, ...] = ()
    connections: tuple[Connection, ...] = ()
    clearance: tuple[Clearance, ...] = ()
    last_mile: tuple[LastMileZone, ...] = ()
    _by_code: dict[str, Hub] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {hub.code: hub for hub in self.hubs})

    def hub(self, code: str) -> Hub | None:
        return self._by_code.get(code)

    def has_hub(self, code: str) -> bool:
        return code in self._by_code


def local_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of local wall time ``wall`` on ``day`` in ``zone``.

    A wall time that does not exist (spring forward) moves forward by the gap; one that occurs twice
    (autumn) takes the first occurrence — exactly what zoneinfo does with ``fold=0``.
    """
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


def run_id(service_id: str, day: date) -> str:
    """The trip id of the run of ``service_id`` leaving its origin on local date ``day``."""
    return f"{service_id}{RUN_SEPARATOR}{day.isoformat()}"


def service_departures(
    service: Service,
    zone: ZoneInfo,
    *,
    start: datetime,
    end: datetime,
    instant: Callable[[date, time, ZoneInfo], datetime] = local_instant,
) -> Iterator[tuple[date, datetime]]:
    """(local date, UTC instant) of every run of ``service`` leaving its origin in [start, end).

    Runs honour the validity window on the local departure date at the origin. ``instant`` turns a
    local date and wall time into a UTC instant (:func:`local_instant`, or a memoised copy of it).
    """
    first = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    if service.valid_from is not None:
        first = max(first, service.valid_from)
    if service.valid_to is not None:
        last = min(last, service.valid_to)
    if last < first:
        return
    span = (last - first).days
    offsets = sorted(k for weekday in service.days for k in range((weekday - first.weekday()) % 7, span + 1, 7))
    for k in offsets:
        day = first + timedelta(days=k)
        leaves = instant(day, service.departs, zone)
        if start <= leaves < end:
            yield day, leaves


def unroll_service(service: Service, zone: ZoneInfo, *, start: datetime, end: datetime) -> Iterator[Connection]:
    """Every connection of the runs of ``service`` leaving its origin (in ``zone``) in [start, end).

    A single-leg run is one connection whose id equals its trip id ``<service>@<date>``; a run with stops
    gives connections ``<service>@<date>#<leg>`` (leg from 1) sharing that trip id.
    """
    calls = service.calls()
    for day, leaves in service_departures(service, zone, start=start, end=end):
        yield from _run_legs(service, calls, run_id(service.id, day), leaves)


def leg_id(trip: str, leg: int, legs: int) -> str:
    """The id of leg ``leg`` (from 1) of a run with ``legs`` legs: the trip id itself for a single leg."""
    return trip if legs == 1 else f"{trip}#{leg}"


def _run_legs(service: Service, calls: list[tuple[str, int, int]], trip: str, leaves: datetime) -> Iterator[Connection]:
    for leg in range(1, len(calls)):
        origin, _, departs_offset = calls[leg - 1]
        destination, arrives_offset, _ = calls[leg]
        yield Connection(
            id=leg_id(trip, leg, len(calls) - 1),
            trip=trip,
            origin=origin,
            destination=destination,
            departs_at=leaves + timedelta(minutes=departs_offset),
            arrives_at=leaves + timedelta(minutes=arrives_offset),
            cutoff_minutes=service.cutoff_minutes,
            ready_minutes=service.ready_minutes,
            capacity_kg=service.capacity_kg,
        )


class Leg(NamedTuple):
    """One connection ridden by a parcel (consecutive legs of the same ``trip`` mean it stayed on board).

    A named tuple rather than a frozen dataclass: journeys are built in the promise hot path.
    """

    connection: str
    trip: str
    origin: str
    destination: str
    departs_at: datetime
    arrives_at: datetime


@dataclass(frozen=True, slots=True)
class Journey:
    """Earliest arrival: a parcel ready at ``origin`` at ``ready_at`` is available at ``destination`` at
    ``available_at`` (None: no path within the horizon) by riding ``legs`` (none when origin = destination)."""

    origin: str
    destination: str
    ready_at: datetime
    available_at: datetime | None
    legs: tuple[Leg, ...] = ()


@dataclass(frozen=True, slots=True)
class LatestDeparture:
    """Latest departure: a parcel ready at ``origin`` by ``latest_ready_at`` is available at ``destination`` at
    ``available_at`` <= ``arrive_by`` by riding ``legs``; ``latest_ready_at`` None means no such path.

    The legs are the plan that, at every hub, takes the last connection that still makes the deadline.
    """

    origin: str
    destination: str
    arrive_by: datetime
    latest_ready_at: datetime | None
    available_at: datetime | None
    legs: tuple[Leg, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredNetwork:
    """The installation's stored network: ``version`` grows by one on every import.

    ``operator_org_id`` is the logistics operator organisation that owns it (None while nobody does),
    and ``operator_name`` its name as it was when that version was imported.
    """

    version: int
    imported_at: datetime
    operator_org_id: str | None
    imported_by: str | None
    network: Network
    operator_name: str | None = None


@dataclass(frozen=True, slots=True)
class Lane:
    """Every service from ``origin`` to ``destination`` (a lane), in the order they were imported."""

    origin: Hub
    destination: Hub
    services: tuple[Service, ...]

    @property
    def weekly_departures(self) -> int:
        return sum(len(service.days) for service in self.services)

    @property
    def weekly_capacity_kg(self) -> int | None:
        """Capacity per week over the lane, None when a service on it has no stated capacity."""
        total = 0
        for service in self.services:
            if service.capacity_kg is None:
                return None
            total += service.capacity_kg * len(service.days)
        return total


def lanes(network: Network) -> list[Lane]:
    """The network's services grouped by (origin, destination), lanes in order of first appearance."""
    grouped: dict[tuple[str, str], list[Service]] = {}
    for service in network.services:
        grouped.setdefault((service.origin, service.destination), []).append(service)
    result: list[Lane] = []
    for (origin, destination), members in grouped.items():
        origin_hub, destination_hub = network.hub(origin), network.hub(destination)
        if origin_hub is not None and destination_hub is not None:
            result.append(Lane(origin_hub, destination_hub, tuple(members)))
    return result
