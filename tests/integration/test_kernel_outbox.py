from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from comptoir.kernel.events import event
from comptoir.kernel.outbox import OutboxWorker, outbox_table
from comptoir.kernel.runtime import Runtime


@event("test_outbox.BrandSignedUp", version=1)
@dataclass(frozen=True)
class BrandSignedUp:
    brand: str


@event("test_outbox.RefundRequested", version=1)
@dataclass(frozen=True)
class RefundRequested:
    order_id: str


@event("test_outbox.ReservationsSwept", version=1)
@dataclass(frozen=True)
class ReservationsSwept:
    count: int


async def test_an_event_published_in_a_committed_unit_of_work_reaches_its_handler_once(runtime: Runtime) -> None:
    seen: list[str] = []

    async def handler(event: BrandSignedUp, *, event_id: str) -> None:
        seen.append(event.brand)

    runtime.bus.subscribe(BrandSignedUp, handler)
    async with runtime.uow() as uow:
        uow.publish(BrandSignedUp("Maison Lune"))
        await uow.commit()

    worker = OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock)
    assert await worker.run_once() == 1
    assert await worker.run_once() == 0
    assert seen == ["Maison Lune"]


async def test_an_event_from_a_rolled_back_unit_of_work_is_never_delivered(runtime: Runtime) -> None:
    async with runtime.uow() as uow:
        uow.publish(BrandSignedUp("ghost"))
    async with runtime.database.session() as session:
        assert (await session.execute(select(outbox_table))).all() == []


async def test_a_failing_handler_is_retried_later_and_does_not_block_others(runtime: Runtime, clock) -> None:
    calls = {"bad": 0, "good": 0}

    async def bad(event: RefundRequested, *, event_id: str) -> None:
        calls["bad"] += 1
        if calls["bad"] == 1:
            raise RuntimeError("downstream unavailable")

    async def good(event: BrandSignedUp, *, event_id: str) -> None:
        calls["good"] += 1

    runtime.bus.subscribe(RefundRequested, bad)
    runtime.bus.subscribe(BrandSignedUp, good)
    async with runtime.uow() as uow:
        uow.publish(RefundRequested("ord_1"))
        uow.publish(BrandSignedUp("Maison Lune"))
        await uow.commit()
    worker = OutboxWorker(runtime.database, runtime.bus, clock=clock)
    assert await worker.run_once() == 1
    assert calls == {"bad": 1, "good": 1}
    clock.advance(hours=2)
    assert await worker.run_once() == 1
    assert calls == {"bad": 2, "good": 1}


async def test_the_worker_runs_its_chores_and_a_failing_chore_does_not_stop_delivery(runtime: Runtime) -> None:
    import asyncio

    ran: list[str] = []
    delivered = asyncio.Event()

    async def broken_chore() -> None:
        ran.append("broken")
        raise RuntimeError("disk full")

    async def purge() -> None:
        ran.append("purge")

    async def handler(event: ReservationsSwept, *, event_id: str) -> None:
        delivered.set()

    runtime.bus.subscribe(ReservationsSwept, handler)
    async with runtime.uow() as uow:
        uow.publish(ReservationsSwept(3))
        await uow.commit()
    stop = asyncio.Event()
    worker = OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock)
    task = asyncio.create_task(worker.run_forever(stop=stop, poll_interval=0.01, chores=[broken_chore, purge]))
    await asyncio.wait_for(delivered.wait(), timeout=30)
    stop.set()
    await task
    assert ran[:2] == ["broken", "purge"]
