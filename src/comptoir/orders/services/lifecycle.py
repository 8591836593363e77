"""An order's life after checkout: paid, declared, shipped, delivered; or cancelled, or returned.

Every move follows :data:`~comptoir.orders.domain.TRANSITIONS`, runs in the caller's unit of work and is
written in the order's history with who made it. Money goes back the way it came:

- cancelling a placed order voids its payment; cancelling a paid (or declared) one refunds it in full at
  the locked rate, with the import taxes; either way the stock comes back, the coupon redemption is given
  back and the order's value leaves the buyer's yearly allowance;
- a return (after shipment) refunds the goods at the locked rate and the import taxes, and restocks.

An order into China may not ship before customs cleared its three documents (``declared``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select, update

from comptoir import customs, inventory, payments, pricing
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.orders import repository as tables
from comptoir.orders.domain import (
    PAYMENT_WINDOW_MINUTES,
    Order,
    OrderCancelled,
    OrderReturned,
    OrderStatus,
    may_move,
    needs_customs,
)
from comptoir.orders.errors import OrderStateRefused
from comptoir.orders.services.erasure import buyer_actor
from comptoir.orders.services.history import record_change
from comptoir.orders.services.queries import buyer_order, load_orders, order_row, seller_order

MAX_REASON = 300


def _merchant(order: Order) -> Principal:
    """The merchant of record, who owes the refund of its own sale (payments checks the payment is its)."""
    return Principal(
        organisation_id=order.merchant_org_id,
        organisation_kind=OrganisationKind.BRAND,
        organisation_name="",
        via="orders",
    )


async def _move(uow: UnitOfWork, order: Order, to: OrderStatus, *, actor: str, action: str, note: str = "") -> Order:
    if not may_move(order.status, to):
        raise OrderStateRefused(f"a {order.status} order cannot become {to}", status=order.status.value)
    moved = (
        await uow.session.execute(
            update(tables.orders)
            .where(tables.orders.c.id == order.id, tables.orders.c.status == order.status.value)
            .values(status=to.value, updated_at=uow.clock.now())
        )
    ).rowcount  # type: ignore[attr-defined]
    if moved != 1:
        raise OrderStateRefused("the order changed meanwhile; look at it again", status=order.status.value)
    await record_change(uow, order.id, actor=actor, action=action, from_status=order.status, to=to, note=note)
    return replace(order, status=to, updated_at=uow.clock.now())


async def _give_back(uow: UnitOfWork, order: Order) -> None:
    """Stock, coupon and yearly allowance go back; the money is handled by the caller."""
    for line in order.lines:
        await inventory.restock(uow, sku_id=line.sku_id, quantity=line.quantity)
    if order.coupon_code is not None:
        await pricing.release_coupon(uow, code=order.coupon_code, redemption_id=order.checkout_id)
    await customs.cancel_annual_import(uow, order_id=order.id)


async def _cancel(uow: UnitOfWork, order: Order, *, actor: str, reason: str, published: str | None = None) -> Order:
    """Cancel ``order``: ``reason`` goes in its history, ``published`` (default: ``reason``) in the event."""
    if order.status is OrderStatus.PLACED:
        if order.payment_id is not None:
            await payments.void_online_payment(uow, payment_id=order.payment_id, reason="order cancelled")
    elif order.status in (OrderStatus.PAID, OrderStatus.DECLARED) and order.payment_id is not None:
        await payments.refund_payment(
            uow,
            _merchant(order),
            payment_id=order.payment_id,
            amount=order.amount,
            request_id=f"{order.id}-cancel",
            reason="order cancelled",
        )
        await payments.refund_import_tax(uow, payment_id=order.payment_id, request_id=f"{order.id}-cancel")
    moved = await _move(uow, order, OrderStatus.CANCELLED, actor=actor, action="cancelled", note=reason)
    await _give_back(uow, order)
    said = reason if published is None else published
    uow.publish(OrderCancelled(order_id=order.id, merchant_org_id=order.merchant_org_id, reason=said[:MAX_REASON]))
    return moved


BUYER_CANCELLED = "cancelled by the buyer"


def _reason(reason: object) -> str:
    return reason.strip()[:MAX_REASON] if isinstance(reason, str) else ""


async def cancel_by_buyer(uow: UnitOfWork, *, holder_id: str, order_id: object, reason: object = "") -> Order:
    """The buyer cancels an order that has not shipped yet. The buyer's own words stay in the order's history
    (erased with the buyer's personal data); the event, which outlives it in the outbox, says only who."""
    order = await buyer_order(uow, holder_id=holder_id, order_id=order_id, lock=True)
    return await _cancel(
        uow,
        order,
        actor=buyer_actor(holder_id),
        reason=_reason(reason) or BUYER_CANCELLED,
        published=BUYER_CANCELLED,
    )


async def cancel_by_seller(uow: UnitOfWork, principal: Principal, *, order_id: object, reason: object = "") -> Order:
    order = await seller_order(uow, principal, order_id=order_id, lock=True)
    return await _cancel(uow, order, actor=principal.actor_id, reason=_reason(reason) or "cancelled by the seller")


async def mark_shipped(uow: UnitOfWork, principal: Principal, *, order_id: object) -> Order:
    """The seller hands the parcel over; an order into China must have been cleared by customs first."""
    order = await seller_order(uow, principal, order_id=order_id, lock=True)
    if needs_customs(order.lane) and order.status is OrderStatus.PAID:
        raise OrderStateRefused("customs have not cleared this order's three documents yet", status=order.status.value)
    return await _move(uow, order, OrderStatus.SHIPPED, actor=principal.actor_id, action="shipped")


async def mark_delivered(uow: UnitOfWork, principal: Principal, *, order_id: object) -> Order:
    order = await seller_order(uow, principal, order_id=order_id, lock=True)
    return await _move(uow, order, OrderStatus.DELIVERED, actor=principal.actor_id, action="delivered")


async def take_return(uow: UnitOfWork, principal: Principal, *, order_id: object, reason: object = "") -> Order:
    """The seller takes the parcel back: the goods refunded at the locked rate, the import taxes too, restocked."""
    order = await seller_order(uow, principal, order_id=order_id, lock=True)
    if not may_move(order.status, OrderStatus.RETURNED):
        raise OrderStateRefused(f"a {order.status} order cannot be returned", status=order.status.value)
    refunded = order.goods
    if order.payment_id is not None and refunded.minor > 0:
        await payments.refund_payment(
            uow,
            _merchant(order),
            payment_id=order.payment_id,
            amount=refunded,
            request_id=f"{order.id}-return",
            reason="order returned",
        )
        await payments.refund_import_tax(uow, payment_id=order.payment_id, request_id=f"{order.id}-return")
    moved = await _move(
        uow, order, OrderStatus.RETURNED, actor=principal.actor_id, action="returned", note=_reason(reason)
    )
    await _give_back(uow, order)
    uow.publish(
        OrderReturned(
            order_id=order.id,
            merchant_org_id=order.merchant_org_id,
            refunded_minor=refunded.minor,
            currency=refunded.currency,
        )
    )
    return moved


async def mark_declared(uow: UnitOfWork, *, order_id: str) -> Order | None:
    """Customs cleared the order's three documents: it may ship. Idempotent (an outbox handler calls it)."""
    row = await order_row(uow, order_id, lock=True)
    if row is None:
        return None
    order = (await load_orders(uow, [row]))[0]
    if order.status is not OrderStatus.PAID:
        return order
    return await _move(uow, order, OrderStatus.DECLARED, actor="customs", action="declared")


async def cancel_unpaid(uow: UnitOfWork, *, limit: int = 100) -> int:
    """Placed orders whose payment window passed are cancelled: payment voided, stock and allowance back."""
    t = tables.orders
    cutoff = uow.clock.now() - timedelta(minutes=PAYMENT_WINDOW_MINUTES)
    rows = (
        await uow.session.execute(
            select(t)
            .where(t.c.status == OrderStatus.PLACED.value, t.c.placed_at < cutoff)
            .order_by(t.c.placed_at)
            .limit(limit)
        )
    ).all()
    for order in await load_orders(uow, rows):
        await _cancel(uow, order, actor="comptoir", reason="not paid in time")
    return len(rows)
