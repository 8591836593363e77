"""A French consumer buys from a Chinese seller's store: EUR prices, IOSS VAT and duty (or the EU-import
notice over 150 EUR), one order per seller, paid by card through the acquirer; refunds go back by card."""

from __future__ import annotations

from functools import partial

import pytest

from comptoir import catalog, ledger, orders, payments
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.i18n import current_locale
from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import member
from tests.integration.orders.french_world import FrenchWorld, build_french_world
from tests.integration.payments.world import assert_ledger_clean


async def _checkout(
    runtime: Runtime, w: FrenchWorld, *lines: tuple[str, int]
) -> tuple[orders.CartQuote, orders.Checkout]:
    cart = await transact(runtime, partial(orders.open_cart, holder_id=w.buyer, market="FR"))
    for sku_id, quantity in lines:
        await transact(
            runtime, partial(orders.set_line, holder_id=w.buyer, cart_id=cart.id, sku_id=sku_id, quantity=quantity)
        )

    async def quote(uow):  # type: ignore[no-untyped-def]
        found = await orders.cart(uow, holder_id=w.buyer, cart_id=cart.id)
        return await orders.quote_cart(uow, cart=found, vault=w.vault, engines=w.engines)

    quoted = await transact(runtime, quote)
    done = await transact(
        runtime, partial(orders.checkout, holder_id=w.buyer, cart_id=cart.id, vault=w.vault, engines=w.engines)
    )
    return quoted, done


def _notice_in_english(group: orders.QuotedGroup) -> str:
    token = current_locale.set("en")
    try:
        return orders.tax_notice(group.landed.regime, group.tax_at_import)
    finally:
        current_locale.reset(token)


async def _balance(runtime: Runtime, account: str) -> int:
    """Credits minus debits posted on ``account`` (0 for an account not opened yet)."""
    try:
        found = await transact(runtime, partial(ledger.balances, account_ids=[account]))
    except ledger.AccountNotFound:
        return 0
    return sum(a.credits_posted - a.debits_posted for a in found)


async def _pay(
    runtime: Runtime, w: FrenchWorld, checkout_id: str, token: str, *, holder: str | None = None
) -> orders.Checkout:
    return await orders.pay_checkout_by_card(
        runtime,
        payments.card_acquirer(runtime),
        holder_id=holder or w.buyer,
        checkout_id=checkout_id,
        card_token=token,
    )


async def test_a_french_consumer_pays_ioss_vat_and_duty_by_card(runtime: Runtime, clock: FrozenClock) -> None:
    w = await build_french_world(runtime, clock)
    quote, done = await _checkout(runtime, w, (w.earbuds.variants[0].id, 2), (w.cushion.variants[0].id, 1))
    assert quote.allowed and quote.buyer_currency == "EUR" and quote.identity is None
    [group] = quote.groups
    assert (
        group.channel == "marketplace"
        and group.merchant_org_id == w.seller.principal.organisation_id
        and group.fx is None
    )
    assert group.landed.regime == "EU-IOSS"
    # VAT at the French rate on goods and freight, and 3 EUR for each of the two distinct subheadings
    assert group.landed.totals.duty == Money.parse("6.00", "EUR")
    assert group.tax == group.landed.totals.tax and group.tax.minor > 600
    assert group.buyer_total == group.goods + group.freight + group.tax
    assert "nothing more is owed" in _notice_in_english(group)
    [order] = done.orders
    assert order.status is orders.OrderStatus.PLACED and order.person_key is None and order.rate is None

    paid = await _pay(runtime, w, done.id, "tok_visa")
    assert [o.status for o in paid.orders] == [orders.OrderStatus.PAID]
    payment = await transact(
        runtime, partial(payments.payment_for_merchant, principal=w.seller.principal, payment_id=order.payment_id)
    )
    assert payment.status is payments.PaymentStatus.SUCCEEDED and payment.network == "card"
    assert payment.amount == group.amount and payment.import_tax == group.tax
    assert await _balance(runtime, "pay:ioss") == group.tax.minor
    assert await _balance(runtime, "pay:network:card") == -(group.amount + group.tax).minor
    assert await _balance(runtime, f"pay:merchant:{w.seller.principal.organisation_id}:pending") == group.amount.minor
    # paying again changes nothing
    again = await _pay(runtime, w, done.id, "tok_visa")
    assert [o.status for o in again.orders] == [orders.OrderStatus.PAID]
    assert await _balance(runtime, "pay:ioss") == group.tax.minor
    await assert_ledger_clean(runtime)


async def test_over_150_eur_the_quote_says_duty_and_vat_are_paid_at_import(
    runtime: Runtime, clock: FrozenClock
) -> None:
    w = await build_french_world(runtime, clock)
    quote, done = await _checkout(runtime, w, (w.phone.variants[0].id, 1))
    [group] = quote.groups
    assert group.landed.regime == "EU-import"
    assert group.tax == Money.zero("EUR") and group.tax_at_import is not None and group.tax_at_import.minor > 0
    assert group.buyer_total == group.goods + group.freight
    assert "paid to the carrier at delivery" in _notice_in_english(group)
    await _pay(runtime, w, done.id, "tok_visa")
    assert await _balance(runtime, "pay:ioss") == 0
    await assert_ledger_clean(runtime)


