"""Tables and queries of the pricing capability (only it touches them).

A rate is stored as the decimal text it was published with (``7.8612``): exact on both databases, where a
SQLite NUMERIC would hand back a float. The primary key (base, quote, day) serves the one query that
matters, the latest rate of a pair on or before a day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import Column, Date, String, Table, and_, func, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.kernel.database import metadata
from comptoir.pricing.domain import FxRate, LoadReport

fx_rates = Table(
    "pricing_fx_rates",
    metadata,
    Column("base", String(3), primary_key=True),
    Column("quote", String(3), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("rate", String(24), nullable=False),
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
