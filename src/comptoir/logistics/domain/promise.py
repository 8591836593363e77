"""The delivery promise: earliest arrival at the delivery station, import clearance, last mile.

A parcel ready at an origin hub reaches the delivery station that serves the buyer's zone. When the
zone lies in another customs territory than the origin (the EU is one territory), the parcel is
cleared at a gateway of the destination territory that has a clearance entry: it travels to that
gateway, waits the regime's p95 minutes from the moment it is available there, then travels on to the
station. Customs borders bound the route: before clearance it may not enter the destination territory
anywhere but at the clearance gateway; after clearance (or when no clearance is needed) it stays inside
the destination territory, so a parcel cleared at Shanghai never flies out of China and back. At the
station, a parcel available by the zone's daily cut-off (station local time) on day D
is delivered on day D + ``days``; otherwise on the next day + ``days``. The delivery round leaves at
:data:`DELIVERY_ROUND` local time, and the promise is "delivered by the end of that local day".

Every combination of station and gateway is tried; the earliest delivery wins. The routes come from a
:class:`RouteFinder` (the promise engine is one): these rules only say which routes to ask for.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from comptoir.logistics.domain.network import (
    Clearance,
    Hub,
    Journey,
    LastMileZone,
    LatestDeparture,
    Leg,
    Network,
    local_instant,
)
from comptoir.logistics.errors import UnknownHub, UnknownZone

EU_MEMBERS = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    }
)
"""The EU customs union: goods cleared in one member state circulate freely in the others."""

DELIVERY_ROUND = time(8, 0)
"""Local time the delivery round leaves the station on the delivery day."""

END_OF_DAY = time(23, 59, 59)


class RouteFinder(Protocol):
    """Earliest arrivals and latest departures between two hubs of one network (the promise engine is one).

    A route never gets off at, nor rides on board through, a hub of ``avoiding`` other than its two ends.
    Unknown hubs raise :class:`UnknownHub`; a time the finder cannot answer for raises :class:`QueryInvalid`.
    """

    def earliest_arrival(
        self, origin: str, destination: str, ready_at: datetime, *, avoiding: Collection[str] = frozenset()
    ) -> Journey:
        """When a parcel ready at ``origin`` at ``ready_at`` is first available at ``destination``, with its legs."""
        ...

    def latest_departure(
        self, origin: str, destination: str, arrive_by: datetime, *, avoiding: Collection[str] = frozenset()
    ) -> LatestDeparture:
        """The latest time a parcel may be ready at ``origin`` and be available at ``destination`` by ``arrive_by``."""
        ...


def customs_territory(country: str) -> str:
    """``EU`` for a member state of the EU customs union, else the country itself."""
    return "EU" if country in EU_MEMBERS else country


class MilestoneKind(StrEnum):
    DEPARTED = "departed"
    ARRIVED = "arrived"
    ARRIVED_AT_GATEWAY = "arrived_at_gateway"
    CLEARED = "cleared"
    AT_DELIVERY_STATION = "at_delivery_station"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED_BY = "delivered_by"


@dataclass(frozen=True, slots=True)
class Milestone:
    """A planned step of the parcel: what happens (``kind``), by when (UTC), and where.

    Every ride (one or more legs of one trip, the parcel staying on board) starts with a ``departed``
    milestone and ends with ``arrived`` where the parcel changes vehicle, ``arrived_at_gateway`` at the
    clearance gateway, or ``at_delivery_station``; so the milestones never hide a change of vehicle.
    """

    kind: MilestoneKind
    at: datetime
    hub: str


@dataclass(frozen=True, slots=True)
class Promise:
    """A promised delivery for a parcel ready at ``origin`` at ``ready_at``, to ``zone``.

    ``delivery_date`` is the local date at the delivery station; ``delivered_by`` the last second of it
    (UTC). ``gateway``/``regime``/``clearance_minutes`` are None/None/0 when no import clearance applies.
    """

    origin: str
    zone: str
    ready_at: datetime
    station: str
    station_tz: str
    gateway: str | None
    regime: str | None
    clearance_minutes: int
    legs: tuple[Leg, ...]
    milestones: tuple[Milestone, ...]
    delivery_date: date
    delivered_by: datetime

    def milestone(self, kind: MilestoneKind) -> Milestone | None:
        return next((m for m in self.milestones if m.kind == kind), None)


@dataclass(frozen=True, slots=True)
class OrderWithin:
    """Order by ``order_by`` (``remaining`` from ``now``) to have ``promise`` (delivered by its date)."""

    now: datetime
    order_by: datetime
    remaining: timedelta
    promise: Promise


@dataclass(frozen=True, slots=True)
class LastMileSlot:
    """When a parcel available at a station at some instant goes out and is delivered."""

    out_for_delivery: datetime
    delivery_date: date
    delivered_by: datetime


def last_mile_slot(zone: LastMileZone, station: Hub, available_at: datetime) -> LastMileSlot:
    """The delivery of a parcel available at ``station`` at ``available_at`` to ``zone`` (see module doc)."""
    tz = ZoneInfo(station.tz)
    local = available_at.astimezone(tz)
    day = local.date()
    if local.time() > zone.cutoff_local:
        day += timedelta(days=1)
    delivery_date = day + timedelta(days=zone.days)
    out = max(available_at, local_instant(delivery_date, DELIVERY_ROUND, tz))
    return LastMileSlot(out, delivery_date, local_instant(delivery_date, END_OF_DAY, tz))


def stations_for(network: Network, origin: str, zone: str) -> list[LastMileZone]:
    """The last-mile entries serving ``zone``; raises :class:`UnknownHub` / :class:`UnknownZone`."""
    if not network.has_hub(origin):
        raise UnknownHub(origin)
    found = [entry for entry in network.last_mile if entry.zone == zone]
    if not found:
        raise UnknownZone(zone)
    return found


def outside(network: Network, territory: str) -> frozenset[str]:
    """The hubs outside customs ``territory``: a route already inside it (cleared, or domestic) avoids them."""
    return frozenset(h.code for h in network.hubs if customs_territory(h.country) != territory)


def inside_but(network: Network, territory: str, gateway: str) -> frozenset[str]:
    """The hubs of ``territory`` other than ``gateway``: a route to be cleared at ``gateway`` avoids them."""
    return frozenset(h.code for h in network.hubs if customs_territory(h.country) == territory and h.code != gateway)


def clearance_points(network: Network, origin: Hub, station: Hub, regime: str | None) -> list[Clearance] | None:
    """The clearance entries a parcel from ``origin`` to ``station`` may use; None when none is needed.

    An empty list means clearance is needed but the network names no clearance point for that
    territory (or regime): such a parcel is not promised.
    """
    territory = customs_territory(station.country)
    if customs_territory(origin.country) == territory:
        return None
    points = []
    for entry in network.clearance:
        hub = network.hub(entry.hub)
        if hub is not None and customs_territory(hub.country) == territory and regime in (None, entry.regime):
            points.append(entry)
    return points


def compute_promise(
    routes: RouteFinder, network: Network, origin: str, zone: str, ready_at: datetime, *, regime: str | None = None
) -> Promise | None:
    """The earliest promise for a parcel ready at ``origin`` at ``ready_at`` to ``zone``; None without a path.

    ``regime`` restricts import clearance to that regime. Raises :class:`UnknownHub`/:class:`UnknownZone`.
    """
    best: Promise | None = None
    origin_hub = network.hub(origin)
    for entry in stations_for(network, origin, zone):
        station = network.hub(entry.hub)
        if origin_hub is None or station is None:
            continue
        points = clearance_points(network, origin_hub, station, regime)
        candidates = (
            [_domestic(routes, network, entry, station, origin, zone, ready_at)]
            if points is None
            else [_through(routes, network, entry, station, point, origin, zone, ready_at) for point in points]
        )
        for candidate in candidates:
            if candidate is not None and (best is None or _earlier(candidate, best)):
                best = candidate
    return best


def _earlier(candidate: Promise, best: Promise) -> bool:
    at_station = candidate.milestone(MilestoneKind.AT_DELIVERY_STATION)
    best_at_station = best.milestone(MilestoneKind.AT_DELIVERY_STATION)
    key = (candidate.delivered_by, at_station.at if at_station else candidate.delivered_by)
    best_key = (best.delivered_by, best_at_station.at if best_at_station else best.delivered_by)
    return key < best_key


def _domestic(
    routes: RouteFinder,
    network: Network,
    entry: LastMileZone,
    station: Hub,
    origin: str,
    zone: str,
    ready_at: datetime,
) -> Promise | None:
    territory = customs_territory(station.country)
    journey = routes.earliest_arrival(origin, station.code, ready_at, avoiding=outside(network, territory))
    if journey.available_at is None:
        return None
    return _promise(origin, zone, ready_at, entry, station, None, (), journey.legs, journey.available_at)


def _through(
    routes: RouteFinder,
    network: Network,
    entry: LastMileZone,
    station: Hub,
    point: Clearance,
    origin: str,
    zone: str,
    ready_at: datetime,
) -> Promise | None:
    territory = customs_territory(station.country)
    inbound = routes.earliest_arrival(origin, point.hub, ready_at, avoiding=inside_but(network, territory, point.hub))
    if inbound.available_at is None:
        return None
    cleared = inbound.available_at + timedelta(minutes=point.minutes_p95)
    onward = routes.earliest_arrival(point.hub, station.code, cleared, avoiding=outside(network, territory))
    if onward.available_at is None:
        return None
    arrived = inbound.legs[-1].arrives_at if inbound.legs else ready_at
    clearance = (point, arrived, cleared)
    return _promise(origin, zone, ready_at, entry, station, clearance, inbound.legs, onward.legs, onward.available_at)


def _promise(
    origin: str,
    zone: str,
    ready_at: datetime,
    entry: LastMileZone,
    station: Hub,
    clearance: tuple[Clearance, datetime, datetime] | None,
    inbound: tuple[Leg, ...],
    onward: tuple[Leg, ...],
    at_station: datetime,
) -> Promise:
    """The promise of a route: ``inbound`` legs to the clearance gateway (none without clearance), ``onward`` legs
    from there (or from the origin) to the station."""
    slot = last_mile_slot(entry, station, at_station)
    milestones = _ride_milestones(inbound, last_arrival=MilestoneKind.ARRIVED_AT_GATEWAY)
    if clearance is not None:
        point, arrived, cleared = clearance
        if not inbound:
            milestones.append(Milestone(MilestoneKind.ARRIVED_AT_GATEWAY, arrived, point.hub))
        milestones.append(Milestone(MilestoneKind.CLEARED, cleared, point.hub))
    milestones.extend(_ride_milestones(onward, last_arrival=None))
    legs = inbound + onward
    milestones.extend(
        [
            Milestone(MilestoneKind.AT_DELIVERY_STATION, at_station, station.code),
            Milestone(MilestoneKind.OUT_FOR_DELIVERY, slot.out_for_delivery, station.code),
            Milestone(MilestoneKind.DELIVERED_BY, slot.delivered_by, station.code),
        ]
    )
    return Promise(
        origin=origin,
        zone=zone,
        ready_at=ready_at,
        station=station.code,
        station_tz=station.tz,
        gateway=None if clearance is None else clearance[0].hub,
        regime=None if clearance is None else clearance[0].regime,
        clearance_minutes=0 if clearance is None else clearance[0].minutes_p95,
        legs=legs,
        milestones=tuple(milestones),
        delivery_date=slot.delivery_date,
        delivered_by=slot.delivered_by,
    )


def _ride_milestones(legs: tuple[Leg, ...], *, last_arrival: MilestoneKind | None) -> list[Milestone]:
    """A ``departed`` milestone for every ride of ``legs`` (consecutive legs of one trip: the parcel stays on
    board), and an ``arrived`` one where it gets off to change; the last ride ends with ``last_arrival``
    (None: nothing, the station's own milestone follows)."""
    rides: list[list[Leg]] = []
    for leg in legs:
        if rides and rides[-1][-1].trip == leg.trip and rides[-1][-1].destination == leg.origin:
            rides[-1].append(leg)
        else:
            rides.append([leg])
    milestones: list[Milestone] = []
    for number, ride in enumerate(rides, start=1):
        first, last = ride[0], ride[-1]
        milestones.append(Milestone(MilestoneKind.DEPARTED, first.departs_at, first.origin))
        arrival = MilestoneKind.ARRIVED if number < len(rides) else last_arrival
        if arrival is not None:
            milestones.append(Milestone(arrival, last.arrives_at, last.destination))
    return milestones


def latest_ready_for(
    routes: RouteFinder,
    network: Network,
    origin: str,
    zone: str,
    delivery_date: date,
    *,
    regime: str | None = None,
) -> datetime | None:
    """The latest time a parcel may be ready at ``origin`` and still be delivered to ``zone`` on ``delivery_date``
    (station local date) or earlier; None when no path makes it."""
    latest: datetime | None = None
    origin_hub = network.hub(origin)
    for entry in stations_for(network, origin, zone):
        station = network.hub(entry.hub)
        if origin_hub is None or station is None:
            continue
        arrive_by = local_instant(delivery_date - timedelta(days=entry.days), entry.cutoff_local, ZoneInfo(station.tz))
        points = clearance_points(network, origin_hub, station, regime)
        territory = customs_territory(station.country)
        if points is None:
            inside = outside(network, territory)
            found = [routes.latest_departure(origin, station.code, arrive_by, avoiding=inside).latest_ready_at]
        else:
            found = [_latest_through(routes, network, point, station, origin, arrive_by) for point in points]
        for moment in found:
            if moment is not None and (latest is None or moment > latest):
                latest = moment
    return latest


def _latest_through(
    routes: RouteFinder, network: Network, point: Clearance, station: Hub, origin: str, arrive_by: datetime
) -> datetime | None:
    territory = customs_territory(station.country)
    onward = routes.latest_departure(point.hub, station.code, arrive_by, avoiding=outside(network, territory))
    if onward.latest_ready_at is None:
        return None
    must_be_at_gateway = onward.latest_ready_at - timedelta(minutes=point.minutes_p95)
    inbound = routes.latest_departure(
        origin, point.hub, must_be_at_gateway, avoiding=inside_but(network, territory, point.hub)
    )
    return inbound.latest_ready_at
