"""Typed events through the real outbox on both databases: redelivery is harmless, an unknown row is parked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, MetaData, String, Table, func, insert, select, update

from comptoir.kernel.events import event
from comptoir.kernel.outbox import OutboxWorker, outbox_table
from comptoir.kernel.runtime import Runtime

# A table of this test only (not on the application's metadata, which the migrations must match).
_test_metadata = MetaData()
followers = Table(
    "test_brand_followers",
    _test_metadata,
    Column("event_id", String(40), primary_key=True),
    Column("brand", String(80), nullable=False),
)


@event("test_typed.BrandFollowed", version=1)
@dataclass(frozen=True)
class BrandFollowed:
    brand: str
    tourist_id: str
    followed_at: datetime


async def _rows(runtime: Runtime) -> list[dict[str, object]]:
    async with runtime.database.session() as session:
        return [dict(r._mapping) for r in (await session.execute(select(outbox_table))).all()]


async def test_a_redelivered_event_is_handled_once_by_an_idempotent_handler(runtime: Runtime) -> None:
    async with runtime.database.engine.begin() as conn:
        await conn.run_sync(_test_metadata.create_all)
    try:
        received: list[tuple[str, BrandFollowed]] = []

        async def count_the_follower(event: BrandFollowed, *, event_id: str) -> None:
            # Idempotent: the effect is keyed by the event id, in the handler's own transaction.
            received.append((event_id, event))
            async with runtime.uow() as uow:
                seen = await uow.execute(select(followers.c.event_id).where(followers.c.event_id == event_id))
                if seen.first() is None:
                    await uow.execute(insert(followers).values(event_id=event_id, brand=event.brand))
                    await uow.commit()

        runtime.bus.subscribe(BrandFollowed, count_the_follower)
        followed = BrandFollowed("Maison Lune", "tou_1", runtime.clock.now())
        async with runtime.uow() as uow:
            event_id = uow.publish(followed)
            await uow.commit()
        [row] = await _rows(runtime)
        assert (row["id"], row["name"], row["version"]) == (event_id, "test_typed.BrandFollowed", 1)

        worker = OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock)
        assert await worker.run_once() == 1
        # A redelivery, as after a worker that crashed before recording the delivery.
        async with runtime.database.session() as session, session.begin():
            await session.execute(
                update(outbox_table)
                .where(outbox_table.c.id == event_id)
                .values(status="pending", delivered_at=None, available_at=runtime.clock.now())
            )
        assert await worker.run_once() == 1

        assert received == [(event_id, followed), (event_id, followed)]
        async with runtime.database.session() as session:
            assert (await session.execute(select(func.count()).select_from(followers))).scalar_one() == 1
        [row] = await _rows(runtime)
        assert (row["status"], row["attempts"]) == ("delivered", 2)
    finally:
        async with runtime.database.engine.begin() as conn:
            await conn.run_sync(_test_metadata.drop_all)


async def test_a_row_of_an_unknown_name_or_version_is_parked_as_failed_at_once(runtime: Runtime) -> None:
    delivered: list[str] = []

    async def handler(event: BrandFollowed, *, event_id: str) -> None:
        delivered.append(event_id)

    runtime.bus.subscribe(BrandFollowed, handler)
    now = runtime.clock.now()
    common = {"status": "pending", "attempts": 0, "available_at": now, "created_at": now}
    async with runtime.database.session() as session, session.begin():
        await session.execute(
            insert(outbox_table),
            [
                {"id": "evt_v9", "name": "test_typed.BrandFollowed", "version": 9, "payload": {}, **common},
                {"id": "evt_gone", "name": "test_typed.BrandUnfollowed", "version": 1, "payload": {}, **common},
                {"id": "evt_bad", "name": "test_typed.BrandFollowed", "version": 1, "payload": {"brand": 1}, **common},
            ],
        )
    worker = OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock)
    assert await worker.run_once() == 0
    runtime.clock.advance(hours=24)
    assert await worker.run_once() == 0  # parked, not retried
    assert delivered == []
    rows = {r["id"]: r for r in await _rows(runtime)}
    assert {r["status"] for r in rows.values()} == {"failed"}
    assert rows["evt_v9"]["last_error"] == (
        "UnknownEvent: no event type is registered as 'test_typed.BrandFollowed' version 9 (known versions: [1])"
    )
    assert "'test_typed.BrandUnfollowed' version 1" in str(rows["evt_gone"]["last_error"])
    assert str(rows["evt_bad"]["last_error"]).startswith("EventPayloadInvalid: test_typed.BrandFollowed v1")
