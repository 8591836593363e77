"""Erasing a buyer's personal data when they ask for it (the capability that runs the request calls
:func:`erase_buyer` inside its unit of work, beside the wallet's own erasure).

What names the person goes: the sealed real name, ID number and delivery address, the person key and last
four of the ID number, the zone chosen; each order's person key; the notes the buyer wrote in the orders'
history (a cancellation's reason); the buyer's open carts (their held stock is given back); the answers
stored for the buyer's Idempotency-Keys (those of an identity or an address carry them); and, through their
capabilities, the buyer's name and person key in customs declarations and the consignee of the parcels.

Orders themselves stay, with their lines, amounts, statuses and history, keyed by the holder's id: they are
financial records, and the id names nobody once the wallet holder is erased too. A paid order not declared
yet cannot be declared any more (customs needs the buyer's identity); its parcel is booked without a name.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select, update

from comptoir import customs, inventory, logistics
from comptoir.kernel.idempotency import forget_answers
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.orders import repository as tables
from comptoir.orders.domain import CartStatus


def buyer_idempotency_scope(holder_id: str) -> str:
    """Whose Idempotency-Keys a signed-in buyer's store API requests use."""
    return f"buyer:{holder_id}"


def buyer_actor(holder_id: str) -> str:
    """How the orders' history names a change the buyer made."""
    return f"buyer:{holder_id}"


async def erase_buyer(uow: UnitOfWork, *, holder_id: str) -> None:
    """Erase the personal data orders (and, for the buyer's orders, customs and logistics) keep about the
    buyer ``holder_id``. Idempotent: erasing again, or a holder who never bought, changes nothing."""
    now = uow.clock.now()
    b = tables.buyers
    await uow.session.execute(
        update(b)
        .where(
            b.c.holder_id == holder_id,
            b.c.name_box.is_not(None)
            | b.c.id_box.is_not(None)
            | b.c.address_box.is_not(None)
            | b.c.person_key.is_not(None)
            | b.c.id_last4.is_not(None)
            | b.c.zone.is_not(None),
        )
        .values(name_box=None, id_box=None, person_key=None, id_last4=None, zone=None, address_box=None, updated_at=now)
    )
    o = tables.orders
    placed = (
        await uow.session.execute(
            select(o.c.id, o.c.merchant_org_id).where(o.c.holder_id == holder_id).order_by(o.c.id)
        )
    ).all()
    await uow.session.execute(
        update(o).where(o.c.holder_id == holder_id, o.c.person_key.is_not(None)).values(person_key=None)
    )
    order_ids = [row.id for row in placed]
    if order_ids:
        h = tables.history
        await uow.session.execute(
            update(h)
            .where(h.c.order_id.in_(order_ids), h.c.actor == buyer_actor(holder_id), h.c.note != "")
            .values(note="")
        )
    await _drop_open_carts(uow, holder_id)
    await forget_answers(uow.session, scope=buyer_idempotency_scope(holder_id))
    await customs.erase_buyer(uow, order_ids=order_ids)
    by_seller: dict[str, list[str]] = defaultdict(list)
    for row in placed:
        by_seller[row.merchant_org_id].append(row.id)
    for seller_org_id, references in sorted(by_seller.items()):
        await logistics.erase_consignee(uow, seller_org_id=seller_org_id, order_references=references)


async def _drop_open_carts(uow: UnitOfWork, holder_id: str) -> None:
    c = tables.carts
    open_ids = list(
        (
            await uow.session.execute(
                select(c.c.id)
                .where(c.c.holder_id == holder_id, c.c.status == CartStatus.OPEN.value)
                .order_by(c.c.id)
                .with_for_update()
            )
        ).scalars()
    )
    for cart_id in open_ids:
        await inventory.release_reservation(uow, reservation_id=cart_id, owner=holder_id)
    if open_ids:
        await uow.session.execute(delete(tables.cart_lines).where(tables.cart_lines.c.cart_id.in_(open_ids)))
        await uow.session.execute(delete(c).where(c.c.id.in_(open_ids)))
