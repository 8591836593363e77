"""The delivery promise engine: earliest arrival and latest departure over a :class:`Timetable`.

A query may name hubs its route must avoid (``avoiding``): the parcel neither gets off at them nor stays
on board through them. The promise uses it to keep a route on the right side of a customs border.

One engine holds the work arrays of its scans and answers one query at a time: a lock serialises
callers from several threads (build one engine per thread to scan in parallel; the compiled scans
release the GIL). numba and the compiled scans are imported when the first engine is built, so
commands that only read files do not pay for them.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from comptoir.logistics._engine.scan import NEVER
from comptoir.logistics._engine.slabs import NARROWEST, Slabs
from comptoir.logistics._engine.timetable import (
    DEFAULT_HORIZON_DAYS,
    RELATIVE_LIMIT,
    Timetable,
    from_seconds,
    to_seconds,
)
from comptoir.logistics.domain import Journey, LatestDeparture, Network, format_instant
from comptoir.logistics.errors import QueryInvalid, UnknownHub

_LAST_STAMP = 2**31 - 2


class ScanResult(NamedTuple):
    """What one scan found, in seconds and connection indexes (for batch use and the bench)."""

    time: int | None
    legs: tuple[int, ...]
    scanned: int


class PromiseEngine:
    """Answers earliest-arrival and latest-departure queries on one timetable: the domain's
    :class:`~comptoir.logistics.domain.RouteFinder`."""

    def __init__(self, timetable: Timetable, *, compiled: bool = True, by_slab: bool | None = None) -> None:
        """``compiled`` (the default) runs the scans compiled by numba; False runs the same scans in the
        interpreter, which spares a short-lived process numba's import and first compile and is enough
        for a few queries on a small network.

        ``by_slab`` chooses the scans over :class:`Slabs` layouts (same answers, less work on networks of
        several countries): None uses them when they help, True whenever possible, False never.
        """
        from comptoir.logistics._engine import scan

        if compiled:
            from comptoir.logistics._engine import scan_compiled

            self._scan: Any = scan_compiled
        else:
            self._scan = scan
        self.compiled = compiled
        self.timetable = timetable
        self._conn = timetable.packed
        self._hubs = np.zeros((4, len(timetable.hubs)), dtype=np.int32)
        self._barred = np.zeros(len(timetable.hubs), dtype=np.int32)
        self._hubs[scan.APPROACH] = timetable.approach
        self._marks = np.zeros((2, timetable.size), dtype=np.int32)
        self._legs = np.zeros(2 * (timetable.size + len(timetable.hubs)) + 4, dtype=np.int32)
        self._stamp = 0
        self._barring: frozenset[int] = frozenset()
        self._barred_rows: dict[frozenset[str], frozenset[int]] = {}
        self._lock = threading.Lock()
        self._batch: tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.int32]] | None = None
        narrowest = 1 if by_slab else NARROWEST
        self.slabs = None if by_slab is False else Slabs.lay_out(timetable, narrowest=narrowest)
        self._slab_args: tuple[Any, ...] = ()
        self._back_args: tuple[Any, ...] = ()
        if self.slabs is not None:
            slabs = self.slabs
            self._slab_args = (slabs.conn, slabs.offsets, slabs.latest_board, slabs.group_of, slabs.width, slabs.base)
            self._group_best = np.zeros(slabs.groups, dtype=np.int32)
            back = Slabs.lay_out(timetable, narrowest=narrowest, by_destination=True)
            assert back is not None  # the same conditions as the forward layout
            self._back_args = (back.conn, back.offsets, back.earliest_ready, back.group_of, back.width, back.base)
        self.last_scanned = 0
        """Connections scanned by the last query (a count that does not depend on the machine)."""

    @classmethod
    def for_network(
        cls, network: Network, *, start: datetime, days: int = DEFAULT_HORIZON_DAYS, compiled: bool = True
    ) -> PromiseEngine:
        """An engine over ``network`` unrolled for departures in [start, start + days)."""
        return cls(Timetable.build(network, start=start, days=days), compiled=compiled)

    @property
    def batch_threads(self) -> int:
        """How many threads :meth:`scan_batch` answers on (1 when the scans are interpreted)."""
        if not self.compiled:
            return 1
        import numba

        return int(numba.get_num_threads())

    def _batch_workspace(self) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.int32]]:
        """Work arrays for each of numba's worker threads, made on the first batch."""
        if self._batch is None:
            import numba

            workers = numba.get_num_threads()
            hubs = np.repeat(self._hubs[np.newaxis], workers, axis=0)
            marks = np.zeros((workers, *self._marks.shape), dtype=np.int32)
            legs = np.zeros((workers, self._legs.shape[0]), dtype=np.int32)
            self._batch = (hubs, marks, legs)
        return self._batch

    def _stamps(self, count: int) -> int:
        """The first of ``count`` fresh query stamps (marks are cleared when stamps run out)."""
        if self._stamp + count >= _LAST_STAMP:
            self._marks[:] = 0
            if self._batch is not None:
                self._batch[1][:] = 0
            self._stamp = 0
        first = self._stamp + 1
        self._stamp += count
        return first

    def hub_index(self, code: str) -> int:
        """The index of hub ``code`` in the timetable; raises :class:`UnknownHub`."""
        try:
            return self.timetable.hub_index[code]
        except KeyError:
            raise UnknownHub(code) from None

    def barred(self, avoiding: Collection[str]) -> frozenset[int]:
        """The hub indexes of codes ``avoiding``, for the scans; raises :class:`UnknownHub`."""
        key = avoiding if isinstance(avoiding, frozenset) else frozenset(avoiding)
        found = self._barred_rows.get(key)
        if found is None:
            found = frozenset(self.hub_index(code) for code in key)
            if len(self._barred_rows) < 1024:
                self._barred_rows[key] = found
        return found

    def _bar(self, barred: frozenset[int], source: int, target: int) -> npt.NDArray[np.int32] | None:
        """The scans' ``barred`` argument for a query (the source and target are never barred); under the lock."""
        if not barred:
            return None
        wanted = barred - {source, target}
        if wanted != self._barring:
            self._barred[list(self._barring)] = 0
            self._barred[list(wanted)] = NEVER
            self._barring = wanted
        return self._barred if wanted else None

    def scan_earliest(
        self, source: int, target: int, ready_at: int, barred: frozenset[int] = frozenset()
    ) -> ScanResult:
        """Earliest arrival (seconds since the Unix epoch) from hub index ``source`` ready at ``ready_at``,
        never through the hub indexes ``barred``."""
        t = self.timetable
        with self._lock:
            bar = self._bar(barred, source, target)
            if self.slabs is None:
                available, count, scanned = self._scan.earliest_arrival(
                    self._conn,
                    self._hubs,
                    self._marks,
                    self._legs,
                    source,
                    target,
                    t.relative(ready_at),
                    self._stamps(1),
                    bar,
                )
            else:
                available, count, scanned = self._scan.earliest_arrival_by_slab(
                    *self._slab_args,
                    self._hubs,
                    self._group_best,
                    self._marks,
                    self._legs,
                    source,
                    target,
                    t.relative(ready_at),
                    self._stamps(1),
                    bar,
                )
            legs = tuple(self._legs[:count].tolist())
        self.last_scanned = int(scanned)
        if available == self._scan.NEVER:
            return ScanResult(None, (), self.last_scanned)
        return ScanResult(int(available) + t.epoch, legs, self.last_scanned)

    def scan_earliest_over(
        self, conn: npt.NDArray[np.int32], source: int, target: int, ready_at: int, barred: frozenset[int]
    ) -> ScanResult:
        """:meth:`scan_earliest` over ``conn``, an edited copy of the timetable's ``packed`` rows (same shape and
        order: connections closed or delayed by :class:`~comptoir.logistics._engine.adjusted.AdjustedRoutes`)."""
        t = self.timetable
        with self._lock:
            bar = self._bar(barred, source, target)
            available, count, scanned = self._scan.earliest_arrival(
                conn, self._hubs, self._marks, self._legs, source, target, t.relative(ready_at), self._stamps(1), bar
            )
            legs = tuple(self._legs[:count].tolist())
        self.last_scanned = int(scanned)
        if available == self._scan.NEVER:
            return ScanResult(None, (), self.last_scanned)
        return ScanResult(int(available) + t.epoch, legs, self.last_scanned)

    def earliest_arrival(
        self, origin: str, destination: str, ready_at: datetime, *, avoiding: Collection[str] = frozenset()
    ) -> Journey:
        """When a parcel ready at ``origin`` at ``ready_at`` is first available at ``destination``, with its legs.

        ``available_at`` is None when no path exists within the timetable. A fractional second of
        ``ready_at`` counts as the next whole second. The route never gets off at, nor rides on board
        through, a hub of ``avoiding`` (other than ``origin`` and ``destination``).
        """
        t = self.timetable
        source, target = self.hub_index(origin), self.hub_index(destination)
        _aware(ready_at, "ready_at")
        if ready_at < t.start:
            raise QueryInvalid(
                f"ready_at {format_instant(ready_at)} is before the timetable starts ({format_instant(t.start)})"
            )
        if source == target:
            return Journey(origin, destination, ready_at, ready_at, ())
        seconds = to_seconds(ready_at) + (1 if ready_at.microsecond else 0)
        result = self.scan_earliest(source, target, seconds, self.barred(avoiding) if avoiding else frozenset())
        if result.time is None:
            return Journey(origin, destination, ready_at, None, ())
        return Journey(origin, destination, ready_at, from_seconds(result.time), t.legs_of(result.legs))

    def earliest_arrivals(self, queries: Sequence[tuple[str, str, datetime]]) -> list[Journey]:
        """:meth:`earliest_arrival` for each (origin, destination, ready_at), in order."""
        return [self.earliest_arrival(o, d, r) for o, d, r in queries]

    def scan_batch(
        self, sources: npt.NDArray[np.int32], targets: npt.NDArray[np.int32], ready_at: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], int]:
        """Earliest arrival seconds (-1: no path) for arrays of hub indexes and ready times; compiled, on every
        core numba may use (``NUMBA_NUM_THREADS``). No hub is barred.

        Also returns the total number of connections scanned.
        """
        if not self.compiled:
            found = [
                self.scan_earliest(int(o), int(d), int(r)) for o, d, r in zip(sources, targets, ready_at, strict=True)
            ]
            answers = np.asarray([-1 if f.time is None else f.time for f in found], dtype=np.int64)
            return answers, sum(f.scanned for f in found)
        t = self.timetable
        times = np.clip(ready_at - t.epoch, -RELATIVE_LIMIT, RELATIVE_LIMIT).astype(np.int32)
        out = np.empty(sources.shape[0], dtype=np.int32)
        with self._lock:
            first = self._stamps(sources.shape[0])
            hubs, marks, legs = self._batch_workspace()
            if self.slabs is None:
                scanned = self._scan.earliest_batch(
                    self._conn, hubs, marks, legs, sources.astype(np.int32), targets.astype(np.int32), times, first, out
                )
            else:
                group_best = np.zeros((hubs.shape[0], self.slabs.groups), dtype=np.int32)
                scanned = self._scan.earliest_batch_by_slab(
                    *self._slab_args,
                    hubs,
                    group_best,
                    marks,
                    legs,
                    sources.astype(np.int32),
                    targets.astype(np.int32),
                    times,
                    first,
                    out,
                )
        result = out.astype(np.int64) + t.epoch
        result[out == self._scan.NEVER] = -1
        return result, int(scanned)

    def scan_latest(
        self, source: int, target: int, deadline: int, barred: frozenset[int] = frozenset()
    ) -> tuple[ScanResult, int | None]:
        """Latest ready time at ``source`` still available at ``target`` by ``deadline`` (seconds), and arrival,
        never through the hub indexes ``barred``."""
        t = self.timetable
        with self._lock:
            bar = self._bar(barred, source, target)
            if self.slabs is None:
                latest, arrival, count, scanned = self._scan.latest_departure(
                    self._conn,
                    self._hubs,
                    self._marks,
                    self._legs,
                    source,
                    target,
                    t.relative(deadline),
                    self._stamps(1),
                    bar,
                )
            else:
                latest, arrival, count, scanned = self._scan.latest_departure_by_slab(
                    *self._back_args,
                    self._hubs,
                    self._group_best,
                    self._marks,
                    self._legs,
                    source,
                    target,
                    t.relative(deadline),
                    self._stamps(1),
                    bar,
                )
            legs = tuple(self._legs[:count].tolist())
        self.last_scanned = int(scanned)
        if latest == self._scan.NO_TIME:
            return ScanResult(None, (), self.last_scanned), None
        return ScanResult(int(latest) + t.epoch, legs, self.last_scanned), int(arrival) + t.epoch

    def latest_departure(
        self, origin: str, destination: str, arrive_by: datetime, *, avoiding: Collection[str] = frozenset()
    ) -> LatestDeparture:
        """The latest time a parcel can be ready at ``origin`` and be available at ``destination`` by ``arrive_by``.

        ``latest_ready_at`` is None when no path exists within the timetable. A fractional second of
        ``arrive_by`` is dropped. ``avoiding`` as for :meth:`earliest_arrival`.
        """
        t = self.timetable
        source, target = self.hub_index(origin), self.hub_index(destination)
        _aware(arrive_by, "arrive_by")
        if arrive_by > t.end:
            raise QueryInvalid(
                f"arrive_by {format_instant(arrive_by)} is after the timetable ends ({format_instant(t.end)})"
            )
        arrive_by = arrive_by - timedelta(microseconds=arrive_by.microsecond)
        if source == target:
            return LatestDeparture(origin, destination, arrive_by, arrive_by, arrive_by, ())
        barred = self.barred(avoiding) if avoiding else frozenset()
        result, arrival = self.scan_latest(source, target, to_seconds(arrive_by), barred)
        if result.time is None or arrival is None:
            return LatestDeparture(origin, destination, arrive_by, None, None, ())
        return LatestDeparture(
            origin,
            destination,
            arrive_by,
            from_seconds(result.time),
            from_seconds(arrival),
            t.legs_of(result.legs),
        )


def _aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise QueryInvalid(f"{name} {moment.isoformat()} has no UTC offset; give an aware instant")
