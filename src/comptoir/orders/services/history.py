"""Every change of an order is written down: who, when, from which state to which, and why."""

from __future__ import annotations

from sqlalchemy import insert, select

from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.orders import repository as tables
from comptoir.orders.domain import OrderChange, OrderStatus


async def record_change(
    uow: UnitOfWork,
    order_id: str,
    *,
    actor: str,
    action: str,
    from_status: OrderStatus | None,
    to: OrderStatus,
    note: str = "",
) -> None:
    await uow.session.execute(
        insert(tables.history).values(
            order_id=order_id,
            at=uow.clock.now(),
            actor=actor[:80],
            action=action,
            from_status=from_status.value if from_status is not None else None,
            to_status=to.value,
            note=note[:300],
        )
    )


async def record_changes(
    uow: UnitOfWork, order_id: str, changes: list[tuple[str, str, OrderStatus | None, OrderStatus]]
) -> None:
    """Several changes of one order at once, in order: (actor, action, from, to) each, in one statement."""
    now = uow.clock.now()
    await uow.session.execute(
        insert(tables.history),
        [
            {
                "order_id": order_id,
                "at": now,
                "actor": actor[:80],
                "action": action,
                "from_status": from_status.value if from_status is not None else None,
                "to_status": to.value,
                "note": "",
            }
            for actor, action, from_status, to in changes
        ],
    )


async def changes_of(uow: UnitOfWork, order_id: str) -> list[OrderChange]:
    t = tables.history
    rows = (await uow.session.execute(select(t).where(t.c.order_id == order_id).order_by(t.c.id))).all()
    return [OrderChange(r.at, r.actor, r.action, r.from_status, r.to_status, r.note) for r in rows]
