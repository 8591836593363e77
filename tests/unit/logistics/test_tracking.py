"""The state of a parcel from the set of its tracking events: rejections, duplicates, and order independence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comptoir.kernel.ids import new_id
from comptoir.logistics.domain import (
    TRANSITIONS,
    ParcelTracking,
    TrackingEvent,
    TrackingStatus,
    business_step,
    emsevt_codes,
    replay_tracking,
    track_parcel,
)
from comptoir.logistics.domain import tracking as tracking_module

S = TrackingStatus
PARCEL = "RR473124829GB"
SHANGHAI = timezone(timedelta(hours=8))
PARIS = timezone(timedelta(hours=1))


def event(
    at: str, hub: str, status: TrackingStatus, *, code: str | None = None, id: str | None = None, parcel: str = PARCEL
) -> TrackingEvent:
    return TrackingEvent(parcel=parcel, at=datetime.fromisoformat(at), hub=hub, status=status, code=code, id=id)


JOURNEY = [
    event("2026-12-03T21:05:00+08:00", "HGH", S.IN_TRANSIT, code="EMB"),
    event("2026-12-03T23:30:00+08:00", "HGH", S.IN_TRANSIT, code="EMC"),
    event("2026-12-04T05:30:00+01:00", "LGG", S.IN_TRANSIT, code="EMD"),
    event("2026-12-04T09:00:00+01:00", "LGG", S.ON_HOLD, code="EME"),
    event("2026-12-04T19:30:00+01:00", "LGG", S.IN_TRANSIT, code="EMF"),
    event("2026-12-05T08:10:00+01:00", "FRPAR", S.OUT_FOR_DELIVERY, code="EDG"),
    event("2026-12-05T11:40:00+01:00", "FRPAR", S.DELIVERED, code="EMI"),
]


def test_a_whole_journey_ends_delivered_with_every_event_applied() -> None:
    state = track_parcel(PARCEL, list(reversed(JOURNEY)))
    assert state.status is S.DELIVERED
    assert state.last_event == JOURNEY[-1] and state.last_event_indices == (0,)
    assert state.events_applied == 7 and state.rejected == ()


def test_a_parcel_with_no_event_is_pending_and_any_parcel_id_is_tracked() -> None:
    # without a database there is no shipment to check a parcel against: the ingestion that stores events
    # is the one that rejects the events of unknown parcels
    assert track_parcel(PARCEL, []) == ParcelTracking(PARCEL, S.PENDING, None, (), 0)
    internal = new_id("prc")
    (state,) = replay_tracking([event("2026-12-01T10:00:00Z", "CDG", S.PENDING, parcel=internal)])
    assert (state.parcel, state.status, state.events_applied) == (internal, S.PENDING, 1)


def test_in_transit_after_delivered_is_rejected_and_changes_nothing() -> None:
    late_scan = event("2026-12-05T15:00:00+01:00", "HGH", S.IN_TRANSIT)
    state = track_parcel(PARCEL, [*JOURNEY, late_scan])
    assert state.status is S.DELIVERED and state.last_event == JOURNEY[-1] and state.events_applied == 7
    (rejected,) = state.rejected
    assert rejected.index == 7 and rejected.event == late_scan
    assert rejected.reason == "in_transit after delivered at FRPAR 2026-12-05T11:40:00+01:00: delivered is final"


def test_a_scan_from_before_the_delivery_that_arrives_after_it_is_applied_in_its_place() -> None:
    state = track_parcel(PARCEL, [JOURNEY[0], JOURNEY[-1], JOURNEY[2]])
    assert state.status is S.DELIVERED and state.events_applied == 3 and state.rejected == ()


def test_the_state_machine_forbids_going_back_to_pending_and_cancelling_at_the_delivery_stage() -> None:
    back = event("2026-12-04T00:00:00+08:00", "HGH", S.PENDING)
    cancel = event("2026-12-05T09:00:00+01:00", "FRPAR", S.CANCELLED)
    state = track_parcel(PARCEL, [*JOURNEY[:6], back, cancel])
    assert state.status is S.OUT_FOR_DELIVERY
    assert [(r.index, r.reason) for r in state.rejected] == [
        (
            6,
            "pending after in_transit at HGH 2026-12-03T23:30:00+08:00: "
            "a parcel on its way does not go back to pending",
        ),
        (
            7,
            "cancelled after out_for_delivery at FRPAR 2026-12-05T08:10:00+01:00: "
            "a parcel at its delivery stage can no longer be cancelled",
        ),
    ]


def test_final_states_admit_only_a_repeat_of_themselves() -> None:
    for final in (S.DELIVERED, S.RETURN_TO_SENDER, S.CANCELLED):
        assert TRANSITIONS[final] == {final}
    again = event("2026-12-05T11:45:00+01:00", "FRPAR", S.DELIVERED)
    state = track_parcel(PARCEL, [*JOURNEY, again])
    assert state.events_applied == 8 and state.last_event == again


def test_an_event_far_in_the_future_is_rejected_only_when_now_is_given() -> None:
    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    ahead = event("2026-12-07T10:00:00+01:00", "FRPAR", S.DELIVERED)  # 45 h after now
    assert track_parcel(PARCEL, [*JOURNEY[:6], ahead]).status is S.DELIVERED
    state = track_parcel(PARCEL, [*JOURNEY[:6], ahead], now=now)
    assert state.status is S.OUT_FOR_DELIVERY
    assert [r.reason for r in state.rejected] == [
        "2026-12-07T10:00:00+01:00 is more than 24 h after now (2026-12-05T12:00:00+00:00)"
    ]
    assert track_parcel(PARCEL, [*JOURNEY[:6], ahead], now=now, future_tolerance=timedelta(hours=48)).rejected == ()
    with pytest.raises(ValueError, match="offset"):
        replay_tracking(JOURNEY, now=datetime(2026, 12, 5))


def test_an_emsevt_code_that_means_another_status_is_rejected() -> None:
    wrong = event("2026-12-05T11:40:00+01:00", "FRPAR", S.IN_TRANSIT, code="EMI")
    state = track_parcel(PARCEL, [wrong])
    assert state.status is S.PENDING and state.last_event is None and state.events_applied == 0
    assert [r.reason for r in state.rejected] == ["EMSEVT EMI (Final delivery) is delivered, not in_transit"]
    # an attempted delivery may end in a notice to collect, or a return; a code outside the table is not judged
    notice = event("2026-12-05T11:40:00+01:00", "FRPAR", S.READY_FOR_PICKUP, code="EMH")
    assert track_parcel(PARCEL, [notice, event("2026-12-05T12:00:00Z", "X", S.IN_TRANSIT, code="EZZ")]).rejected == ()


def test_duplicates_count_once_and_every_copy_of_a_rejected_event_is_reported() -> None:
    late_scan = event("2026-12-05T15:00:00+01:00", "HGH", S.IN_TRANSIT)
    state = track_parcel(PARCEL, [late_scan, *JOURNEY, JOURNEY[0], late_scan, JOURNEY[-1]])
    assert state.events_applied == 7 and state.last_event_indices == (7, 10)
    assert [r.index for r in state.rejected] == [0, 9]


def test_events_with_one_id_are_one_and_one_that_says_otherwise_is_rejected() -> None:
    first = event("2026-12-03T21:05:00+08:00", "HGH", S.IN_TRANSIT, id="cn-1")
    resent = event("2026-12-03T21:05:00+08:00", "HGH", S.IN_TRANSIT, id="cn-1")
    other = event("2026-12-03T22:00:00+08:00", "PVG", S.IN_TRANSIT, id="cn-1")
    state = track_parcel(PARCEL, [other, first, resent])
    assert state.events_applied == 1 and state.last_event == first and state.last_event_indices == (1, 2)
    assert [(r.index, r.reason) for r in state.rejected] == [
        (0, "event id 'cn-1' is already that of RR473124829GB in_transit at HGH 2026-12-03T21:05:00+08:00")
    ]
    # without an id, the same content is the same event; an event with an id is never a copy of one without
    bare = event("2026-12-03T21:05:00+08:00", "HGH", S.IN_TRANSIT)
    assert track_parcel(PARCEL, [bare, first, bare]).events_applied == 2


def test_the_same_instant_in_another_offset_is_another_event_but_sorts_at_that_instant() -> None:
    paris = event("2026-12-05T11:40:00+01:00", "FRPAR", S.DELIVERED)
    utc = event("2026-12-05T10:40:00+00:00", "FRPAR", S.DELIVERED)
    assert paris != utc and paris.instant == utc.instant
    assert track_parcel(PARCEL, [paris, utc]).events_applied == 2


def test_events_at_the_same_instant_apply_in_the_order_of_a_journey() -> None:
    delivered = event("2026-12-05T11:40:00+01:00", "FRPAR", S.DELIVERED)
    out = event("2026-12-05T11:40:00+01:00", "FRPAR", S.OUT_FOR_DELIVERY)
    for events in ([delivered, out], [out, delivered]):
        state = track_parcel(PARCEL, events)
        assert state.status is S.DELIVERED and state.rejected == ()


def test_an_event_keeps_its_offset_and_refuses_a_time_without_one() -> None:
    scan = JOURNEY[1]
    assert scan.at.utcoffset() == timedelta(hours=8)
    assert scan.instant == datetime(2026, 12, 3, 15, 30, tzinfo=UTC)
    with pytest.raises(ValueError, match="offset"):
        TrackingEvent(PARCEL, datetime(2026, 12, 3, 23, 30), "HGH", S.IN_TRANSIT)
    with pytest.raises(ValueError, match="unknown tracking status"):
        TrackingEvent(PARCEL, scan.at, "HGH", "in_transit")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="other parcels"):
        track_parcel("EE123456785CN", JOURNEY)


def test_the_emsevt_table_covers_the_codes_of_the_journey_from_posting_to_delivery() -> None:
    codes = emsevt_codes()
    implied = {code: codes[code].status for code in ("EMA", "EMB", "EMC", "EMD", "EME", "EMF", "EMG", "EMH", "EMI")}
    assert implied == {
        "EMA": S.IN_TRANSIT,
        "EMB": S.IN_TRANSIT,
        "EMC": S.IN_TRANSIT,
        "EMD": S.IN_TRANSIT,
        "EME": S.ON_HOLD,
        "EMF": S.IN_TRANSIT,
        "EMG": S.IN_TRANSIT,
        "EMH": S.DELIVERY_FAILED,
        "EMI": S.DELIVERED,
    }
    assert {"EXA", "EXB", "EXX", "EDB", "EDD", "EDG", "EDH"} <= set(codes)
    assert codes["EXX"].status is S.CANCELLED and codes["EDG"].status is S.OUT_FOR_DELIVERY
    assert all(len(code) == 3 and entry.meaning for code, entry in codes.items())


@pytest.mark.parametrize(
    "written", ["shipping", "urn:epcglobal:cbv:bizstep:shipping", "https://ref.gs1.org/cbv/BizStep-shipping"]
)
def test_a_business_step_is_read_short_as_a_urn_or_a_web_uri_and_kept_short(written: str) -> None:
    assert business_step(written) == "shipping"


@pytest.mark.parametrize(
    "written", ["Shipping", "urn:epcglobal:cbv:bizstep:flying", "urn:epcglobal:cbv:disp:in_transit"]
)
def test_an_unknown_business_step_is_refused(written: str) -> None:
    with pytest.raises(ValueError, match="not a GS1 CBV business step"):
        business_step(written)


def test_the_docstring_and_docs_tracking_md_draw_the_state_machine_as_it_is() -> None:
    table = tracking_module.transitions_table()
    assert tracking_module.__doc__ is not None
    assert "\n".join(("    " + line).rstrip() for line in table.splitlines()) in tracking_module.__doc__
    docs = Path(__file__).resolve().parents[3] / "docs" / "tracking.md"
    assert f"```\n{table}\n```" in docs.read_text(encoding="utf-8")


# --- order independence ------------------------------------------------------------------------------------

BASE = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
OFFSETS = [UTC, SHANGHAI, PARIS]


@st.composite
def events_of(draw: st.DrawFn, parcels: Sequence[str] = (PARCEL,)) -> list[TrackingEvent]:
    """Events with few distinct times, hubs and ids, so that ties, copies and id conflicts are common."""
    return draw(
        st.lists(
            st.builds(
                lambda parcel, hours, offset, hub, status, code, id: TrackingEvent(
                    parcel, (BASE + timedelta(hours=hours)).astimezone(offset), hub, status, code, None, id
                ),
                st.sampled_from(parcels),
                st.integers(0, 12),
                st.sampled_from(OFFSETS),
                st.sampled_from(["HGH", "LGG", "CDG"]),
                st.sampled_from(list(TrackingStatus)),
                st.sampled_from([None, None, "EMC", "EMI", "EME"]),
                st.sampled_from([None, None, None, "e1", "e2"]),
            ),
            max_size=14,
        )
    )


def summary(state: ParcelTracking, events: Sequence[TrackingEvent]) -> tuple[object, ...]:
    """What must not depend on the order: everything but positions, which name events through ``events``."""
    last_copies = {events[i] for i in state.last_event_indices}
    assert last_copies <= {state.last_event}
    return (
        state.parcel,
        state.status,
        state.last_event,
        state.events_applied,
        frozenset((r.event, r.reason) for r in state.rejected),
    )


def shuffled_with_copies(data: st.DataObject, events: list[TrackingEvent]) -> list[TrackingEvent]:
    copies = data.draw(st.lists(st.sampled_from(events), max_size=6)) if events else []
    return data.draw(st.permutations([*events, *copies]))


@settings(max_examples=300)
@given(st.data(), events_of())
def test_any_permutation_and_duplication_of_a_parcels_events_gives_the_same_state(
    data: st.DataObject, events: list[TrackingEvent]
) -> None:
    now = BASE + timedelta(hours=6)  # some events are more than 1 h after it
    arrived = shuffled_with_copies(data, events)
    for options in ({}, {"now": now, "future_tolerance": timedelta(hours=1)}):
        first = track_parcel(PARCEL, events, **options)  # type: ignore[arg-type]
        again = track_parcel(PARCEL, arrived, **options)  # type: ignore[arg-type]
        assert summary(again, arrived) == summary(first, events)
        # every copy of a rejected event is reported, and no copy of an applied one
        rejected = {r.event for r in again.rejected}
        assert {r.index for r in again.rejected} == {i for i, e in enumerate(arrived) if e in rejected}
        assert again.events_applied + len(rejected) == len(set(arrived))


@settings(max_examples=150)
@given(st.data(), events_of(parcels=(PARCEL, "EE123456785CN", "CP000000005FR")))
def test_replaying_several_parcels_in_any_order_gives_the_same_states(
    data: st.DataObject, events: list[TrackingEvent]
) -> None:
    arrived = shuffled_with_copies(data, events)
    first, again = replay_tracking(events), replay_tracking(arrived)
    assert [s.parcel for s in first] == sorted({e.parcel for e in events})
    assert [summary(s, arrived) for s in again] == [summary(s, events) for s in first]
