"""Tracking events ingested into the database: outcomes, duplicates, rejections, carriers, concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics import tracking_repository as store
from comptoir.logistics.domain import TrackingEvent, track_parcel
from comptoir.logistics.domain.ingestion import EventOutcome, EventRejection, EventSource, IngestedEvent
from comptoir.logistics.errors import TrackedParcelNotFound, TrackingEventsInvalid, TrackingNotAllowed
from comptoir.logistics.services import import_network
from comptoir.logistics.services.tracking import ingest_tracking_events
from comptoir.logistics.services.tracking_queries import (
    ParcelHistory,
    hub_throughput,
    parcel_history,
    parcels_by_status,
    tracking_status_counts,
)
from tests.integration.logistics.tracking_support import (
    BRAND,
    CARRIER,
    JOURNEY,
    LATE_ORIGIN_SCAN,
    OTHER_PARCEL,
    PARCEL,
    PLATFORM,
    RIVAL,
    S,
    event,
    ship,
)
from tests.unit.logistics.network_sample import sample_document

NOW = datetime(2026, 12, 6, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _december(clock: FrozenClock) -> None:
    clock.set(NOW)


async def ingest(
    runtime: Runtime, events: list[TrackingEvent], principal=CARRIER, source: str = "api"
) -> tuple[IngestedEvent, ...]:
    return await transact(runtime, lambda uow: ingest_tracking_events(uow, principal, events=events, source=source))


async def history(runtime: Runtime, principal=CARRIER, parcel: str = PARCEL) -> ParcelHistory:
    return await transact(runtime, lambda uow: parcel_history(uow, principal, parcel=parcel))


async def event_rows(runtime: Runtime) -> int:
    async with runtime.uow() as uow:
        return int((await uow.execute(select(func.count()).select_from(store.tracking_events))).scalar_one())


async def test_a_journey_sent_backwards_ends_delivered_as_the_fold_of_its_events(runtime: Runtime) -> None:
    await ship(runtime, PARCEL, carrier=CARRIER.organisation_id)
    outcomes = await ingest(runtime, list(reversed(JOURNEY)))
    assert [o.outcome for o in outcomes] == [EventOutcome.APPLIED] * 7
    found = await history(runtime)
    expected = track_parcel(PARCEL, list(JOURNEY))
    assert found.state.status is S.DELIVERED
    assert found.state.last_event == expected.last_event == JOURNEY[-1]
    assert found.state.last_event.at.utcoffset() == timedelta(hours=1)  # the local offset is kept
    assert (found.state.events_applied, found.state.events_rejected) == (7, 0)
    assert len(found.events) == 7 and {e.source for e in found.events} == {EventSource.API}


async def test_a_scan_at_the_origin_after_the_delivery_is_rejected_whichever_arrives_first(runtime: Runtime) -> None:
    await ship(runtime, PARCEL)
    (late,) = await ingest(runtime, [LATE_ORIGIN_SCAN])
    assert late.outcome is EventOutcome.APPLIED  # nothing said otherwise yet
    await ingest(runtime, list(JOURNEY))
    found = await history(runtime)
    assert found.state.status is S.DELIVERED and found.state.events_applied == 7
    scan = next(e for e in found.events if e.id == late.event_id)
    assert (scan.outcome, scan.rejection) == (EventOutcome.REJECTED, EventRejection.STATE_MACHINE)
    assert scan.reason == "in_transit after delivered at FRPAR 2026-12-05T11:40:00+01:00: delivered is final"
    assert found.state.events_rejected == 1
    # and the other way round, on another parcel: the same verdict at once
    await ship(runtime, OTHER_PARCEL)
    moved = [event(e.at.isoformat(), e.hub, e.status, code=e.code, parcel=OTHER_PARCEL) for e in JOURNEY]
    await ingest(runtime, moved)
    (again,) = await ingest(runtime, [event(LATE_ORIGIN_SCAN.at.isoformat(), "HGH", S.IN_TRANSIT, parcel=OTHER_PARCEL)])
    assert (again.outcome, again.reason) == (EventOutcome.REJECTED, scan.reason)


async def test_duplicates_by_carrier_id_or_by_content_are_recorded_and_change_nothing(runtime: Runtime) -> None:
    await ship(runtime, PARCEL)
    first = await ingest(runtime, list(JOURNEY[:3]))
    before = await history(runtime)
    outcomes = await ingest(runtime, [JOURNEY[0], JOURNEY[1], JOURNEY[1]], source="batch")
    assert [o.outcome for o in outcomes] == [EventOutcome.DUPLICATE] * 3
    assert [o.duplicate_of for o in outcomes] == [first[0].event_id, first[1].event_id, first[1].event_id]
    after = await history(runtime)
    assert after.state == before.state
    assert len(after.events) == 6 and sum(e.outcome is EventOutcome.DUPLICATE for e in after.events) == 3


async def test_the_same_id_saying_something_else_is_rejected_as_the_pure_fold_does(runtime: Runtime) -> None:
    await ship(runtime, PARCEL)
    await ingest(runtime, [JOURNEY[0]])
    other = event("2026-12-03T22:00:00+08:00", "HGH", S.IN_TRANSIT, id="cn-1")
    (conflict,) = await ingest(runtime, [other])
    assert (conflict.outcome, conflict.rejection) == (EventOutcome.REJECTED, EventRejection.ID_CONFLICT)
    assert conflict.reason == track_parcel(PARCEL, [JOURNEY[0], other]).rejected[0].reason


async def test_events_of_unknown_parcels_future_times_and_unknown_hubs_are_rejected_on_receipt(
    runtime: Runtime,
) -> None:
    await ship(runtime, PARCEL)
    future = event("2026-12-08T00:00:01+00:00", "CDG", S.IN_TRANSIT)
    unknown = event("2026-12-05T10:00:00Z", "CDG", S.IN_TRANSIT, parcel=OTHER_PARCEL)
    outcomes = await ingest(runtime, [future, unknown])
    assert [(o.outcome, o.rejection) for o in outcomes] == [
        (EventOutcome.REJECTED, EventRejection.IN_THE_FUTURE),
        (EventOutcome.REJECTED, EventRejection.UNKNOWN_PARCEL),
    ]
    assert outcomes[0].reason == "2026-12-08T00:00:01+00:00 is more than 24 h after now (2026-12-06T00:00:00+00:00)"
    found = await history(runtime)
    assert (found.state.status, found.state.events_applied, found.state.last_event) == (S.PENDING, 0, None)
    with pytest.raises(TrackedParcelNotFound):
        await history(runtime, parcel=OTHER_PARCEL)
    # with a network stored, a hub it does not have is refused
    await transact(runtime, lambda uow: import_network(uow, None, network=sample_document()))
    (nowhere,) = await ingest(runtime, [event("2026-12-05T10:00:00Z", "ZZZ", S.IN_TRANSIT)])
    (known,) = await ingest(runtime, [event("2026-12-05T10:00:00Z", "LGG", S.IN_TRANSIT)])
    assert (nowhere.rejection, nowhere.reason) == (EventRejection.UNKNOWN_HUB, "the network has no hub 'ZZZ'")
    assert known.outcome is EventOutcome.APPLIED


async def test_another_carriers_parcel_is_not_found_and_nothing_changes(runtime: Runtime) -> None:
    await ship(runtime, PARCEL, carrier=CARRIER.organisation_id)
    await ship(runtime, OTHER_PARCEL)  # no carrier named: the first to report it
    await ingest(runtime, list(JOURNEY[:2]))
    await ingest(runtime, [event("2026-12-02T09:00:00Z", "CDG", S.PENDING, parcel=OTHER_PARCEL)], principal=RIVAL)
    before = await history(runtime)
    outcomes = await ingest(runtime, [JOURNEY[2], LATE_ORIGIN_SCAN], principal=RIVAL)
    assert {(o.outcome, o.rejection) for o in outcomes} == {(EventOutcome.REJECTED, EventRejection.UNKNOWN_PARCEL)}
    assert (await history(runtime)).state == before.state
    assert len((await history(runtime)).events) == 2  # the rival's refused events are not shown to the owner
    with pytest.raises(TrackedParcelNotFound):
        await history(runtime, principal=RIVAL)
    # the parcel the rival reported first is the rival's now
    (refused,) = await ingest(runtime, [event("2026-12-03T09:00:00Z", "CDG", S.IN_TRANSIT, parcel=OTHER_PARCEL)])
    assert refused.rejection is EventRejection.UNKNOWN_PARCEL
    assert (await history(runtime, principal=RIVAL, parcel=OTHER_PARCEL)).state.carrier_org_id == "org_rival"
    # the platform sees both
    assert (await history(runtime, principal=PLATFORM)).state == before.state


async def test_only_carriers_and_the_platform_send_or_read_tracking(runtime: Runtime) -> None:
    await ship(runtime, PARCEL)
    with pytest.raises(TrackingNotAllowed):
        await ingest(runtime, [JOURNEY[0]], principal=BRAND)
    with pytest.raises(TrackingNotAllowed):
        await history(runtime, principal=BRAND)
    assert await event_rows(runtime) == 0


async def test_events_the_columns_cannot_hold_are_refused_and_nothing_is_stored(runtime: Runtime) -> None:
    await ship(runtime, PARCEL)
    long_hub = event("2026-12-05T10:00:00Z", "H" * 65, S.IN_TRANSIT)
    control = event("2026-12-05T10:00:00Z", "CDG", S.IN_TRANSIT, id="a\x00b")
    with pytest.raises(TrackingEventsInvalid) as refused:
        await ingest(runtime, [JOURNEY[0], long_hub, control])
    assert [(p.index, p.message) for p in refused.value.problems] == [
        (1, "hub is longer than 64 characters"),
        (2, "id contains a control character (U+0000), which is not allowed here"),
    ]
    assert await event_rows(runtime) == 0


async def test_a_parcel_shipped_but_not_reported_yet_is_pending(runtime: Runtime) -> None:
    await ship(runtime, PARCEL, carrier=CARRIER.organisation_id)
    found = await history(runtime)
    assert (found.state.status, found.state.last_event, found.events) == (S.PENDING, None, ())
    with pytest.raises(TrackedParcelNotFound):
        await history(runtime, principal=RIVAL)


async def test_two_deliveries_of_one_event_at_once_store_one(runtime: Runtime) -> None:
    await ship(runtime, PARCEL)
    outcomes = await asyncio.gather(*(ingest(runtime, [JOURNEY[0]]) for _ in range(4)))
    assert sorted(o.outcome for (o,) in outcomes) == [EventOutcome.APPLIED] + [EventOutcome.DUPLICATE] * 3
    found = await history(runtime)
    assert found.state.events_applied == 1
    assert sum(e.outcome is EventOutcome.APPLIED for e in found.events) == 1


async def test_concurrent_events_of_one_parcel_leave_the_fold_of_all_of_them(runtime: Runtime) -> None:
    await ship(runtime, PARCEL)
    everything = [*JOURNEY, LATE_ORIGIN_SCAN]
    await asyncio.gather(*(ingest(runtime, [e]) for e in everything))
    found = await history(runtime)
    expected = track_parcel(PARCEL, everything)
    assert (found.state.status, found.state.last_event, found.state.events_applied) == (
        expected.status,
        expected.last_event,
        expected.events_applied,
    )
    assert found.state.events_rejected == len(expected.rejected) == 1


async def test_queries_for_the_control_tower(runtime: Runtime) -> None:
    await ship(runtime, PARCEL, OTHER_PARCEL, carrier=CARRIER.organisation_id)
    await ingest(runtime, list(JOURNEY))
    await ingest(runtime, [event("2026-12-05T10:00:00Z", "LGG", S.ON_HOLD, parcel=OTHER_PARCEL)])
    counts = await transact(runtime, lambda uow: tracking_status_counts(uow, CARRIER))
    assert counts[S.DELIVERED] == 1 and counts[S.ON_HOLD] == 1 and sum(counts.values()) == 2
    assert sum((await transact(runtime, lambda uow: tracking_status_counts(uow, RIVAL))).values()) == 0
    page = await transact(runtime, lambda uow: parcels_by_status(uow, CARRIER, status=S.ON_HOLD))
    assert [s.parcel for s in page.parcels] == [OTHER_PARCEL] and page.next_cursor is None
    first = await transact(runtime, lambda uow: parcels_by_status(uow, PLATFORM, limit=1))
    assert [s.parcel for s in first.parcels] == [OTHER_PARCEL] and first.next_cursor is not None
    rest = await transact(runtime, lambda uow: parcels_by_status(uow, PLATFORM, cursor=first.next_cursor))
    assert [s.parcel for s in rest.parcels] == [PARCEL]
    days = await transact(
        runtime,
        lambda uow: hub_throughput(
            uow, CARRIER, since=datetime(2026, 12, 1, tzinfo=UTC), until=datetime(2026, 12, 6, tzinfo=UTC)
        ),
    )
    assert [(d.hub, d.day, d.events, d.parcels) for d in days] == [
        ("HGH", "2026-12-03", 2, 1),
        ("LGG", "2026-12-04", 3, 1),
        ("FRPAR", "2026-12-05", 2, 1),
        ("LGG", "2026-12-05", 1, 1),
    ]
    assert (
        await transact(
            runtime,
            lambda uow: hub_throughput(
                uow, RIVAL, since=datetime(2026, 12, 1, tzinfo=UTC), until=datetime(2026, 12, 6, tzinfo=UTC)
            ),
        )
        == []
    )


async def test_a_delivered_parcel_records_its_delivery_on_its_shipment(runtime: Runtime) -> None:
    from comptoir.logistics.services import get_shipment

    await ship(runtime, PARCEL, carrier=CARRIER.organisation_id)
    await ingest(runtime, list(JOURNEY[:-1]))
    shipment = await transact(runtime, lambda uow: get_shipment(uow, None, key=PARCEL))
    assert shipment.delivered_at is None
    await ingest(runtime, [JOURNEY[-1]])
    shipment = await transact(runtime, lambda uow: get_shipment(uow, None, key=PARCEL))
    assert shipment.delivered_at == JOURNEY[-1].instant
