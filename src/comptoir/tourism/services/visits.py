"""A tourist's visits: each wallet payment captured at the till of a shop that accepts the wallet.

Recorded from payments' ``PaymentSucceeded`` (at least once: the payment id is the visit's key, so a repeated
event records nothing more), read back from payments' public face for the till and the instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from comptoir import payments
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.tourism import repository as tables
from comptoir.tourism.services.shops import shop_of_till

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True, slots=True)
class Visit:
    id: str
    payment_id: str
    shop_id: str
    holder_id: str | None
    brand_org_id: str | None
    amount: Money  # what the shop was paid (EUR)
    paid: Money  # what the tourist paid (CNY)
    visited_at: datetime
    day: date


def to_visit(row: Any) -> Visit:
    r = row._mapping
    return Visit(
        id=r["id"],
        payment_id=r["payment_id"],
        shop_id=r["shop_id"],
        holder_id=r["holder_id"],
        brand_org_id=r["brand_org_id"],
        amount=Money(r["amount_minor"], r["currency"]),
        paid=Money(r["paid_minor"], r["paid_currency"]),
        visited_at=r["visited_at"],
        day=r["day"],
    )


async def visit_of_payment(uow: UnitOfWork, payment_id: str) -> Visit | None:
    row = (await uow.session.execute(select(tables.visits).where(tables.visits.c.payment_id == payment_id))).first()
    return to_visit(row) if row is not None else None


async def record_visit(uow: UnitOfWork, *, payment_id: str) -> Visit | None:
    """The visit of an in-store payment at an accepting shop (recorded once), or None for any other payment."""
    known = await visit_of_payment(uow, payment_id)
    if known is not None:
        return known
    payment = await payments.in_store_payment(uow, payment_id=payment_id)
    if payment is None or payment.payer is None or payment.paid is None or payment.decided_at is None:
        return None
    shop = await shop_of_till(uow, payment.point_of_sale_id or "")
    if shop is None:
        return None
    at = payment.decided_at
    visit_id = new_id("vis")
    await uow.session.execute(
        insert(tables.visits).values(
            id=visit_id,
            payment_id=payment.id,
            shop_id=shop.id,
            holder_id=payment.payer,
            brand_org_id=shop.brand_org_id,
            amount_minor=payment.amount.minor,
            currency=payment.amount.currency,
            paid_minor=payment.paid.minor,
            paid_currency=payment.paid.currency,
            visited_at=at,
            day=at.astimezone(PARIS).date(),
        )
    )
    return await visit_of_payment(uow, payment_id)


async def visits_of(uow: UnitOfWork, *, holder_id: str, limit: int = 50) -> list[Visit]:
    t = tables.visits
    rows = await uow.session.execute(
        select(t).where(t.c.holder_id == holder_id).order_by(t.c.visited_at.desc(), t.c.id.desc()).limit(limit)
    )
    return [to_visit(r) for r in rows]
