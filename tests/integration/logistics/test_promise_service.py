"""The promise service over the stored network: one engine per network version and horizon."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.errors import NetworkNotLoaded
from comptoir.logistics.promise_text import order_within_text
from comptoir.logistics.services import PromiseEngines, import_network, order_within, promise_delivery
from comptoir.logistics.services import promises as promises_module
from tests.unit.logistics.network_sample import sample_document

READY = datetime(2026, 12, 1, tzinfo=UTC)


async def _import_sample(runtime: Runtime) -> None:
    await transact(runtime, lambda uow: import_network(uow, None, network=sample_document()))


async def test_a_promise_from_the_stored_network(runtime: Runtime) -> None:
    await _import_sample(runtime)
    engines = PromiseEngines.of(runtime.database)
    promise = await transact(
        runtime, lambda uow: promise_delivery(uow, engines=engines, origin="HGH", zone="FR-75", ready_at=READY)
    )
    assert promise is not None
    assert promise.delivered_by == datetime(2026, 12, 6, 22, 59, 59, tzinfo=UTC)


async def test_the_engine_is_kept_until_the_network_changes_or_time_leaves_its_horizon(runtime: Runtime) -> None:
    await _import_sample(runtime)
    engines = PromiseEngines.of(runtime.database)
    assert PromiseEngines.of(runtime.database) is engines, "one set of engines per database, shared by every request"
    async with runtime.uow() as uow:
        _, first = await engines.engine_for(uow, READY)
        _, again = await engines.engine_for(uow, READY + timedelta(days=3))
        assert again is first
        _, later = await engines.engine_for(uow, READY + timedelta(days=20))
        assert later is not first
        assert later.timetable.start <= READY + timedelta(days=20)
    await _import_sample(runtime)
    async with runtime.uow() as uow:
        _, rebuilt = await engines.engine_for(uow, READY + timedelta(days=20))
    assert rebuilt is not later


async def test_order_within_counts_down_to_the_last_ready_time_that_keeps_the_date(runtime: Runtime) -> None:
    await _import_sample(runtime)
    engines = PromiseEngines.of(runtime.database)
    async with runtime.uow() as uow:
        offer = await order_within(
            uow, engines=engines, origin="HGH", zone="CN-31", now=datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
        )
        prepared = await order_within(
            uow,
            engines=engines,
            origin="HGH",
            zone="FR-75",
            now=datetime(2026, 12, 1, tzinfo=UTC),
            preparation_minutes=90,
        )
    assert offer is not None and prepared is not None
    assert offer.order_by == datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
    assert order_within_text(offer, locale="en") == "Order within 1 h 0 min to receive it by Thursday"
    # Accepted on the Thu 3 Dec flight until 12:30Z, less 90 minutes of preparation.
    assert prepared.order_by == datetime(2026, 12, 3, 11, 0, tzinfo=UTC)
    assert prepared.remaining == timedelta(days=2, hours=11)


async def test_without_a_network_the_promise_says_none_is_loaded(runtime: Runtime) -> None:
    engines = PromiseEngines.of(runtime.database)
    async with runtime.uow() as uow:
        with pytest.raises(NetworkNotLoaded):
            await promise_delivery(uow, engines=engines, origin="HGH", zone="FR-75", ready_at=READY)


async def test_the_engine_is_built_once_off_the_event_loop_while_other_requests_go_on(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from comptoir.logistics._engine import PromiseEngine

    await _import_sample(runtime)
    real_build = PromiseEngine.for_network
    builds: list[bool] = []

    def slow_build(*args: object, **kwargs: object) -> PromiseEngine:
        builds.append(True)
        time.sleep(0.3)  # CPU-bound unrolling, as on a large network; blocking the loop would stop the ticks
        return real_build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PromiseEngine, "for_network", staticmethod(slow_build))
    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    async def ask() -> object:
        engines = PromiseEngines.of(runtime.database)  # as each request does
        async with runtime.uow() as uow:
            return (await engines.engine_for(uow, READY))[1]

    ticking = asyncio.create_task(ticker())
    engines = await asyncio.gather(*(ask() for _ in range(5)))
    stop.set()
    await ticking
    assert len(builds) == 1, "five requests at once share one build"
    assert len({id(engine) for engine in engines}) == 1
    assert ticks >= 5, "the event loop kept serving while the engine was built"


async def test_the_network_is_read_from_storage_once_per_version_not_once_per_request(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _import_sample(runtime)
    engines = PromiseEngines(runtime.database)
    loads = 0
    real_load = promises_module.load_stored_network

    async def counting_load(uow):  # type: ignore[no-untyped-def]
        nonlocal loads
        loads += 1
        return await real_load(uow)

    monkeypatch.setattr(promises_module, "load_stored_network", counting_load)
    first = await transact(runtime, engines.network)
    for _ in range(3):
        assert await transact(runtime, engines.network) is first
        await transact(
            runtime, lambda uow: promise_delivery(uow, engines=engines, origin="HGH", zone="FR-75", ready_at=READY)
        )
    assert loads == 1
    await _import_sample(runtime)  # a new version: read once more, then kept again
    second = await transact(runtime, engines.network)
    assert second is not first and await transact(runtime, engines.network) is second
    assert loads == 2
