"""What shops, brands and the platform operator read: a shop's acceptance statistics, attributed online sales
by shop and month with the visit-to-purchase delay, and the cashless-Paris dashboard.

A shop reads only its own figures; a brand those of the shops that sell it; the operator all. Anyone else
asking for a shop's figures is told the shop does not exist, so an id reveals nothing. Figures of erased
tourists come from anonymous monthly counts and are added in, so erasure changes no total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.tourism import repository as tables
from comptoir.tourism.domain.attribution import BUCKET_COUNT, DELAY_BUCKETS, delay_bucket, month_of
from comptoir.tourism.domain.categories import ShopCategory
from comptoir.tourism.errors import NotAShop, TourismNotFound
from comptoir.tourism.services.attribution import attribution_window
from comptoir.tourism.services.shops import AcceptingShop, all_shops, my_shop, shop_by_id
from comptoir.tourism.services.visits import PARIS

SETTLEMENT = "EUR"


@dataclass(frozen=True, slots=True)
class DayFigures:
    day: date
    payments: int
    amount: Money


@dataclass(frozen=True, slots=True)
class ShopStatistics:
    shop: AcceptingShop
    since: date
    days: tuple[DayFigures, ...]  # every day of the period, oldest first, zero days included
    payments: int
    amount: Money
    tourists: int  # distinct payers still known (erased tourists are not counted as persons)
    followers: int  # tourists who follow the shop's brand from a visit here
    attributed_orders: int
    attributed_amount: Money


@dataclass(slots=True)
class MonthRow:
    shop_id: str
    shop_name: str
    month: str
    orders: int = 0
    amount_minor: int = 0
    delay_days_total: int = 0

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, SETTLEMENT)

    @property
    def mean_delay_days(self) -> int | None:
        return round(self.delay_days_total / self.orders) if self.orders else None


@dataclass(frozen=True, slots=True)
class AttributionReport:
    """Attributed online sales per (shop, month), newest month first, and the delay histogram."""

    rows: tuple[MonthRow, ...]
    orders: int
    amount: Money
    mean_delay_days: int | None
    delay_buckets: tuple[int, ...]  # counts, one per bucket of DELAY_BUCKETS (the last is "over 180 days")
    bucket_bounds: tuple[int, ...] = DELAY_BUCKETS
    window_days: int | None = None


@dataclass(frozen=True, slots=True)
class ArrondissementFigures:
    number: int
    shops: int
    by_category: dict[str, int]


@dataclass(frozen=True, slots=True)
class CashlessParis:
    since: date
    until: date
    shops: int
    shops_outside_paris: int
    arrondissements: tuple[ArrondissementFigures, ...]  # all twenty, in order
    categories: dict[str, int]
    days: tuple[DayFigures, ...]
    tourist_spend: Money  # wallet payments in accepting shops over the period
    online_spend: Money  # online orders of the period attributed to a shop visit
    share_permille: int | None  # online_spend / tourist_spend, in thousandths
    positions: tuple[tuple[str, int, int, str], ...] = field(default=())  # (shop id, lat_e6, lon_e6, category)


def _day_series(since: date, until: date, figures: dict[date, tuple[int, int]]) -> tuple[DayFigures, ...]:
    out = []
    day = since
    while day <= until:
        count, amount = figures.get(day, (0, 0))
        out.append(DayFigures(day, count, Money(amount, SETTLEMENT)))
        day += timedelta(days=1)
    return tuple(out)


def _today(uow: UnitOfWork) -> date:
    return uow.clock.now().astimezone(PARIS).date()


def _period(uow: UnitOfWork, days: int) -> tuple[date, date]:
    if not 1 <= days <= 366:
        raise ValueError("days is from 1 to 366")
    until = _today(uow)
    return until - timedelta(days=days - 1), until


async def _payments_by_day(uow: UnitOfWork, since: date, shop_ids: list[str] | None) -> dict[date, tuple[int, int]]:
    v = tables.visits
    query = (
        select(v.c.day, func.count(), func.coalesce(func.sum(v.c.amount_minor), 0))
        .where(v.c.day >= since, v.c.currency == SETTLEMENT)
        .group_by(v.c.day)
    )
    if shop_ids is not None:
        query = query.where(v.c.shop_id.in_(shop_ids))
    return {r[0]: (int(r[1]), int(r[2])) for r in await uow.session.execute(query)}


async def shop_statistics(
    uow: UnitOfWork, principal: Principal, *, shop_id: str | None = None, days: int = 30
) -> ShopStatistics:
    """The caller's shop's wallet payments per day over ``days``, its tourists, followers and attributed sales.
    The operator may name any shop; a brand one that sells it; anyone else only their own."""
    shop = await _readable_shop(uow, principal, shop_id)
    since, until = _period(uow, days)
    by_day = await _payments_by_day(uow, since, [shop.id])
    v = tables.visits
    tourists = (
        await uow.session.execute(
            select(func.count(func.distinct(v.c.holder_id))).where(
                v.c.shop_id == shop.id, v.c.day >= since, v.c.holder_id.is_not(None)
            )
        )
    ).scalar_one()
    f = tables.follows
    followers = (
        await uow.session.execute(select(func.count()).where(f.c.shop_id == shop.id, f.c.ended_at.is_(None)))
    ).scalar_one()
    report = await _rows(
        uow, shop_ids=[shop.id], names={shop.id: shop.name}, since_month=month_of(datetime(since.year, since.month, 1))
    )
    orders = sum(r.orders for r in report[0])
    amount = sum(r.amount_minor for r in report[0])
    series = _day_series(since, until, by_day)
    return ShopStatistics(
        shop=shop,
        since=since,
        days=series,
        payments=sum(d.payments for d in series),
        amount=Money(sum(d.amount.minor for d in series), SETTLEMENT),
        tourists=int(tourists),
        followers=int(followers),
        attributed_orders=orders,
        attributed_amount=Money(amount, SETTLEMENT),
    )


async def _readable_shop(uow: UnitOfWork, principal: Principal, shop_id: str | None) -> AcceptingShop:
    own = await my_shop(uow, principal)
    if shop_id is None or (own is not None and shop_id == own.id):
        if own is None:
            raise TourismNotFound("this organisation has not signed up to accept the wallet")
        return own
    try:
        shop = await shop_by_id(uow, shop_id)
    except TourismNotFound:
        raise TourismNotFound("no such shop") from None
    if principal.organisation_kind is OrganisationKind.PLATFORM:
        return shop
    if principal.organisation_kind is OrganisationKind.BRAND and shop.brand_org_id == principal.organisation_id:
        return shop
    raise TourismNotFound("no such shop")


async def _rows(
    uow: UnitOfWork, *, shop_ids: list[str] | None, names: dict[str, str], since_month: str, brand: str | None = None
) -> tuple[list[MonthRow], list[int]]:
    rows: dict[tuple[str, str], MonthRow] = {}
    buckets = [0] * BUCKET_COUNT

    def row(shop_id: str, month: str) -> MonthRow:
        key = (shop_id, month)
        if key not in rows:
            rows[key] = MonthRow(shop_id, names.get(shop_id, shop_id), month)
        return rows[key]

    a = tables.attributions
    query = select(a.c.shop_id, a.c.month, a.c.amount_minor, a.c.delay_days).where(
        a.c.month >= since_month, a.c.currency == SETTLEMENT
    )
    n = tables.anonymous_attributions
    anonymous = select(n).where(n.c.month >= since_month, n.c.currency == SETTLEMENT)
    if shop_ids is not None:
        query = query.where(a.c.shop_id.in_(shop_ids))
        anonymous = anonymous.where(n.c.shop_id.in_(shop_ids))
    if brand is not None:
        query = query.where(a.c.brand_org_id == brand)
        anonymous = anonymous.where(n.c.brand_org_id == brand)
    for r in await uow.session.execute(query):
        target = row(r.shop_id, r.month)
        target.orders += 1
        target.amount_minor += int(r.amount_minor)
        target.delay_days_total += int(r.delay_days)
        buckets[delay_bucket(int(r.delay_days))] += 1
    for r in await uow.session.execute(anonymous):
        m = r._mapping
        target = row(m["shop_id"], m["month"])
        target.orders += int(m["orders"])
        target.amount_minor += int(m["amount_minor"])
        target.delay_days_total += int(m["delay_days_total"])
        for index, count in enumerate(int(c) for c in m["delay_buckets"].split(",")):
            buckets[index] += count
    ordered = sorted(rows.values(), key=lambda r: (r.shop_name.casefold(), r.shop_id))
    ordered.sort(key=lambda r: r.month, reverse=True)  # newest month first, shops by name within a month
    return ordered, buckets


async def attribution_report(uow: UnitOfWork, principal: Principal, *, months: int = 12) -> AttributionReport:
    """Attributed online sales by shop and month over the last ``months``: a brand sees every shop that sells
    it, a shop its own, the operator every shop."""
    if not 1 <= months <= 36:
        raise ValueError("months is from 1 to 36")
    today = _today(uow)
    first = date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)
    since_month = f"{first.year:04d}-{first.month:02d}"
    window: int | None = None
    brand: str | None = None
    if principal.organisation_kind is OrganisationKind.PLATFORM:
        shops = await all_shops(uow)
        shop_ids: list[str] | None = None
    elif principal.organisation_kind is OrganisationKind.BRAND:
        brand = principal.organisation_id
        shops = [s for s in await all_shops(uow) if s.brand_org_id == brand]
        shop_ids = None
        window = await attribution_window(uow, brand_org_id=brand)
    else:
        own = await my_shop(uow, principal)
        if own is None:
            raise NotAShop("this organisation has not signed up to accept the wallet")
        shops = [own]
        shop_ids = [own.id]
    names = {s.id: s.name for s in shops}
    rows, buckets = await _rows(uow, shop_ids=shop_ids, names=names, since_month=since_month, brand=brand)
    orders = sum(r.orders for r in rows)
    delay_total = sum(r.delay_days_total for r in rows)
    return AttributionReport(
        rows=tuple(rows),
        orders=orders,
        amount=Money(sum(r.amount_minor for r in rows), SETTLEMENT),
        mean_delay_days=round(delay_total / orders) if orders else None,
        delay_buckets=tuple(buckets),
        window_days=window,
    )


async def cashless_paris(uow: UnitOfWork, principal: Principal, *, days: int = 90) -> CashlessParis:
    """The operator's dashboard: accepting shops by arrondissement and category, wallet payments per day, the
    tourists' spend and the share of it that came back as attributed online orders."""
    if principal.organisation_kind is not OrganisationKind.PLATFORM:
        raise NotAShop("only the platform operator reads the cashless-Paris dashboard")
    return await cashless_paris_figures(uow, days=days)


