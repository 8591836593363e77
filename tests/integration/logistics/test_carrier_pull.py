"""The worker pulls tracking from the carrier port: a fake carrier that reports late, twice and out of order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.carriers import CarrierUnavailable, FakeCarrier, LabelRequest, use_carrier
from comptoir.logistics.domain import is_s10, track_parcel
from comptoir.logistics.domain.ingestion import EventOutcome, EventSource
from comptoir.logistics.services.tracking_pull import pull_carrier_tracking
from comptoir.logistics.services.tracking_queries import parcel_history
from comptoir.web.subscriptions import frequent_chores
from tests.integration.logistics.tracking_support import CARRIER, JOURNEY, LATE_ORIGIN_SCAN, PARCEL, ship


@pytest.fixture(autouse=True)
def _december(clock: FrozenClock) -> None:
    clock.set(datetime(2026, 12, 6, tzinfo=UTC))


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_late_repeated_shuffled_reports_end_in_the_fold_of_what_happened(runtime: Runtime, seed: int) -> None:
    await ship(runtime, PARCEL, carrier=CARRIER.organisation_id)
    carrier = FakeCarrier(seed=seed, max_delay=3, twice=0.5, organisation_id=CARRIER.organisation_id)
    happened = [*JOURNEY, LATE_ORIGIN_SCAN]
    carrier.happened(happened)
    use_carrier(runtime, carrier)
    received = 0
    for _ in range(6):
        received += await pull_carrier_tracking(runtime)
    assert carrier.pending == 0 and received >= len(happened)
    found = await transact(runtime, lambda uow: parcel_history(uow, None, parcel=PARCEL))
    expected = track_parcel(PARCEL, happened)
    assert (found.state.status, found.state.last_event, found.state.events_applied) == (
        expected.status,
        expected.last_event,
        expected.events_applied,
    )
    assert {e.source for e in found.events} == {EventSource.CARRIER_PULL}
    assert sum(e.outcome is EventOutcome.DUPLICATE for e in found.events) == received - len(happened)


async def test_a_carrier_that_does_not_answer_is_asked_again_from_the_same_cursor(runtime: Runtime) -> None:
    await ship(runtime, PARCEL)
    carrier = FakeCarrier(seed=0, max_delay=0, twice=0.0)
    carrier.happened(JOURNEY[:2])
    use_carrier(runtime, carrier)
    carrier.misbehaviour.time_out_next().fail_next(1, CarrierUnavailable("down"))
    assert await pull_carrier_tracking(runtime) == 0
    assert await pull_carrier_tracking(runtime) == 0
    assert await pull_carrier_tracking(runtime) == 2
    assert await pull_carrier_tracking(runtime) == 0  # the cursor moved past them
    found = await transact(runtime, lambda uow: parcel_history(uow, None, parcel=PARCEL))
    assert found.state.events_applied == 2 and len(found.events) == 2


async def test_the_pull_is_a_chore_only_when_a_carrier_is_configured(runtime: Runtime) -> None:
    assert await pull_carrier_tracking(runtime) == 0
    names = [chore.__name__ for chore in frequent_chores(runtime)]
    assert "pull_carrier_tracking" not in names
    use_carrier(runtime, FakeCarrier())
    assert "pull_carrier_tracking" in [chore.__name__ for chore in frequent_chores(runtime)]


async def test_the_fake_carrier_prints_s10_labels_and_books_pickups() -> None:
    carrier = FakeCarrier(country="BE")
    label = await carrier.label(LabelRequest("ord_1", "LGG", "FR-75", 1200))
    assert is_s10(label.parcel) and label.parcel.endswith("BE")
    booking = await carrier.pickup([label.parcel], ready_at=datetime(2026, 12, 6, tzinfo=UTC), hub="LGG")
    assert booking.parcels == (label.parcel,) and carrier.pickups == [booking]
