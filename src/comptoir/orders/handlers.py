"""What orders does when something happened: a paid order into China is declared to customs, and customs'
answer moves it on. Each handler runs at least once per event, in a unit of work of its own, and is
idempotent (declaring the same documents again answers the stored declaration; an order already declared
stays so).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from comptoir import catalog, customs, logistics
from comptoir.kernel.money import Money
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
from comptoir.orders.domain import Order, OrderPaid, OrderStatus, needs_customs
from comptoir.orders.services import BuyerVault, buyer_identity, mark_declared
from comptoir.orders.services.history import record_change
from comptoir.orders.services.queries import load_orders, order_row

#: What a parcel weighs beyond its goods (box, padding, label), in grams.
PACKAGING_G = 150


def waybill_number(order_id: str) -> str:
    """The parcel's UPU S10 id: the service ``EB`` (e-commerce parcels), a serial drawn from the order id, FR."""
    serial = int.from_bytes(hashlib.sha256(order_id.encode()).digest()[:8], "big") % 100_000_000
    return str(logistics.make_s10("EB", serial, "FR"))


def parcel_weight_g(order: Order, net_grams: dict[str, int]) -> int:
    """The goods' net content (a millilitre counted as a gram) of every unit, and the packaging."""
    return PACKAGING_G + sum(net_grams.get(line.sku_id, 0) * line.quantity for line in order.lines)


async def declare(uow: UnitOfWork, *, vault: BuyerVault, order_id: str) -> None:
    """File the order's three documents (order, payment, waybill) with customs, once."""
    row = await order_row(uow, order_id)
    if row is None:
        return
    [order] = await load_orders(uow, [row])
    if not needs_customs(order.lane) or order.status is not OrderStatus.PAID or order.payment_id is None:
        return
    identity = await buyer_identity(uow, vault=vault, holder_id=order.holder_id)
    if identity is None or order.person_key is None:
        return
    currency = order.buyer_total.currency
    skus = await catalog.sellable_skus(uow, sku_ids=[line.sku_id for line in order.lines])
    net_grams = {
        sku_id: found.variant.net_content.value
        for sku_id, found in skus.items()
        if found.variant.net_content is not None
    }
    await customs.declare_order(
        uow,
        order=customs.OrderDocument(
            order_id=order.id,
            buyer_name=identity.real_name,
            buyer_person_key=order.person_key,
            goods_value=order.buyer_goods,
            freight=order.buyer_freight,
            tax=order.tax,
            total=order.buyer_total,
        ),
        payment=customs.PaymentDocument(
            payment_id=order.payment_id,
            order_id=order.id,
            # The payer must be the buyer: the payment was authorised from the buyer's own wallet.
            payer_person_key=order.person_key,
            amount=order.buyer_total,
        ),
        waybill=customs.WaybillDocument(
            waybill_no=waybill_number(order.id),
            order_id=order.id,
            consignee_person_key=order.person_key,
            weight_g=parcel_weight_g(order, net_grams),
        ),
        computed_tax=order.tax if order.tax.currency == currency else Money.zero(currency),
    )


def order_paid_handler(runtime: OpensUnitsOfWork, vault: BuyerVault) -> Callable[..., Awaitable[None]]:
    """The outbox handler of :class:`OrderPaid`: an order into China is declared to customs."""

    async def handle(event: OrderPaid, **_: Any) -> None:
        await transact(runtime, lambda uow: declare(uow, vault=vault, order_id=event.order_id))

    return handle


def customs_answer_handler(runtime: OpensUnitsOfWork) -> Callable[..., Awaitable[None]]:
    """The outbox handler of customs' answers: cleared moves the order to ``declared`` (it may ship);
    rejected is written in the order's history, for the seller and the operator to act on."""

    async def handle(event: customs.CustomsCleared | customs.CustomsRejected, **_: Any) -> None:
        if isinstance(event, customs.CustomsCleared):
            await transact(runtime, lambda uow: mark_declared(uow, order_id=event.order_id))
            return

        async def note(uow: UnitOfWork) -> None:
            row = await order_row(uow, event.order_id)
            if row is not None:
                status = OrderStatus(row.status)
                reason = getattr(event, "reason", "") or "rejected"
                await record_change(
                    uow, row.id, actor="customs", action="customs_rejected", from_status=status, to=status, note=reason
                )

        await transact(runtime, note)

    return handle
