"""The buyer's tracking page over ASGI: from the order page to the parcel's planned steps and promised date, in
zh-Hans, fr and en; a cancelled flight shows the new date and why in plain words. Another buyer's order, an
unknown or malformed order id, and a visitor signed out get no parcel, and never a 500."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import httpx
import pytest
from fastapi import FastAPI

from comptoir import customs, logistics
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.orders.test_orders_pages import buyer, paid_order, text_of
from tests.integration.orders.test_customs_declaration import _drain
from tests.integration.orders.test_paid_order_shipments import _network
from tests.integration.orders.world import OrdersWorld, build_orders_world


@pytest.fixture
async def world(runtime: Runtime, app: FastAPI) -> OrdersWorld:
    """The orders world with a network from Paris to Shanghai (the app, built first, subscribes the handlers)."""
    customs.use_filing(runtime, customs.FakeCustomsFiling())
    w = await build_orders_world(runtime)
    await transact(runtime, lambda uow: logistics.import_network(uow, None, network=_network()))
    return w


async def _shipped(app: FastAPI, runtime: Runtime, w: OrdersWorld) -> tuple[httpx.AsyncClient, str, logistics.Shipment]:
    client, order_id = await paid_order(app, w)
    await _drain(runtime)
    order = await client.get(f"/shop/orders/{order_id}")
    assert f'href="/shop/orders/{order_id}/tracking"' in order.text
    listed = await transact(runtime, partial(logistics.list_shipments, limit=10))
    [found] = [s for s in listed if s.order_reference == order_id]
    return client, order_id, found


async def test_the_buyer_follows_the_parcel_in_chinese_french_and_english(
    app: FastAPI, runtime: Runtime, world: OrdersWorld
) -> None:
    client, order_id, shipment = await _shipped(app, runtime, world)
    page = await client.get(f"/shop/orders/{order_id}/tracking")
    assert page.status_code == 200, page.text
    shown = text_of(page.text)
    assert "我的包裹在哪里" in shown and shipment.parcel_id in shown
    assert "预计" in shown and "承诺的送达日期仍然有效" in shown
    assert page.text.count('data-testid="milestone"') == len(shipment.milestones) > 0
    assert "清关完成" in shown
    french = text_of((await client.get(f"/shop/orders/{order_id}/tracking", headers={"accept-language": "fr"})).text)
    assert "Où est mon colis" in french and "La date promise tient toujours." in french
    english = text_of((await client.get(f"/shop/orders/{order_id}/tracking", headers={"accept-language": "en"})).text)
    assert "Where is my parcel?" in english and "No report from a carrier yet." in english

    # A carrier reports the parcel in transit at Paris CDG: the page lists it.
    seen_at = runtime.clock.now() - timedelta(hours=1)
    event = logistics.TrackingEvent(shipment.parcel_id, seen_at, "CDG", logistics.TrackingStatus.IN_TRANSIT, "EMC")
    await transact(runtime, lambda uow: logistics.ingest_tracking_events(uow, None, events=[event], source="api"))
    page = await client.get(f"/shop/orders/{order_id}/tracking", headers={"accept-language": "en"})
    assert page.text.count('data-testid="seen-event"') == 1 and "In transit · CDG" in text_of(page.text)
    await client.aclose()


async def test_a_cancelled_flight_shows_the_new_date_and_why(
    app: FastAPI, runtime: Runtime, world: OrdersWorld
) -> None:
    client, order_id, shipment = await _shipped(app, runtime, world)
    flight = shipment.legs[0].connection
    engines = logistics.PromiseEngines.of(runtime.database)
    await transact(
        runtime, partial(logistics.disrupt_connection, engines=engines, connection_id=flight, kind="cancelled")
    )
    await _drain(runtime)
    page = text_of((await client.get(f"/shop/orders/{order_id}/tracking")).text)
    assert "已取消：您的包裹将改乘下一班" in page and flight.split("@")[0] in page
    assert "承诺的送达日期仍然有效" not in page
    english = text_of((await client.get(f"/shop/orders/{order_id}/tracking", headers={"accept-language": "en"})).text)
    assert "was cancelled: your parcel takes the next one." in english and "New date: the first promise was" in english
    await client.aclose()


async def test_nobody_else_sees_the_parcel(app: FastAPI, runtime: Runtime, world: OrdersWorld) -> None:
    client, order_id, shipment = await _shipped(app, runtime, world)
    other = await buyer(app, world.payments.other_tourist.phone, next_url="/shop/orders")
    theirs = await other.get(f"/shop/orders/{order_id}/tracking")
    assert theirs.status_code == 404 and shipment.parcel_id not in theirs.text
    unknown = await client.get("/shop/orders/ord_01JD3Q5X7Z8K9M2N4P6R8T0V2W/tracking")
    assert unknown.status_code == 404
    malformed = await client.get("/shop/orders/nope/tracking")
    assert malformed.status_code in (404, 422) and shipment.parcel_id not in malformed.text
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://comptoir.test") as visitor:
        away = await visitor.get(f"/shop/orders/{order_id}/tracking")
        assert away.status_code == 303 and "/wallet/sign-in" in away.headers["location"]
    await other.aclose()
    await client.aclose()
