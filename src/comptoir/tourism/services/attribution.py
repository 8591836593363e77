"""Online orders attributed to a shop visit: an order paid on the Chinese storefront from a brand the tourist
follows (both consents still given when the order is handled) goes to their last visit to one of that brand's
shops within the brand's window (180 days unless the brand set another).

Run from orders' ``OrderPaid`` (at least once: the order id is the attribution's key). Only the order's own
buyer's visits count, so nobody's order is attributed through another person's visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update

from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.tourism import repository as tables
from comptoir.tourism.domain.attribution import (
    DEFAULT_WINDOW_DAYS,
    MAX_WINDOW_DAYS,
    Touch,
    check_window,
    delay_days,
    last_touch,
    month_of,
)
from comptoir.tourism.errors import NotAShop, ShopInvalid
from comptoir.tourism.services.follows import is_following

#: The lane of orders a tourist places back home, on the Chinese storefront.
HOME_LANE = "FR-CN"


@dataclass(frozen=True, slots=True)
class Attribution:
    order_id: str
    brand_org_id: str
    shop_id: str
    visit_id: str
    amount: Money
    visited_at: datetime
    ordered_at: datetime
    delay_days: int


async def attribution_window(uow: UnitOfWork, *, brand_org_id: str) -> int:
    row = (
        await uow.session.execute(
            select(tables.brand_settings.c.window_days).where(tables.brand_settings.c.brand_org_id == brand_org_id)
        )
    ).first()
    return int(row.window_days) if row is not None else DEFAULT_WINDOW_DAYS


async def set_attribution_window(uow: UnitOfWork, principal: Principal, *, days: int) -> int:
    """A brand sets how long after a shop visit an online order is still the shop's (1 to 730 days)."""
    if principal.organisation_kind is not OrganisationKind.BRAND:
        raise NotAShop("only a brand sets its attribution window")
    try:
        days = check_window(days)
    except ValueError as exc:
        raise ShopInvalid("window_days", f"a whole number of days from 1 to {MAX_WINDOW_DAYS}") from exc
    t = tables.brand_settings
    now = uow.clock.now()
    done = await uow.session.execute(
        update(t).where(t.c.brand_org_id == principal.organisation_id).values(window_days=days, updated_at=now)
    )
    if done.rowcount == 0:  # type: ignore[attr-defined]
        await uow.session.execute(
            insert(t).values(brand_org_id=principal.organisation_id, window_days=days, updated_at=now)
        )
    return days


def _attribution(row: object) -> Attribution:
    r = row._mapping  # type: ignore[attr-defined]
    return Attribution(
        order_id=r["order_id"],
        brand_org_id=r["brand_org_id"],
        shop_id=r["shop_id"],
        visit_id=r["visit_id"],
        amount=Money(r["amount_minor"], r["currency"]),
        visited_at=r["visited_at"],
        ordered_at=r["ordered_at"],
        delay_days=r["delay_days"],
    )


async def attribution_of(uow: UnitOfWork, *, order_id: str) -> Attribution | None:
    row = (
        await uow.session.execute(select(tables.attributions).where(tables.attributions.c.order_id == order_id))
    ).first()
    return _attribution(row) if row is not None else None


async def attribute_order(
    uow: UnitOfWork,
    *,
    order_id: str,
    merchant_org_id: str,
    holder_id: str,
    lane: str,
    amount: Money,
    ordered_at: datetime | None = None,
) -> Attribution | None:
    """Attribute a paid order to the buyer's last visit to one of the brand's shops, or None when it is not
    a tourist's (another lane, no follow or a consent withdrawn, no visit within the window)."""
    known = await attribution_of(uow, order_id=order_id)
    if known is not None:
        return known
    if lane != HOME_LANE or not holder_id:
        return None
    if not await is_following(uow, holder_id=holder_id, brand_org_id=merchant_org_id):
        return None
    at = ordered_at or uow.clock.now()
    window = await attribution_window(uow, brand_org_id=merchant_org_id)
    v = tables.visits
    rows = await uow.session.execute(
        select(v.c.id, v.c.shop_id, v.c.visited_at).where(
            v.c.holder_id == holder_id, v.c.brand_org_id == merchant_org_id
        )
    )
    touch = last_touch((Touch(r.id, r.shop_id, r.visited_at) for r in rows), ordered_at=at, window_days=window)
    if touch is None:
        return None
    await uow.session.execute(
        insert(tables.attributions).values(
            order_id=order_id,
            holder_id=holder_id,
            brand_org_id=merchant_org_id,
            shop_id=touch.shop_id,
            visit_id=touch.visit_id,
            amount_minor=amount.minor,
            currency=amount.currency,
            visited_at=touch.at,
            ordered_at=at,
            month=month_of(at),
            delay_days=delay_days(touch.at, at),
        )
    )
    return await attribution_of(uow, order_id=order_id)
