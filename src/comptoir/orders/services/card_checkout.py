"""A French consumer pays the orders of a checkout by card, through the card acquirer.

The acquirer is asked outside any transaction, once per order (idempotent by the order's payment, so a
retry after no answer, or after a crash between the answer and its record, never charges twice): each
order is read and checked in one short transaction, charged, then recorded as paid in another. A declined
card leaves that order placed (and its stock held until the payment window closes) for another card; the
orders paid before it stay paid. :class:`~comptoir.payments.CardDeclined` tells the buyer which.
"""

from __future__ import annotations

from functools import partial

from comptoir import payments
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
from comptoir.orders.domain import Market, Order, OrderStatus
from comptoir.orders.errors import CheckoutRefused, OrdersNotFound, OrderStateRefused
from comptoir.orders.services.checkout import Checkout, mark_paid
from comptoir.orders.services.queries import buyer_order, orders_of_checkout


async def _payable(uow: UnitOfWork, *, holder_id: str, checkout_id: str) -> list[Order]:
    orders = await orders_of_checkout(uow, holder_id=holder_id, checkout_id=checkout_id)
    if not orders:
        raise OrdersNotFound("no such checkout", code="order_not_found")
    if any(order.status is OrderStatus.CANCELLED for order in orders):
        raise OrderStateRefused("this checkout was cancelled: nothing is left to pay", status="cancelled")
    if any(order.market is Market.CN for order in orders):
        raise CheckoutRefused("orders into China are paid from the wallet", code="pay_by_wallet")
    return orders


async def _charge(uow: UnitOfWork, *, holder_id: str, order: Order, token: object) -> payments.CardCharge | None:
    assert order.payment_id is not None
    return await payments.card_charge(uow, holder_id=holder_id, payment_id=order.payment_id, token=token)


async def _record(uow: UnitOfWork, *, holder_id: str, order: Order, answer: payments.CardAnswer | None) -> Order:
    """Record the acquirer's ``answer`` (None: the payment was captured by an earlier attempt) and the order."""
    assert order.payment_id is not None
    current = await buyer_order(uow, holder_id=holder_id, order_id=order.id, lock=True)
    if answer is not None:
        await payments.record_card_charge(uow, payment_id=order.payment_id, answer=answer)
    if current.status is not OrderStatus.PLACED:
        return current
    return await mark_paid(uow, current, holder_id=holder_id)


async def pay_checkout_by_card(
    source: OpensUnitsOfWork,
    acquirer: payments.CardAcquirer,
    *,
    holder_id: str,
    checkout_id: str,
    card_token: object,
) -> Checkout:
    """Pay every placed order of the buyer's checkout with the card ``card_token`` (a token from the
    acquirer's card form, never a card number); orders already paid are left as they are."""
    orders = await transact(source, partial(_payable, holder_id=holder_id, checkout_id=checkout_id))
    done: list[Order] = []
    for order in orders:
        if order.status is not OrderStatus.PLACED or order.payment_id is None:
            done.append(order)
            continue
        charge = await transact(source, partial(_charge, holder_id=holder_id, order=order, token=card_token))
        # None: captured by an earlier attempt whose record did not reach the order
        answer = await payments.ask_acquirer(acquirer, charge) if charge is not None else None
        done.append(await transact(source, partial(_record, holder_id=holder_id, order=order, answer=answer)))
    return Checkout(checkout_id, tuple(done))
