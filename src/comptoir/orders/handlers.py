"""What orders does when something happened: a paid order gets its parcel booked with logistics and, into
China, is declared to customs with that parcel's waybill; customs' answer moves it on; a parcel re-promised
after a disruption moves the date the buyer is shown. Each handler runs at least once per event, in a unit
of work of its own, and is idempotent (logistics books one shipment per order, whatever the repeats;
declaring the same documents again answers the stored declaration; an order already declared stays so).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import update

from comptoir import catalog, customs, logistics
from comptoir.kernel.money import Money
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
from comptoir.orders import repository as tables
from comptoir.orders.domain import Order, OrderPaid, OrderStatus, needs_customs, shipped_freight_table
from comptoir.orders.services import BuyerVault, buyer_identity, mark_declared
from comptoir.orders.services.history import record_change
from comptoir.orders.services.queries import load_orders, order_row

#: What a parcel weighs beyond its goods (box, padding, label), in grams.
PACKAGING_G = 150


def parcel_weight_g(order: Order, net_grams: dict[str, int]) -> int:
    """The goods' net content (a millilitre counted as a gram) of every unit, and the packaging."""
    return PACKAGING_G + sum(net_grams.get(line.sku_id, 0) * line.quantity for line in order.lines)


async def _net_grams(uow: UnitOfWork, order: Order) -> dict[str, int]:
    skus = await catalog.sellable_skus(uow, sku_ids=[line.sku_id for line in order.lines])
    return {
        sku_id: found.variant.net_content.value
        for sku_id, found in skus.items()
        if found.variant.net_content is not None
    }


async def ship(uow: UnitOfWork, *, order: Order, net_grams: dict[str, int], consignee: str = "") -> logistics.Shipment:
    """The order's parcel, booked with logistics once (keyed by the merchant and the order id): it leaves the
    lane's origin hub when the merchant has prepared it, weighs its goods and packaging, and its S10 id is
    issued in the lane's country of departure."""
    rate = shipped_freight_table().in_force(order.lane, uow.clock.now().date())
    origin = rate.origin if rate is not None else ""
    hours = rate.preparation_hours if rate is not None else 0
    return await logistics.book_shipment(
        uow,
        engines=logistics.PromiseEngines.of(uow.database),
        seller_org_id=order.merchant_org_id,
        order_reference=order.id,
        origin=origin,
        zone=order.zone or "",
        weight_g=parcel_weight_g(order, net_grams),
        ready_at=uow.clock.now() + timedelta(hours=hours),
        s10_country=order.lane[:2],
        shipper=order.store_id,
        consignee_name=consignee,
        consignee_key=order.person_key,
        contents=", ".join(f"{line.quantity} x {line.hs_code}" for line in order.lines)[:400],
        strict=False,
    )


async def ship_and_declare(uow: UnitOfWork, *, vault: BuyerVault, order_id: str) -> None:
    """Book the paid order's parcel, then file its three documents (order, payment, the parcel's waybill) with
    customs when the order goes into China; once, however often the event comes."""
    row = await order_row(uow, order_id)
    if row is None:
        return
    [order] = await load_orders(uow, [row])
    if order.status is not OrderStatus.PAID or order.payment_id is None:
        return
    declaring = needs_customs(order.lane)
    identity = await buyer_identity(uow, vault=vault, holder_id=order.holder_id) if declaring else None
    net_grams = await _net_grams(uow, order)
    shipment = await ship(uow, order=order, net_grams=net_grams, consignee=identity.real_name if identity else "")
    if not declaring or identity is None or order.person_key is None:
        return
    currency = order.buyer_total.currency
    waybill = shipment.waybill
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
            waybill_no=waybill.parcel_id,
            order_id=waybill.order_reference,
            consignee_person_key=waybill.consignee_key or order.person_key,
            weight_g=waybill.weight_g,
        ),
        computed_tax=order.tax if order.tax.currency == currency else Money.zero(currency),
    )


def order_paid_handler(runtime: OpensUnitsOfWork, vault: BuyerVault) -> Callable[..., Awaitable[None]]:
    """The outbox handler of :class:`OrderPaid`: the order's parcel is booked, and an order into China is
    declared to customs with its waybill."""

    async def handle(event: OrderPaid, **_: Any) -> None:
        await transact(runtime, lambda uow: ship_and_declare(uow, vault=vault, order_id=event.order_id))

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


async def move_promise(uow: UnitOfWork, *, event: logistics.ShipmentRepromised) -> None:
    """Show the buyer the parcel's new promised date, and write why in the order's history; an order that is
    not this seller's, or already delivered, cancelled or returned, is left as it is."""
    row = await order_row(uow, event.order_reference)
    if row is None or row.merchant_org_id != event.seller_org_id:
        return
    status = OrderStatus(row.status)
    if status in (OrderStatus.DELIVERED, OrderStatus.CANCELLED, OrderStatus.RETURNED):
        return
    promised = None if event.promised_date is None else date.fromisoformat(event.promised_date)
    if promised == row.promised_by:
        return  # a repeated event, or a re-plan that kept the date
    await uow.session.execute(
        update(tables.orders)
        .where(tables.orders.c.id == row.id)
        .values(promised_by=promised, updated_at=uow.clock.now())
    )
    note = f"{event.reason}: promised {promised.isoformat() if promised else 'no date yet'}"
    await record_change(uow, row.id, actor="logistics", action="repromised", from_status=status, to=status, note=note)


def shipment_repromised_handler(runtime: OpensUnitsOfWork) -> Callable[..., Awaitable[None]]:
    """The outbox handler of logistics' :class:`~comptoir.logistics.ShipmentRepromised`."""

    async def handle(event: logistics.ShipmentRepromised, **_: Any) -> None:
        await transact(runtime, lambda uow: move_promise(uow, event=event))

    return handle
