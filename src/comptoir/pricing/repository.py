"""Tables and queries of the pricing capability (only it touches them).

A rate is stored as the decimal text it was published with (``7.8612``): exact on both databases, where a
SQLite NUMERIC would hand back a float. The primary key (base, quote, day) serves the one query that
matters, the latest rate of a pair on or before a day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.kernel.database import UtcDateTime, metadata
from comptoir.kernel.money import Money
from comptoir.pricing.domain import Coupon, FxQuote, FxRate, LoadReport

fx_rates = Table(
    "pricing_fx_rates",
    metadata,
    Column("base", String(3), primary_key=True),
    Column("quote", String(3), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("rate", String(24), nullable=False),
)

fx_quotes = Table(
    "pricing_fx_quotes",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("base", String(3), nullable=False),
    Column("quote", String(3), nullable=False),
    Column("reference_rate", String(24), nullable=False),
    Column("spread_bps", Integer, nullable=False),
    Column("rate", String(24), nullable=False),
    Column("rate_date", Date, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("converted_minor", BigInteger, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

coupons = Table(
    "pricing_coupons",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("store_id", String(40)),
    Column("percent_off", Integer),
    Column("amount_off_minor", BigInteger),
    Column("min_goods_minor", BigInteger),
    Column("currency", String(3)),
    Column("max_redemptions", Integer, nullable=False),
    Column("redeemed", Integer, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("created_by", String(40), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("redeemed >= 0 AND redeemed <= max_redemptions", name="redeemed_within_limit"),
)

coupon_redemptions = Table(
    "pricing_coupon_redemptions",
    metadata,
    Column("code", String(40), nullable=False),
    Column("redemption_id", String(80), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("code", "redemption_id"),
)

market_prices = Table(
    "pricing_market_prices",
    metadata,
    Column("sku_id", String(80), nullable=False),
    Column("market", String(2), nullable=False),
    Column("price_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("sku_id", "market"),
)

#: Keys looked up per statement when loading (well under every driver's limit on bound parameters).
_CHUNK = 500


async def store_rates(session: AsyncSession, rates: Sequence[FxRate]) -> LoadReport:
    """Insert new (pair, day) rates and correct those whose rate changed; the others stay as they are."""
    existing: dict[tuple[str, str, date], str] = {}
    for start in range(0, len(rates), _CHUNK):
        keys = [(r.base, r.quote, r.day) for r in rates[start : start + _CHUNK]]
        rows = await session.execute(
            select(fx_rates.c.base, fx_rates.c.quote, fx_rates.c.day, fx_rates.c.rate).where(
                tuple_(fx_rates.c.base, fx_rates.c.quote, fx_rates.c.day).in_(keys)
            )
        )
        existing.update({(base, quote, day): rate for base, quote, day, rate in rows})
    new = [r for r in rates if (r.base, r.quote, r.day) not in existing]
    changed = [r for r in rates if (key := (r.base, r.quote, r.day)) in existing and Decimal(existing[key]) != r.rate]
    if new:
        await session.execute(
            insert(fx_rates), [{"base": r.base, "quote": r.quote, "day": r.day, "rate": str(r.rate)} for r in new]
        )
    for rate in changed:
        await session.execute(
            update(fx_rates)
            .where(and_(fx_rates.c.base == rate.base, fx_rates.c.quote == rate.quote, fx_rates.c.day == rate.day))
            .values(rate=str(rate.rate))
        )
    return LoadReport(inserted=len(new), updated=len(changed), unchanged=len(rates) - len(new) - len(changed))


async def latest_rate(session: AsyncSession, *, base: str, quote: str, on: date) -> FxRate | None:
    """The pair's rate of the latest day on or before ``on``, or None."""
    row = (
        await session.execute(
            select(fx_rates.c.day, fx_rates.c.rate)
            .where(fx_rates.c.base == base, fx_rates.c.quote == quote, fx_rates.c.day <= on)
            .order_by(fx_rates.c.day.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    return FxRate(day=row.day, base=base, quote=quote, rate=Decimal(row.rate))


async def rate_days(session: AsyncSession) -> list[tuple[str, str, date, date, int]]:
    """Each stored pair with its first and last day and how many days it has rates for."""
    rows = await session.execute(
        select(fx_rates.c.base, fx_rates.c.quote, func.min(fx_rates.c.day), func.max(fx_rates.c.day), func.count())
        .group_by(fx_rates.c.base, fx_rates.c.quote)
        .order_by(fx_rates.c.base, fx_rates.c.quote)
    )
    return [(base, quote, first, last, count) for base, quote, first, last, count in rows]


async def insert_quote(session: AsyncSession, quote: FxQuote) -> None:
    await session.execute(
        insert(fx_quotes).values(
            id=quote.id,
            base=quote.base,
            quote=quote.quote,
            reference_rate=str(quote.reference_rate),
            spread_bps=quote.spread_bps,
            rate=str(quote.rate),
            rate_date=quote.rate_date,
            amount_minor=quote.amount.minor,
            converted_minor=quote.converted.minor,
            created_at=quote.created_at,
            expires_at=quote.expires_at,
        )
    )


async def quote_by_id(session: AsyncSession, quote_id: str) -> FxQuote | None:
    row = (await session.execute(select(fx_quotes).where(fx_quotes.c.id == quote_id))).first()
    if row is None:
        return None
    return FxQuote(
        id=row.id,
        base=row.base,
        quote=row.quote,
        reference_rate=Decimal(row.reference_rate),
        spread_bps=row.spread_bps,
        rate=Decimal(row.rate),
        rate_date=row.rate_date,
        amount=Money(row.amount_minor, row.base),
        converted=Money(row.converted_minor, row.quote),
        created_at=row.created_at,
        expires_at=row.expires_at,
    )


def _coupon(row: Any) -> Coupon:
    def money(minor: int | None) -> Money | None:
        return None if minor is None else Money(minor, row.currency)

    return Coupon(
        code=row.code,
        store_id=row.store_id,
        percent_off=row.percent_off,
        amount_off=money(row.amount_off_minor),
        min_goods=money(row.min_goods_minor),
        max_redemptions=row.max_redemptions,
        redeemed=row.redeemed,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        created_by=row.created_by,
        created_at=row.created_at,
    )


async def insert_coupon(session: AsyncSession, coupon: Coupon) -> None:
    await session.execute(
        insert(coupons).values(
            code=coupon.code,
            store_id=coupon.store_id,
            percent_off=coupon.percent_off,
            amount_off_minor=coupon.amount_off.minor if coupon.amount_off else None,
            min_goods_minor=coupon.min_goods.minor if coupon.min_goods else None,
            currency=coupon.currency,
            max_redemptions=coupon.max_redemptions,
            redeemed=coupon.redeemed,
            valid_from=coupon.valid_from,
            valid_to=coupon.valid_to,
            created_by=coupon.created_by,
            created_at=coupon.created_at,
        )
    )


async def coupon_by_code(session: AsyncSession, code: str) -> Coupon | None:
    row = (await session.execute(select(coupons).where(coupons.c.code == code))).first()
    return _coupon(row) if row is not None else None


async def redemption_exists(session: AsyncSession, code: str, redemption_id: str) -> bool:
    found = await session.execute(
        select(coupon_redemptions.c.code).where(
            coupon_redemptions.c.code == code, coupon_redemptions.c.redemption_id == redemption_id
        )
    )
    return found.first() is not None


async def take_redemption(session: AsyncSession, code: str, *, on: date) -> bool:
    """Count one more redemption if one is left and the coupon is valid ``on``: one conditional statement."""
    result = await session.execute(
        update(coupons)
        .where(
            coupons.c.code == code,
            coupons.c.redeemed < coupons.c.max_redemptions,
            coupons.c.valid_from <= on,
            or_(coupons.c.valid_to.is_(None), coupons.c.valid_to >= on),
        )
        .values(redeemed=coupons.c.redeemed + 1)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def insert_redemption(session: AsyncSession, code: str, redemption_id: str, now: datetime) -> None:
    await session.execute(insert(coupon_redemptions).values(code=code, redemption_id=redemption_id, created_at=now))


async def give_back_redemption(session: AsyncSession, code: str, redemption_id: str) -> bool:
    """Forget the redemption and count one fewer; False (nothing changed) when it was not there."""
    gone = await session.execute(
        delete(coupon_redemptions).where(
            coupon_redemptions.c.code == code, coupon_redemptions.c.redemption_id == redemption_id
        )
    )
    if not gone.rowcount:  # type: ignore[attr-defined]
        return False
    await session.execute(
        update(coupons).where(coupons.c.code == code, coupons.c.redeemed > 0).values(redeemed=coupons.c.redeemed - 1)
    )
    return True


async def upsert_market_price(session: AsyncSession, *, sku_id: str, market: str, price: Money, now: datetime) -> None:
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(market_prices).values(
        sku_id=sku_id, market=market, price_minor=price.minor, currency=price.currency, updated_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[market_prices.c.sku_id, market_prices.c.market],
            set_={
                "price_minor": statement.excluded.price_minor,
                "currency": statement.excluded.currency,
                "updated_at": statement.excluded.updated_at,
            },
        )
    )


async def market_prices_of(session: AsyncSession, *, sku_ids: Sequence[str], market: str) -> dict[str, Money]:
    found: dict[str, Money] = {}
    for start in range(0, len(sku_ids), _CHUNK):
        rows = await session.execute(
            select(market_prices.c.sku_id, market_prices.c.price_minor, market_prices.c.currency).where(
                market_prices.c.market == market, market_prices.c.sku_id.in_(list(sku_ids[start : start + _CHUNK]))
            )
        )
        found.update({r.sku_id: Money(r.price_minor, r.currency) for r in rows})
    return found
