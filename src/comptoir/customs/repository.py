"""Tables and queries of the customs capability (only it touches them).

``customs_rules`` holds every row of the shipped rule files, keyed by (rule set, key, effective_from), with its
cells as the text they were written with (JSON), so the rules rebuilt from the table are those of the files.
``customs_annual_totals`` keeps each person's CBEC total per calendar year, moved only by one conditional
``UPDATE`` (``total + v <= limit``), and ``customs_annual_imports`` the value each order counted, once per order.
The declaration tables (the three documents of an order, their filings and mismatches) are further down.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.customs.domain import RuleRow
from comptoir.kernel.database import UtcDateTime, metadata

rules_table = Table(
    "customs_rules",
    metadata,
    Column("rule_set", String(40), primary_key=True),
    Column("rule_key", String(40), primary_key=True),
    Column("effective_from", Date, primary_key=True),
    Column("effective_to", Date, nullable=True),
    Column("version", String(40), nullable=False),
    Column("cells", Text, nullable=False),
    Column("loaded_at", UtcDateTime, nullable=False),
)

annual_totals = Table(
    "customs_annual_totals",
    metadata,
    Column("person_key", String(128), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("total_minor", BigInteger, nullable=False),
)

annual_imports = Table(
    "customs_annual_imports",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("person_key", String(128), nullable=False),
    Column("year", Integer, nullable=False),
    Column("taxable_minor", BigInteger, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("cancelled_at", UtcDateTime, nullable=True),
)


def _insert(session: AsyncSession, table: Table) -> Any:
    """An ``INSERT … ON CONFLICT DO NOTHING`` builder for the session's database."""
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)


def _cells(row: RuleRow) -> str:
    return json.dumps(dict(row.cells), ensure_ascii=False, sort_keys=True)


async def store_rules(session: AsyncSession, rows: Sequence[RuleRow], *, now: datetime) -> tuple[int, int, int]:
    """Insert new rows and correct changed ones (same rule set, key and first day); (inserted, updated, unchanged)."""
    existing = {
        (r.rule_set, r.rule_key, r.effective_from): (r.effective_to, r.version, r.cells)
        for r in (await session.execute(select(rules_table))).all()
    }
    inserted = updated = 0
    new = []
    for row in rows:
        key = (row.rule_set, row.key, row.effective_from)
        stored = existing.get(key)
        values = (row.effective_to, row.version, _cells(row))
        if stored is None:
            new.append(
                {
                    "rule_set": row.rule_set,
                    "rule_key": row.key,
                    "effective_from": row.effective_from,
                    "effective_to": row.effective_to,
                    "version": row.version,
                    "cells": values[2],
                    "loaded_at": now,
                }
            )
        elif stored != values:
            await session.execute(
                update(rules_table)
                .where(
                    and_(
                        rules_table.c.rule_set == row.rule_set,
                        rules_table.c.rule_key == row.key,
                        rules_table.c.effective_from == row.effective_from,
                    )
                )
                .values(effective_to=row.effective_to, version=row.version, cells=values[2], loaded_at=now)
            )
            updated += 1
    if new:
        await session.execute(insert(rules_table), new)
        inserted = len(new)
    return inserted, updated, len(rows) - inserted - updated


async def rules_on(session: AsyncSession, on: date) -> list[RuleRow] | None:
    """The stored rows in force on ``on``; None when no rule was ever stored (the shipped files apply then)."""
    query = select(rules_table).where(
        rules_table.c.effective_from <= on,
        (rules_table.c.effective_to.is_(None)) | (rules_table.c.effective_to > on),
    )
    rows = (await session.execute(query)).all()
    if not rows:
        any_row = (await session.execute(select(rules_table.c.rule_set).limit(1))).first()
        if any_row is None:
            return None
    return [
        RuleRow(r.rule_set, r.rule_key, r.effective_from, r.effective_to, r.version, json.loads(r.cells)) for r in rows
    ]


async def annual_total(session: AsyncSession, person_key: str, year: int) -> int | None:
    row = (
        await session.execute(
            select(annual_totals.c.total_minor).where(
                annual_totals.c.person_key == person_key, annual_totals.c.year == year
            )
        )
    ).first()
    return None if row is None else int(row.total_minor)


async def claim_import(
    session: AsyncSession, *, order_id: str, person_key: str, year: int, taxable_minor: int, now: datetime
) -> bool:
    """Record that ``order_id`` counts ``taxable_minor`` toward the year; False when it was recorded before."""
    result = await session.execute(
        _insert(session, annual_imports)
        .values(
            order_id=order_id,
            person_key=person_key,
            year=year,
            taxable_minor=taxable_minor,
            recorded_at=now,
            cancelled_at=None,
        )
        .on_conflict_do_nothing()
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def unclaim_import(session: AsyncSession, *, order_id: str) -> None:
    """Forget a claim whose value did not fit in the year (so that the same order may be recorded later)."""
    await session.execute(delete(annual_imports).where(annual_imports.c.order_id == order_id))


async def add_to_total(
    session: AsyncSession, *, person_key: str, year: int, currency: str, amount_minor: int, limit_minor: int
) -> bool:
    """Add ``amount_minor`` to the person's year when the total stays within ``limit_minor``: one conditional
    UPDATE after making sure the row exists. False (nothing changed) when it would pass the limit."""
    await session.execute(
        _insert(session, annual_totals)
        .values(person_key=person_key, year=year, currency=currency, total_minor=0)
        .on_conflict_do_nothing()
    )
    result = await session.execute(
        update(annual_totals)
        .where(
            annual_totals.c.person_key == person_key,
            annual_totals.c.year == year,
            annual_totals.c.total_minor + amount_minor <= limit_minor,
        )
        .values(total_minor=annual_totals.c.total_minor + amount_minor)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def cancel_import(session: AsyncSession, *, order_id: str, now: datetime) -> bool:
    """Give an order's value back to its person's year, once: False when it was unknown or cancelled already."""
    row = (await session.execute(select(annual_imports).where(annual_imports.c.order_id == order_id))).first()
    if row is None or row.cancelled_at is not None:
        return False
    marked = await session.execute(
        update(annual_imports)
        .where(annual_imports.c.order_id == order_id, annual_imports.c.cancelled_at.is_(None))
        .values(cancelled_at=now)
    )
    if not marked.rowcount:  # type: ignore[attr-defined]
        return False
    await session.execute(
        update(annual_totals)
        .where(annual_totals.c.person_key == row.person_key, annual_totals.c.year == row.year)
        .values(total_minor=annual_totals.c.total_minor - row.taxable_minor)
    )
    return True


Index("ix_customs_annual_imports_person", annual_imports.c.person_key, annual_imports.c.year)
