"""The worker's chore: pull tracking events from the configured carrier and ingest them.

The carrier is asked outside any transaction; what it answered is ingested and its cursor stored in one unit
of work, so a crash in between asks again from the old cursor (the events come again, as duplicates).
"""

from __future__ import annotations

from functools import partial

from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.logistics import tracking_repository as store
from comptoir.logistics.carriers import Carrier, CarrierUnavailable, TrackingPull, configured_carrier
from comptoir.logistics.domain.ingestion import EventSource, IngestedEvent
from comptoir.logistics.services.tracking import ingest_tracking_events

PULL_LIMIT = 1000
"""Events asked of the carrier per pull: one ingestion, as the API takes at most."""


async def _cursor(uow: UnitOfWork, *, carrier: str) -> str | None:
    return await store.read_cursor(uow.session, carrier)


async def _ingest(uow: UnitOfWork, *, carrier: Carrier, pulled: TrackingPull) -> tuple[IngestedEvent, ...]:
    await store.read_cursor(uow.session, carrier.name)  # lock the cursor row while the pull is stored
    outcomes = await ingest_tracking_events(
        uow,
        None,
        events=pulled.events,
        source=EventSource.CARRIER_PULL,
        carrier_org_id=carrier.organisation_id,
    )
    await store.write_cursor(uow.session, carrier.name, pulled.cursor, now=uow.clock.now())
    return outcomes


async def pull_carrier_tracking(runtime: Runtime, *, rounds: int = 10) -> int:
    """Pull and ingest up to ``rounds`` pages of the configured carrier's events; how many were received.

    Without a configured carrier, 0. A carrier that does not answer (``CarrierUnavailable``, a time-out)
    ends the chore; the next run asks again from the stored cursor.
    """
    carrier = configured_carrier(runtime)
    if carrier is None:
        return 0
    received = 0
    for _ in range(rounds):
        cursor = await transact(runtime, partial(_cursor, carrier=carrier.name))
        try:
            pulled = await carrier.pull_tracking(cursor=cursor, limit=PULL_LIMIT)
        except (CarrierUnavailable, TimeoutError):
            break
        await transact(runtime, partial(_ingest, carrier=carrier, pulled=pulled))
        received += len(pulled.events)
        if len(pulled.events) < PULL_LIMIT:
            break
    return received
