"""Reading orders: the buyer's own, and the seller side's (merchant of record, beneficiary, delegated partner).

Anyone who may not see an order learns nothing about it: ``order_not_found``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select

from comptoir import identity
from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.orders import repository as tables
from comptoir.orders.domain import Market, Order, OrderLine, OrderStatus
from comptoir.orders.errors import OrdersNotFound
from comptoir.orders.scopes import ORDERS


def _line(r: Any, currency: str, buyer_currency: str) -> OrderLine:
    return OrderLine(
        sku_id=r.sku_id,
        product_id=r.product_id,
        sku=r.sku,
        title=r.title,
        hs_code=r.hs_code,
        quantity=r.quantity,
        unit_price=Money(r.unit_price_minor, currency),
        unit_price_buyer=Money(r.unit_price_buyer_minor, buyer_currency),
        taxable_value=Money(r.taxable_value_minor, buyer_currency),
        tariff=Money(r.tariff_minor, buyer_currency),
        consumption_tax=Money(r.consumption_tax_minor, buyer_currency),
        vat=Money(r.vat_minor, buyer_currency),
        duty=Money(r.duty_minor, buyer_currency),
    )


def _order(r: Any, lines: Sequence[OrderLine]) -> Order:
    eur, buyer = r.currency, r.buyer_currency
    return Order(
        id=r.id,
        number=r.number,
        checkout_id=r.checkout_id,
        holder_id=r.holder_id,
        market=Market(r.market),
        lane=r.lane,
        regime=r.regime,
        store_id=r.store_id,
        merchant_org_id=r.merchant_org_id,
        beneficiary_org_id=r.beneficiary_org_id,
        channel=r.channel,
        status=OrderStatus(r.status),
        goods=Money(r.goods_minor, eur),
        freight=Money(r.freight_minor, eur),
        amount=Money(r.amount_minor, eur),
        buyer_total=Money(r.buyer_total_minor, buyer),
        buyer_goods=Money(r.buyer_goods_minor, buyer),
        buyer_freight=Money(r.buyer_freight_minor, buyer),
        discount=Money(r.discount_minor, eur),
        tax=Money(r.tax_minor, buyer),
        rate=Decimal(r.rate) if r.rate else None,
        quote_id=r.quote_id,
        payment_id=r.payment_id,
        person_key=r.person_key,
        coupon_code=r.coupon_code,
        promised_by=r.promised_by,
        zone=r.zone,
        placed_at=r.placed_at,
        updated_at=r.updated_at,
        lines=tuple(lines),
    )


async def load_orders(uow: UnitOfWork, rows: Sequence[Any]) -> list[Order]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    t = tables.order_lines
    found = (await uow.session.execute(select(t).where(t.c.order_id.in_(ids)).order_by(t.c.sku))).all()
    by_order: dict[str, list[Any]] = {i: [] for i in ids}
    for line in found:
        by_order[line.order_id].append(line)
    return [_order(r, [_line(x, r.currency, r.buyer_currency) for x in by_order[r.id]]) for r in rows]


async def order_row(uow: UnitOfWork, order_id: object, *, lock: bool = False) -> Any:
    if not isinstance(order_id, str):
        return None
    query = select(tables.orders).where(tables.orders.c.id == order_id)
    if lock:
        query = query.with_for_update()
    return (await uow.session.execute(query)).first()


async def orders_of_checkout(
    uow: UnitOfWork, *, holder_id: str, checkout_id: str, order_id: str | None = None
) -> list[Order]:
    t = tables.orders
    query = select(t).where(t.c.checkout_id == checkout_id, t.c.holder_id == holder_id)
    if order_id is not None:
        query = query.where(t.c.id == order_id)
    return await load_orders(uow, (await uow.session.execute(query.order_by(t.c.id))).all())


async def buyer_order(uow: UnitOfWork, *, holder_id: str, order_id: object, lock: bool = False) -> Order:
    row = await order_row(uow, order_id, lock=lock)
    if row is None or row.holder_id != holder_id:
        raise OrdersNotFound("no such order", code="order_not_found")
    return (await load_orders(uow, [row]))[0]


async def buyer_orders(uow: UnitOfWork, *, holder_id: str, before: str | None = None, limit: int = 20) -> list[Order]:
    """The buyer's orders, newest first; ``limit + 1`` are read by callers that page."""
    t = tables.orders
    query = select(t).where(t.c.holder_id == holder_id)
    if before is not None:
        query = query.where(t.c.id < before)
    rows = (await uow.session.execute(query.order_by(t.c.id.desc()).limit(limit))).all()
    return await load_orders(uow, rows)


async def may_handle(uow: UnitOfWork, principal: Principal, row: Any) -> bool:
    """The platform operator, the merchant of record, the beneficiary, or a partner the brand gave ``orders``."""
    if principal.is_platform_operator or principal.organisation_id in (row.merchant_org_id, row.beneficiary_org_id):
        return True
    if principal.organisation_kind == OrganisationKind.PARTNER and row.channel == "brand_store":
        try:
            await identity.authorize_delegate(uow, principal, brand_id=row.merchant_org_id, scope=ORDERS.name)
        except identity.DelegationDenied:
            return False
        return True
    return False


async def seller_order(uow: UnitOfWork, principal: Principal, *, order_id: object, lock: bool = False) -> Order:
    row = await order_row(uow, order_id, lock=lock)
    if row is None or not await may_handle(uow, principal, row):
        raise OrdersNotFound("no such order", code="order_not_found")
    return (await load_orders(uow, [row]))[0]


async def _delegating_brands(uow: UnitOfWork, principal: Principal) -> list[str]:
    if principal.organisation_kind != OrganisationKind.PARTNER:
        return []
    found = await identity.delegations_of(uow, principal, include_revoked=False)
    brands = []
    for d in found:
        if d.partner_id == principal.organisation_id and ORDERS.name in d.scopes:
            try:
                await identity.authorize_delegate(uow, principal, brand_id=d.brand_id, scope=ORDERS.name)
            except identity.DelegationDenied:
                continue
            brands.append(d.brand_id)
    return brands


async def seller_orders(
    uow: UnitOfWork,
    principal: Principal,
    *,
    status: OrderStatus | None = None,
    before: str | None = None,
    limit: int = 50,
) -> list[Order]:
    """The orders the caller sells or handles, newest first (the platform operator's: all of them)."""
    t = tables.orders
    query = select(t)
    if not principal.is_platform_operator:
        org = principal.organisation_id
        clauses = [t.c.merchant_org_id == org, t.c.beneficiary_org_id == org]
        brands = await _delegating_brands(uow, principal)
        if brands:
            clauses.append((t.c.merchant_org_id.in_(brands)) & (t.c.channel == "brand_store"))
        query = query.where(or_(*clauses))
    if status is not None:
        query = query.where(t.c.status == status.value)
    if before is not None:
        query = query.where(t.c.id < before)
    rows = (await uow.session.execute(query.order_by(t.c.id.desc()).limit(limit))).all()
    return await load_orders(uow, rows)
