from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comptoir.tourism.domain.hours import HoursInvalid, WeeklyHours, parse_hours


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_usual_shop_week() -> None:
    hours = parse_hours("Mo-Sa 10:00-19:30; Su 11:00-18:00")
    assert hours.text == "Mo-Sa 10:00-19:30; Su 11:00-18:00"
    days = hours.days()
    assert days[0] == (0, ((time(10, 0), time(19, 30)),))
    assert days[6] == (6, ((time(11, 0), time(18, 0)),))
    assert [d for d, _ in days] == [0, 1, 2, 3, 4, 5, 6]


def test_day_lists_lunch_breaks_and_closed_days() -> None:
    hours = parse_hours("Mo,We,Fr 10:00-13:00,14:00-19:00; Tu 09:00-12:00; Su off")
    assert hours.text == "Mo,We,Fr 10:00-13:00,14:00-19:00; Tu 09:00-12:00"
    assert hours.days()[3] == (3, ())
    assert hours.days()[6] == (6, ())


def test_later_rules_override_earlier_ones_for_the_same_day() -> None:
    hours = parse_hours("Mo-Su 10:00-20:00; Su off; Sa 10:00-21:00")
    assert hours.text == "Mo-Fr 10:00-20:00; Sa 10:00-21:00"


def test_always_open_and_never_open() -> None:
    assert parse_hours("24/7").text == "24/7"
    assert parse_hours("Mo-Su 00:00-24:00").text == "24/7"
    assert parse_hours("24/7; Su off").text == "Mo-Sa 00:00-24:00"
    assert parse_hours("Mo-Su off").text == "Mo-Su off"
    assert parse_hours("mo-fr 9:00-18:00;").text == "Mo-Fr 09:00-18:00"


def test_paris_evening_at_19_29_is_open_and_19_30_closed() -> None:
    hours = parse_hours("Mo-Sa 10:00-19:30")
    assert hours.is_open(utc(2025, 6, 10, 17, 29))  # Tuesday 19:29 in Paris (UTC+2)
    assert not hours.is_open(utc(2025, 6, 10, 17, 30))
    assert not hours.is_open(utc(2025, 6, 15, 12, 0))  # Sunday
    shanghai = timezone(timedelta(hours=8))
    assert hours.is_open(datetime(2025, 6, 10, 16, 0, tzinfo=shanghai))  # 10:00 in Paris


def test_the_clocks_going_forward_on_the_last_sunday_of_march() -> None:
    hours = parse_hours("Mo-Su 10:00-19:00")
    assert not hours.is_open(utc(2025, 3, 29, 8, 30))  # Saturday 09:30 CET
    assert hours.is_open(utc(2025, 3, 30, 8, 30))  # Sunday 10:30 CEST
    night = parse_hours("Su 01:00-04:00")
    assert night.is_open(utc(2025, 3, 30, 0, 30))  # 01:30 CET
    assert night.is_open(utc(2025, 3, 30, 1, 30))  # 03:30 CEST (02:00 never happened)
    assert not night.is_open(utc(2025, 3, 30, 2, 30))  # 04:30 CEST


def test_the_clocks_going_back_on_the_last_sunday_of_october() -> None:
    hours = parse_hours("Mo-Su 10:00-19:00")
    assert hours.is_open(utc(2025, 10, 25, 16, 30))  # Saturday 18:30 CEST
    assert not hours.is_open(utc(2025, 10, 26, 18, 30))  # Sunday 19:30 CET
    assert hours.is_open(utc(2025, 10, 26, 17, 30))  # Sunday 18:30 CET
    hour = parse_hours("Su 02:00-03:00")
    assert hour.is_open(utc(2025, 10, 26, 0, 30))  # 02:30 CEST
    assert hour.is_open(utc(2025, 10, 26, 1, 30))  # 02:30 CET, the same wall-clock time again
    assert not hour.is_open(utc(2025, 10, 26, 2, 0))  # 03:00 CET


def test_a_night_belongs_to_the_day_it_starts() -> None:
    hours = parse_hours("Fr-Sa 22:00-02:00")
    assert hours.text == "Fr,Sa 22:00-02:00"
    assert not hours.is_open(utc(2025, 6, 13, 19, 59))  # Friday 21:59
    assert hours.is_open(utc(2025, 6, 13, 20, 0))  # Friday 22:00
    assert hours.is_open(utc(2025, 6, 13, 23, 59))  # Saturday 01:59, still Friday night
    assert not hours.is_open(utc(2025, 6, 14, 0, 0))  # Saturday 02:00
    assert not hours.is_open(utc(2025, 6, 12, 23, 0))  # Friday 01:00: Thursday night is closed
    assert hours.is_open(utc(2025, 6, 14, 23, 30))  # Sunday 01:30, Saturday night
    assert hours.days()[4] == (4, ((time(22, 0), time(2, 0)),))


