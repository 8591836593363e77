"""Weekly services unroll into connections in the origin hub's own time zone, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from comptoir.logistics._engine import Timetable
from comptoir.logistics.domain import (
    Hub,
    HubKind,
    Mode,
    Network,
    Service,
    Stop,
    local_instant,
    run_id,
    unroll_service,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def sunday_0230(**changes: object) -> Service:
    fields: dict[str, object] = {
        "id": "LGG-CDG",
        "mode": Mode.ROAD,
        "origin": "LGG",
        "destination": "CDG",
        "days": (6,),
        "departs": time(2, 30),
        "duration_minutes": 240,
        "cutoff_minutes": 30,
        "ready_minutes": 15,
    }
    fields.update(changes)
    return Service(**fields)  # type: ignore[arg-type]


def departures(service: Service, zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[str, datetime]]:
    return [(c.id, c.departs_at) for c in unroll_service(service, zone, start=start, end=end)]


def test_spring_forward_moves_a_missing_local_time_forward_by_the_gap() -> None:
    runs = departures(sunday_0230(), BRUSSELS, utc(2026, 3, 20), utc(2026, 4, 10))
    assert runs == [
        ("LGG-CDG@2026-03-22", utc(2026, 3, 22, 1, 30)),  # 02:30 CET
        ("LGG-CDG@2026-03-29", utc(2026, 3, 29, 1, 30)),  # 02:30 does not exist: 03:30 CEST
        ("LGG-CDG@2026-04-05", utc(2026, 4, 5, 0, 30)),  # 02:30 CEST
    ]


def test_autumn_back_takes_the_first_of_the_two_local_times() -> None:
    runs = departures(sunday_0230(), BRUSSELS, utc(2026, 10, 15), utc(2026, 11, 5))
    assert runs == [
        ("LGG-CDG@2026-10-18", utc(2026, 10, 18, 0, 30)),  # 02:30 CEST
        ("LGG-CDG@2026-10-25", utc(2026, 10, 25, 0, 30)),  # 02:30 happens twice: the CEST one
        ("LGG-CDG@2026-11-01", utc(2026, 11, 1, 1, 30)),  # 02:30 CET
    ]


def test_arrival_is_the_elapsed_duration_after_departure_even_across_the_change() -> None:
    run = next(unroll_service(sunday_0230(), BRUSSELS, start=utc(2026, 3, 28), end=utc(2026, 3, 30)))
    assert run.arrives_at - run.departs_at == timedelta(minutes=240)
    assert run.latest_acceptance == utc(2026, 3, 29, 1, 0)
    assert run.available_at == utc(2026, 3, 29, 5, 45)


def test_china_keeps_one_offset_all_year() -> None:
    service = sunday_0230(id="HGH-PVG", origin="HGH", destination="PVG")
    spring = departures(service, SHANGHAI, utc(2026, 3, 20), utc(2026, 4, 10))
    autumn = departures(service, SHANGHAI, utc(2026, 10, 15), utc(2026, 11, 5))
    assert [moment for _, moment in spring] == [
        utc(2026, 3, 21, 18, 30),
        utc(2026, 3, 28, 18, 30),
        utc(2026, 4, 4, 18, 30),
    ]
    assert [moment for _, moment in autumn] == [
        utc(2026, 10, 17, 18, 30),
        utc(2026, 10, 24, 18, 30),
        utc(2026, 10, 31, 18, 30),
    ]


def test_local_instant_follows_zoneinfo_fold_zero() -> None:
    assert local_instant(date(2026, 3, 29), time(2, 30), BRUSSELS) == utc(2026, 3, 29, 1, 30)
    assert local_instant(date(2026, 10, 25), time(2, 30), BRUSSELS) == utc(2026, 10, 25, 0, 30)


def test_the_validity_window_bounds_the_local_departure_date() -> None:
    service = sunday_0230(days=(0, 1, 2, 3, 4, 5, 6), valid_from=date(2026, 6, 3), valid_to=date(2026, 6, 5))
    runs = departures(service, BRUSSELS, utc(2026, 6, 1), utc(2026, 6, 10))
    assert [run_id for run_id, _ in runs] == ["LGG-CDG@2026-06-03", "LGG-CDG@2026-06-04", "LGG-CDG@2026-06-05"]


def test_the_horizon_includes_its_start_and_excludes_its_end() -> None:
    runs = departures(sunday_0230(), BRUSSELS, utc(2026, 4, 5, 0, 30), utc(2026, 4, 12, 0, 30))
    assert runs == [("LGG-CDG@2026-04-05", utc(2026, 4, 5, 0, 30))]


def test_a_service_with_a_stop_gives_one_trip_of_two_legs() -> None:
    service = sunday_0230(stops=(Stop(hub="BRU", arrives_after_minutes=60, departs_after_minutes=90),))
    legs = list(unroll_service(service, BRUSSELS, start=utc(2026, 6, 1), end=utc(2026, 6, 8)))
    assert [(c.id, c.trip, c.origin, c.destination) for c in legs] == [
        ("LGG-CDG@2026-06-07#1", "LGG-CDG@2026-06-07", "LGG", "BRU"),
        ("LGG-CDG@2026-06-07#2", "LGG-CDG@2026-06-07", "BRU", "CDG"),
    ]
    assert legs[1].departs_at - legs[0].arrives_at == timedelta(minutes=30)


def hub(code: str, tz: str) -> Hub:
    return Hub(code=code, name=code, country="BE", tz=tz, kind=HubKind.GATEWAY)


def test_the_timetable_names_connections_exactly_as_unrolling_does() -> None:
    network = Network(
        hubs=(hub("LGG", "Europe/Brussels"), hub("BRU", "Europe/Brussels"), hub("CDG", "Europe/Paris")),
        services=(
            sunday_0230(stops=(Stop(hub="BRU", arrives_after_minutes=60, departs_after_minutes=90),)),
            sunday_0230(id="CDG-LGG", origin="CDG", destination="LGG", days=(0, 3), departs=time(23, 45)),
        ),
    )
    start, end = utc(2026, 10, 1), utc(2026, 10, 22)
    timetable = Timetable.build(network, start=start, days=21)
    unrolled = [
        c for s in network.services for c in unroll_service(s, network.hub(s.origin).zone, start=start, end=end)
    ]  # type: ignore[union-attr]
    from_timetable = {
        (timetable.connection_id(i), timetable.trip_id(i), int(timetable.departs[i])) for i in range(timetable.size)
    }
    assert from_timetable == {(c.id, c.trip, int(c.departs_at.timestamp())) for c in unrolled}
    assert list(timetable.departs) == sorted(timetable.departs)
    first_legs = [i for i in range(timetable.size) if timetable.connection_id(i).endswith("#1")]
    assert first_legs and all(timetable.connection_id(int(timetable.next_leg[i])).endswith("#2") for i in first_legs)


@settings(max_examples=200, deadline=None)
@given(
    days=st.sets(st.integers(0, 6), min_size=1).map(lambda d: tuple(sorted(d))),
    departs=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    zone=st.sampled_from(["Europe/Brussels", "Asia/Shanghai", "America/New_York", "Australia/Sydney"]),
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 1), timezones=st.just(UTC)),
    length=st.integers(0, 40),
    window=st.tuples(st.integers(-20, 60), st.integers(-20, 60)),
)
def test_runs_are_every_matching_local_day_in_the_window_and_horizon(
    days: tuple[int, ...], departs: time, zone: str, start: datetime, length: int, window: tuple[int, int]
) -> None:
    local = ZoneInfo(zone)
    base = start.astimezone(local).date()
    valid_from, valid_to = base + timedelta(days=window[0]), base + timedelta(days=window[1])
    service = sunday_0230(days=days, departs=departs, valid_from=valid_from, valid_to=valid_to)
    end = start + timedelta(days=length)
    expected = []
    day = base - timedelta(days=2)
    while day <= end.astimezone(local).date() + timedelta(days=2):
        leaves = datetime.combine(day, departs, tzinfo=local).astimezone(UTC)
        if day.weekday() in days and valid_from <= day <= valid_to and start <= leaves < end:
            expected.append((run_id(service.id, day), leaves))
        day += timedelta(days=1)
    assert departures(service, local, start, end) == expected
