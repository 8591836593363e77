"""An order's life after checkout, and the refusals before it: each move leaves money, stock and the yearly
allowance exactly where they should be. On SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import select

from comptoir import customs, inventory, orders, payments
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.database import metadata
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from tests.integration.orders.world import GOOD_ID, OrdersWorld, build_orders_world
from tests.integration.payments.world import assert_ledger_clean


async def _quoted(
    runtime: Runtime, w: OrdersWorld, *lines: tuple[str, int], holder: str | None = None
) -> orders.CartQuote:
    buyer = holder or w.buyer
    cart = await transact(runtime, partial(orders.open_cart, holder_id=buyer, market="CN"))
    for sku_id, quantity in lines:
        await transact(
            runtime, partial(orders.set_line, holder_id=buyer, cart_id=cart.id, sku_id=sku_id, quantity=quantity)
        )

    async def quote(uow: UnitOfWork) -> orders.CartQuote:
        found = await orders.cart(uow, holder_id=buyer, cart_id=cart.id, lock=True)
        return await orders.quote_cart(uow, cart=found, vault=w.vault, engines=w.engines)

    return await transact(runtime, quote)


async def _checkout(runtime: Runtime, w: OrdersWorld, quote: orders.CartQuote, *, pay: bool = True) -> orders.Checkout:
    return await transact(
        runtime,
        partial(orders.checkout, holder_id=w.buyer, cart_id=quote.cart.id, vault=w.vault, engines=w.engines, pay=pay),
    )


async def _balance(runtime: Runtime, holder: str) -> Money:
    return (await transact(runtime, partial(payments.wallet_balance, holder_id=holder))).balance


async def _on_hand(runtime: Runtime, sku: str) -> tuple[int, int]:
    level = (await transact(runtime, partial(inventory.stock_levels, sku_ids=[sku])))[sku]
    return level.on_hand, level.reserved


async def test_cancelling_a_paid_order_refunds_it_with_its_taxes_and_gives_everything_back(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    sku = w.perfume.variants[0].id
    before = await _balance(runtime, w.buyer)
    quote = await _quoted(runtime, w, (sku, 2))
    order = (await _checkout(runtime, w, quote)).orders[0]
    assert await _balance(runtime, w.buyer) == before - order.buyer_total
    cancelled = await transact(runtime, partial(orders.cancel_by_buyer, holder_id=w.buyer, order_id=order.id))
    assert cancelled.status is orders.OrderStatus.CANCELLED
    assert await _balance(runtime, w.buyer) == before
    assert await _on_hand(runtime, sku) == (40, 0)
    person = quote.identity.person_key  # type: ignore[union-attr]
    assert await transact(runtime, partial(customs.annual_total, person_key=person, year=2026)) == Money.zero("CNY")
    again = transact(runtime, partial(orders.cancel_by_buyer, holder_id=w.buyer, order_id=order.id))
    with pytest.raises(orders.OrderStateRefused):
        await again
    history = await transact(runtime, partial(orders.changes_of, order_id=order.id))
    assert [(c.action, c.to_status) for c in history] == [
        ("placed", "placed"),
        ("paid", "paid"),
        ("cancelled", "cancelled"),
    ]
    await assert_ledger_clean(runtime)


async def test_an_unpaid_order_is_cancelled_when_its_window_passes(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    sku = w.perfume.variants[0].id
    before = await _balance(runtime, w.buyer)
    order = (await _checkout(runtime, w, await _quoted(runtime, w, (sku, 1)), pay=False)).orders[0]
    assert order.status is orders.OrderStatus.PLACED and await _on_hand(runtime, sku) == (39, 0)
    assert isinstance(runtime.clock, FrozenClock)
    runtime.clock.advance(timedelta(minutes=31))
    assert await orders.cancel_unpaid_orders(runtime) == 1
    found = await transact(runtime, partial(orders.buyer_order, holder_id=w.buyer, order_id=order.id))
    assert found.status is orders.OrderStatus.CANCELLED
    assert await _on_hand(runtime, sku) == (40, 0) and await _balance(runtime, w.buyer) == before
    with pytest.raises(orders.OrderStateRefused):
        await transact(runtime, partial(orders.pay_checkout, holder_id=w.buyer, checkout_id=order.checkout_id))
    await assert_ledger_clean(runtime)


async def test_a_return_refunds_the_goods_at_the_locked_rate_and_restocks(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    sku = w.perfume.variants[0].id
    before = await _balance(runtime, w.buyer)
    order = (await _checkout(runtime, w, await _quoted(runtime, w, (sku, 1)))).orders[0]
    operator = w.payments.identity.operator.principal
    await transact(runtime, partial(orders.mark_declared, order_id=order.id))
    shipped = await transact(runtime, partial(orders.mark_shipped, principal=operator, order_id=order.id))
    assert shipped.status is orders.OrderStatus.SHIPPED
    with pytest.raises(orders.OrderStateRefused):
        await transact(runtime, partial(orders.cancel_by_buyer, holder_id=w.buyer, order_id=order.id))
    partner = w.payments.identity.partner.principal
    returned = await transact(
        runtime, partial(orders.take_return, principal=partner, order_id=order.id, reason="abîmé")
    )
    assert returned.status is orders.OrderStatus.RETURNED
    # The goods come back at the locked rate (the freight does not), the taxes in full.
    goods_cny = order.buyer_goods
    assert await _balance(runtime, w.buyer) == before - order.buyer_total + goods_cny + order.tax
    assert await _on_hand(runtime, sku) == (40, 0)
    await assert_ledger_clean(runtime)


async def test_an_order_into_china_ships_only_once_customs_cleared_it(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    order = (await _checkout(runtime, w, await _quoted(runtime, w, (w.perfume.variants[0].id, 1)))).orders[0]
    brand = w.payments.identity.brand.principal
    with pytest.raises(orders.OrderStateRefused):
        await transact(runtime, partial(orders.mark_shipped, principal=brand, order_id=order.id))
    with pytest.raises(orders.OrdersNotFound):  # a brand that does not sell it learns nothing
        await transact(
            runtime,
            partial(orders.mark_shipped, principal=w.payments.identity.other_brand.principal, order_id=order.id),
        )
    await transact(runtime, partial(orders.mark_declared, order_id=order.id))
    await transact(runtime, partial(orders.mark_declared, order_id=order.id))  # a repeated event changes nothing
    shipped = await transact(runtime, partial(orders.mark_shipped, principal=brand, order_id=order.id))
    assert shipped.status is orders.OrderStatus.SHIPPED


async def test_cbec_limits_refuse_with_their_code_and_a_single_dear_item_pays_the_full_rate(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    partner = w.payments.identity.partner.principal
    from comptoir import catalog

    # Six scarves at 120 EUR: over 5,000 CNY in one order of several items.
    quote = await _quoted(runtime, w, (w.scarf.variants[0].id, 6))
    assert not quote.allowed and quote.error is not None and quote.error.code == "cbec_transaction_limit_exceeded"
    with pytest.raises(customs.CustomsRefused) as refused:
        await _checkout(runtime, w, quote)
    assert refused.value.code == "cbec_transaction_limit_exceeded"
    # One scarf priced 700 EUR is indivisible: allowed at the full general-trade rate.
    await transact(
        runtime,
        lambda uow: catalog.update_variant(uow, partner, product_id=w.scarf.id, sku="FOUL-01", price_eur="700.00"),
    )
    dear = await _quoted(runtime, w, (w.scarf.variants[0].id, 1))
    assert dear.allowed and dear.groups[0].landed.regime == "CBEC-full-rate"
    assert dear.groups[0].landed.totals.tariff.minor > 0


async def test_the_yearly_limit_counts_across_orders_and_a_payer_who_is_not_the_buyer_pays_nothing(
    runtime: Runtime,
) -> None:
    w = await build_orders_world(runtime)
    person = (await transact(runtime, partial(orders.buyer_identity, vault=w.vault, holder_id=w.buyer))).person_key  # type: ignore[union-attr]
    await transact(
        runtime,
        partial(
            customs.record_annual_import,
            person_key=person,
            year=2026,
            order_id="earlier-order",
            taxable_value=Money.parse("25500.00", "CNY"),
        ),
    )
    quote = await _quoted(runtime, w, (w.perfume.variants[0].id, 1))
    assert not quote.allowed and quote.error is not None and quote.error.code == "cbec_annual_limit_exceeded"
    assert quote.annual_remaining == Money.parse("500.00", "CNY")
    with pytest.raises(customs.AnnualLimitExceeded):
        await _checkout(runtime, w, quote)
    # A soap fits in what is left; its order is placed, and only the buyer may pay it.
    small = await _quoted(runtime, w, (w.soap.variants[0].id, 1))
    placed = (await _checkout(runtime, w, small, pay=False)).orders[0]
    with pytest.raises(orders.OrdersNotFound):
        await transact(runtime, partial(orders.pay_checkout, holder_id=w.other_buyer, checkout_id=placed.checkout_id))
    assert (
        await transact(runtime, partial(orders.buyer_order, holder_id=w.buyer, order_id=placed.id))
    ).status is orders.OrderStatus.PLACED


async def test_an_expired_rate_is_quoted_again_and_an_abandoned_cart_gives_its_stock_back(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    sku = w.perfume.variants[0].id
    quote = await _quoted(runtime, w, (sku, 3))
    assert await _on_hand(runtime, sku) == (40, 3)
    assert isinstance(runtime.clock, FrozenClock)
    runtime.clock.advance(timedelta(minutes=16))
    with pytest.raises(payments.QuoteExpired):
        await _checkout(runtime, w, quote)
    fresh = await _quoted(runtime, w, (w.soap.variants[0].id, 1))
    assert fresh.expires_at is not None and fresh.expires_at > runtime.clock.now()
    runtime.clock.advance(timedelta(minutes=31))
    assert await inventory.release_expired_reservations(runtime) >= 1
    assert await _on_hand(runtime, sku) == (40, 0)
    # The abandoned cart can still be checked out if the stock is there: it is quoted again and held anew.
    _ = quote


async def test_no_resident_id_number_is_stored_in_clear(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    await _checkout(runtime, w, await _quoted(runtime, w, (w.perfume.variants[0].id, 1)))
    found: list[str] = []
    async with runtime.database.session() as session:
        for name, table in metadata.tables.items():
            for row in (await session.execute(select(table))).all():
                text = " ".join(str(v) for v in row)
                if GOOD_ID in text or GOOD_ID.lower() in text or GOOD_ID.encode().hex() in text:
                    found.append(name)
    assert found == []
