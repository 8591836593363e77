"""Tables and queries of parcel tracking: every event received, each parcel's folded state, pull cursors.

Only the logistics capability touches them. A parcel's state row is the lock of its events: ingestion
creates it if missing and locks it (``SELECT … FOR UPDATE``; SQLite's writers are serialised by
``BEGIN IMMEDIATE``) before reading the parcel's set of events, so two ingestions of one parcel's events
run one after the other and the state is the fold of all of them. The unique key (parcel, fingerprint)
is what stores one of two copies of an event sent at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    and_,
    bindparam,
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
from comptoir.logistics import repository, shipment_repository
from comptoir.logistics.domain import TrackingEvent, TrackingStatus
from comptoir.logistics.domain.ingestion import (
    EventOutcome,
    EventRejection,
    EventSource,
    HubDay,
    ParcelState,
    StoredEvent,
)

tracking_events = Table(
    "logistics_tracking_events",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("parcel_id", String(40), nullable=False),
    Column("carrier_org_id", String(40)),  # who sent it (None: the installation itself, e.g. the command line)
    Column("at", UtcDateTime, nullable=False),  # the instant; the local offset it was written with is kept apart
    Column("offset_seconds", Integer, nullable=False),
    Column("hub", String(64), nullable=False),
    Column("status", String(24), nullable=False),
    Column("code", String(3)),
    Column("step", String(40)),
    Column("carrier_event_id", String(120)),
    Column("source", String(16), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("outcome", String(12), nullable=False),
    Column("rejection", String(24)),
    Column("reason", String(500)),
    # Set for the events of the parcel's set only (not for duplicates nor for events rejected on receipt).
    Column("fingerprint", String(64)),
    Column("duplicate_of", String(40)),
    UniqueConstraint("parcel_id", "fingerprint"),
    Index("ix_logistics_tracking_events_hub_at", "hub", "at"),
)

parcel_tracking = Table(
    "logistics_parcel_tracking",
    metadata,
    Column("parcel_id", String(40), primary_key=True),
    Column("carrier_org_id", String(40)),  # the carrier whose parcel it is (None: not known yet)
    Column("status", String(24), nullable=False),
    Column("last_event_id", String(40)),
    Column("last_event_at", UtcDateTime),
    Column("events_applied", Integer, nullable=False),
    Column("events_rejected", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_logistics_parcel_tracking_status", "carrier_org_id", "status", "parcel_id"),
)

carrier_cursors = Table(
    "logistics_carrier_cursors",
    metadata,
    Column("carrier", String(80), primary_key=True),
    Column("cursor", String(200)),
    Column("pulled_at", UtcDateTime, nullable=False),
)

MAX_HUB = 64
MAX_CARRIER_EVENT_ID = 120
MAX_REASON = 500


def _on_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _insert(session: AsyncSession, table: Table) -> Any:
    return pg_insert(table) if _on_postgresql(session) else sqlite_insert(table)


# --- what ingestion needs ---------------------------------------------------------------------------------


async def shipment_carriers(session: AsyncSession, parcels: Iterable[str]) -> dict[str, str | None]:
    """The parcels among ``parcels`` that have a shipment, each with its carrier: the logistics operator whose
    network carries it (None when the shipment names none)."""
    wanted = sorted(set(parcels))
    table = shipment_repository.shipments
    found: dict[str, str | None] = {}
    for start in range(0, len(wanted), 1000):
        query = select(table.c.parcel_id, table.c.operator_org_id).where(
            table.c.parcel_id.in_(wanted[start : start + 1000])
        )
        found.update({parcel: carrier for parcel, carrier in (await session.execute(query)).all()})
    return found


async def hub_codes(session: AsyncSession) -> frozenset[str] | None:
    """The hub codes of the stored network; None when no network was imported (a network has hubs: the
    network file requires them, and an import replaces them all in one transaction)."""
    codes = frozenset((await session.execute(select(repository.hubs.c.code))).scalars())
    return codes or None


async def lock_states(
    session: AsyncSession, claims: Mapping[str, str | None], *, now: datetime
) -> dict[str, dict[str, Any]]:
    """The state rows of the parcels of ``claims`` (parcel: carrier to record if the row is new), created
    ``pending`` if missing, locked until the transaction ends, in parcel order (so batches never deadlock)."""
    parcels = sorted(claims)
    if not parcels:
        return {}
    rows = [
        {
            "parcel_id": parcel,
            "carrier_org_id": claims[parcel],
            "status": TrackingStatus.PENDING.value,
            "events_applied": 0,
            "events_rejected": 0,
            "updated_at": now,
        }
        for parcel in parcels
    ]
    await session.execute(_insert(session, parcel_tracking).on_conflict_do_nothing(), rows)
    query = (
        select(parcel_tracking).where(parcel_tracking.c.parcel_id.in_(parcels)).order_by(parcel_tracking.c.parcel_id)
    )
    if _on_postgresql(session):
        query = query.with_for_update()
    return {row["parcel_id"]: dict(row) for row in (await session.execute(query)).mappings()}


async def claim_parcels(session: AsyncSession, parcels: Sequence[str], carrier_org_id: str) -> None:
    """Record ``carrier_org_id`` as the carrier of these (locked) parcels that had none."""
    if parcels:
        await session.execute(
            update(parcel_tracking)
            .where(parcel_tracking.c.parcel_id.in_(list(parcels)), parcel_tracking.c.carrier_org_id.is_(None))
            .values(carrier_org_id=carrier_org_id)
        )


async def event_sets(session: AsyncSession, parcels: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Every event of each parcel's set (fingerprinted rows), by parcel, in the order they were stored."""
    wanted = sorted(set(parcels))
    found: dict[str, list[dict[str, Any]]] = {parcel: [] for parcel in wanted}
    for start in range(0, len(wanted), 1000):
        query = (
            select(tracking_events)
            .where(
                tracking_events.c.parcel_id.in_(wanted[start : start + 1000]),
                tracking_events.c.fingerprint.is_not(None),
            )
            .order_by(tracking_events.c.id)
        )
        for row in (await session.execute(query)).mappings():
            found[row["parcel_id"]].append(dict(row))
    return found


