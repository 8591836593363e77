"""Read-only queries of the control tower over the shipments' tables (``shipment_repository``).

Counts are taken in SQL; what depends on a hub's time zone (the local day of a departure) is folded by the
service from the legs of a bounded window.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.logistics.shipment_repository import connection_loads, shipment_legs, shipment_milestones, shipments


async def status_counts(session: AsyncSession, *, operator_org_id: str | None) -> dict[str, int]:
    query = select(shipments.c.status, func.count()).group_by(shipments.c.status)
    if operator_org_id is not None:
        query = query.where(shipments.c.operator_org_id == operator_org_id)
    return {status: int(n) for status, n in (await session.execute(query)).all()}


async def promise_rows(session: AsyncSession, *, operator_org_id: str | None) -> list[Any]:
    """Per shipment its lane, promises, reason, delivery and last planned delivery."""
    last = (
        select(shipment_milestones.c.shipment_id, func.max(shipment_milestones.c.at).label("planned_delivery"))
        .where(shipment_milestones.c.kind == "delivered_by")
        .group_by(shipment_milestones.c.shipment_id)
        .subquery()
    )
    s = shipments.c
    query = (
        select(
            s.id,
            s.parcel_id,
            s.origin,
            s.station,
            s.status,
            s.promised_date,
            s.promised_by,
            s.first_promised_date,
            s.first_promised_by,
            s.promise_reason,
            s.delivered_at,
            last.c.planned_delivery,
        )
        .select_from(shipments.outerjoin(last, last.c.shipment_id == s.id))
        .order_by(s.id)
    )
    if operator_org_id is not None:
        query = query.where(s.operator_org_id == operator_org_id)
    return list((await session.execute(query)).mappings())


async def legs_between(
    session: AsyncSession, *, operator_org_id: str | None, since: datetime, until: datetime
) -> list[Any]:
    """Legs of shipments departing or arriving within [since, until)."""
    leg = shipment_legs.c
    query = select(leg.origin, leg.destination, leg.departs_at, leg.arrives_at).where(
        leg.arrives_at >= since, leg.departs_at < until
    )
    if operator_org_id is not None:
        query = query.join(shipments, shipments.c.id == leg.shipment_id).where(
            shipments.c.operator_org_id == operator_org_id
        )
    return list((await session.execute(query)).mappings())


async def loads_between(session: AsyncSession, *, since: datetime, until: datetime, limit: int) -> list[Any]:
    load = connection_loads.c
    query = (
        select(load.connection_id, load.departs_at, load.capacity_g, load.booked_g, load.parcels)
        .where(load.departs_at >= since, load.departs_at < until)
        .order_by(load.departs_at, load.connection_id)
        .limit(limit)
    )
    return list((await session.execute(query)).mappings())
