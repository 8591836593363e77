"""Any permutation and duplication of a parcel's events, ingested in any batches, stores the pure fold of the set.

On both databases: each example tracks a parcel of its own (a fresh internal id), so examples share the
database without seeing each other.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.ids import new_id
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.domain import TrackingEvent, TrackingStatus, track_parcel
from comptoir.logistics.domain.ingestion import EventOutcome
from comptoir.logistics.services.tracking import ingest_tracking_events
from comptoir.logistics.services.tracking_queries import parcel_history
from tests.integration.logistics.tracking_support import CARRIER, ship

NOW = datetime(2026, 12, 10, tzinfo=UTC)
START = datetime(2026, 12, 1, tzinfo=UTC)
OFFSETS = [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=1))]


@st.composite
def events_of_a_parcel(draw: st.DrawFn, parcel: str) -> list[TrackingEvent]:
    """A few distinct events: close times (ties too), a few hubs, any status, codes that fit or not, ids
    that may repeat with other content."""
    count = draw(st.integers(1, 7))
    found: list[TrackingEvent] = []
    for _ in range(count):
        found.append(
            TrackingEvent(
                parcel=parcel,
                at=(START + timedelta(hours=draw(st.integers(0, 6)))).astimezone(draw(st.sampled_from(OFFSETS))),
                hub=draw(st.sampled_from(["HGH", "LGG", "CDG"])),
                status=draw(st.sampled_from(list(TrackingStatus))),
                code=draw(st.sampled_from([None, None, "EMC", "EMI", "EME"])),
                step=draw(st.sampled_from([None, "departing"])),
                id=draw(st.sampled_from([None, None, "e-1", "e-2"])),
            )
        )
    return found


class Scenario:
    """A runtime on the database under test, driven from Hypothesis' thread by an event loop of its own."""

    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.runner = asyncio.Runner()
        self.runtime = Runtime.from_settings(
            Settings(environment="test", data_dir=data_dir, database_url=database_url), clock=FrozenClock(NOW)
        )

    def close(self) -> None:
        self.runner.run(self.runtime.database.dispose())
        self.runner.close()

    def check(self, data: st.DataObject) -> None:
        parcel = new_id("prc")
        distinct = data.draw(events_of_a_parcel(parcel))
        copies = data.draw(st.lists(st.sampled_from(distinct), max_size=6))
        sent = data.draw(st.permutations([*distinct, *copies]))
        cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(sent) - 1)), max_size=3)))
        batches = [sent[a:b] for a, b in zip([0, *cuts], [*cuts, len(sent)], strict=True) if sent[a:b]]
        self.runner.run(self._ingest(parcel, batches))
        found = self.runner.run(transact(self.runtime, lambda uow: parcel_history(uow, None, parcel=parcel)))
        expected = track_parcel(parcel, sent)
        assert found.state.status is expected.status
        assert found.state.last_event == expected.last_event
        assert found.state.events_applied == expected.events_applied
        kept = [e for e in found.events if e.outcome is not EventOutcome.DUPLICATE]
        assert len(kept) == len(set(sent))  # one stored event per distinct event, the rest duplicates
        assert len(found.events) == len(sent)
        rejected = {r.event for r in expected.rejected}
        assert {e.event for e in kept if e.outcome is EventOutcome.REJECTED} == rejected
        assert found.state.events_rejected == len(rejected)
        reasons = {(r.event, r.reason) for r in expected.rejected}
        assert {(e.event, e.reason) for e in kept if e.outcome is EventOutcome.REJECTED} == reasons

    async def _ingest(self, parcel: str, batches: list[list[TrackingEvent]]) -> None:
        await ship(self.runtime, parcel, carrier=CARRIER.organisation_id)
        for batch in batches:
            await transact(
                self.runtime, lambda uow, b=batch: ingest_tracking_events(uow, CARRIER, events=b, source="batch")
            )


async def test_any_order_duplication_and_batching_stores_the_fold_of_the_set(database_url: str, tmp_path: Path) -> None:
    scenario = Scenario(database_url, tmp_path / "data")

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data())
    def property_holds(data: st.DataObject) -> None:
        scenario.check(data)

    try:
        await asyncio.to_thread(property_holds)
    finally:
        await asyncio.to_thread(scenario.close)