def test_sunday_night_runs_into_monday() -> None:
    hours = parse_hours("Su 22:00-03:00")
    assert hours.is_open(utc(2025, 6, 16, 0, 30))  # Monday 02:30
    assert not hours.is_open(utc(2025, 6, 16, 1, 0))  # Monday 03:00


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_hours("24/7").is_open(datetime(2025, 6, 10, 12, 0))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "The opening hours are empty; write them like “Mo-Sa 10:00-19:00”."),
        ("   ", "The opening hours are empty; write them like “Mo-Sa 10:00-19:00”."),
        ("Mo-Fr 10:00-19:00; " * 12, "The opening hours are longer than 200 characters."),
        ("Xx 10:00-12:00", "“Xx” is not a day; days are written Mo, Tu, We, Th, Fr, Sa and Su."),
        ("Mo-Fx 10:00-12:00", "“Fx” is not a day; days are written Mo, Tu, We, Th, Fr, Sa and Su."),
        ("Mo,,Tu 10:00-12:00", "The list of days “Mo,,Tu” has an empty entry."),
        ("Mo", "The rule “Mo” names no hours; add intervals such as 10:00-19:00, or “off”."),
        ("Mo 10h-12h", "“10h” is not a time; times are written HH:MM, such as 09:30."),
        ("Mo 25:00-26:00", "“25:00” is not a time of day; hours go from 00:00 to 24:00."),
        ("Mo 10:60-11:00", "“10:60” is not a time of day; hours go from 00:00 to 24:00."),
        ("Mo 24:00-02:00", "“24:00” is not a time of day; hours go from 00:00 to 24:00."),
        ("Mo 10:00", "“10:00” is not an interval; intervals are written 10:00-19:00."),
        ("Mo 10:00-10:00", "The interval “10:00-10:00” starts and ends at the same time."),
        ("Mo 10:00-13:00,12:00-19:00", "The intervals in “10:00-13:00,12:00-19:00” overlap."),
        ("Mo 10:00-19:00;;Tu off", "A rule between two “;” is empty."),
    ],
)
def test_each_mistake_is_named(text: str, reason: str) -> None:
    with pytest.raises(HoursInvalid) as caught:
        parse_hours(text)
    assert caught.value.reason == reason
    assert str(caught.value) == reason


def test_a_week_must_have_seven_days_of_sorted_disjoint_intervals() -> None:
    with pytest.raises(ValueError):
        WeeklyHours(((),) * 6)
    with pytest.raises(HoursInvalid):
        WeeklyHours((((5, 5 + 1440),),) + ((),) * 6)  # a whole day from 00:05 cannot be written
    with pytest.raises(HoursInvalid):
        WeeklyHours((((600, 800), (700, 900)),) + ((),) * 6)


def _day() -> st.SearchStrategy[tuple[tuple[int, int], ...]]:
    def build(marks: list[int], night: bool) -> tuple[tuple[int, int], ...]:
        marks = sorted(set(marks))
        if len(marks) % 2:
            marks = marks[:-1]
        pairs = [(marks[i], marks[i + 1]) for i in range(0, len(marks), 2)]
        if night and pairs and pairs[-1][0] > 0 and pairs[-1][1] < 1440:
            start, end = pairs[-1]
            pairs[-1] = (start, 1440 + min(end - start, start - 1))  # runs past midnight
        return tuple(pairs)

    return st.builds(build, st.lists(st.integers(0, 1440).map(lambda m: m - m % 5), max_size=4), st.booleans())


@given(st.tuples(*(_day() for _ in range(7))))
def test_the_canonical_text_reads_back_as_the_same_week(week: tuple[tuple[tuple[int, int], ...], ...]) -> None:
    if any(s >= 1440 for day in week for s, _ in day):
        return  # a start at 24:00 is not a time of day
    hours = WeeklyHours(week)
    again = parse_hours(hours.text)
    assert again == hours
    assert again.text == hours.text


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "Mo-Fr", "Sa-Su", "Mo,We", "Fr-Mo"]),
            st.sampled_from(["off", "10:00-19:00", "09:30-12:00,14:00-18:30", "22:00-02:00", "00:00-24:00"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_written_rules_reach_a_fixed_canonical_text(rules: list[tuple[str, str]]) -> None:
    hours = parse_hours("; ".join(f"{days} {times}" for days, times in rules))
    assert parse_hours(hours.text) == hours
    assert parse_hours(hours.text).text == hours.text
