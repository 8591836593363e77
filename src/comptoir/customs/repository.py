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
from comptoir.customs.domain.declarations import (
    KINDS,
    Declaration,
    Filing,
    FilingStatus,
    Mismatch,
    OrderDocument,
)
from comptoir.kernel.database import UtcDateTime, metadata
from comptoir.kernel.money import Money

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
    """Add ``amount_minor`` to the person's year when the total stays within ``limit_minor``: one upsert whose
    update is conditional (the row is locked for it, so concurrent additions queue and none passes the
    limit). False (nothing changed) when it would pass the limit."""
    if amount_minor > limit_minor:
        return False
    insert = _insert(session, annual_totals).values(
        person_key=person_key, year=year, currency=currency, total_minor=amount_minor
    )
    result = await session.execute(
        insert.on_conflict_do_update(
            index_elements=[annual_totals.c.person_key, annual_totals.c.year],
            set_={"total_minor": annual_totals.c.total_minor + insert.excluded.total_minor},
            where=annual_totals.c.total_minor + insert.excluded.total_minor <= limit_minor,
        )
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


# --- declarations: the three documents of an order, their filings and mismatches ----------------------------

declarations = Table(
    "customs_declarations",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("buyer_name", String(200), nullable=False),
    Column("buyer_person_key", String(128), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("goods_minor", BigInteger, nullable=False),
    Column("freight_minor", BigInteger, nullable=False),
    Column("tax_minor", BigInteger, nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("computed_tax_minor", BigInteger, nullable=True),
    Column("declared_at", UtcDateTime, nullable=False),
    Column("outcome", String(16), nullable=True),
    Column("outcome_reason", Text, nullable=True),
    Column("outcome_at", UtcDateTime, nullable=True),
)

filings = Table(
    "customs_filings",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("order_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("document", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("filed_at", UtcDateTime, nullable=False),
    Column("answered_at", UtcDateTime, nullable=True),
)

mismatches = Table(
    "customs_mismatches",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("detail", Text, nullable=False),
)

Index("ix_customs_filings_status", filings.c.status, filings.c.id)
Index("uq_customs_filings_order_kind", filings.c.order_id, filings.c.kind, unique=True)


def _filing(row: Any) -> Filing:
    return Filing(
        id=row.id,
        order_id=row.order_id,
        kind=row.kind,
        document=json.loads(row.document),
        status=FilingStatus(row.status),
        reason=row.reason,
        attempts=row.attempts,
        filed_at=row.filed_at,
        answered_at=row.answered_at,
    )


async def insert_declaration(
    session: AsyncSession,
    *,
    order: OrderDocument,
    computed_tax: Money | None,
    documents: Sequence[tuple[str, str, dict[str, Any]]],
    found: Sequence[Mismatch],
    now: datetime,
) -> None:
    await session.execute(
        insert(declarations).values(
            order_id=order.order_id,
            buyer_name=order.buyer_name,
            buyer_person_key=order.buyer_person_key,
            currency=order.currency,
            goods_minor=order.goods_value.minor,
            freight_minor=order.freight.minor,
            tax_minor=order.tax.minor,
            total_minor=order.total.minor,
            computed_tax_minor=None if computed_tax is None else computed_tax.minor,
            declared_at=now,
        )
    )
    await session.execute(
        insert(filings),
        [
            {
                "id": filing_id,
                "order_id": order.order_id,
                "kind": kind,
                "document": json.dumps(document, ensure_ascii=False, sort_keys=True),
                "status": FilingStatus.FILED.value,
                "reason": None,
                "attempts": 0,
                "filed_at": now,
                "answered_at": None,
            }
            for filing_id, kind, document in documents
        ],
    )
    if found:
        await session.execute(
            insert(mismatches), [{"order_id": order.order_id, "code": m.code, "detail": m.detail} for m in found]
        )


async def declarations_of(session: AsyncSession, order_ids: Sequence[str]) -> list[Declaration]:
    """The declarations of ``order_ids`` with their filings and mismatches, in the order asked."""
    if not order_ids:
        return []
    heads = {
        r.order_id: r
        for r in (await session.execute(select(declarations).where(declarations.c.order_id.in_(order_ids)))).all()
    }
    by_order: dict[str, list[Filing]] = {}
    for row in (
        await session.execute(select(filings).where(filings.c.order_id.in_(order_ids)).order_by(filings.c.id))
    ).all():
        by_order.setdefault(row.order_id, []).append(_filing(row))
    found: dict[str, list[Mismatch]] = {}
    query = select(mismatches).where(mismatches.c.order_id.in_(order_ids)).order_by(mismatches.c.code)
    for row in (await session.execute(query)).all():
        found.setdefault(row.order_id, []).append(Mismatch(row.code, row.detail))
    return [
        Declaration(
            order_id=h.order_id,
            buyer_name=h.buyer_name,
            total=Money(h.total_minor, h.currency),
            filings=tuple(sorted(by_order.get(h.order_id, []), key=lambda f: KINDS.index(f.kind))),
            mismatches=tuple(found.get(h.order_id, [])),
            outcome=h.outcome,
            outcome_reason=h.outcome_reason,
            declared_at=h.declared_at,
        )
        for order_id in order_ids
        if (h := heads.get(order_id)) is not None
    ]


async def declaration_ids(session: AsyncSession, *, before: str | None, limit: int, outcome: str | None) -> list[str]:
    """Order ids of declarations, newest order id first; ``outcome`` "pending" for those customs has not decided."""
    query = select(declarations.c.order_id).order_by(declarations.c.order_id.desc()).limit(limit)
    if before is not None:
        query = query.where(declarations.c.order_id < before)
    if outcome == "pending":
        query = query.where(declarations.c.outcome.is_(None))
    elif outcome is not None:
        query = query.where(declarations.c.outcome == outcome)
    return [r.order_id for r in (await session.execute(query)).all()]


async def filings_due(session: AsyncSession, *, limit: int) -> list[Filing]:
    query = select(filings).where(filings.c.status == FilingStatus.FILED.value).order_by(filings.c.id).limit(limit)
    return [_filing(r) for r in (await session.execute(query)).all()]


async def count_attempt(session: AsyncSession, filing_id: str) -> None:
    await session.execute(
        update(filings)
        .where(filings.c.id == filing_id, filings.c.status == FilingStatus.FILED.value)
        .values(attempts=filings.c.attempts + 1)
    )


async def record_answer(
    session: AsyncSession, *, filing_id: str, status: FilingStatus, reason: str | None, now: datetime
) -> bool:
    """Store customs' answer to a filing still waiting for one; False when another run stored it first."""
    result = await session.execute(
        update(filings)
        .where(filings.c.id == filing_id, filings.c.status == FilingStatus.FILED.value)
        .values(status=status.value, reason=reason, answered_at=now, attempts=filings.c.attempts + 1)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def decide(session: AsyncSession, *, order_id: str, outcome: str, reason: str | None, now: datetime) -> bool:
    """Set the declaration's outcome once; False when it was decided already."""
    result = await session.execute(
        update(declarations)
        .where(declarations.c.order_id == order_id, declarations.c.outcome.is_(None))
        .values(outcome=outcome, outcome_reason=reason, outcome_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


#: What an erased buyer's name and person keys become in declarations and their filed documents.
ERASED = ""
_PERSON_FIELDS = ("buyer_name", "buyer_person_key", "payer_person_key", "consignee_person_key")


async def erase_buyer(session: AsyncSession, *, order_ids: Sequence[str]) -> int:
    """Blank the buyer's name and person key in the declarations of ``order_ids`` and in their filed documents;
    how many rows changed (0 when they were erased already, or never declared)."""
    if not order_ids:
        return 0
    ids = sorted(set(order_ids))
    changed = 0
    result = await session.execute(
        update(declarations)
        .where(
            declarations.c.order_id.in_(ids),
            (declarations.c.buyer_name != ERASED) | (declarations.c.buyer_person_key != ERASED),
        )
        .values(buyer_name=ERASED, buyer_person_key=ERASED)
    )
    changed += int(result.rowcount or 0)  # type: ignore[attr-defined]
    rows = (await session.execute(select(filings.c.id, filings.c.document).where(filings.c.order_id.in_(ids)))).all()
    for row in rows:
        document = json.loads(row.document)
        erased = {key: ERASED if key in _PERSON_FIELDS else value for key, value in document.items()}
        if erased != document:
            await session.execute(
                update(filings)
                .where(filings.c.id == row.id)
                .values(document=json.dumps(erased, ensure_ascii=False, sort_keys=True))
            )
            changed += 1
    return changed
