"""The delivery promise over the stored network, answered by engines shared by every request.

Building a :class:`PromiseEngine` unrolls the whole network, so it is built once per stored network
version and kept in the :class:`PromiseEngines` of its database, shared by every request; it is rebuilt
when an import changes the version, or when a query falls outside its horizon (time moved on). The
build runs in a worker thread, one at a time per database, and the new engine replaces the old one whole.

An entry point hands ``PromiseEngines.of(runtime.database)`` to :func:`promise_delivery` and
:func:`order_within`; they run inside the caller's unit of work and only read.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from comptoir.kernel.clock import utc
from comptoir.kernel.database import Database
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.logistics._engine import PromiseEngine
from comptoir.logistics.domain import (
    Network,
    OrderWithin,
    Promise,
    compute_promise,
    format_instant,
    latest_ready_for,
)
from comptoir.logistics.errors import NetworkNotLoaded, QueryInvalid
from comptoir.logistics.services.network import load_stored_network, stored_network_version

LOOK_BACK = timedelta(days=7)
"""How far before a query time a new horizon starts (so slightly earlier queries reuse it)."""
REACH = timedelta(days=28)
"""How much timetable a query needs after its time (the longest line-haul, rail, takes ~16 days)."""
HORIZON_DAYS = 42

PROMISE_WINDOW = timedelta(days=366)
"""Promises are made for ready times within a year of the clock, either way."""


@dataclass
class _Desk:
    version: int
    network: Network
    engine: PromiseEngine | None = None


class PromiseEngines:
    """The promise engines of one database: the engine of its stored network's current version.

    Use :meth:`of` for the one shared by every request on a database in this process; a test may make
    its own. Requests arriving while an engine is built wait for that build and share it.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self._desk: _Desk | None = None
        self._building = asyncio.Lock()

    @classmethod
    def of(cls, database: Database) -> PromiseEngines:
        """The engines shared by every request on ``database`` in this process."""
        engines = _shared.get(database)
        if engines is None:
            engines = _shared[database] = cls(database)
        return engines

    async def engine_for(
        self, uow: UnitOfWork, at: datetime, *, until: datetime | None = None
    ) -> tuple[Network, PromiseEngine]:
        """The stored network and an engine whose horizon covers [at, max(at + REACH, until)].

        The same engine is returned until the stored network's version changes or a query leaves its
        horizon. Reads the version (and, for a new version, the network) in ``uow``. Raises
        :class:`NetworkNotLoaded` when no network was imported.
        """
        if uow.database is not self.database:
            raise ValueError("these promise engines belong to another database than the unit of work's")
        at = utc(at)
        version = await stored_network_version(uow)
        if version is None:
            raise NetworkNotLoaded()
        needed_end = max(at + REACH, until or at)
        desk = self._desk
        if desk is not None and desk.version == version and _covers(desk.engine, at, needed_end):
            assert desk.engine is not None
            return desk.network, desk.engine
        async with self._building:
            desk = await self._desk_of(uow, version)
            engine = desk.engine
            if not _covers(engine, at, needed_end):
                start = (at - LOOK_BACK).replace(hour=0, minute=0, second=0, microsecond=0)
                days = max(HORIZON_DAYS, (needed_end - start).days + 1)
                # Unrolling a large network takes seconds of CPU: off the event loop, so other requests go on.
                engine = await asyncio.to_thread(PromiseEngine.for_network, desk.network, start=start, days=days)
                desk.engine = engine  # swapped whole: requests holding the previous engine keep using it
        assert engine is not None
        return desk.network, engine

    async def network(self, uow: UnitOfWork) -> Network:
        """The stored network of the current version, the one its engine is built from.

        Read from storage only when an import changed the version (each call reads the version);
        :class:`NetworkNotLoaded` when no network was imported.
        """
        if uow.database is not self.database:
            raise ValueError("these promise engines belong to another database than the unit of work's")
        version = await stored_network_version(uow)
        if version is None:
            raise NetworkNotLoaded()
        desk = self._desk
        if desk is not None and desk.version == version:
            return desk.network
        async with self._building:
            return (await self._desk_of(uow, version)).network

    async def _desk_of(self, uow: UnitOfWork, version: int) -> _Desk:
        """The desk of ``version``, loading its network if the current desk is another's (hold ``_building``)."""
        desk = self._desk  # another request may have loaded it while this one waited
        if desk is None or desk.version != version:
            stored = await load_stored_network(uow)
            if stored is None:
                raise NetworkNotLoaded()
            desk = self._desk = _Desk(stored.version, stored.network)
        return desk


_shared: WeakKeyDictionary[Database, PromiseEngines] = WeakKeyDictionary()


def _covers(engine: PromiseEngine | None, at: datetime, end: datetime) -> bool:
    return engine is not None and engine.timetable.start <= at and end <= engine.timetable.end


def _check_within_a_year(uow: UnitOfWork, ready_at: datetime) -> None:
    now = uow.clock.now()
    if abs(utc(ready_at) - now) > PROMISE_WINDOW:
        raise QueryInvalid(
            f"ready_at {format_instant(ready_at)} is more than a year away from now ({format_instant(now)})"
        )


async def promise_delivery(
    uow: UnitOfWork,
    *,
    engines: PromiseEngines,
    origin: str,
    zone: str,
    ready_at: datetime,
    regime: str | None = None,
) -> Promise | None:
    """The earliest delivery promise for a parcel ready at hub ``origin`` at ``ready_at``, to last-mile ``zone``.

    None when no path delivers it within the engine's horizon. Raises :class:`UnknownHub`,
    :class:`UnknownZone`, :class:`QueryInvalid` (a ready time more than a year from the clock) or
    :class:`NetworkNotLoaded`. Reads only.
    """
    _check_within_a_year(uow, ready_at)
    network, engine = await engines.engine_for(uow, ready_at)
    return compute_promise(engine, network, origin, zone, utc(ready_at), regime=regime)


async def order_within(
    uow: UnitOfWork,
    *,
    engines: PromiseEngines,
    origin: str,
    zone: str,
    now: datetime | None = None,
    regime: str | None = None,
    preparation_minutes: int = 0,
) -> OrderWithin | None:
    """How long a buyer has to order (at ``now``, default the clock) and still get today's promise.

    The parcel is ready at ``origin`` ``preparation_minutes`` after the order. The deadline is the
    latest ready time (reverse scan) that still makes the same delivery date, less the preparation.
    None when no path delivers at all. Reads only.
    """
    moment = utc(now) if now is not None else uow.clock.now()
    preparation = timedelta(minutes=max(0, preparation_minutes))
    ready_at = moment + preparation
    promise = await promise_delivery(uow, engines=engines, origin=origin, zone=zone, ready_at=ready_at, regime=regime)
    if promise is None:
        return None
    network, engine = await engines.engine_for(uow, ready_at, until=promise.delivered_by)
    latest = latest_ready_for(engine, network, origin, zone, promise.delivery_date, regime=regime)
    order_by = max(moment, (latest or ready_at) - preparation)
    return OrderWithin(now=moment, order_by=order_by, remaining=order_by - moment, promise=promise)