@pytest.mark.parametrize(
    ("token", "refusal"),
    [("tok_declined", payments.CardDeclined), ("tok_unavailable", payments.PaymentUndecided)],
)
async def test_a_declined_or_unanswered_card_charges_nothing_and_another_card_pays(
    runtime: Runtime, clock: FrozenClock, token: str, refusal: type[Exception]
) -> None:
    w = await build_french_world(runtime, clock)
    _, done = await _checkout(runtime, w, (w.earbuds.variants[0].id, 1))
    with pytest.raises(refusal):
        await _pay(runtime, w, done.id, token)
    [order] = await transact(runtime, partial(orders.orders_of_checkout, holder_id=w.buyer, checkout_id=done.id))
    assert order.status is orders.OrderStatus.PLACED
    assert await _balance(runtime, "pay:network:card") == 0
    paid = await _pay(runtime, w, done.id, "tok_mastercard")
    assert [o.status for o in paid.orders] == [orders.OrderStatus.PAID]
    await assert_ledger_clean(runtime)


async def test_only_the_buyer_pays_and_only_with_a_token(runtime: Runtime, clock: FrozenClock) -> None:
    w = await build_french_world(runtime, clock)
    _, done = await _checkout(runtime, w, (w.earbuds.variants[0].id, 1))
    with pytest.raises(orders.OrdersNotFound):
        await _pay(runtime, w, done.id, "tok_visa", holder=w.other_buyer)
    with pytest.raises(payments.PaymentInvalid) as refused:
        await _pay(runtime, w, done.id, "4242424242424242")
    assert refused.value.extra["field"] == "card_token"
    with pytest.raises(orders.CheckoutRefused) as wallet:
        await transact(runtime, partial(orders.pay_checkout, holder_id=w.buyer, checkout_id=done.id))
    assert wallet.value.code == "pay_by_card"
    [order] = await transact(runtime, partial(orders.orders_of_checkout, holder_id=w.buyer, checkout_id=done.id))
    assert order.status is orders.OrderStatus.PLACED
    assert await _balance(runtime, "pay:network:card") == 0


async def test_a_french_cart_goes_to_a_french_address(runtime: Runtime, clock: FrozenClock) -> None:
    w = await build_french_world(runtime, clock)
    await transact(
        runtime,
        partial(
            orders.set_delivery,
            vault=w.vault,
            holder_id=w.buyer,
            zone="CN-31",
            address="南京东路 100 号",
            phone="13800000001",
        ),
    )
    with pytest.raises(orders.CheckoutRefused) as refused:
        await _checkout(runtime, w, (w.earbuds.variants[0].id, 1))
    assert refused.value.code == "delivery_outside_market"
    assert await transact(runtime, partial(orders.buyer_orders, holder_id=w.buyer)) == []


async def test_cancelling_a_paid_order_refunds_the_card_goods_and_taxes(runtime: Runtime, clock: FrozenClock) -> None:
    w = await build_french_world(runtime, clock)
    quote, done = await _checkout(runtime, w, (w.earbuds.variants[0].id, 2))
    await _pay(runtime, w, done.id, "tok_visa")
    [order] = done.orders
    await transact(runtime, partial(orders.cancel_by_buyer, holder_id=w.buyer, order_id=order.id))
    assert await _balance(runtime, "pay:ioss") == 0
    assert await _balance(runtime, "pay:network:card") == 0
    queued = await transact(runtime, partial(payments.card_refunds_of, payment_id=order.payment_id))
    assert sum((r.amount for r in queued), Money.zero("EUR")) == quote.groups[0].buyer_total
    assert not any(r.sent for r in queued)
    acquirer = payments.card_acquirer(runtime)
    assert await payments.send_card_refunds(runtime, acquirer) == len(queued) == 2
    assert await payments.send_card_refunds(runtime, acquirer) == 0  # sent once
    sent = await transact(runtime, partial(payments.card_refunds_of, payment_id=order.payment_id))
    assert all(r.sent and r.acquirer_reference for r in sent)
    await assert_ledger_clean(runtime)


async def test_the_seller_store_is_on_the_french_storefront_only(runtime: Runtime, clock: FrozenClock) -> None:
    w = await build_french_world(runtime, clock)
    french, _ = await transact(runtime, lambda uow: catalog.french_storefront_products(uow))
    assert {p.product.id for p in french} == {w.earbuds.id, w.cushion.id, w.phone.id}
    chinese, _ = await transact(runtime, lambda uow: catalog.storefront_products(uow))
    assert not {c.product_id for c in chinese} & {w.earbuds.id, w.cushion.id, w.phone.id}
    with pytest.raises(catalog.CatalogNotFound):
        await transact(runtime, lambda uow: catalog.storefront_product(uow, product_id=w.earbuds.id))
    cn_cart = await transact(runtime, partial(orders.open_cart, holder_id=w.buyer, market="CN"))
    with pytest.raises(orders.CartInvalid):
        await transact(
            runtime,
            partial(
                orders.set_line, holder_id=w.buyer, cart_id=cn_cart.id, sku_id=w.earbuds.variants[0].id, quantity=1
            ),
        )
    with pytest.raises(catalog.StoreExists):
        await transact(
            runtime, lambda uow: catalog.open_seller_store(uow, w.seller.principal, name="Again", description_fr="x")
        )
    brand = await member(runtime, OrganisationKind.BRAND, "Maison Test", "brand-test@example.com")
    with pytest.raises(catalog.NotStoreOperator):
        await transact(
            runtime, lambda uow: catalog.open_seller_store(uow, brand.principal, name="Nope", description_fr="x")
        )
