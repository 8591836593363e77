"""The outbox and the message bus.

An event is written to ``kernel_outbox`` in the same transaction as the change
that caused it; a worker later claims pending rows and delivers each to the
handlers subscribed to its name, at least once. Handlers must be idempotent
(they receive the event id to deduplicate). A failing handler leaves the row
to be retried with exponential backoff; after ``MAX_ATTEMPTS`` it is parked
as ``failed`` for an operator to look at.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, Text, select, update

from comptoir.kernel.clock import Clock, SystemClock
from comptoir.kernel.database import Database, metadata
from comptoir.kernel.ids import new_id

log = logging.getLogger("comptoir.outbox")

MAX_ATTEMPTS = 12

outbox_table = Table(
    "kernel_outbox",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(12), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("available_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    Column("last_error", Text),
)


@dataclass(frozen=True)
class Event:
    """Something that happened, named in the business's words (``identity.DelegationGranted``)."""

    name: str
    payload: Mapping[str, Any]
    id: str = field(default_factory=lambda: new_id("evt"))


def outbox_rows(events: list[Event], now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "name": e.name,
            # Round-trip through JSON so a payload that cannot be stored fails here, at publish time.
            "payload": json.loads(json.dumps(dict(e.payload))),
            "status": "pending",
            "attempts": 0,
            "available_at": now,
            "created_at": now,
        }
        for e in events
    ]


Handler = Callable[[Event], Awaitable[None]]


class MessageBus:
    """Maps event names to the handlers that react to them."""

    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)

    def subscribe(self, name: str, handler: Handler) -> None:
        self._handlers[name].append(handler)

    def handlers_for(self, name: str) -> list[Handler]:
        return list(self._handlers.get(name, ()))

    async def dispatch(self, event: Event) -> None:
        for handler in self.handlers_for(event.name):
            await handler(event)


def _backoff(attempts: int) -> timedelta:
    base = min(2**attempts, 3600)
    return timedelta(seconds=base * (0.5 + random.random()))


class OutboxWorker:
    """Claims pending outbox rows and delivers them through the bus."""

    def __init__(self, database: Database, bus: MessageBus, *, clock: Clock | None = None, batch: int = 50):
        self.database = database
        self.bus = bus
        self.clock: Clock = clock or SystemClock()
        self.batch = batch

    async def _claim(self) -> list[dict[str, Any]]:
        now = self.clock.now()
        async with self.database.session() as session, session.begin():
            query = (
                select(outbox_table)
                .where(outbox_table.c.status == "pending", outbox_table.c.available_at <= now)
                .order_by(outbox_table.c.created_at, outbox_table.c.id)
                .limit(self.batch)
            )
            if self.database.is_postgresql:
                query = query.with_for_update(skip_locked=True)
            rows = [dict(r._mapping) for r in (await session.execute(query)).all()]
            if rows:
                # Lease the rows: another worker will not see them until the lease runs out.
                await session.execute(
                    update(outbox_table)
                    .where(outbox_table.c.id.in_([r["id"] for r in rows]))
                    .values(available_at=now + timedelta(minutes=5))
                )
        return rows

    async def run_once(self) -> int:
        """Deliver what is due now; returns how many events were handled successfully."""
        rows = await self._claim()
        delivered = 0
        for row in rows:
            event = Event(name=row["name"], payload=row["payload"], id=row["id"])
            try:
                await self.bus.dispatch(event)
            except Exception as exc:  # a handler's failure must not stop the others
                attempts = row["attempts"] + 1
                status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
                log.warning("outbox event %s (%s) failed: %s", event.id, event.name, exc)
                values: dict[str, Any] = {
                    "attempts": attempts,
                    "status": status,
                    "last_error": f"{type(exc).__name__}: {exc}"[:2000],
                    "available_at": self.clock.now() + _backoff(attempts),
                }
            else:
                delivered += 1
                values = {"status": "delivered", "delivered_at": self.clock.now(), "attempts": row["attempts"] + 1}
            async with self.database.session() as session, session.begin():
                await session.execute(update(outbox_table).where(outbox_table.c.id == row["id"]).values(**values))
        return delivered

    async def run_forever(
        self,
        *,
        poll_interval: float = 1.0,
        stop: asyncio.Event | None = None,
        chores: Sequence[Callable[[], Awaitable[object]]] = (),
        chore_interval: timedelta = timedelta(hours=1),
    ) -> None:
        """Deliver events until ``stop`` is set; run each of ``chores`` (housekeeping) every ``chore_interval``."""
        stop = stop or asyncio.Event()
        chores_due = self.clock.now()
        while not stop.is_set():
            if chores and self.clock.now() >= chores_due:
                chores_due = self.clock.now() + chore_interval
                for chore in chores:
                    try:
                        await chore()
                    except Exception:  # housekeeping must never stop delivery
                        log.exception("worker chore %s failed", getattr(chore, "__name__", chore))
            try:
                handled = await self.run_once()
            except Exception:  # the database may be briefly unavailable; keep the worker alive
                log.exception("outbox worker iteration failed")
                handled = 0
            if handled == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=poll_interval)
