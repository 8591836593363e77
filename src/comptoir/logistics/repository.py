"""Tables and queries of the logistics capability (only it touches them).

The stored network is the installation's one network (the logistics operator's). Every table keeps a
``position`` column so the network reads back in the order it was imported, and
``network_to_document(read_network(...))`` gives back the document that was imported.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import BigInteger, Column, Date, Float, Integer, String, Table, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.kernel.database import UtcDateTime, metadata
from comptoir.kernel.money import Money
from comptoir.logistics.domain import (
    WEEKDAYS,
    Clearance,
    Connection,
    Hub,
    HubKind,
    LastMileZone,
    Mode,
    Network,
    Service,
    Stop,
)

NETWORK_KEY = "current"
"""The key of the installation's one stored network."""


networks = Table(
    "logistics_networks",
    metadata,
    Column("key", String(20), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("operator_org_id", String(40)),  # the owner: the logistics operator organisation it belongs to
    Column("operator_name", String(120)),  # the owner's name when this version was imported, for pages
    Column("imported_by", String(80)),
    Column("imported_at", UtcDateTime, nullable=False),
)

hubs = Table(
    "logistics_hubs",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("country", String(2), nullable=False),
    Column("tz", String(64), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("lat", Float),
    Column("lon", Float),
)

services = Table(
    "logistics_services",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("mode", String(8), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("destination", String(16), nullable=False),
    Column("days", String(32), nullable=False),
    Column("departs_local", String(5), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("cutoff_minutes", Integer, nullable=False),
    Column("ready_minutes", Integer, nullable=False),
    Column("capacity_kg", BigInteger),
    Column("cost_per_kg_minor", BigInteger),
    Column("cost_currency", String(3)),
    Column("valid_from", Date),
    Column("valid_to", Date),
)

service_stops = Table(
    "logistics_service_stops",
    metadata,
    Column("service_id", String(120), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("hub", String(16), nullable=False),
    Column("arrives_after_minutes", Integer, nullable=False),
    Column("departs_after_minutes", Integer, nullable=False),
)

connections = Table(
    "logistics_connections",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("trip", String(120), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("destination", String(16), nullable=False),
    Column("departs_at", UtcDateTime, nullable=False),
    Column("arrives_at", UtcDateTime, nullable=False),
    Column("cutoff_minutes", Integer, nullable=False),
    Column("ready_minutes", Integer, nullable=False),
    Column("capacity_kg", BigInteger),
)

clearance = Table(
    "logistics_clearance",
    metadata,
    Column("hub", String(16), primary_key=True),
    Column("regime", String(40), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("minutes_p50", Integer, nullable=False),
    Column("minutes_p95", Integer, nullable=False),
)

last_mile = Table(
    "logistics_last_mile",
    metadata,
    Column("hub", String(16), primary_key=True),
    Column("zone", String(40), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("days", Integer, nullable=False),
    Column("cutoff_local", String(5), nullable=False),
)

NETWORK_TABLES = (service_stops, services, connections, clearance, last_mile, hubs)


def _clock(moment: time) -> str:
    return moment.strftime("%H:%M")


def _read_clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


async def current_version(session: AsyncSession, *, lock: bool = False) -> int | None:
    """The version of the stored network (grows by one on every import); None when none was imported."""
    query = select(networks.c.version).where(networks.c.key == NETWORK_KEY)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def network_record(session: AsyncSession) -> dict[str, Any] | None:
    """Who imported the stored network and when, with its version; None when none was imported."""
    row = (await session.execute(select(networks).where(networks.c.key == NETWORK_KEY))).mappings().first()
    return None if row is None else dict(row)


async def replace_network(
    session: AsyncSession,
    network: Network,
    *,
    version: int,
    operator_org_id: str | None,
    operator_name: str | None,
    imported_by: str | None,
    imported_at: datetime,
) -> None:
    """Delete the stored network and write ``network`` in its place (inside the caller's transaction)."""
    for table in NETWORK_TABLES:
        await session.execute(delete(table))
    await session.execute(delete(networks))
    await session.execute(
        insert(networks),
        [
            {
                "key": NETWORK_KEY,
                "version": version,
                "operator_org_id": operator_org_id,
                "operator_name": operator_name,
                "imported_by": imported_by,
                "imported_at": imported_at,
            }
        ],
    )
    rows = _rows(network)
    for table in (hubs, services, service_stops, connections, clearance, last_mile):
        if rows[table.name]:
            await session.execute(insert(table), rows[table.name])


def _rows(network: Network) -> dict[str, list[dict[str, Any]]]:
    stops: list[dict[str, Any]] = []
    for service in network.services:
        stops.extend(
            {
                "service_id": service.id,
                "position": i,
                "hub": s.hub,
                "arrives_after_minutes": s.arrives_after_minutes,
                "departs_after_minutes": s.departs_after_minutes,
            }
            for i, s in enumerate(service.stops)
        )
    return {
        hubs.name: [
            {
                "code": h.code,
                "position": i,
                "name": h.name,
                "country": h.country,
                "tz": h.tz,
                "kind": h.kind.value,
                "lat": h.lat,
                "lon": h.lon,
            }
            for i, h in enumerate(network.hubs)
        ],
        services.name: [_service_row(i, s) for i, s in enumerate(network.services)],
        service_stops.name: stops,
        connections.name: [
            {
                "id": c.id,
                "position": i,
                "trip": c.trip,
                "origin": c.origin,
                "destination": c.destination,
                "departs_at": c.departs_at,
                "arrives_at": c.arrives_at,
                "cutoff_minutes": c.cutoff_minutes,
                "ready_minutes": c.ready_minutes,
                "capacity_kg": c.capacity_kg,
            }
            for i, c in enumerate(network.connections)
        ],
        clearance.name: [
            {
                "hub": c.hub,
                "regime": c.regime,
                "position": i,
                "minutes_p50": c.minutes_p50,
                "minutes_p95": c.minutes_p95,
            }
            for i, c in enumerate(network.clearance)
        ],
        last_mile.name: [
            {"hub": z.hub, "zone": z.zone, "position": i, "days": z.days, "cutoff_local": _clock(z.cutoff_local)}
            for i, z in enumerate(network.last_mile)
        ],
    }


def _service_row(position: int, s: Service) -> dict[str, Any]:
    return {
        "id": s.id,
        "position": position,
        "mode": s.mode.value,
        "origin": s.origin,
        "destination": s.destination,
        "days": ",".join(WEEKDAYS[d] for d in s.days),
        "departs_local": _clock(s.departs),
        "duration_minutes": s.duration_minutes,
        "cutoff_minutes": s.cutoff_minutes,
        "ready_minutes": s.ready_minutes,
        "capacity_kg": s.capacity_kg,
        "cost_per_kg_minor": None if s.cost_per_kg is None else s.cost_per_kg.minor,
        "cost_currency": None if s.cost_per_kg is None else s.cost_per_kg.currency,
        "valid_from": s.valid_from,
        "valid_to": s.valid_to,
    }


async def read_network(session: AsyncSession) -> Network | None:
    """The stored network as it was imported (same order of entries); None when none was imported."""
    if await current_version(session) is None:
        return None

    async def ordered(table: Table) -> list[Any]:
        return list((await session.execute(select(table).order_by(table.c.position))).mappings())

    stops: dict[str, list[Stop]] = {}
    for row in await ordered(service_stops):
        stops.setdefault(row["service_id"], []).append(
            Stop(
                hub=row["hub"],
                arrives_after_minutes=row["arrives_after_minutes"],
                departs_after_minutes=row["departs_after_minutes"],
            )
        )
    return Network(
        hubs=tuple(
            Hub(
                code=r["code"],
                name=r["name"],
                country=r["country"],
                tz=r["tz"],
                kind=HubKind(r["kind"]),
                lat=r["lat"],
                lon=r["lon"],
            )
            for r in await ordered(hubs)
        ),
        services=tuple(_service(r, tuple(stops.get(r["id"], ()))) for r in await ordered(services)),
        connections=tuple(
            Connection(
                id=r["id"],
                trip=r["trip"],
                origin=r["origin"],
                destination=r["destination"],
                departs_at=r["departs_at"],
                arrives_at=r["arrives_at"],
                cutoff_minutes=r["cutoff_minutes"],
                ready_minutes=r["ready_minutes"],
                capacity_kg=r["capacity_kg"],
            )
            for r in await ordered(connections)
        ),
        clearance=tuple(
            Clearance(hub=r["hub"], regime=r["regime"], minutes_p50=r["minutes_p50"], minutes_p95=r["minutes_p95"])
            for r in await ordered(clearance)
        ),
        last_mile=tuple(
            LastMileZone(hub=r["hub"], zone=r["zone"], days=r["days"], cutoff_local=_read_clock(r["cutoff_local"]))
            for r in await ordered(last_mile)
        ),
    )


def _service(r: Any, stops: tuple[Stop, ...]) -> Service:
    cost = None if r["cost_per_kg_minor"] is None else Money(int(r["cost_per_kg_minor"]), r["cost_currency"])
    valid_from: date | None = r["valid_from"]
    valid_to: date | None = r["valid_to"]
    return Service(
        id=r["id"],
        mode=Mode(r["mode"]),
        origin=r["origin"],
        destination=r["destination"],
        days=tuple(WEEKDAYS.index(d) for d in r["days"].split(",")),
        departs=_read_clock(r["departs_local"]),
        duration_minutes=r["duration_minutes"],
        cutoff_minutes=r["cutoff_minutes"],
        ready_minutes=r["ready_minutes"],
        capacity_kg=None if r["capacity_kg"] is None else int(r["capacity_kg"]),
        cost_per_kg=cost,
        valid_from=valid_from,
        valid_to=valid_to,
        stops=stops,
    )


# The shipments' tables live in their own module; importing it here declares them with the network's.
from comptoir.logistics import shipment_repository as shipment_repository  # noqa: E402

# Tracking's tables too (every event received, each parcel's folded state, the carriers' pull cursors).
from comptoir.logistics import tracking_repository as tracking_repository  # noqa: E402