async def insert_events(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
    """Store received events (a concurrent copy of a set event fails the unique key: a transient conflict)."""
    if rows:
        await session.execute(insert(tracking_events), list(rows))


async def set_outcomes(session: AsyncSession, changes: Sequence[Mapping[str, Any]]) -> None:
    """Give stored events the outcome the fold gives them now (``{"row_id", "outcome", "rejection", "reason"}``)."""
    if changes:
        statement = (
            update(tracking_events)
            .where(tracking_events.c.id == bindparam("row_id"))
            .values(outcome=bindparam("outcome"), rejection=bindparam("rejection"), reason=bindparam("reason"))
        )
        await session.execute(statement, list(changes))


async def set_states(session: AsyncSession, states: Sequence[Mapping[str, Any]]) -> None:
    """Write the folded state of (locked) parcels (``{"parcel", "status", "last_event_id", ...}``)."""
    if states:
        statement = (
            update(parcel_tracking)
            .where(parcel_tracking.c.parcel_id == bindparam("parcel"))
            .values(
                status=bindparam("status"),
                last_event_id=bindparam("last_event_id"),
                last_event_at=bindparam("last_event_at"),
                events_applied=bindparam("events_applied"),
                events_rejected=bindparam("events_rejected"),
                updated_at=bindparam("updated_at"),
            )
        )
        await session.execute(statement, list(states))


# --- reading -------------------------------------------------------------------------------------------------


def event_of(row: Mapping[str, Any]) -> TrackingEvent:
    """The tracking event a stored row says, in the offset it was written with."""
    offset = timezone(timedelta(seconds=int(row["offset_seconds"])))
    return TrackingEvent(
        parcel=row["parcel_id"],
        at=row["at"].astimezone(offset),
        hub=row["hub"],
        status=TrackingStatus(row["status"]),
        code=row["code"],
        step=row["step"],
        id=row["carrier_event_id"],
    )


def stored_event(row: Any) -> StoredEvent:
    return StoredEvent(
        id=row["id"],
        event=event_of(row),
        carrier_org_id=row["carrier_org_id"],
        source=EventSource(row["source"]),
        received_at=row["received_at"],
        outcome=EventOutcome(row["outcome"]),
        rejection=None if row["rejection"] is None else EventRejection(row["rejection"]),
        reason=row["reason"],
        duplicate_of=row["duplicate_of"],
    )


async def state_rows(
    session: AsyncSession,
    *,
    parcels: Sequence[str] | None = None,
    carrier_org_id: str | None = None,
    status: TrackingStatus | None = None,
    after: str | None = None,
    limit: int | None = None,
) -> list[ParcelState]:
    """Parcel states, by parcel id, with their last event; filtered by carrier (None: every carrier)."""
    last = tracking_events.alias("last")
    query = select(parcel_tracking, *[c.label(f"last_{c.name}") for c in last.c]).outerjoin(
        last, last.c.id == parcel_tracking.c.last_event_id
    )
    if parcels is not None:
        query = query.where(parcel_tracking.c.parcel_id.in_(list(parcels)))
    if carrier_org_id is not None:
        query = query.where(parcel_tracking.c.carrier_org_id == carrier_org_id)
    if status is not None:
        query = query.where(parcel_tracking.c.status == status.value)
    if after is not None:
        query = query.where(parcel_tracking.c.parcel_id > after)
    query = query.order_by(parcel_tracking.c.parcel_id)
    if limit is not None:
        query = query.limit(limit)
    states: list[ParcelState] = []
    for row in (await session.execute(query)).mappings():
        last_row = {c.name: row[f"last_{c.name}"] for c in last.c}
        states.append(
            ParcelState(
                parcel=row["parcel_id"],
                carrier_org_id=row["carrier_org_id"],
                status=TrackingStatus(row["status"]),
                last_event=None if last_row["id"] is None else event_of(last_row),
                last_event_id=row["last_event_id"],
                events_applied=int(row["events_applied"]),
                events_rejected=int(row["events_rejected"]),
                updated_at=row["updated_at"],
            )
        )
    return states


async def parcel_carrier(session: AsyncSession, parcel: str) -> tuple[bool, str | None]:
    """Whether the parcel has a state row, and its carrier."""
    row = (
        await session.execute(select(parcel_tracking.c.carrier_org_id).where(parcel_tracking.c.parcel_id == parcel))
    ).first()
    return (False, None) if row is None else (True, row[0])


async def events_of(session: AsyncSession, parcel: str, *, seen_by: str | None) -> list[StoredEvent]:
    """Every event received for ``parcel``, oldest receipt first. ``seen_by`` (a carrier) does not see the
    events other senders sent for a parcel that was not theirs."""
    query = select(tracking_events).where(tracking_events.c.parcel_id == parcel)
    if seen_by is not None:
        query = query.where(
            or_(
                tracking_events.c.carrier_org_id == seen_by,
                tracking_events.c.rejection.is_(None),
                tracking_events.c.rejection != EventRejection.UNKNOWN_PARCEL.value,
            )
        )
    query = query.order_by(tracking_events.c.received_at, tracking_events.c.id)
    return [stored_event(row) for row in (await session.execute(query)).mappings()]


async def status_counts(session: AsyncSession, *, carrier_org_id: str | None) -> dict[TrackingStatus, int]:
    """How many parcels are in each status (every status named, 0 when none)."""
    query = select(parcel_tracking.c.status, func.count()).group_by(parcel_tracking.c.status)
    if carrier_org_id is not None:
        query = query.where(parcel_tracking.c.carrier_org_id == carrier_org_id)
    counted = {TrackingStatus(status): int(n) for status, n in (await session.execute(query)).all()}
    return {status: counted.get(status, 0) for status in TrackingStatus}


async def hub_days(
    session: AsyncSession, *, since: datetime, until: datetime, carrier_org_id: str | None
) -> list[HubDay]:
    """Applied events per hub and UTC day of their time, in ``[since, until)``, by day then hub."""
    column = tracking_events.c.at
    if _on_postgresql(session):
        day: Any = func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    else:
        day = func.strftime("%Y-%m-%d", column)
    conditions = [
        tracking_events.c.outcome == EventOutcome.APPLIED.value,
        column >= since.astimezone(UTC),
        column < until.astimezone(UTC),
    ]
    if carrier_org_id is not None:
        # the carrier's parcels, whoever sent their events
        owned = select(parcel_tracking.c.parcel_id).where(parcel_tracking.c.carrier_org_id == carrier_org_id)
        conditions.append(tracking_events.c.parcel_id.in_(owned))
    query = (
        select(
            tracking_events.c.hub,
            day.label("day"),
            func.count().label("events"),
            func.count(tracking_events.c.parcel_id.distinct()).label("parcels"),
        )
        .where(and_(*conditions))
        .group_by(tracking_events.c.hub, day)
        .order_by(day, tracking_events.c.hub)
    )
    return [HubDay(hub, str(d), int(e), int(p)) for hub, d, e, p in (await session.execute(query)).all()]


async def read_cursor(session: AsyncSession, carrier: str) -> str | None:
    query = select(carrier_cursors.c.cursor).where(carrier_cursors.c.carrier == carrier)
    if _on_postgresql(session):
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def write_cursor(session: AsyncSession, carrier: str, cursor: str | None, *, now: datetime) -> None:
    statement = _insert(session, carrier_cursors).values(carrier=carrier, cursor=cursor, pulled_at=now)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["carrier"], set_={"cursor": cursor, "pulled_at": now})
    )
