"""Booking parcels onto the network's capacity, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.logistics import is_s10
from comptoir.logistics import shipment_repository as store
from comptoir.logistics.domain.shipments import ShipmentStatus
from comptoir.logistics.errors import ShipmentInvalid, ShipmentNotFound, UnknownHub, UnknownZone
from comptoir.logistics.services import get_shipment
from tests.integration.logistics.shipment_world import MON_FLIGHT, THU_FLIGHT, book, load_world


async def _booked(runtime: Runtime, connection: str) -> int:
    async with runtime.uow() as uow:
        found = await store.loads(uow.session, [connection])
    return int(found[connection]["booked_g"]) if connection in found else 0


async def test_a_full_first_flight_pushes_the_third_parcel_to_the_next_one_and_its_promise_says_so(
    runtime: Runtime, clock: FrozenClock
) -> None:
    engines = await load_world(runtime, clock, capacity_kg=2)
    first = await book(runtime, engines, "ord-1")
    second = await book(runtime, engines, "ord-2")
    third = await book(runtime, engines, "ord-3")
    assert [first.legs[0].connection, second.legs[0].connection] == [THU_FLIGHT, THU_FLIGHT]
    assert first.promise_reason is None and first.status is ShipmentStatus.PLANNED
    assert third.legs[0].connection == MON_FLIGHT
    assert third.promise_reason == f"first flight full ({THU_FLIGHT})"
    assert third.promised_by is not None and first.promised_by is not None
    assert third.promised_by > first.promised_by
    assert await _booked(runtime, THU_FLIGHT) == 2000
    assert await _booked(runtime, MON_FLIGHT) == 1000
    assert is_s10(first.parcel_id) and first.parcel_id.startswith("EB") and first.parcel_id.endswith("CN")
    assert len({first.parcel_id, second.parcel_id, third.parcel_id}) == 3


async def test_booking_the_same_order_again_books_nothing_more(runtime: Runtime, clock: FrozenClock) -> None:
    engines = await load_world(runtime, clock)
    first = await book(runtime, engines, "ord-1")
    again = await book(runtime, engines, "ord-1", grams=1500)
    assert again == first
    assert await _booked(runtime, THU_FLIGHT) == 1000


@pytest.mark.parametrize("grams", [0, -5, 70_001, 10**12])
async def test_a_weight_of_nothing_or_beyond_a_parcel_is_refused_and_changes_nothing(
    runtime: Runtime, clock: FrozenClock, grams: int
) -> None:
    engines = await load_world(runtime, clock)
    with pytest.raises(ShipmentInvalid):
        await book(runtime, engines, "ord-1", grams=grams)
    async with runtime.uow() as uow:
        assert await store.shipments_page(uow.session, operator_org_id=None, after=None, limit=5) == []
    assert await _booked(runtime, THU_FLIGHT) == 0


async def test_unknown_hubs_and_zones_are_refused(runtime: Runtime, clock: FrozenClock) -> None:
    engines = await load_world(runtime, clock)
    with pytest.raises(UnknownHub):
        await book(runtime, engines, "ord-1", origin="XXX")
    with pytest.raises(UnknownZone):
        await book(runtime, engines, "ord-1", zone="FR-99")


async def test_a_shipment_reads_back_with_its_plan_by_id_or_parcel_id(runtime: Runtime, clock: FrozenClock) -> None:
    engines = await load_world(runtime, clock)
    booked = await book(runtime, engines, "ord-1")
    async with runtime.uow() as uow:
        by_id = await get_shipment(uow, key=booked.id)
        by_parcel = await get_shipment(uow, key=booked.parcel_id.lower())
        with pytest.raises(ShipmentNotFound):
            await get_shipment(uow, key="shp_nothing")
    assert by_id == by_parcel == booked
    assert [m.kind.value for m in booked.milestones][-1] == "delivered_by"


async def test_without_a_network_the_shipment_waits_unplanned_with_an_s10_id_of_the_given_country(
    runtime: Runtime,
) -> None:
    from comptoir.logistics.services import PromiseEngines

    engines = PromiseEngines.of(runtime.database)
    shipment = await book(runtime, engines, "ord-1", origin="CDG", zone="CN-31", s10_country="FR", ready_at=None)
    assert shipment.status is ShipmentStatus.UNPLANNED and shipment.legs == ()
    assert shipment.parcel_id.startswith("EB") and shipment.parcel_id.endswith("FR")
