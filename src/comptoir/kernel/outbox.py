"""The outbox and the message bus.

An event is a registered, typed dataclass (see :mod:`comptoir.kernel.events`). It is written to
``kernel_outbox`` (its name, schema version and JSON payload) in the same transaction as the change
that caused it; a worker later claims pending rows, decodes each back into its event type and
delivers it to the handlers subscribed to that type, at least once. Handlers must be idempotent:
they receive the event id (``handler(event, event_id=...)``) to deduplicate.

A failing handler leaves the row to be retried with exponential backoff; after ``MAX_ATTEMPTS`` it
is parked as ``failed`` for an operator to look at. A row that no registered type decodes (an
unknown name or version, or a payload that does not fit) is parked as ``failed`` at once, with the
reason in ``last_error``: retrying cannot help until a process that knows the type runs, and an
operator then sets the row back to ``pending``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, Text, select, update

from comptoir.kernel.clock import Clock, SystemClock
from comptoir.kernel.database import Database, metadata
from comptoir.kernel.events import EventPayloadInvalid, UnknownEvent, decode_event, encode_event, event_type_of
from comptoir.kernel.ids import new_id

log = logging.getLogger("comptoir.outbox")

MAX_ATTEMPTS = 12

outbox_table = Table(
    "kernel_outbox",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(100), nullable=False),
    # The event's schema version (not a version carried in the payload, such as a network's).
    Column("version", Integer, nullable=False, server_default="1"),
    Column("payload", JSON, nullable=False),
    Column("status", String(12), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("available_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    Column("last_error", Text),
)


@dataclass(frozen=True)
class OutboxMessage:
    """A published event as the outbox stores it."""

    id: str
    name: str
    version: int
    payload: dict[str, Any]


def outbox_message(event: object) -> OutboxMessage:
    """Encode a registered event for the outbox; :class:`EventNotRegistered` (a TypeError) for anything else."""
    registered, payload = encode_event(event)
    # Round-trip through JSON so a payload that cannot be stored fails here, at publish time.
    stored = json.loads(json.dumps(payload))
    return OutboxMessage(id=new_id("evt"), name=registered.name, version=registered.version, payload=stored)


def outbox_rows(messages: Sequence[OutboxMessage], now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "id": m.id,
            "name": m.name,
            "version": m.version,
            "payload": m.payload,
            "status": "pending",
            "attempts": 0,
            "available_at": now,
            "created_at": now,
        }
        for m in messages
    ]


E_contra = TypeVar("E_contra", contravariant=True)
E = TypeVar("E")


class Handler(Protocol[E_contra]):
    """``async def handler(event: SomethingHappened, *, event_id: str) -> None``; must be idempotent."""

    def __call__(self, event: E_contra, /, *, event_id: str) -> Awaitable[None]: ...


class MessageBus:
    """Maps event types to the handlers that react to them."""

    def __init__(self) -> None:
        self._handlers: dict[type[Any], list[Handler[Any]]] = defaultdict(list)

    def subscribe(self, event_type: type[E], handler: Handler[E]) -> None:
        """Call ``handler`` for each delivered event of ``event_type`` (a registered event class)."""
        event_type_of(event_type)  # refuse an unregistered class now, not when nothing ever arrives
        self._handlers[event_type].append(handler)

    def handlers_for(self, event_type: type[Any]) -> list[Handler[Any]]:
        return list(self._handlers.get(event_type, ()))

    def subscribed_types(self) -> set[type[Any]]:
        """The event types at least one handler is subscribed to."""
        return {t for t, handlers in self._handlers.items() if handlers}

    async def dispatch(self, event: object, *, event_id: str) -> None:
        for handler in self.handlers_for(type(event)):
            await handler(event, event_id=event_id)


def _backoff(attempts: int) -> timedelta:
    base = min(2**attempts, 3600)
    return timedelta(seconds=base * (0.5 + random.random()))


async def _run_chores(chores: Sequence[Callable[[], Awaitable[object]]]) -> None:
    for chore in chores:
        try:
            await chore()
        except Exception:  # housekeeping must never stop delivery
            log.exception("worker chore %s failed", getattr(chore, "__name__", chore))


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
            try:
                event = decode_event(row["name"], row["version"], row["payload"])
            except (UnknownEvent, EventPayloadInvalid) as exc:
                log.error("outbox event %s (%s v%s) cannot be decoded: %s", row["id"], row["name"], row["version"], exc)
                await self._update(
                    row["id"],
                    status="failed",
                    attempts=row["attempts"] + 1,
                    last_error=f"{type(exc).__name__}: {exc}"[:2000],
                )
                continue
            try:
                await self.bus.dispatch(event, event_id=row["id"])
            except Exception as exc:  # a handler's failure must not stop the others
                attempts = row["attempts"] + 1
                status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
                log.warning("outbox event %s (%s) failed: %s", row["id"], row["name"], exc)
                values: dict[str, Any] = {
                    "attempts": attempts,
                    "status": status,
                    "last_error": f"{type(exc).__name__}: {exc}"[:2000],
                    "available_at": self.clock.now() + _backoff(attempts),
                }
            else:
                delivered += 1
                values = {"status": "delivered", "delivered_at": self.clock.now(), "attempts": row["attempts"] + 1}
            await self._update(row["id"], **values)
        return delivered

    async def _update(self, event_id: str, **values: Any) -> None:
        async with self.database.session() as session, session.begin():
            await session.execute(update(outbox_table).where(outbox_table.c.id == event_id).values(**values))

    async def run_forever(
        self,
        *,
        poll_interval: float = 1.0,
        stop: asyncio.Event | None = None,
        chores: Sequence[Callable[[], Awaitable[object]]] = (),
        chore_interval: timedelta = timedelta(hours=1),
        frequent_chores: Sequence[Callable[[], Awaitable[object]]] = (),
        frequent_interval: timedelta = timedelta(seconds=5),
    ) -> None:
        """Deliver events until ``stop`` is set; run each of ``chores`` (housekeeping) every ``chore_interval``
        and each of ``frequent_chores`` (work people wait for: webhooks, expiries) every ``frequent_interval``."""
        stop = stop or asyncio.Event()
        due = {id(chores): self.clock.now(), id(frequent_chores): self.clock.now()}
        schedule = ((chores, chore_interval), (frequent_chores, frequent_interval))
        while not stop.is_set():
            for group, interval in schedule:
                if group and self.clock.now() >= due[id(group)]:
                    due[id(group)] = self.clock.now() + interval
                    await _run_chores(group)
            try:
                handled = await self.run_once()
            except Exception:  # the database may be briefly unavailable; keep the worker alive
                log.exception("outbox worker iteration failed")
                handled = 0
            if handled == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=poll_interval)
