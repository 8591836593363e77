"""Tables and queries of shipments, their plans, the capacity booked per connection, and disruptions.

Only logistics touches them (``repository.py`` imports this module, so the migrations check sees the
tables). Capacity is never read and then written: :func:`book_load` is one conditional UPDATE per
connection (``booked_g + w <= capacity_g``), which PostgreSQL re-checks on the row it locked, so
concurrent bookings cannot overfill a flight; SQLite serialises writers anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.kernel.database import UtcDateTime, metadata

shipments = Table(
    "logistics_shipments",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("parcel_id", String(40), nullable=False),  # S10 (compact) or prc_…; tracking reads it
    Column("operator_org_id", String(40)),  # the logistics operator whose network carries it
    Column("seller_org_id", String(40), nullable=False),
    Column("order_reference", String(80), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("zone", String(40), nullable=False),
    Column("regime", String(40)),
    Column("weight_g", Integer, nullable=False),
    Column("ready_at", UtcDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("station", String(16)),
    Column("gateway", String(16)),
    Column("promised_date", Date),
    Column("promised_by", UtcDateTime),
    Column("first_promised_date", Date),
    Column("first_promised_by", UtcDateTime),
    Column("promise_reason", String(200)),
    Column("replans", Integer, nullable=False),
    Column("delivered_at", UtcDateTime),  # set when tracking sees the parcel delivered
    Column("shipper_name", String(200), nullable=False),
    Column("consignee_masked", String(120), nullable=False),
    Column("consignee_key", String(64)),
    Column("contents", String(400), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("parcel_id", name="uq_logistics_shipments_parcel_id"),
    UniqueConstraint("seller_org_id", "order_reference", name="uq_logistics_shipments_order"),
    Index("ix_logistics_shipments_operator", "operator_org_id", "id"),
)

shipment_legs = Table(
    "logistics_shipment_legs",
    metadata,
    Column("shipment_id", String(40), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("connection_id", String(120), nullable=False),
    Column("trip", String(120), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("destination", String(16), nullable=False),
    Column("departs_at", UtcDateTime, nullable=False),
    Column("arrives_at", UtcDateTime, nullable=False),
    Index("ix_logistics_shipment_legs_connection", "connection_id"),
)

shipment_milestones = Table(
    "logistics_shipment_milestones",
    metadata,
    Column("shipment_id", String(40), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("hub", String(16), nullable=False),
    Column("at", UtcDateTime, nullable=False),
)

connection_loads = Table(
    "logistics_connection_loads",
    metadata,
    Column("connection_id", String(120), primary_key=True),
    Column("departs_at", UtcDateTime, nullable=False),
    Column("capacity_g", BigInteger),  # None: unlimited
    Column("booked_g", BigInteger, nullable=False),
    Column("parcels", Integer, nullable=False),
    Index("ix_logistics_connection_loads_departs", "departs_at"),
)

disruptions = Table(
    "logistics_disruptions",
    metadata,
    Column("connection_id", String(120), primary_key=True),
    Column("kind", String(16), nullable=False),  # cancelled | delayed
    Column("delay_minutes", Integer, nullable=False),
    Column("reason", String(200), nullable=False),
    Column("declared_by", String(80)),
    Column("declared_at", UtcDateTime, nullable=False),
)

parcel_serials = Table(
    "logistics_parcel_serials",
    metadata,
    Column("issuer", String(40), primary_key=True),  # the operator's org id ("" for the installation)
    Column("service", String(2), primary_key=True),
    Column("country", String(2), primary_key=True),
    Column("last_serial", BigInteger, nullable=False),
)

_CHUNK = 500


def _insert(session: AsyncSession, table: Table) -> Any:
    return pg_insert(table) if session.get_bind().dialect.name == "postgresql" else sqlite_insert(table)


# --- S10 serials ---------------------------------------------------------------------------------------


async def next_serial(session: AsyncSession, *, issuer: str, service: str, country: str) -> int:
    """The next serial of (issuer, service, country), from 1; one atomic statement, so concurrent callers
    never get the same one (the row is locked until the caller's transaction ends)."""
    statement = _insert(session, parcel_serials).values(issuer=issuer, service=service, country=country, last_serial=1)
    statement = statement.on_conflict_do_update(
        index_elements=[parcel_serials.c.issuer, parcel_serials.c.service, parcel_serials.c.country],
        set_={"last_serial": parcel_serials.c.last_serial + 1},
    ).returning(parcel_serials.c.last_serial)
    return int((await session.execute(statement)).scalar_one())


# --- capacity ------------------------------------------------------------------------------------------


async def ensure_loads(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Create the load rows of connections (``connection_id``, ``departs_at``, ``capacity_g``) not seen yet."""
    if not rows:
        return
    statement = _insert(session, connection_loads).on_conflict_do_nothing(
        index_elements=[connection_loads.c.connection_id]
    )
    await session.execute(statement, [{**row, "booked_g": 0, "parcels": 0} for row in rows])


async def book_load(session: AsyncSession, connection_id: str, *, grams: int, parcels: int = 1) -> bool:
    """Consume ``grams`` on a connection if they fit (one conditional UPDATE); False, nothing written, if not."""
    c = connection_loads.c
    statement = (
        update(connection_loads)
        .where(c.connection_id == connection_id)
        .where(or_(c.capacity_g.is_(None), c.booked_g + grams <= c.capacity_g))
        .values(booked_g=c.booked_g + grams, parcels=c.parcels + parcels)
    )
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0)) == 1


async def release_loads(session: AsyncSession, released: dict[str, tuple[int, int]]) -> None:
    """Give back (grams, parcels) per connection."""
    if not released:
        return
    c = connection_loads.c
    statement = (
        update(connection_loads)
        .where(c.connection_id == bindparam("b_connection"))
        .values(booked_g=c.booked_g - bindparam("b_grams"), parcels=c.parcels - bindparam("b_parcels"))
    )
    params = [{"b_connection": k, "b_grams": g, "b_parcels": p} for k, (g, p) in sorted(released.items())]
    await session.execute(statement, params)


async def full_connections(session: AsyncSession, *, grams: int, departing_from: datetime) -> set[str]:
    """Connections departing from ``departing_from`` on that have no room left for ``grams``."""
    c = connection_loads.c
    query = select(c.connection_id).where(
        and_(c.departs_at >= departing_from, c.capacity_g.is_not(None), c.booked_g + grams > c.capacity_g)
    )
    return set((await session.execute(query)).scalars())


async def loads(session: AsyncSession, connection_ids: Iterable[str]) -> dict[str, Any]:
    ids = sorted(set(connection_ids))
    found: dict[str, Any] = {}
    for start in range(0, len(ids), _CHUNK):
        query = select(connection_loads).where(connection_loads.c.connection_id.in_(ids[start : start + _CHUNK]))
        for row in (await session.execute(query)).mappings():
            found[row["connection_id"]] = row
    return found


# --- disruptions ---------------------------------------------------------------------------------------


async def all_disruptions(session: AsyncSession) -> list[Any]:
    return list((await session.execute(select(disruptions).order_by(disruptions.c.connection_id))).mappings())


async def disruption(session: AsyncSession, connection_id: str) -> Any | None:
    query = select(disruptions).where(disruptions.c.connection_id == connection_id)
    return (await session.execute(query)).mappings().first()


async def record_disruption(session: AsyncSession, row: dict[str, Any]) -> None:
    """Store a disruption, replacing an earlier one of the same connection."""
    await session.execute(delete(disruptions).where(disruptions.c.connection_id == row["connection_id"]))
    await session.execute(insert(disruptions), [row])


# --- shipments -----------------------------------------------------------------------------------------


async def shipment_by_order(session: AsyncSession, *, seller_org_id: str, order_reference: str) -> Any | None:
    query = select(shipments).where(
        shipments.c.seller_org_id == seller_org_id, shipments.c.order_reference == order_reference
    )
    return (await session.execute(query)).mappings().first()


async def shipment_by_key(session: AsyncSession, key: str) -> Any | None:
    """A shipment by its ``shp_`` id or its parcel id."""
    column = shipments.c.id if key.startswith("shp_") else shipments.c.parcel_id
    return (await session.execute(select(shipments).where(column == key))).mappings().first()


async def shipments_page(
    session: AsyncSession, *, operator_org_id: str | None, after: str | None, limit: int
) -> list[Any]:
    query = select(shipments).order_by(shipments.c.id).limit(limit)
    if operator_org_id is not None:
        query = query.where(shipments.c.operator_org_id == operator_org_id)
    if after is not None:
        query = query.where(shipments.c.id > after)
    return list((await session.execute(query)).mappings())


async def insert_shipment(session: AsyncSession, row: dict[str, Any]) -> None:
    await session.execute(insert(shipments), [row])


async def insert_shipments(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(shipments), list(rows))


async def plans_of(
    session: AsyncSession, shipment_ids: Sequence[str]
) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """The legs and milestones of shipments, in order, by shipment id."""
    legs: dict[str, list[Any]] = {i: [] for i in shipment_ids}
    milestones: dict[str, list[Any]] = {i: [] for i in shipment_ids}
    for start in range(0, len(shipment_ids), _CHUNK):
        chunk = list(shipment_ids[start : start + _CHUNK])
        for table, into in ((shipment_legs, legs), (shipment_milestones, milestones)):
            query = select(table).where(table.c.shipment_id.in_(chunk)).order_by(table.c.shipment_id, table.c.position)
            for row in (await session.execute(query)).mappings():
                into[row["shipment_id"]].append(row)
    return legs, milestones


async def write_plans(
    session: AsyncSession, legs: Sequence[dict[str, Any]], milestones: Sequence[dict[str, Any]]
) -> None:
    if legs:
        await session.execute(insert(shipment_legs), list(legs))
    if milestones:
        await session.execute(insert(shipment_milestones), list(milestones))


async def delete_plans(session: AsyncSession, shipment_ids: Sequence[str]) -> None:
    for start in range(0, len(shipment_ids), _CHUNK):
        chunk = list(shipment_ids[start : start + _CHUNK])
        for table in (shipment_legs, shipment_milestones):
            await session.execute(delete(table).where(table.c.shipment_id.in_(chunk)))


async def mark_delivered(session: AsyncSession, shipment_id: str, delivered_at: datetime, now: datetime) -> None:
    statement = (
        update(shipments)
        .where(shipments.c.id == shipment_id, shipments.c.delivered_at.is_(None))
        .values(status="delivered", delivered_at=delivered_at, updated_at=now)
    )
    await session.execute(statement)


async def shipments_on(session: AsyncSession, connection_id: str) -> list[Any]:
    """The shipments with a leg on ``connection_id`` (one query)."""
    on = select(shipment_legs.c.shipment_id).where(shipment_legs.c.connection_id == connection_id)
    query = select(shipments).where(shipments.c.id.in_(on)).order_by(shipments.c.id)
    return list((await session.execute(query)).mappings())


async def update_promises(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Set the plan's outcome of shipments (``b_id`` and the columns in ``_PROMISE_COLUMNS``) in one statement."""
    if not rows:
        return
    statement = (
        update(shipments)
        .where(shipments.c.id == bindparam("b_id"))
        .values({name: bindparam(f"b_{name}") for name in PROMISE_COLUMNS})
    )
    await session.execute(statement, list(rows))


PROMISE_COLUMNS = (
    "status",
    "station",
    "gateway",
    "promised_date",
    "promised_by",
    "promise_reason",
    "replans",
    "updated_at",
)


async def lane_rows(session: AsyncSession, *, operator_org_id: str | None) -> list[Any]:
    """Per shipment what the SLA monitor needs: lane (origin, station), promises, last planned arrival."""
    last_arrival = (
        select(shipment_milestones.c.shipment_id, func.max(shipment_milestones.c.at).label("planned_delivery"))
        .where(shipment_milestones.c.kind == "delivered_by")
        .group_by(shipment_milestones.c.shipment_id)
        .subquery()
    )
    s = shipments.c
    query = select(
        s.id,
        s.parcel_id,
        s.origin,
        s.zone,
        s.station,
        s.status,
        s.promised_by,
        s.first_promised_by,
        s.delivered_at,
        last_arrival.c.planned_delivery,
    ).select_from(shipments.outerjoin(last_arrival, last_arrival.c.shipment_id == s.id))
    if operator_org_id is not None:
        query = query.where(s.operator_org_id == operator_org_id)
    return list((await session.execute(query)).mappings())


async def erase_consignees(
    session: AsyncSession, *, seller_org_id: str, order_references: Sequence[str], masked: str, now: datetime
) -> int:
    """Set the consignee of the seller's shipments of ``order_references`` to ``masked`` with no person key;
    how many shipments changed (those erased already are left as they are)."""
    refs = sorted(set(order_references))
    changed = 0
    for start in range(0, len(refs), _CHUNK):
        result = await session.execute(
            update(shipments)
            .where(
                shipments.c.seller_org_id == seller_org_id,
                shipments.c.order_reference.in_(refs[start : start + _CHUNK]),
                or_(shipments.c.consignee_masked != masked, shipments.c.consignee_key.is_not(None)),
            )
            .values(consignee_masked=masked, consignee_key=None, updated_at=now)
        )
        changed += int(getattr(result, "rowcount", 0) or 0)
    return changed
