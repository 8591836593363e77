"""Every answer of the engine equals an exhaustive search written plainly here, on random small networks.

The reference enumerates every journey the rule of docs/promise.md allows (board if ready by
departure minus cut-off, or stay on board along a trip; available after arrival plus ready time; never
getting off at, nor riding through, a hub the query avoids) and keeps the best; it knows nothing of scan
order, stamps or arrays. The customs rule of a promise is checked the same way: before clearance the
route enters the destination's customs territory only at the clearance gateway, after it the route
stays inside.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comptoir.logistics._engine import PromiseEngine, Timetable
from comptoir.logistics.domain import (
    Clearance,
    Connection,
    Hub,
    HubKind,
    Journey,
    LastMileZone,
    LatestDeparture,
    MilestoneKind,
    Network,
    compute_promise,
    customs_territory,
)

BASE = datetime(2026, 6, 1, tzinfo=UTC)
HUBS = ("HA", "HB", "HC", "HD", "HE")


def at(minutes: int) -> datetime:
    return BASE + timedelta(minutes=minutes)


@dataclass(frozen=True)
class Ride:
    """A connection in minutes after BASE, as the reference sees it."""

    id: str
    trip: str
    origin: str
    destination: str
    departs: int
    arrives: int
    cutoff: int
    ready: int


def rides_of(network: Network) -> list[Ride]:
    minutes = lambda moment: int((moment - BASE).total_seconds()) // 60  # noqa: E731
    return [
        Ride(
            c.id,
            c.trip,
            c.origin,
            c.destination,
            minutes(c.departs_at),
            minutes(c.arrives_at),
            c.cutoff_minutes,
            c.ready_minutes,
        )
        for c in network.connections
    ]


def next_on_trip(rides: list[Ride], ride: Ride) -> Ride | None:
    later = [r for r in rides if r.trip == ride.trip and r.departs > ride.departs]
    return min(later, key=lambda r: r.departs) if later else None


def journeys_from(rides: list[Ride], hub: str, ready: int, path: tuple[Ride, ...] = ()) -> Iterator[tuple[Ride, ...]]:
    """Every journey of at least one leg a parcel available at ``hub`` from ``ready`` can make."""
    for ride in rides:
        if ride.origin == hub and ready <= ride.departs - ride.cutoff:
            yield from riding(rides, (*path, ride))


def riding(rides: list[Ride], path: tuple[Ride, ...]) -> Iterator[tuple[Ride, ...]]:
    """Journeys while on board ``path[-1]``: get off at its destination (and go on from there), or stay on."""
    last = path[-1]
    yield path
    yield from journeys_from(rides, last.destination, last.arrives + last.ready, path)
    following = next_on_trip(rides, last)
    if following is not None:
        yield from riding(rides, (*path, following))


def available(path: tuple[Ride, ...]) -> int:
    return path[-1].arrives + path[-1].ready


def avoids(path: tuple[Ride, ...], barred: frozenset[str]) -> bool:
    """Whether ``path`` never gets off at, nor rides on board through, a hub of ``barred``."""
    return all(ride.destination not in barred for ride in path)


def reference_earliest(
    rides: list[Ride], origin: str, destination: str, ready: int, avoiding: frozenset[str] = frozenset()
) -> int | None:
    if origin == destination:
        return ready
    barred = avoiding - {origin, destination}
    arrivals = [
        available(p)
        for p in journeys_from(rides, origin, ready)
        if p[-1].destination == destination and avoids(p, barred)
    ]
    return min(arrivals, default=None)


def reference_latest(
    rides: list[Ride], origin: str, destination: str, deadline: int, avoiding: frozenset[str] = frozenset()
) -> int | None:
    if origin == destination:
        return deadline
    barred = avoiding - {origin, destination}
    starts = [
        p[0].departs - p[0].cutoff
        for first in rides
        if first.origin == origin
        for p in riding(rides, (first,))
        if p[-1].destination == destination and available(p) <= deadline and avoids(p, barred)
    ]
    return max(starts, default=None)


def follows_the_rule(
    rides: list[Ride], legs: list[str], origin: str, ready: int, avoiding: frozenset[str] = frozenset()
) -> tuple[Ride, ...] | None:
    """The rides of ``legs`` if they are a journey the rule allows from ``origin`` at ``ready``; else None."""
    by_id = {r.id: r for r in rides}
    path = tuple(by_id[leg] for leg in legs)
    if not path or path[0].origin != origin or ready > path[0].departs - path[0].cutoff:
        return None
    if not avoids(path, avoiding):
        return None
    for before, after in pairwise(path):
        stays = next_on_trip(rides, before) == after
        changes = before.destination == after.origin and available((before,)) <= after.departs - after.cutoff
        if not (stays or changes):
            return None
    return path


@st.composite
def networks(draw: st.DrawFn) -> Network:
    """2 to 5 hubs, a few multi-leg trips and single connections, times on a 5-minute grid so ties happen."""
    hubs = HUBS[: draw(st.integers(2, 5))]
    five = lambda low, high: st.integers(low // 5, high // 5).map(lambda k: 5 * k)  # noqa: E731
    connections: list[Connection] = []
    for t in range(draw(st.integers(0, 3))):
        stops = draw(
            st.lists(st.sampled_from(hubs), min_size=2, max_size=4).filter(
                lambda s: all(a != b for a, b in pairwise(s))
            )
        )
        moment = draw(five(0, 300))
        for leg, (origin, destination) in enumerate(pairwise(stops), start=1):
            arrives = moment + draw(five(5, 120))
            connections.append(
                Connection(
                    id=f"T{t}-{leg}",
                    trip=f"T{t}",
                    origin=origin,
                    destination=destination,
                    departs_at=at(moment),
                    arrives_at=at(arrives),
                    cutoff_minutes=draw(five(0, 60)),
                    ready_minutes=draw(five(0, 60)),
                )
            )
            moment = arrives + draw(five(0, 30))
    for k in range(draw(st.integers(0, 12 - len(connections)))):
        origin, destination = draw(st.lists(st.sampled_from(hubs), min_size=2, max_size=2, unique=True))
        moment = draw(five(0, 500))
        connections.append(
            Connection(
                id=f"C{k}",
                trip=f"C{k}",
                origin=origin,
                destination=destination,
                departs_at=at(moment),
                arrives_at=at(moment + draw(five(5, 180))),
                cutoff_minutes=draw(five(0, 60)),
                ready_minutes=draw(five(0, 60)),
            )
        )
    countries = draw(st.lists(st.sampled_from(["FR", "BE", "CN"]), min_size=len(hubs), max_size=len(hubs)))
    return Network(
        hubs=tuple(
            Hub(code=h, name=h, country=c, tz="Europe/Paris", kind=HubKind.SORT_CENTRE)
            for h, c in zip(hubs, countries, strict=True)
        ),
        connections=tuple(connections),
    )


def engine_for(network: Network, runner: str) -> PromiseEngine:
    timetable = Timetable.build(network, start=BASE - timedelta(days=1), days=30)
    return PromiseEngine(timetable, compiled=runner.startswith("compiled"), by_slab=runner.endswith("slabs"))


# The same scans run compiled by numba and in the interpreter, over connections in departure order or
# laid out by slab and country: every one must match the reference.
runners = pytest.mark.parametrize("runner", ["compiled", "interpreted", "compiled-slabs", "interpreted-slabs"])


def minutes_after_base(moment: datetime | None) -> int | None:
    return None if moment is None else int((moment - BASE).total_seconds()) // 60


# Half the examples avoid no hub; the others avoid a few (never the origin nor the destination).
avoided = st.one_of(st.just(frozenset[str]()), st.frozensets(st.sampled_from(HUBS), max_size=3))


@runners
@settings(max_examples=300, deadline=None)
@given(network=networks(), times=st.lists(st.integers(-30, 700), min_size=1, max_size=3), avoiding=avoided)
def test_earliest_arrival_equals_the_exhaustive_search(
    network: Network, times: list[int], avoiding: frozenset[str], runner: str
) -> None:
    engine = engine_for(network, runner)
    rides = rides_of(network)
    avoiding = frozenset(code for code in avoiding if network.has_hub(code))
    for origin in (h.code for h in network.hubs):
        for destination in (h.code for h in network.hubs):
            for ready in times:
                journey: Journey = engine.earliest_arrival(origin, destination, at(ready), avoiding=avoiding)
                expected = reference_earliest(rides, origin, destination, ready, avoiding)
                assert minutes_after_base(journey.available_at) == expected, (origin, destination, ready)
                if origin == destination or expected is None:
                    assert journey.legs == ()
                    continue
                path = follows_the_rule(
                    rides, [leg.connection for leg in journey.legs], origin, ready, avoiding - {origin, destination}
                )
                assert path is not None and path[-1].destination == destination
                assert available(path) == expected
                assert [leg.trip for leg in journey.legs] == [r.trip for r in path]
    # The batch scan (which avoids nothing) answers the same as single queries, query for query.
    index = engine.timetable.hub_index
    queries = [(index[o.code], index[d.code], ready) for o in network.hubs for d in network.hubs for ready in times]
    batch, _ = engine.scan_batch(
        np.asarray([q[0] for q in queries], dtype=np.int32),
        np.asarray([q[1] for q in queries], dtype=np.int32),
        np.asarray([int(at(q[2]).timestamp()) for q in queries], dtype=np.int64),
    )
    singles = [engine.scan_earliest(o, d, int(at(ready).timestamp())).time for o, d, ready in queries]
    assert batch.tolist() == [-1 if t is None else t for t in singles]


@runners
@settings(max_examples=300, deadline=None)
@given(network=networks(), deadlines=st.lists(st.integers(0, 900), min_size=1, max_size=3), avoiding=avoided)
def test_latest_departure_equals_the_exhaustive_search(
    network: Network, deadlines: list[int], avoiding: frozenset[str], runner: str
) -> None:
    engine = engine_for(network, runner)
    rides = rides_of(network)
    avoiding = frozenset(code for code in avoiding if network.has_hub(code))
    for origin in (h.code for h in network.hubs):
        for destination in (h.code for h in network.hubs):
            for deadline in deadlines:
                answer: LatestDeparture = engine.latest_departure(origin, destination, at(deadline), avoiding=avoiding)
                expected = reference_latest(rides, origin, destination, deadline, avoiding)
                assert minutes_after_base(answer.latest_ready_at) == expected, (origin, destination, deadline)
                if origin == destination or expected is None:
                    assert answer.legs == ()
                    continue
                path = follows_the_rule(
                    rides, [leg.connection for leg in answer.legs], origin, expected, avoiding - {origin, destination}
                )
                assert path is not None and path[-1].destination == destination
                assert minutes_after_base(answer.available_at) == available(path) <= deadline
                # Ready at the latest time, the parcel is still delivered by the deadline; a second later, it is not.
                earliest = engine.earliest_arrival(origin, destination, at(expected), avoiding=avoiding)
                assert minutes_after_base(earliest.available_at) <= deadline  # type: ignore[operator]
                later = engine.earliest_arrival(
                    origin, destination, at(expected) + timedelta(seconds=1), avoiding=avoiding
                )
                assert later.available_at is None or later.available_at > at(deadline)


@st.composite
def networks_across_borders(draw: st.DrawFn) -> Network:
    """A random network (see :func:`networks`) with a delivery zone ``Z`` served from one hub, and clearance
    at some of the hubs (in any territory, so that some are of no use for the zone)."""
    network = draw(networks())
    codes = [h.code for h in network.hubs]
    station = draw(st.sampled_from(codes))
    cleared_at = draw(st.lists(st.sampled_from(codes), unique=True, max_size=3))
    clearance = tuple(
        Clearance(hub=code, regime="R", minutes_p50=0, minutes_p95=draw(st.integers(0, 12)) * 5) for code in cleared_at
    )
    last_mile = (LastMileZone(hub=station, zone="Z", days=0, cutoff_local=time(23, 59)),)
    return Network(hubs=network.hubs, connections=network.connections, clearance=clearance, last_mile=last_mile)


def reference_at_station(rides: list[Ride], network: Network, origin: str, ready: int) -> int | None:
    """The earliest time the parcel is at zone Z's station by the customs rule, by exhaustive search."""
    station = network.last_mile[0].hub
    country = {h.code: customs_territory(h.country) for h in network.hubs}
    territory = country[station]
    outside = frozenset(code for code, t in country.items() if t != territory)
    if country[origin] == territory:
        return reference_earliest(rides, origin, station, ready, outside)
    found = []
    for point in network.clearance:
        if country[point.hub] != territory:
            continue
        inside_but_gateway = frozenset(code for code, t in country.items() if t == territory and code != point.hub)
        at_gateway = reference_earliest(rides, origin, point.hub, ready, inside_but_gateway)
        if at_gateway is not None:
            onward = reference_earliest(rides, point.hub, station, at_gateway + point.minutes_p95, outside)
            if onward is not None:
                found.append(onward)
    return min(found, default=None)


