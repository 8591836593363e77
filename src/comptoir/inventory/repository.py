"""Tables and queries of the inventory capability (only it touches them).

Every change to a stock row is one statement whose WHERE clause carries the rule (``on_hand - reserved >=
:q`` to hold, ``reserved <= :on_hand`` to set a level): the database decides under its own row lock, so
no value read earlier is ever written back. The CHECK constraints are the last guard, never the path
taken: a violated CHECK would abort the caller's whole transaction on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    and_,
    delete,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.inventory.domain import MAX_ON_HAND, ReservationLine, ReservationState, StockLevel
from comptoir.kernel.database import UtcDateTime, metadata

stock = Table(
    "inventory_stock",
    metadata,
    Column("sku_id", String(80), nullable=False),
    Column("location", String(40), nullable=False),
    Column("on_hand", Integer, nullable=False),
    Column("reserved", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("sku_id", "location"),
    CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
    CheckConstraint("reserved >= 0", name="reserved_not_negative"),
    CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
)

reservations = Table(
    "inventory_reservations",
    metadata,
    Column("reservation_id", String(80), nullable=False),
    Column("sku_id", String(80), nullable=False),
    Column("location", String(40), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("owner", String(80), nullable=False),
    Column("state", String(12), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("reservation_id", "sku_id", "location"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint("state IN ('held', 'committed', 'released')", name="state_known"),
    Index("ix_inventory_reservations_state_expires_at", "state", "expires_at"),
)


def _postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _upsert(session: AsyncSession) -> Any:
    return pg_insert(stock) if _postgresql(session) else sqlite_insert(stock)


def _level(row: Any) -> StockLevel:
    return StockLevel(sku_id=row.sku_id, location=row.location, on_hand=row.on_hand, reserved=row.reserved)


_RETURNING = (stock.c.sku_id, stock.c.location, stock.c.on_hand, stock.c.reserved)


def _key(sku_id: str, location: str) -> Any:
    return and_(stock.c.sku_id == sku_id, stock.c.location == location)


async def set_on_hand(
    session: AsyncSession, *, sku_id: str, location: str, on_hand: int, now: datetime
) -> StockLevel | None:
    """Set the units on hand (creating the row), unless more than that is reserved: then None, nothing written."""
    statement = _upsert(session).values(sku_id=sku_id, location=location, on_hand=on_hand, reserved=0, updated_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[stock.c.sku_id, stock.c.location],
        set_={"on_hand": statement.excluded.on_hand, "updated_at": statement.excluded.updated_at},
        where=stock.c.reserved <= statement.excluded.on_hand,
    ).returning(*_RETURNING)
    row = (await session.execute(statement)).first()
    return _level(row) if row is not None else None


async def add_on_hand(
    session: AsyncSession, *, sku_id: str, location: str, quantity: int, now: datetime
) -> StockLevel | None:
    """Put ``quantity`` units back on hand (creating the row); None, nothing written, past :data:`MAX_ON_HAND`."""
    statement = _upsert(session).values(sku_id=sku_id, location=location, on_hand=quantity, reserved=0, updated_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[stock.c.sku_id, stock.c.location],
        set_={"on_hand": stock.c.on_hand + statement.excluded.on_hand, "updated_at": statement.excluded.updated_at},
        where=stock.c.on_hand + statement.excluded.on_hand <= MAX_ON_HAND,
    ).returning(*_RETURNING)
    row = (await session.execute(statement)).first()
    return _level(row) if row is not None else None


async def levels(session: AsyncSession, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], StockLevel]:
    """The stock rows of these (sku_id, location) keys that exist."""
    found: dict[tuple[str, str], StockLevel] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        rows = await session.execute(select(*_RETURNING).where(tuple_(stock.c.sku_id, stock.c.location).in_(chunk)))
        found.update({(r.sku_id, r.location): _level(r) for r in rows})
    return found


async def hold(session: AsyncSession, *, sku_id: str, location: str, quantity: int, now: datetime) -> bool:
    """Hold ``quantity`` more units if that many are available, in one conditional statement."""
    result = await session.execute(
        update(stock)
        .where(_key(sku_id, location), stock.c.on_hand - stock.c.reserved >= quantity)
        .values(reserved=stock.c.reserved + quantity, updated_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def unhold(session: AsyncSession, *, sku_id: str, location: str, quantity: int, now: datetime) -> None:
    """Give back ``quantity`` held units (they are held: the reservation line says so)."""
    await session.execute(
        update(stock)
        .where(_key(sku_id, location), stock.c.reserved >= quantity)
        .values(reserved=stock.c.reserved - quantity, updated_at=now)
    )


async def take_held(session: AsyncSession, *, sku_id: str, location: str, quantity: int, now: datetime) -> None:
    """Sell ``quantity`` held units: they leave both what is on hand and what is reserved."""
    await session.execute(
        update(stock)
        .where(_key(sku_id, location), stock.c.reserved >= quantity)
        .values(on_hand=stock.c.on_hand - quantity, reserved=stock.c.reserved - quantity, updated_at=now)
    )


async def take_available(session: AsyncSession, *, sku_id: str, location: str, quantity: int, now: datetime) -> bool:
    """Sell ``quantity`` units that are not held, if that many are available (a line whose hold lapsed)."""
    result = await session.execute(
        update(stock)
        .where(_key(sku_id, location), stock.c.on_hand - stock.c.reserved >= quantity)
        .values(on_hand=stock.c.on_hand - quantity, updated_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _line(row: Any) -> ReservationLine:
    return ReservationLine(
        reservation_id=row.reservation_id,
        sku_id=row.sku_id,
        location=row.location,
        quantity=row.quantity,
        owner=row.owner,
        state=ReservationState(row.state),
        expires_at=row.expires_at,
    )


async def lines_of(session: AsyncSession, reservation_id: str, *, for_update: bool = False) -> list[ReservationLine]:
    """The lines of a reservation, by SKU and location; locked until the transaction ends when ``for_update``."""
    query = (
        select(reservations)
        .where(reservations.c.reservation_id == reservation_id)
        .order_by(reservations.c.sku_id, reservations.c.location)
    )
    if for_update and _postgresql(session):
        query = query.with_for_update()
    return [_line(r) for r in await session.execute(query)]


async def insert_lines(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(reservations), list(rows))


def _line_key(reservation_id: str, sku_id: str, location: str) -> Any:
    return and_(
        reservations.c.reservation_id == reservation_id,
        reservations.c.sku_id == sku_id,
        reservations.c.location == location,
    )


async def update_line(session: AsyncSession, line: ReservationLine, **values: Any) -> None:
    await session.execute(
        update(reservations).where(_line_key(line.reservation_id, line.sku_id, line.location)).values(**values)
    )


async def delete_line(session: AsyncSession, line: ReservationLine) -> None:
    await session.execute(delete(reservations).where(_line_key(line.reservation_id, line.sku_id, line.location)))


async def set_state(
    session: AsyncSession, reservation_id: str, *, from_states: Sequence[str], state: str, now: datetime
) -> None:
    """Move every line of the reservation that is in one of ``from_states`` to ``state``."""
    await session.execute(
        update(reservations)
        .where(reservations.c.reservation_id == reservation_id, reservations.c.state.in_(list(from_states)))
        .values(state=state, updated_at=now)
    )


async def extend(session: AsyncSession, reservation_id: str, *, expires_at: datetime, now: datetime) -> int:
    """Hold the reservation's held lines until ``expires_at``; how many lines that was."""
    result = await session.execute(
        update(reservations)
        .where(reservations.c.reservation_id == reservation_id, reservations.c.state == ReservationState.HELD.value)
        .values(expires_at=expires_at, updated_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def expired_lines(session: AsyncSession, *, now: datetime, limit: int) -> list[ReservationLine]:
    """Held lines past their expiry, oldest first; on PostgreSQL locked, skipping those another writer holds
    (a checkout committing its cart right now), so the sweep never waits for a buyer nor makes one wait."""
    query = (
        select(reservations)
        .where(reservations.c.state == ReservationState.HELD.value, reservations.c.expires_at <= now)
        .order_by(reservations.c.expires_at, reservations.c.reservation_id, reservations.c.sku_id)
        .limit(limit)
    )
    if _postgresql(session):
        query = query.with_for_update(skip_locked=True)
    return [_line(r) for r in await session.execute(query)]


async def release_lines(session: AsyncSession, lines: Sequence[ReservationLine], *, now: datetime) -> None:
    """Mark these held lines released (they are locked by the caller)."""
    for line in lines:
        await session.execute(
            update(reservations)
            .where(
                _line_key(line.reservation_id, line.sku_id, line.location),
                reservations.c.state == ReservationState.HELD.value,
            )
            .values(state=ReservationState.RELEASED.value, updated_at=now)
        )
