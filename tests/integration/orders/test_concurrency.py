"""Many buyers at once: the last units of a product are sold exactly once, a single-use coupon is taken by one
checkout, and the same buyer's retried checkout places one set of orders. On SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import date
from functools import partial

from comptoir import inventory, orders, payments, pricing
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from tests.integration.orders.world import GOOD_ID, OrdersWorld, build_orders_world
from tests.integration.payments.world import assert_ledger_clean


async def _buyers(runtime: Runtime, w: OrdersWorld, count: int) -> list[str]:
    """``count`` buyers, each with a wallet holding 3,000 CNY, an identity and an address in Shanghai."""
    holders = []
    for n in range(count):
        holder = await transact(
            runtime,
            partial(
                payments.open_wallet,
                settings=runtime.settings,
                display_name=f"买家{n}",
                phone=f"+86139{n:08d}",
                password="mot de passe long",
            ),
        )

        async def prepare(uow: UnitOfWork, holder_id: str = holder.id) -> None:
            await payments.top_up(
                uow, holder_id=holder_id, amount=Money.parse("3000.00", "CNY"), request_id="t", bank_reference="b"
            )
            await orders.set_buyer_identity(
                uow, vault=w.vault, holder_id=holder_id, real_name="张伟", id_number=GOOD_ID
            )
            await orders.set_delivery(
                uow, vault=w.vault, holder_id=holder_id, zone="CN-31", address="上海市静安区 1 号", phone="13900000000"
            )

        await transact(runtime, prepare)
        holders.append(holder.id)
    return holders


async def _buy(runtime: Runtime, w: OrdersWorld, holder_id: str, sku_id: str, coupon: str | None = None) -> str:
    """One buyer's whole visit: a cart with one unit, the quote, then checkout and payment. Answers the outcome."""
    try:
        cart = await transact(runtime, partial(orders.open_cart, holder_id=holder_id, market="CN"))
        await transact(
            runtime, partial(orders.set_line, holder_id=holder_id, cart_id=cart.id, sku_id=sku_id, quantity=1)
        )
        if coupon is not None:
            await transact(runtime, partial(orders.set_coupon, holder_id=holder_id, cart_id=cart.id, code=coupon))

        async def quote(uow: UnitOfWork) -> None:
            found = await orders.cart(uow, holder_id=holder_id, cart_id=cart.id, lock=True)
            await orders.quote_cart(uow, cart=found, vault=w.vault, engines=w.engines)

        await transact(runtime, quote)
        done = await transact(
            runtime,
            partial(orders.checkout, holder_id=holder_id, cart_id=cart.id, vault=w.vault, engines=w.engines, pay=True),
        )
        return "paid" if done.orders[0].status is orders.OrderStatus.PAID else "unpaid"
    except ComptoirError as refused:
        return refused.code


async def test_500_buyers_for_the_last_20_units_make_exactly_20_orders(runtime: Runtime) -> None:
    w = await build_orders_world(runtime, perfume_stock=20)
    buyers = await _buyers(runtime, w, 500)
    sku = w.perfume.variants[0].id
    outcomes = await asyncio.gather(*(_buy(runtime, w, b, sku) for b in buyers))
    assert outcomes.count("paid") == 20, {o: outcomes.count(o) for o in set(outcomes)}
    assert outcomes.count("out_of_stock") == 480
    level = (await transact(runtime, partial(inventory.stock_levels, sku_ids=[sku])))[sku]
    assert (level.on_hand, level.reserved) == (0, 0)
    placed = await transact(
        runtime, partial(orders.seller_orders, principal=w.payments.identity.operator.principal, limit=1000)
    )
    assert len(placed) == 20 and {o.status for o in placed} == {orders.OrderStatus.PAID}
    await assert_ledger_clean(runtime)


async def test_fifty_checkouts_with_one_single_use_coupon_redeem_it_once(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    await transact(
        runtime,
        partial(
            orders.create_store_coupon,
            principal=w.payments.identity.partner.principal,
            store_id=w.pavilion.id,
            code="BIENVENUE",
            percent_off=10,
            max_redemptions=1,
            valid_from=date(2026, 1, 1),
        ),
    )
    buyers = await _buyers(runtime, w, 50)
    outcomes = await asyncio.gather(*(_buy(runtime, w, b, w.soap.variants[0].id, "bienvenue") for b in buyers))
    assert outcomes.count("paid") == 1, {o: outcomes.count(o) for o in set(outcomes)}
    assert set(outcomes) <= {"paid", "coupon_exhausted"}
    found = await transact(runtime, partial(pricing.coupon, code="BIENVENUE"))
    assert found.redeemed == 1
    placed = await transact(runtime, partial(orders.seller_orders, principal=w.payments.identity.operator.principal))
    assert len(placed) == 1 and placed[0].discount == Money.parse("0.85", "EUR")
    soap = w.soap.variants[0].id
    level = await transact(runtime, partial(inventory.stock_levels, sku_ids=[soap]))
    assert (level[soap].on_hand, level[soap].reserved) == (99, 49)  # the 49 refused carts still hold theirs
    await assert_ledger_clean(runtime)