@pytest.mark.parametrize("runner", ["compiled", "interpreted-slabs"])
@settings(max_examples=300, deadline=None)
@given(network=networks_across_borders(), ready=st.integers(-30, 400))
def test_a_promise_crosses_into_the_destination_territory_only_at_its_clearance_gateway(
    network: Network, ready: int, runner: str
) -> None:
    engine = engine_for(network, runner)
    rides = rides_of(network)
    territory_of = {h.code: customs_territory(h.country) for h in network.hubs}
    territory = territory_of[network.last_mile[0].hub]
    for origin in (h.code for h in network.hubs):
        promise = compute_promise(engine, network, origin, "Z", at(ready))
        expected = reference_at_station(rides, network, origin, ready)
        if expected is None:
            assert promise is None, origin
            continue
        assert promise is not None, origin
        at_station = promise.milestone(MilestoneKind.AT_DELIVERY_STATION)
        assert at_station is not None and minutes_after_base(at_station.at) == expected, origin
        cleared = promise.milestone(MilestoneKind.CLEARED)
        stops = [(leg.destination, leg.departs_at) for leg in promise.legs]
        if promise.gateway is None:
            assert territory_of[origin] == territory
            assert all(territory_of[hub] == territory for hub, _ in stops)
            continue
        assert cleared is not None
        before = [hub for hub, departs in stops if departs < cleared.at]
        after = [hub for hub, departs in stops if departs >= cleared.at]
        assert before[-1] == promise.gateway
        assert all(territory_of[hub] != territory for hub in before[:-1]), before
        assert all(territory_of[hub] == territory for hub in after), after
