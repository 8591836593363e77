"""Tables and queries of the pricing capability (only it touches them).

A rate is stored as the decimal text it was published with (``7.8612``): exact on both databases, where a
SQLite NUMERIC would hand back a float. The primary key (base, quote, day) serves the one query that
matters, the latest rate of a pair on or before a day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, Column, Date, Integer, String, Table, and_, func, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.kernel.database import UtcDateTime, metadata
from comptoir.kernel.money import Money
from comptoir.pricing.domain import FxQuote, FxRate, LoadReport

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
