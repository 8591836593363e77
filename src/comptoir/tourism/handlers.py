"""Outbox handlers of tourism: a wallet payment at an accepting shop is a visit; a paid online order may be
attributed to one. Both run at least once and are idempotent (keyed by the payment and the order)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from comptoir import orders, payments
from comptoir.kernel.money import Money
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, transact
from comptoir.tourism.services.attribution import attribute_order
from comptoir.tourism.services.visits import record_visit

IN_STORE_FLOWS = frozenset(
    {payments.Flow.ORDER_QR.value, payments.Flow.USER_CODE.value, payments.Flow.ENTRY_CODE.value}
)


def payment_succeeded_handler(runtime: OpensUnitsOfWork) -> Callable[..., Awaitable[None]]:
    """The handler of payments' :class:`~comptoir.payments.PaymentSucceeded`: in-store payments become visits."""

    async def handle(event: payments.PaymentSucceeded, **_: Any) -> None:
        if event.flow not in IN_STORE_FLOWS:
            return
        await transact(runtime, partial(record_visit, payment_id=event.payment_id))

    return handle


def order_paid_handler(runtime: OpensUnitsOfWork) -> Callable[..., Awaitable[None]]:
    """The handler of orders' :class:`~comptoir.orders.OrderPaid`: attribute the order to a shop visit."""

    async def handle(event: orders.OrderPaid, **_: Any) -> None:
        await transact(
            runtime,
            partial(
                attribute_order,
                order_id=event.order_id,
                merchant_org_id=event.merchant_org_id,
                holder_id=event.holder_id,
                lane=event.lane,
                amount=Money(event.amount_minor, event.currency),
            ),
        )

    return handle
