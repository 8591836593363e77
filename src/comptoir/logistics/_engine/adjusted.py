"""Routes over a timetable with some connections closed (cancelled, or full for this parcel) or delayed.

Booking a parcel asks for the earliest path avoiding the connections that have no room left for it, and a
disruption re-plans parcels around a cancelled or late connection. Neither rebuilds the timetable: an
:class:`AdjustedRoutes` edits a copy of the scan's rows of the few connections concerned and runs the
plain (not slab) scan over that copy.

- A **closed** connection cannot be boarded (its board-by time is before any time), and a parcel on the
  previous leg of its trip cannot stay on board into it.
- A **delayed** connection, and every later leg of its trip (the same vehicle), is boarded by and
  ready after its delayed times; it keeps its place in departure order, so the scan may miss a parcel
  that only reaches its origin after the scheduled departure but before the delayed one (the answer is
  still a feasible route, at worst later than the best). The legs given back carry the delayed times.

Everything here is pure computation over the timetable.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from comptoir.logistics._engine.engine import PromiseEngine, _aware
from comptoir.logistics._engine.scan import BOARD_BY, NEXT_LEG, NO_TIME, READY_AT
from comptoir.logistics._engine.timetable import Timetable, from_seconds, to_seconds
from comptoir.logistics.domain import RUN_SEPARATOR, Journey, LatestDeparture, Leg, format_instant
from comptoir.logistics.errors import QueryInvalid

_indexes: WeakKeyDictionary[Timetable, dict[str, int | None]] = WeakKeyDictionary()
_departures: WeakKeyDictionary[Timetable, dict[int, npt.NDArray[np.int64]]] = WeakKeyDictionary()


def connection_index(timetable: Timetable, connection_id: str) -> int | None:
    """The index of connection ``connection_id`` in ``timetable``; None when it has no such connection
    (an unknown id, or a run outside the timetable's horizon)."""
    cache = _indexes.setdefault(timetable, {})
    if connection_id in cache:
        return cache[connection_id]
    found = _find(timetable, connection_id)
    if len(cache) < 65536:
        cache[connection_id] = found
    return found


def _find(t: Timetable, connection_id: str) -> int | None:
    network = t.network
    if RUN_SEPARATOR not in connection_id:
        explicit = next((k for k, c in enumerate(network.connections) if c.id == connection_id), None)
        if explicit is None:
            return None
        hits = np.nonzero((t.service == -1) & (t.ref == explicit))[0]
        return int(hits[0]) if hits.shape[0] else None
    service_id, _, rest = connection_id.partition(RUN_SEPARATOR)
    day_text, _, leg_text = rest.partition("#")
    service = next((s for s, found in enumerate(network.services) if found.id == service_id), None)
    try:
        ordinal = date.fromisoformat(day_text).toordinal()
        leg = int(leg_text) if leg_text else 1
    except ValueError:
        return None
    if service is None or (leg_text and t.legs_per_run[service] == 1) or (not leg_text and t.legs_per_run[service] > 1):
        return None
    hits = np.nonzero((t.service == service) & (t.ref == ordinal) & (t.leg_number == leg))[0]
    return int(hits[0]) if hits.shape[0] else None


def capacity_kg(timetable: Timetable, index: int) -> int | None:
    """The capacity of connection ``index`` in whole kg (its service's, for an unrolled run); None: unlimited."""
    s = int(timetable.service[index])
    if s < 0:
        return timetable.network.connections[int(timetable.ref[index])].capacity_kg
    return timetable.network.services[s].capacity_kg


def next_board_by(timetable: Timetable, hub: int, seconds: int) -> int | None:
    """The first board-by time (seconds) at or after ``seconds`` among connections leaving hub index ``hub``.

    A parcel ready at ``hub`` at any time in (previous board-by, this one] can board exactly the same
    connections, so its earliest arrival anywhere else is the same: re-planning groups parcels by it.
    """
    per_hub = _departures.setdefault(timetable, {})
    times = per_hub.get(hub)
    if times is None:
        times = per_hub[hub] = np.sort(timetable.board_by[timetable.origin == hub])
    at = int(np.searchsorted(times, seconds))
    return int(times[at]) if at < times.shape[0] else None


class AdjustedRoutes:
    """A :class:`~comptoir.logistics.domain.RouteFinder` over ``engine`` with connections ``closed`` and
    ``delayed`` (connection id -> minutes); ids the timetable does not have are ignored."""

    def __init__(
        self, engine: PromiseEngine, *, closed: Collection[str] = (), delayed: Mapping[str, int] | None = None
    ) -> None:
        self.engine = engine
        t = engine.timetable
        self._shift: dict[int, int] = {}
        for connection_id, minutes in (delayed or {}).items():
            i = connection_index(t, connection_id)
            while i is not None and i >= 0 and minutes > 0:
                self._shift[i] = max(self._shift.get(i, 0), minutes * 60)
                i = int(t.next_leg[i])
        shut = [i for i in (connection_index(t, c) for c in closed) if i is not None]
        self._conn: npt.NDArray[np.int32] | None = None
        if self._shift or shut:
            conn = t.packed.copy()
            for i, seconds in self._shift.items():
                conn[BOARD_BY, i] += seconds
                conn[READY_AT, i] += seconds
            for i in shut:
                conn[BOARD_BY, i] = NO_TIME
                previous = int(t.prev_leg[i])
                if previous >= 0:
                    conn[NEXT_LEG, previous] = -1
            self._conn = conn

    def earliest_arrival(
        self, origin: str, destination: str, ready_at: datetime, *, avoiding: Collection[str] = frozenset()
    ) -> Journey:
        """As :meth:`PromiseEngine.earliest_arrival`, around the closed and delayed connections."""
        if self._conn is None:
            return self.engine.earliest_arrival(origin, destination, ready_at, avoiding=avoiding)
        engine, t = self.engine, self.engine.timetable
        source, target = engine.hub_index(origin), engine.hub_index(destination)
        _aware(ready_at, "ready_at")
        if ready_at < t.start:
            raise QueryInvalid(
                f"ready_at {format_instant(ready_at)} is before the timetable starts ({format_instant(t.start)})"
            )
        if source == target:
            return Journey(origin, destination, ready_at, ready_at, ())
        seconds = to_seconds(ready_at) + (1 if ready_at.microsecond else 0)
        barred = engine.barred(avoiding) if avoiding else frozenset()
        result = engine.scan_earliest_over(self._conn, source, target, seconds, barred)
        if result.time is None:
            return Journey(origin, destination, ready_at, None, ())
        legs = tuple(self._delayed(i, leg) for i, leg in zip(result.legs, t.legs_of(result.legs), strict=True))
        return Journey(origin, destination, ready_at, from_seconds(result.time), legs)

    def _delayed(self, index: int, leg: Leg) -> Leg:
        seconds = self._shift.get(index)
        if not seconds:
            return leg
        late = timedelta(seconds=seconds)
        return leg._replace(departs_at=leg.departs_at + late, arrives_at=leg.arrives_at + late)

    def latest_departure(
        self, origin: str, destination: str, arrive_by: datetime, *, avoiding: Collection[str] = frozenset()
    ) -> LatestDeparture:
        """The engine's own answer: disruptions are not applied to the reverse scan (only bookings use this)."""
        return self.engine.latest_departure(origin, destination, arrive_by, avoiding=avoiding)
