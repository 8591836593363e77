"""A paid order into China is declared to customs by the outbox: the order, payment and waybill records are
filed and matched; customs accepting all three moves the order to ``declared`` (it may ship), a rejection is
written in its history and the order stays unshippable. On SQLite and on PostgreSQL."""

from __future__ import annotations

from functools import partial

import pytest

from comptoir import customs, orders
from comptoir.kernel.outbox import OutboxWorker
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.web import subscribe_all
from tests.integration.orders.world import OrdersWorld, build_orders_world


async def _paid_order(runtime: Runtime, w: OrdersWorld) -> orders.Order:
    cart = await transact(runtime, partial(orders.open_cart, holder_id=w.buyer, market="CN"))
    await transact(
        runtime,
        partial(orders.set_line, holder_id=w.buyer, cart_id=cart.id, sku_id=w.perfume.variants[0].id, quantity=1),
    )

    async def quote(uow: UnitOfWork) -> None:
        found = await orders.cart(uow, holder_id=w.buyer, cart_id=cart.id, lock=True)
        await orders.quote_cart(uow, cart=found, vault=w.vault, engines=w.engines)

    await transact(runtime, quote)
    done = await transact(
        runtime,
        partial(orders.checkout, holder_id=w.buyer, cart_id=cart.id, vault=w.vault, engines=w.engines, pay=True),
    )
    return done.orders[0]


async def _drain(runtime: Runtime) -> None:
    worker = OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock)
    while await worker.run_once():
        pass


async def _status(runtime: Runtime, w: OrdersWorld, order_id: str) -> orders.OrderStatus:
    return (await transact(runtime, partial(orders.buyer_order, holder_id=w.buyer, order_id=order_id))).status


async def test_customs_clearing_the_three_documents_lets_the_order_ship(runtime: Runtime) -> None:
    subscribe_all(runtime)
    fake = customs.FakeCustomsFiling()
    customs.use_filing(runtime, fake)
    w = await build_orders_world(runtime)
    order = await _paid_order(runtime, w)
    await _drain(runtime)  # OrderPaid: the three records are filed
    declared = await transact(runtime, partial(customs.declaration, order_id=order.id))
    assert sorted(f.kind for f in declared.filings) == ["order", "payment", "waybill"]
    assert declared.mismatches == ()
    waybill = next(f for f in declared.filings if f.kind == "waybill").document
    assert str(waybill["waybill_no"]).startswith("EB") and str(waybill["waybill_no"]).endswith("FR")
    assert await customs.send_filings(runtime) == 3
    await _drain(runtime)  # CustomsCleared: the order may ship
    assert await _status(runtime, w, order.id) is orders.OrderStatus.DECLARED
    await _drain(runtime)
    assert await customs.send_filings(runtime) == 0  # nothing is filed twice
    shipped = await transact(
        runtime, partial(orders.mark_shipped, principal=w.payments.identity.brand.principal, order_id=order.id)
    )
    assert shipped.status is orders.OrderStatus.SHIPPED


async def test_a_rejected_waybill_keeps_the_order_from_shipping(runtime: Runtime) -> None:
    subscribe_all(runtime)
    customs.use_filing(runtime, customs.FakeCustomsFiling().reject("waybill", "consignee ID unknown"))
    w = await build_orders_world(runtime)
    order = await _paid_order(runtime, w)
    await _drain(runtime)
    await customs.send_filings(runtime)
    await _drain(runtime)
    assert await _status(runtime, w, order.id) is orders.OrderStatus.PAID
    history = await transact(runtime, partial(orders.changes_of, order_id=order.id))
    assert history[-1].action == "customs_rejected" and "consignee ID unknown" in history[-1].note
    with pytest.raises(orders.OrderStateRefused):
        await transact(
            runtime, partial(orders.mark_shipped, principal=w.payments.identity.brand.principal, order_id=order.id)
        )
