"""A network unrolled over a horizon into NumPy arrays of connections sorted by departure.

Weekly services unroll in their origin hub's own time zone (see :func:`~comptoir.logistics.domain.service_departures`);
explicit connections are taken as given, whatever the horizon. Ids of unrolled runs are not stored as
strings: they are rebuilt on demand from (service, local date, leg), so building stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, lru_cache

import numpy as np
import numpy.typing as npt

from comptoir.logistics.domain import RUN_SEPARATOR, Leg, Network, leg_id, local_instant, service_departures
from comptoir.logistics.errors import QueryInvalid

DEFAULT_HORIZON_DAYS = 21
RELATIVE_LIMIT = 2**31 - 16
"""Scan times are int32 seconds after the timetable's epoch (about 68 years either way)."""
Int64s = npt.NDArray[np.int64]
Int32s = npt.NDArray[np.int32]


def to_seconds(moment: datetime) -> int:
    """Whole seconds since the Unix epoch of an aware instant."""
    return int(moment.timestamp())


def from_seconds(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True, eq=False)
class Timetable:
    """Connections over [start, end) (plus every explicit connection), sorted by departure.

    Times are int64 seconds since the Unix epoch. ``board_by`` = departs - cut-off, ``ready_at`` =
    arrives + ready time. ``next_leg``/``prev_leg`` link consecutive legs of one trip (-1: none).
    ``service`` is the index of the unrolled service (-1 for an explicit connection), ``ref`` the local
    date ordinal of the run (or the explicit connection's index), ``leg_number`` the leg number from 1.

    ``packed`` is what the scans read: int32 rows departs, board_by, ready_at (seconds after
    ``epoch``), origin, destination, next_leg, prev_leg. ``approach[h]`` is the least time from a departure
    to being ready at hub h over every connection into h (0 when none).
    """

    network: Network
    start: datetime
    end: datetime
    hubs: tuple[str, ...]
    hub_index: dict[str, int]
    departs: Int64s
    arrives: Int64s
    board_by: Int64s
    ready_at: Int64s
    origin: Int32s
    destination: Int32s
    next_leg: Int32s
    prev_leg: Int32s
    service: Int32s
    ref: Int32s
    leg_number: Int32s
    legs_per_run: tuple[int, ...]
    epoch: int
    packed: Int32s
    approach: Int32s

    @property
    def size(self) -> int:
        return int(self.departs.shape[0])

    @classmethod
    def build(cls, network: Network, *, start: datetime, days: int = DEFAULT_HORIZON_DAYS) -> Timetable:
        """Unroll ``network``'s services for departures in [start, start + days) and add its explicit connections."""
        start = start.astimezone(UTC)
        end = start + timedelta(days=days)
        hubs = tuple(hub.code for hub in network.hubs)
        index = {code: i for i, code in enumerate(hubs)}
        columns: dict[str, list[int]] = {
            k: [] for k in ("dep", "arr", "cut", "rdy", "org", "dst", "trip", "svc", "ref", "leg")
        }
        trips: dict[str, int] = {}
        for k, conn in enumerate(network.connections):
            trip = trips.setdefault(conn.trip, len(trips))
            _append(
                columns,
                to_seconds(conn.departs_at),
                to_seconds(conn.arrives_at),
                conn.cutoff_minutes,
                conn.ready_minutes,
                index[conn.origin],
                index[conn.destination],
                trip,
                -1,
                k,
                1,
            )
        next_trip = len(trips)
        legs_per_run: list[int] = []
        instant = lru_cache(maxsize=1 << 16)(local_instant)
        for s, service in enumerate(network.services):
            calls = service.calls()
            legs_per_run.append(len(calls) - 1)
            zone = network.hub(service.origin).zone  # type: ignore[union-attr]
            runs = [
                (to_seconds(leaves), day.toordinal())
                for day, leaves in service_departures(service, zone, start=start, end=end, instant=instant)
            ]
            if not runs:
                continue
            count = len(runs)
            trip_ids = range(next_trip, next_trip + count)
            next_trip += count
            for leg in range(1, len(calls)):
                (origin, _, departs), (destination, arrives, _) = calls[leg - 1], calls[leg]
                columns["dep"].extend(leaves + departs * 60 for leaves, _ in runs)
                columns["arr"].extend(leaves + arrives * 60 for leaves, _ in runs)
                columns["ref"].extend(day for _, day in runs)
                columns["trip"].extend(trip_ids)
                for key, value in (
                    ("cut", service.cutoff_minutes),
                    ("rdy", service.ready_minutes),
                    ("org", index[origin]),
                    ("dst", index[destination]),
                    ("svc", s),
                    ("leg", leg),
                ):
                    columns[key].extend([value] * count)
        return cls._from_columns(network, start, end, hubs, index, columns, tuple(legs_per_run))

    @classmethod
    def _from_columns(
        cls,
        network: Network,
        start: datetime,
        end: datetime,
        hubs: tuple[str, ...],
        index: dict[str, int],
        columns: dict[str, list[int]],
        legs_per_run: tuple[int, ...],
    ) -> Timetable:
        dep = np.asarray(columns["dep"], dtype=np.int64)
        order = np.argsort(dep, kind="stable")

        def take64(key: str) -> Int64s:
            return np.ascontiguousarray(np.asarray(columns[key], dtype=np.int64)[order])

        def take32(key: str) -> Int32s:
            return np.ascontiguousarray(np.asarray(columns[key], dtype=np.int32)[order])

        departs, arrives = take64("dep"), take64("arr")
        trip = take64("trip")
        next_leg = np.full(departs.shape[0], -1, dtype=np.int32)
        prev_leg = np.full(departs.shape[0], -1, dtype=np.int32)
        if departs.shape[0] > 1:
            by_trip = np.lexsort((departs, trip)).astype(np.int32)
            same = trip[by_trip[1:]] == trip[by_trip[:-1]]
            next_leg[by_trip[:-1][same]] = by_trip[1:][same]
            prev_leg[by_trip[1:][same]] = by_trip[:-1][same]
        board_by, ready_at = departs - take64("cut") * 60, arrives + take64("rdy") * 60
        origin, destination = take32("org"), take32("dst")
        epoch = int(board_by.min()) - 1 if board_by.shape[0] else to_seconds(start)
        epoch = min(epoch, to_seconds(start) - 1)
        span = max(int(ready_at.max()) if ready_at.shape[0] else 0, to_seconds(end)) - epoch
        if span >= RELATIVE_LIMIT:
            raise QueryInvalid("the network's connections span more than 60 years; split it")
        packed = np.empty((7, departs.shape[0]), dtype=np.int32)
        for row, values in enumerate((departs - epoch, board_by - epoch, ready_at - epoch)):
            packed[row] = values
        packed[3], packed[4], packed[5], packed[6] = origin, destination, next_leg, prev_leg
        approach = np.full(len(hubs), RELATIVE_LIMIT, dtype=np.int64)
        np.minimum.at(approach, destination, ready_at - departs)
        approach[approach == RELATIVE_LIMIT] = 0
        return cls(
            network=network,
            start=start,
            end=end,
            hubs=hubs,
            hub_index=index,
            departs=departs,
            arrives=arrives,
            board_by=board_by,
            ready_at=ready_at,
            origin=origin,
            destination=destination,
            next_leg=next_leg,
            prev_leg=prev_leg,
            service=take32("svc"),
            ref=take32("ref"),
            leg_number=take32("leg"),
            legs_per_run=legs_per_run,
            epoch=epoch,
            packed=packed,
            approach=approach.astype(np.int32),
        )

    def relative(self, seconds: int) -> int:
        """``seconds`` since the Unix epoch as scan time (after ``epoch``), clamped inside int32."""
        return max(-RELATIVE_LIMIT, min(RELATIVE_LIMIT, seconds - self.epoch))

    def trip_id(self, i: int) -> str:
        """The trip id of connection ``i`` (``<service>@<local date>`` for an unrolled run)."""
        return self._trip_id(int(self.service[i]), int(self.ref[i]))

    def connection_id(self, i: int) -> str:
        """The id of connection ``i``, as in the file or as :func:`domain.unroll_service` names it."""
        s, ref = int(self.service[i]), int(self.ref[i])
        return self._connection_id(s, ref, int(self.leg_number[i]), self._trip_id(s, ref))

    def _trip_id(self, s: int, ref: int) -> str:
        if s < 0:
            return self.network.connections[ref].trip
        return f"{self.network.services[s].id}{RUN_SEPARATOR}{_local_date(ref)}"

    def _connection_id(self, s: int, ref: int, leg: int, trip: str) -> str:
        if s < 0:
            return self.network.connections[ref].id
        return leg_id(trip, leg, self.legs_per_run[s])

    def as_leg(self, i: int) -> Leg:
        """Connection ``i`` as a :class:`Leg` of a journey."""
        return self.legs_of((i,))[0]

    @cached_property
    def _leg_rows(self) -> Int32s:
        """Per connection, in one row (one cache line when a journey reads it): service, run date ordinal or
        explicit index, leg number, origin, destination, departure and arrival (seconds after ``epoch``)."""
        columns = (
            self.service,
            self.ref,
            self.leg_number,
            self.origin,
            self.destination,
            self.departs - self.epoch,
            self.arrives - self.epoch,
        )
        return np.ascontiguousarray(np.stack(columns, axis=1).astype(np.int32))

    @cached_property
    def _run_names(self) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """Each service's id and legs per run, for naming unrolled connections without attribute chains."""
        return tuple(service.id for service in self.network.services), self.legs_per_run

    def legs_of(self, indexes: Sequence[int] | Int32s) -> tuple[Leg, ...]:
        """Connections ``indexes`` as the :class:`Leg` s of a journey, in the same order."""
        names, legs_per_run = self._run_names
        hubs, epoch = self.hubs, self.epoch
        moment = datetime.fromtimestamp
        legs = []
        rows = self._leg_rows[np.asarray(indexes, dtype=np.intp)].tolist()
        for s, ref, leg, origin, destination, departs, arrives in rows:
            if s < 0:
                explicit = self.network.connections[ref]
                connection, trip = explicit.id, explicit.trip
            else:
                trip = f"{names[s]}{RUN_SEPARATOR}{_local_date(ref)}"
                connection = trip if legs_per_run[s] == 1 else f"{trip}#{leg}"
            legs.append(
                Leg(  # positional: the hot path of every promise
                    connection,
                    trip,
                    hubs[origin],
                    hubs[destination],
                    moment(departs + epoch, UTC),
                    moment(arrives + epoch, UTC),
                )
            )
        return tuple(legs)


@lru_cache(maxsize=4096)
def _local_date(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _append(columns: dict[str, list[int]], *values: int) -> None:
    for key, value in zip(("dep", "arr", "cut", "rdy", "org", "dst", "trip", "svc", "ref", "leg"), values, strict=True):
        columns[key].append(value)
