"""A cancelled or delayed connection re-plans and re-promises every shipment on it; the SLA monitor counts them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics import shipment_repository as store
from comptoir.logistics.domain.shipments import ShipmentRepromised, ShipmentStatus
from comptoir.logistics.errors import ShipmentInvalid, UnknownConnection
from comptoir.logistics.services import (
    PromiseEngines,
    disrupt_connection,
    get_shipment,
    list_disruptions,
    promise_health_by_lane,
    record_delivery,
)
from tests.integration.logistics.shipment_world import MON_FLIGHT, THU_FLIGHT, book, load_world


async def _disrupt(runtime: Runtime, engines: PromiseEngines, connection: str, kind: str, minutes: int = 0):  # type: ignore[no-untyped-def]
    return await transact(
        runtime,
        lambda uow: disrupt_connection(
            uow, engines=engines, connection_id=connection, kind=kind, delay_minutes=minutes
        ),
    )


async def _loads(runtime: Runtime, *connections: str) -> list[int]:
    async with runtime.uow() as uow:
        found = await store.loads(uow.session, connections)
    return [int(found[c]["booked_g"]) if c in found else 0 for c in connections]


async def _repromised(runtime: Runtime) -> list[str]:
    async with runtime.database.engine.connect() as conn:
        rows = await conn.exec_driver_sql("SELECT name FROM kernel_outbox ORDER BY id")
        return [r[0] for r in rows if r[0] == "logistics.ShipmentRepromised"]


async def test_a_cancelled_flight_moves_its_parcels_to_the_next_one_and_says_why(
    runtime: Runtime, clock: FrozenClock
) -> None:
    engines = await load_world(runtime, clock, capacity_kg=10)
    booked = [await book(runtime, engines, f"ord-{i}") for i in range(3)]
    assert {s.legs[0].connection for s in booked} == {THU_FLIGHT}
    outcome = await _disrupt(runtime, engines, THU_FLIGHT, "cancelled")
    assert (outcome.replanned, outcome.later, outcome.unplanned) == (3, 3, 0)
    async with runtime.uow() as uow:
        after = [await get_shipment(uow, key=s.id) for s in booked]
    for before, now in zip(booked, after, strict=True):
        assert now.legs[0].connection == MON_FLIGHT
        assert now.promised_by is not None and before.promised_by is not None and now.promised_by > before.promised_by
        assert now.first_promised_by == before.promised_by
        assert now.promise_reason == f"connection {THU_FLIGHT} cancelled"
        assert now.replans == 1
    assert await _loads(runtime, THU_FLIGHT, MON_FLIGHT) == [0, 3000]
    assert len(await _repromised(runtime)) == 3
    again = await _disrupt(runtime, engines, THU_FLIGHT, "cancelled")
    assert again.replanned == 0, "nothing is planned on a cancelled connection any more"
    # A parcel booked after the cancellation never gets on it.
    late = await book(runtime, engines, "ord-late")
    assert late.legs[0].connection == MON_FLIGHT


async def test_when_the_next_flight_has_room_for_some_the_rest_go_on_the_one_after(
    runtime: Runtime, clock: FrozenClock
) -> None:
    engines = await load_world(runtime, clock, capacity_kg=3)
    for i in range(3):
        await book(runtime, engines, f"ord-{i}")  # Thursday's 3 kg
    await book(runtime, engines, "ord-mon", grams=2000)  # Monday keeps 1 kg
    outcome = await _disrupt(runtime, engines, THU_FLIGHT, "cancelled")
    assert outcome.replanned == 3 and outcome.unplanned == 0
    thu_next = "HGH-LGG@2026-12-10"
    assert await _loads(runtime, THU_FLIGHT, MON_FLIGHT, thu_next) == [0, 3000, 2000]


async def test_a_delayed_flight_keeps_its_parcels_with_a_later_promise(runtime: Runtime, clock: FrozenClock) -> None:
    engines = await load_world(runtime, clock)
    shipment = await book(runtime, engines, "ord-1")
    outcome = await _disrupt(runtime, engines, THU_FLIGHT, "delayed", 600)
    assert outcome.replanned == 1
    async with runtime.uow() as uow:
        now = await get_shipment(uow, key=shipment.id)
    assert now.legs[0].connection == THU_FLIGHT
    assert now.legs[0].departs_at == shipment.legs[0].departs_at + timedelta(minutes=600)
    assert now.promised_by is not None and shipment.promised_by is not None
    assert now.promised_by >= shipment.promised_by
    assert await _loads(runtime, THU_FLIGHT) == [1000]


@pytest.mark.parametrize(
    ("connection", "kind", "minutes", "error"),
    [
        ("HGH-LGG@2026-12-04", "cancelled", 0, UnknownConnection),  # no flight on a Friday
        ("NOPE", "cancelled", 0, UnknownConnection),
        (THU_FLIGHT, "delayed", 0, ShipmentInvalid),
        (THU_FLIGHT, "cancelled", 30, ShipmentInvalid),
        (THU_FLIGHT, "postponed", 0, ShipmentInvalid),
    ],
)
async def test_bad_disruptions_are_refused_and_change_nothing(
    runtime: Runtime, clock: FrozenClock, connection: str, kind: str, minutes: int, error: type[Exception]
) -> None:
    engines = await load_world(runtime, clock)
    shipment = await book(runtime, engines, "ord-1")
    with pytest.raises(error):
        await _disrupt(runtime, engines, connection, kind, minutes)
    async with runtime.uow() as uow:
        assert await list_disruptions(uow) == []
        assert await get_shipment(uow, key=shipment.id) == shipment


async def test_the_sla_monitor_counts_promises_on_track_at_risk_and_broken_per_lane(
    runtime: Runtime, clock: FrozenClock
) -> None:
    engines = await load_world(runtime, clock, capacity_kg=10)
    kept = await book(runtime, engines, "ord-kept")
    slipped = await book(runtime, engines, "ord-slipped")
    late = await book(runtime, engines, "ord-late", zone="CN-31")
    assert kept.promised_by is not None and late.promised_by is not None
    await transact(
        runtime,
        lambda uow: record_delivery(uow, parcel=late.parcel_id, delivered_at=late.promised_by + timedelta(hours=1)),
    )
    # ord-slipped is moved to a later flight by a delay that only it is affected by? Both Thursday parcels are:
    # delay the flight, so both are re-promised later, then deliver one on time.
    await _disrupt(runtime, engines, THU_FLIGHT, "cancelled")
    async with runtime.uow() as uow:
        lanes = await promise_health_by_lane(uow, now=kept.ready_at)
    by_lane = {(lane.origin, lane.station): lane for lane in lanes}
    paris = by_lane[("HGH", "FRPAR")]
    assert (paris.on_track, paris.at_risk, paris.broken) == (0, 2, 0)
    shanghai = by_lane[("HGH", "CNSHA")]
    assert (shanghai.on_track, shanghai.at_risk, shanghai.broken) == (0, 0, 1)
    async with runtime.uow() as uow:
        much_later = await promise_health_by_lane(uow, now=kept.promised_by + timedelta(days=30))
    assert {(lane.station, lane.broken) for lane in much_later} == {("FRPAR", 2), ("CNSHA", 1)}
    assert slipped.status is ShipmentStatus.PLANNED
    assert ShipmentRepromised.__name__ == "ShipmentRepromised"
