"""A Chinese buyer fills a cart from a brand store and the pavilion, sees prices, taxes and the promise, and pays."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import partial

import pytest

from comptoir import customs, inventory, orders, payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.orders.world import OrdersWorld, build_orders_world
from tests.integration.payments.world import assert_ledger_clean


async def _cart(runtime: Runtime, w: OrdersWorld, *lines: tuple[str, int]) -> orders.Cart:
    cart = await transact(runtime, partial(orders.open_cart, holder_id=w.buyer, market="CN"))
    for sku_id, quantity in lines:
        cart = await transact(
            runtime, partial(orders.set_line, holder_id=w.buyer, cart_id=cart.id, sku_id=sku_id, quantity=quantity)
        )
    return cart


async def _quote(runtime: Runtime, w: OrdersWorld, cart: orders.Cart) -> orders.CartQuote:
    async def run(uow):  # type: ignore[no-untyped-def]
        found = await orders.cart(uow, holder_id=w.buyer, cart_id=cart.id)
        return await orders.quote_cart(uow, cart=found, vault=w.vault, engines=w.engines)

    return await transact(runtime, run)


def _half_up(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


async def test_a_cart_from_two_sellers_is_quoted_in_cny_with_taxes_and_paid_as_two_orders(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    perfume, soap = w.perfume.variants[0], w.soap.variants[0]
    cart = await _cart(runtime, w, (perfume.id, 2), (soap.id, 3))
    quote = await _quote(runtime, w, cart)
    assert quote.allowed, quote.error
    assert quote.buyer_currency == "CNY" and len(quote.groups) == 2
    brand = next(g for g in quote.groups if g.store_id == w.brand_store.id)
    assert brand.channel == "brand_store" and brand.merchant_org_id == w.payments.identity.brand.id
    rate = brand.fx.rate  # type: ignore[union-attr]
    unit = _half_up(Decimal("95.00") * rate)
    assert brand.lines[0].unit_price_buyer == Money.parse(unit, "CNY")
    # 95 EUR for 50 ml is ~15 CNY per ml: high-end perfume, 15 % consumption tax; 70 % of the full rate
    taxable = brand.landed.totals.taxable_value.to_decimal()
    assert taxable == brand.buyer_paid_for_goods.to_decimal()
    expected_ct = _half_up(taxable / Decimal("0.85") * Decimal("0.15") * Decimal("0.7"))
    expected_vat = _half_up(taxable / Decimal("0.85") * Decimal("0.13") * Decimal("0.7"))
    assert brand.landed.totals.consumption_tax.to_decimal() == expected_ct
    assert brand.landed.totals.vat.to_decimal() == expected_vat
    assert brand.buyer_total == brand.buyer_paid_for_goods + brand.tax
    assert quote.buyer_total == sum((g.buyer_total for g in quote.groups), Money.zero("CNY"))
    pavilion = next(g for g in quote.groups if g.store_id == w.pavilion.id)
    assert pavilion.channel == "pavilion" and pavilion.beneficiary_org_id == w.payments.identity.merchant.id
    assert pavilion.partner_org_id == w.payments.identity.partner.id
    assert quote.annual_remaining is not None

    before = await transact(runtime, partial(payments.wallet_balance, holder_id=w.buyer))
    done = await transact(
        runtime,
        partial(orders.checkout, holder_id=w.buyer, cart_id=cart.id, vault=w.vault, engines=w.engines, pay=True),
    )
    assert {o.status for o in done.orders} == {orders.OrderStatus.PAID}
    assert sum((o.buyer_total for o in done.orders), Money.zero("CNY")) == quote.buyer_total
    after = await transact(runtime, partial(payments.wallet_balance, holder_id=w.buyer))
    assert before.balance - after.balance == quote.buyer_total
    levels = await transact(runtime, partial(inventory.stock_levels, sku_ids=[perfume.id, soap.id]))
    assert (levels[perfume.id].on_hand, levels[perfume.id].reserved) == (38, 0)
    assert (levels[soap.id].on_hand, levels[soap.id].reserved) == (97, 0)
    spent = await transact(
        runtime,
        partial(customs.annual_total, person_key=quote.identity.person_key, year=2026),  # type: ignore[union-attr]
    )
    assert spent == sum((g.landed.totals.taxable_value for g in quote.groups), Money.zero("CNY"))
    await assert_ledger_clean(runtime)


async def test_checkout_without_a_quote_or_after_a_price_change_charges_nothing(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    cart = await _cart(runtime, w, (w.perfume.variants[0].id, 1))
    with pytest.raises(orders.CheckoutRefused) as refused:
        await transact(
            runtime, partial(orders.checkout, holder_id=w.buyer, cart_id=cart.id, vault=w.vault, engines=w.engines)
        )
    assert refused.value.code == "no_quote"
    await _quote(runtime, w, cart)
    partner = w.payments.identity.partner.principal
    from comptoir import catalog

    await transact(
        runtime,
        lambda uow: catalog.update_variant(uow, partner, product_id=w.perfume.id, sku="PARF-50", price_eur="99.00"),
    )
    with pytest.raises(orders.QuoteOutdated):
        await transact(
            runtime, partial(orders.checkout, holder_id=w.buyer, cart_id=cart.id, vault=w.vault, engines=w.engines)
        )
    quote = await _quote(runtime, w, cart)
    changed = quote.price_changes
    assert [(line.seen_price, line.unit_price) for line in changed] == [
        (Money.parse("95.00", "EUR"), Money.parse("99.00", "EUR"))
    ]
    done = await transact(
        runtime,
        partial(orders.checkout, holder_id=w.buyer, cart_id=cart.id, vault=w.vault, engines=w.engines, pay=True),
    )
    assert done.orders[0].amount.to_major_string().startswith("1")  # 99.00 + freight


async def test_another_buyers_cart_is_not_found_and_unchanged(runtime: Runtime) -> None:
    w = await build_orders_world(runtime)
    cart = await _cart(runtime, w, (w.perfume.variants[0].id, 1))
    with pytest.raises(orders.OrdersNotFound):
        await transact(
            runtime,
            partial(
                orders.set_line, holder_id=w.other_buyer, cart_id=cart.id, sku_id=w.soap.variants[0].id, quantity=1
            ),
        )
    with pytest.raises(orders.OrdersNotFound):
        await transact(
            runtime,
            partial(orders.checkout, holder_id=w.other_buyer, cart_id=cart.id, vault=w.vault, engines=w.engines),
        )
    found = await transact(runtime, partial(orders.cart, holder_id=w.buyer, cart_id=cart.id))
    assert [(line.sku_id, line.quantity) for line in found.lines] == [(w.perfume.variants[0].id, 1)]
