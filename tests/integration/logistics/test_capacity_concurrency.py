"""Concurrent bookings never put more on a connection than its capacity, on SQLite and on PostgreSQL (where
they really run at once: each conditional UPDATE waits for the row and is checked again on its new value)."""

from __future__ import annotations

import asyncio

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.ids import new_id
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.logistics import shipment_repository as store
from comptoir.logistics.services import list_shipments
from tests.integration.logistics.shipment_world import MON_FLIGHT, NOW, THU_FLIGHT, book, load_world


async def test_forty_transactions_racing_for_a_ten_kilogram_connection_book_exactly_ten_kilograms(
    runtime: Runtime,
) -> None:
    async with runtime.uow() as uow:
        await store.ensure_loads(uow.session, [{"connection_id": "C1", "departs_at": NOW, "capacity_g": 10_000}])
        await uow.commit()

    async def one(uow: UnitOfWork) -> bool:
        return await store.book_load(uow.session, "C1", grams=1000)

    results = await asyncio.gather(*(transact(runtime, one) for _ in range(40)))
    assert sum(results) == 10
    async with runtime.uow() as uow:
        row = (await store.loads(uow.session, ["C1"]))["C1"]
    assert (row["booked_g"], row["parcels"]) == (10_000, 10)


async def test_many_concurrent_bookings_on_one_small_flight_fill_it_and_move_the_rest_to_the_next(
    runtime: Runtime, clock: FrozenClock
) -> None:
    engines = await load_world(runtime, clock, capacity_kg=5)
    # Each names its own parcel id, so nothing but the flight's row is shared between the bookings.
    booked = await asyncio.gather(
        *(book(runtime, engines, f"ord-{i}", grams=1000, parcel=new_id("prc")) for i in range(24))
    )
    on_thursday = [s for s in booked if s.legs and s.legs[0].connection == THU_FLIGHT]
    on_monday = [s for s in booked if s.legs and s.legs[0].connection == MON_FLIGHT]
    assert len(on_thursday) == 5 and len(on_monday) == 5
    async with runtime.uow() as uow:
        loads = await store.loads(uow.session, [THU_FLIGHT, MON_FLIGHT])
        stored = await list_shipments(uow, limit=100)
    assert [loads[c]["booked_g"] for c in (THU_FLIGHT, MON_FLIGHT)] == [5000, 5000]
    assert len(stored) == 24
    # Every kilogram booked on a flight belongs to a shipment planned on it.
    for connection in (THU_FLIGHT, MON_FLIGHT):
        on = [s for s in stored if any(leg.connection == connection for leg in s.legs)]
        assert sum(s.weight_g for s in on) == loads[connection]["booked_g"]


async def test_concurrent_bookings_of_one_order_make_one_shipment(runtime: Runtime, clock: FrozenClock) -> None:
    engines = await load_world(runtime, clock, capacity_kg=50)
    booked = await asyncio.gather(*(book(runtime, engines, "ord-same", grams=1000) for _ in range(8)))
    assert len({s.id for s in booked}) == 1
    async with runtime.uow() as uow:
        assert (await store.loads(uow.session, [THU_FLIGHT]))[THU_FLIGHT]["booked_g"] == 1000