async def cashless_paris_figures(uow: UnitOfWork, *, days: int = 90) -> CashlessParis:
    """The dashboard's figures with no reader check, for the operator's shell (``comptoir tourism dashboard``)."""
    since, until = _period(uow, days)
    shops = await all_shops(uow)
    per: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    categories: dict[str, int] = {c.value: 0 for c in ShopCategory}
    outside = 0
    for shop in shops:
        categories[shop.category.value] += 1
        if shop.arrondissement is None:
            outside += 1
        else:
            per[shop.arrondissement][shop.category.value] += 1
    arrondissements = tuple(ArrondissementFigures(n, sum(per[n].values()), dict(per[n])) for n in range(1, 21))
    series = _day_series(since, until, await _payments_by_day(uow, since, None))
    spend = sum(d.amount.minor for d in series)
    a = tables.attributions
    start = datetime(since.year, since.month, since.day, tzinfo=PARIS)
    online = int(
        (
            await uow.session.execute(
                select(func.coalesce(func.sum(a.c.amount_minor), 0)).where(
                    a.c.ordered_at >= start, a.c.currency == SETTLEMENT
                )
            )
        ).scalar_one()
    )
    n = tables.anonymous_attributions
    online += int(
        (
            await uow.session.execute(
                select(func.coalesce(func.sum(n.c.amount_minor), 0)).where(
                    n.c.month >= month_of(start), n.c.currency == SETTLEMENT
                )
            )
        ).scalar_one()
    )
    return CashlessParis(
        since=since,
        until=until,
        shops=len(shops),
        shops_outside_paris=outside,
        arrondissements=arrondissements,
        categories=categories,
        days=series,
        tourist_spend=Money(spend, SETTLEMENT),
        online_spend=Money(online, SETTLEMENT),
        share_permille=(online * 1000 // spend) if spend else None,
        positions=tuple((s.id, s.position.lat_e6, s.position.lon_e6, s.category.value) for s in shops),
    )
