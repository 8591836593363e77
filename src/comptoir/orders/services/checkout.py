"""The checkout: a quoted cart becomes one order per group, stock committed, each with its online payment.

One use case in one unit of work: the cart is locked, priced again with the FX quotes the buyer saw (so
nothing is charged that was not shown), its held stock committed, the coupon redeemed once, the yearly
cross-border allowance taken for each order into China (a conditional update: two checkouts cannot both
pass the limit), the orders written with their lines and first history line, and one online payment per
order created for the buyer to pay. :func:`pay_checkout` is the buyer paying those payments from the
wallet later; ``checkout(..., pay=True)`` takes them from the wallet at once, in the same transaction, and
writes the orders paid.

A French consumer's cart (market FR, Chinese sellers, lane CN -> FR) is in EUR with no FX quote and no
resident ID; its orders get card payments carrying the VAT and duty collected under IOSS (none for a
consignment over 150 EUR, taxed at import), and :func:`pay_checkout_by_card` pays them through the card
acquirer, which is asked outside any transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import insert, update

from comptoir import customs, inventory, logistics, payments, pricing
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.orders import repository as tables
from comptoir.orders.domain import (
    PAYMENT_WINDOW_MINUTES,
    CartStatus,
    Market,
    Order,
    OrderLine,
    OrderPaid,
    OrderPlaced,
    OrderStatus,
)
from comptoir.orders.errors import CartEmpty, CheckoutRefused, OrdersNotFound, OrderStateRefused, QuoteOutdated
from comptoir.orders.services.carts import cart as load_cart
from comptoir.orders.services.history import record_change, record_changes
from comptoir.orders.services.queries import orders_of_checkout
from comptoir.orders.services.quoting import CHINA_TZ, CartQuote, QuotedGroup, locked_quotes, price_cart
from comptoir.orders.services.vault import BuyerVault

_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True, slots=True)
class Checkout:
    id: str
    orders: tuple[Order, ...]


def _number(uow: UnitOfWork) -> str:
    day = uow.clock.now().strftime("%y%m%d")
    return f"C{day}-" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(6))


def _refuse_quote(quote: CartQuote) -> None:
    error = quote.error
    if error is not None:
        if error.code == customs.AnnualLimitExceeded.code:
            raise customs.AnnualLimitExceeded(error.message)
        if error.code == "sku_not_found":
            raise OrdersNotFound(error.message, code="sku_not_found")
        if error.code.startswith("coupon"):
            raise pricing.CouponNotValid(error.message, reason=error.code.removeprefix("coupon_"))
        raise customs.CustomsRefused(error.message, code=error.code)
    if not quote.groups:
        raise CartEmpty("the cart is empty")


async def checkout(
    uow: UnitOfWork,
    *,
    holder_id: str,
    cart_id: object,
    vault: BuyerVault,
    engines: logistics.PromiseEngines,
    pay: bool = False,
) -> Checkout:
    """Place the orders of a quoted cart (and, with ``pay``, pay them from the buyer's wallet at once)."""
    cart = await load_cart(uow, holder_id=holder_id, cart_id=cart_id, lock=True)
    if cart.status is not CartStatus.OPEN:
        raise OrdersNotFound("this cart was checked out already")
    if not cart.lines:
        raise CartEmpty("the cart is empty")
    locked = locked_quotes(cart.quote)
    if locked is None:
        raise CheckoutRefused("quote the cart first: the buyer must see prices and taxes", code="no_quote")
    quote = await price_cart(uow, cart=cart, vault=vault, engines=engines, locked=locked)
    if quote.price_changes:
        raise QuoteOutdated("a price changed since the quote", code="price_changed")
    _refuse_quote(quote)
    if cart.market is Market.CN and quote.identity is None:
        raise CheckoutRefused("orders into China need the buyer's identity", code="buyer_identity_required")
    if quote.delivery is None:
        raise CheckoutRefused("give the delivery address first", code="delivery_required")
    if not quote.delivery.zone.startswith(cart.market.value + "-"):
        raise CheckoutRefused(
            f"this cart is delivered in {cart.market.value}: choose a delivery zone there",
            code="delivery_outside_market",
        )
    if pay and cart.market is not Market.CN:
        raise CheckoutRefused("orders from China are paid by card: use the card payment", code="pay_by_card")
    await inventory.commit_reservation(uow, reservation_id=cart.id, owner=holder_id)
    checkout_id = new_id("chk")
    for group in quote.groups:
        if group.coupon_code is not None:
            await pricing.redeem_coupon(uow, code=group.coupon_code, redemption_id=checkout_id)
    placed = [await _place(uow, quote, group, checkout_id, pay=pay) for group in quote.groups]
    await uow.session.execute(
        update(tables.carts)
        .where(tables.carts.c.id == cart.id)
        .values(status=CartStatus.CHECKED_OUT.value, updated_at=uow.clock.now())
    )
    return Checkout(checkout_id, tuple(placed))


async def _payment(
    uow: UnitOfWork, quote: CartQuote, group: QuotedGroup, order_id: str, number: str
) -> payments.Payment:
    """The order's payment: from the wallet in CNY at the locked FX quote (into China), or by card in EUR with
    the IOSS VAT and duty (from China)."""
    cart = quote.cart
    window = timedelta(minutes=PAYMENT_WINDOW_MINUTES)
    description = f"{group.store_name} {number}"
    if cart.market is not Market.CN:
        return await payments.create_card_payment(
            uow,
            request_id=order_id,
            merchant_org_id=group.merchant_org_id,
            beneficiary_org_id=group.beneficiary_org_id,
            channel=group.channel,
            amount=group.amount,
            payer=cart.holder_id,
            order_reference=number,
            description=description,
            valid_for=window,
            import_tax=group.tax,
        )
    assert group.fx is not None
    return await payments.create_online_payment(
        uow,
        request_id=order_id,
        merchant_org_id=group.merchant_org_id,
        beneficiary_org_id=group.beneficiary_org_id,
        partner_org_id=group.partner_org_id,
        channel=group.channel,
        amount=group.amount,
        quote_id=group.fx.id,
        fx=group.fx,
        payer=cart.holder_id,
        order_reference=number,
        description=description,
        valid_for=window,
        paid=group.buyer_paid_for_goods,
        import_tax=group.tax,
    )


async def _place(uow: UnitOfWork, quote: CartQuote, group: QuotedGroup, checkout_id: str, *, pay: bool) -> Order:
    """Write one group's order, its lines and history, its payment (and, with ``pay``, take it from the
    buyer's wallet at once: the order is written paid, in the same statements)."""
    cart = quote.cart
    identity = quote.identity
    assert quote.delivery is not None
    now = uow.clock.now()
    order_id = new_id("ord")
    number = _number(uow)
    payment = await _payment(uow, quote, group, order_id, number)
    status = OrderStatus.PLACED
    if pay:
        await payments.pay_online_from_wallet(uow, holder_id=cart.holder_id, payment_id=payment.id)
        status = OrderStatus.PAID
    if identity is not None and group.landed.regime.startswith("CBEC"):
        await customs.record_annual_import(
            uow,
            person_key=identity.person_key,
            year=now.astimezone(CHINA_TZ).year,
            order_id=order_id,
            taxable_value=group.landed.totals.taxable_value,
        )
    promised = group.promise.delivery_date if group.promise is not None else None
    await uow.session.execute(
        insert(tables.orders).values(
            id=order_id,
            number=number,
            checkout_id=checkout_id,
            cart_id=cart.id,
            holder_id=cart.holder_id,
            market=cart.market.value,
            lane=cart.market.lane,
            regime=group.landed.regime,
            store_id=group.store_id,
            merchant_org_id=group.merchant_org_id,
            beneficiary_org_id=group.beneficiary_org_id,
            channel=group.channel,
            status=status.value,
            currency=group.amount.currency,
            goods_minor=(group.goods - group.discount).minor,
            freight_minor=group.freight.minor,
            discount_minor=group.discount.minor,
            amount_minor=group.amount.minor,
            buyer_currency=group.buyer_total.currency,
            buyer_goods_minor=(group.buyer_goods - group.buyer_discount).minor,
            buyer_freight_minor=group.buyer_freight.minor,
            tax_minor=group.tax.minor,
            buyer_total_minor=group.buyer_total.minor,
            rate=str(group.fx.rate) if group.fx is not None else None,
            quote_id=group.fx.id if group.fx is not None else None,
            payment_id=payment.id,
            person_key=identity.person_key if identity is not None else None,
            coupon_code=group.coupon_code,
            promised_by=promised,
            zone=quote.delivery.zone,
            rules=",".join(group.rules),
            placed_at=now,
            updated_at=now,
        )
    )
    zero = Money.zero(group.buyer_total.currency)
    await uow.session.execute(
        insert(tables.order_lines),
        [
            {
                "order_id": order_id,
                "sku_id": line.sku_id,
                "product_id": line.product_id,
                "sku": line.sku,
                "title": line.title[:200],
                "hs_code": line.hs_code,
                "quantity": line.quantity,
                "unit_price_minor": line.unit_price.minor,
                "unit_price_buyer_minor": line.unit_price_buyer.minor,
                "taxable_value_minor": (line.taxes.taxable_value if line.taxes else zero).minor,
                "tariff_minor": (line.taxes.tariff if line.taxes else zero).minor,
                "consumption_tax_minor": (line.taxes.consumption_tax if line.taxes else zero).minor,
                "vat_minor": (line.taxes.vat if line.taxes else zero).minor,
                "duty_minor": (line.taxes.duty if line.taxes else zero).minor,
            }
            for line in group.lines
        ],
    )
    buyer = f"buyer:{cart.holder_id}"
    await record_changes(
        uow,
        order_id,
        [(buyer, "placed", None, OrderStatus.PLACED)]
        + ([(buyer, "paid", OrderStatus.PLACED, OrderStatus.PAID)] if pay else []),
    )
    uow.publish(
        OrderPlaced(
            order_id=order_id,
            merchant_org_id=group.merchant_org_id,
            lane=cart.market.lane,
            amount_minor=group.amount.minor,
            currency=group.amount.currency,
        )
    )
    order = Order(
        id=order_id,
        number=number,
        checkout_id=checkout_id,
        holder_id=cart.holder_id,
        market=cart.market,
        lane=cart.market.lane,
        regime=group.landed.regime,
        store_id=group.store_id,
        merchant_org_id=group.merchant_org_id,
        beneficiary_org_id=group.beneficiary_org_id,
        channel=group.channel,
        status=status,
        goods=group.goods - group.discount,
        freight=group.freight,
        amount=group.amount,
        buyer_total=group.buyer_total,
        buyer_goods=group.buyer_goods - group.buyer_discount,
        buyer_freight=group.buyer_freight,
        discount=group.discount,
        tax=group.tax,
        rate=group.fx.rate if group.fx is not None else None,
        quote_id=group.fx.id if group.fx is not None else None,
        payment_id=payment.id,
        person_key=identity.person_key if identity is not None else None,
        coupon_code=group.coupon_code,
        promised_by=promised,
        zone=quote.delivery.zone,
        placed_at=now,
        updated_at=now,
        lines=tuple(
            OrderLine(
                sku_id=line.sku_id,
                product_id=line.product_id,
                sku=line.sku,
                title=line.title[:200],
                hs_code=line.hs_code,
                quantity=line.quantity,
                unit_price=line.unit_price,
                unit_price_buyer=line.unit_price_buyer,
                taxable_value=line.taxes.taxable_value if line.taxes else zero,
                tariff=line.taxes.tariff if line.taxes else zero,
                consumption_tax=line.taxes.consumption_tax if line.taxes else zero,
                vat=line.taxes.vat if line.taxes else zero,
                duty=line.taxes.duty if line.taxes else zero,
            )
            for line in group.lines
        ),
    )
    if pay:
        uow.publish(_paid(order))
    return order


async def pay_checkout(uow: UnitOfWork, *, holder_id: str, checkout_id: str) -> Checkout:
    """The buyer pays every placed order of the checkout from the wallet, taken at once.

    Only the buyer named on the payments may pay them (payments refuses anyone else as not found); a wallet
    without enough for all of them pays none (the unit of work rolls back).
    """
    orders = await orders_of_checkout(uow, holder_id=holder_id, checkout_id=checkout_id)
    if not orders:
        raise OrdersNotFound("no such checkout", code="order_not_found")
    if any(order.status is OrderStatus.CANCELLED for order in orders):
        raise OrderStateRefused("this checkout was cancelled: nothing is left to pay", status="cancelled")
    paid: list[Order] = []
    for order in orders:
        if order.status is not OrderStatus.PLACED or order.payment_id is None:
            paid.append(order)
            continue
        if order.market is not Market.CN:
            raise CheckoutRefused("orders from China are paid by card: use the card payment", code="pay_by_card")
        await payments.pay_online_from_wallet(uow, holder_id=holder_id, payment_id=order.payment_id)
        paid.append(await mark_paid(uow, order, holder_id=holder_id))
    return Checkout(checkout_id, tuple(paid))


async def mark_paid(uow: UnitOfWork, order: Order, *, holder_id: str) -> Order:
    """The order's payment was captured: it is paid, written in its history, and the platform is told."""
    assert order.payment_id is not None
    moved = (
        await uow.session.execute(
            update(tables.orders)
            .where(tables.orders.c.id == order.id, tables.orders.c.status == OrderStatus.PLACED.value)
            .values(status=OrderStatus.PAID.value, updated_at=uow.clock.now())
        )
    ).rowcount  # type: ignore[attr-defined]
    if moved != 1:
        raise OrderStateRefused("the order changed meanwhile; look at it again", status=order.status.value)
    await record_change(
        uow, order.id, actor=f"buyer:{holder_id}", action="paid", from_status=order.status, to=OrderStatus.PAID
    )
    paid = replace(order, status=OrderStatus.PAID, updated_at=uow.clock.now())
    uow.publish(_paid(paid))
    return paid


def _paid(order: Order) -> OrderPaid:
    """What the platform is told when an order is paid (customs declares it, logistics ships it)."""
    assert order.payment_id is not None
    return OrderPaid(
        order_id=order.id,
        merchant_org_id=order.merchant_org_id,
        store_id=order.store_id,
        lane=order.lane,
        payment_id=order.payment_id,
        holder_id=order.holder_id,
        zone=order.zone or "",
        amount_minor=order.amount.minor,
        currency=order.amount.currency,
    )
