"""A paid order gets its parcel booked with logistics, once, and customs receives that parcel's waybill; a
disruption that re-plans the parcel moves the date the buyer is shown. On SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from comptoir import customs, logistics, orders
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.web import subscribe_all
from tests.integration.orders.test_customs_declaration import _drain, _paid_order
from tests.integration.orders.world import OrdersWorld, build_orders_world

_DAILY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _network() -> dict[str, Any]:
    def service(ident: str, origin: str, to: str, departs: str, minutes: int) -> dict[str, Any]:
        return {
            "id": ident,
            "mode": "air",
            "from": origin,
            "to": to,
            "days": _DAILY,
            "departs": departs,
            "duration_minutes": minutes,
            "cutoff_minutes": 120,
            "ready_minutes": 60,
            "capacity_kg": 50000,
        }

    return {
        "hubs": [
            {"code": "CDG", "name": "Paris CDG", "country": "FR", "tz": "Europe/Paris", "kind": "gateway"},
            {"code": "PVG", "name": "Shanghai Pudong", "country": "CN", "tz": "Asia/Shanghai", "kind": "gateway"},
            {"code": "CNSHA", "name": "Shanghai", "country": "CN", "tz": "Asia/Shanghai", "kind": "delivery_station"},
        ],
        "services": [
            service("CDG-PVG", "CDG", "PVG", "21:00", 720),
            service("PVG-CNSHA", "PVG", "CNSHA", "06:00", 120),
        ],
        "clearance": [{"hub": "PVG", "regime": "CN-CBEC", "minutes_p50": 240, "minutes_p95": 600}],
        "last_mile": [{"hub": "CNSHA", "zone": "CN-31", "days": 1, "cutoff_local": "14:00"}],
    }


async def _paid_and_handled(runtime: Runtime) -> tuple[OrdersWorld, orders.Order, Any]:
    """A world with a network to Shanghai, an order paid and its OrderPaid handled; and how to find its shipment."""
    subscribe_all(runtime)
    customs.use_filing(runtime, customs.FakeCustomsFiling())
    w = await build_orders_world(runtime)
    await transact(runtime, lambda uow: logistics.import_network(uow, None, network=_network()))
    order = await _paid_order(runtime, w)
    await _drain(runtime)
    find = partial(logistics.shipment_for_order, seller_org_id=order.merchant_org_id, order_reference=order.id)
    return w, order, find


async def test_a_paid_order_ships_once_and_customs_gets_the_parcels_waybill(runtime: Runtime) -> None:
    w, order, find = await _paid_and_handled(runtime)
    shipment = await transact(runtime, find)
    assert shipment is not None and shipment.status is logistics.ShipmentStatus.PLANNED
    assert shipment.origin == "CDG" and shipment.station == "CNSHA" and shipment.parcel_id.endswith("FR")
    assert shipment.waybill.consignee.endswith("**") and shipment.waybill.consignee_key == order.person_key
    declared = await transact(runtime, partial(customs.declaration, order_id=order.id))
    assert declared.mismatches == ()
    waybill = next(f for f in declared.filings if f.kind == "waybill").document
    assert waybill["waybill_no"] == shipment.parcel_id
    assert waybill["weight_g"] == shipment.weight_g

    # OrderPaid delivered again (at least once): nothing more is booked.
    event = orders.OrderPaid(
        order_id=order.id,
        merchant_org_id=order.merchant_org_id,
        store_id=order.store_id,
        lane=order.lane,
        payment_id=order.payment_id or "",
        holder_id=order.holder_id,
        zone=order.zone or "",
        amount_minor=order.amount.minor,
        currency=order.amount.currency,
    )
    await orders.order_paid_handler(runtime, w.vault)(event, event_id="again")
    assert await transact(runtime, find) == shipment
    listed = await transact(runtime, partial(logistics.list_shipments, limit=10))
    assert [s.id for s in listed] == [shipment.id]


async def test_a_cancelled_flight_moves_the_buyers_promised_date(runtime: Runtime) -> None:
    w, order, find = await _paid_and_handled(runtime)
    shipment = await transact(runtime, find)
    assert shipment is not None and shipment.promised_date is not None
    engines = logistics.PromiseEngines.of(runtime.database)
    flight = shipment.legs[0].connection
    await transact(
        runtime,
        partial(logistics.disrupt_connection, engines=engines, connection_id=flight, kind="cancelled"),
    )
    await _drain(runtime)
    moved = await transact(runtime, find)
    assert moved is not None and moved.promised_date is not None and moved.promised_date > shipment.promised_date
    seen = await transact(runtime, partial(orders.buyer_order, holder_id=w.buyer, order_id=order.id))
    assert seen.promised_by == moved.promised_date
    history = await transact(runtime, partial(orders.changes_of, order_id=order.id))
    assert any(c.action == "repromised" and flight in c.note for c in history)
    assert isinstance(seen.promised_by, date)
