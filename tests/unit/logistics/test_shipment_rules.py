"""The pure rules of shipments: a parcel's weight, what fits on a connection, how a promise stands, the label's
Code 128 symbols (checked by decoding them back)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from comptoir.logistics.domain import Leg
from comptoir.logistics.domain.code128 import PATTERNS, QUIET_ZONE, code128_bars, code128_values, code128_width
from comptoir.logistics.domain.shipments import (
    MAX_PARCEL_G,
    PromiseHealth,
    fits,
    full_reason,
    mask_name,
    promise_health,
    weight_problem,
)

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def test_a_parcel_weighs_one_gram_to_seventy_kilograms() -> None:
    assert weight_problem(1) is None and weight_problem(MAX_PARCEL_G) is None
    assert weight_problem(0) == "a parcel weighs more than 0 g, not 0 g"
    assert weight_problem(MAX_PARCEL_G + 1) is not None
    assert weight_problem(True) is not None and weight_problem(1.5) is not None


@given(
    capacity_kg=st.one_of(st.none(), st.integers(min_value=0, max_value=50)),
    parcels=st.lists(st.integers(min_value=1, max_value=MAX_PARCEL_G), max_size=40),
)
def test_booking_in_any_order_never_exceeds_capacity_and_refuses_only_what_does_not_fit(
    capacity_kg: int | None, parcels: list[int]
) -> None:
    capacity = None if capacity_kg is None else capacity_kg * 1000
    booked = 0
    for grams in parcels:
        if fits(booked_g=booked, grams=grams, capacity_g=capacity):
            booked += grams
        else:
            assert capacity is not None and booked + grams > capacity
        assert capacity is None or booked <= capacity
    if capacity is None:
        assert booked == sum(parcels)


@given(
    promised=st.integers(min_value=0, max_value=240),
    first=st.integers(min_value=0, max_value=240),
    planned=st.integers(min_value=0, max_value=240),
    now=st.integers(min_value=0, max_value=480),
    delivered=st.one_of(st.none(), st.integers(min_value=0, max_value=480)),
)
def test_a_promise_is_broken_exactly_when_its_time_passed_undelivered_or_it_was_delivered_late(
    promised: int, first: int, planned: int, now: int, delivered: int | None
) -> None:
    hours = lambda n: T0 + timedelta(hours=n)  # noqa: E731
    health = promise_health(
        now=hours(now),
        promised_by=hours(promised),
        first_promised_by=hours(first),
        planned_delivery=hours(planned),
        delivered_at=None if delivered is None else hours(delivered),
    )
    broken = (delivered is not None and delivered > promised) or (delivered is None and now > promised)
    assert (health is PromiseHealth.BROKEN) == broken
    if not broken and delivered is None:
        slipped = promised > first or planned > promised
        assert (health is PromiseHealth.AT_RISK) == slipped


def test_no_promise_is_at_risk() -> None:
    health = promise_health(now=T0, promised_by=None, first_promised_by=None, planned_delivery=None, delivered_at=None)
    assert health is PromiseHealth.AT_RISK


def test_the_reason_names_the_first_flight_when_it_was_the_one_full() -> None:
    leg = Leg("HGH-LGG@2026-12-03", "HGH-LGG@2026-12-03", "HGH", "LGG", T0, T0)
    truck = Leg("LGG-FRPAR@2026-12-05", "LGG-FRPAR@2026-12-05", "LGG", "FRPAR", T0, T0)
    assert full_reason((leg, truck), {"HGH-LGG@2026-12-03"}) == "first flight full (HGH-LGG@2026-12-03)"
    assert full_reason((leg, truck), {"LGG-FRPAR@2026-12-05"}) == "connection LGG-FRPAR@2026-12-05 full"
    assert full_reason((leg, truck), {"other"}) is None


def test_a_name_on_a_waybill_is_masked_to_its_first_character() -> None:
    assert mask_name("王芳") == "王**" and mask_name(" Camille Martin ") == "C**" and mask_name("") == "**"


def _decode(bars: list[tuple[int, int]]) -> list[int]:
    """Read the symbol values back from the bars (what a scanner does), to check the encoder."""
    modules = [0] * (bars[-1][0] + bars[-1][1])
    for x, width in bars:
        for i in range(x, x + width):
            modules[i] = 1
    modules = modules[QUIET_ZONE:]
    runs: list[int] = []
    for bit in modules:
        if runs and (len(runs) % 2 == 1) == bool(bit):
            runs[-1] += 1
        else:
            runs.append(1)
    by_pattern = {pattern: value for value, pattern in enumerate(PATTERNS)}
    values = []
    while len(runs) > 7:
        values.append(by_pattern["".join(map(str, runs[:6]))])
        runs = runs[6:]
    values.append(by_pattern["".join(map(str, runs))])
    return values


def test_every_code_128_symbol_is_eleven_modules_and_the_stop_thirteen() -> None:
    assert len(PATTERNS) == 107
    assert all(sum(map(int, p)) == 11 for p in PATTERNS[:106]) and sum(map(int, PATTERNS[106])) == 13
    assert len(set(PATTERNS)) == 107


def test_the_check_symbol_of_a_known_s10_id() -> None:
    values = code128_values("RR473124829GB")
    # Start B (104), then each character's code less 32, then (104 + sum of position x value) mod 103, then Stop.
    expected = [ord(c) - 32 for c in "RR473124829GB"]
    check = (104 + sum(i * v for i, v in enumerate(expected, start=1))) % 103
    assert values == [104, *expected, check, 106]


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=30))
def test_the_bars_decode_back_to_the_symbols(text: str) -> None:
    bars = code128_bars(text)
    assert _decode(bars) == code128_values(text)
    assert bars[-1][0] + bars[-1][1] + QUIET_ZONE == code128_width(text)
