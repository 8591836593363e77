"""The promise engine on small networks a reader can check by hand."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import numpy as np
import pytest

from comptoir.logistics._engine import PromiseEngine, Timetable
from comptoir.logistics.cli import journey_document, latest_document
from comptoir.logistics.domain import Connection, Hub, HubKind, Mode, Network, Service, Stop
from comptoir.logistics.errors import QueryInvalid, UnknownHub


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def hubs(*codes: str) -> tuple[Hub, ...]:
    return tuple(Hub(code=c, name=c, country="BE", tz="Europe/Brussels", kind=HubKind.GATEWAY) for c in codes)


def hop(
    cid: str,
    origin: str,
    destination: str,
    departs: datetime,
    hours: int,
    *,
    trip: str | None = None,
    cutoff: int = 0,
    ready: int = 0,
) -> Connection:
    return Connection(
        id=cid,
        trip=trip or cid,
        origin=origin,
        destination=destination,
        departs_at=departs,
        arrives_at=departs + timedelta(hours=hours),
        cutoff_minutes=cutoff,
        ready_minutes=ready,
    )


def square() -> PromiseEngine:
    network = Network(
        hubs=hubs("AAA", "BBB", "CCC"),
        connections=(
            hop("c1", "AAA", "BBB", utc(2026, 12, 1, 10), 1),
            hop("c2", "BBB", "CCC", utc(2026, 12, 1, 12), 1),
            hop("c3", "CCC", "AAA", utc(2026, 12, 1, 14), 1),
            hop("c4", "AAA", "CCC", utc(2026, 12, 1, 16), 1),
        ),
    )
    return PromiseEngine.for_network(network, start=utc(2026, 12, 1), days=7)


def test_the_scan_stops_once_nothing_can_reach_the_destination_sooner() -> None:
    engine = square()
    journey = engine.earliest_arrival("AAA", "CCC", utc(2026, 12, 1, 9))
    assert journey.available_at == utc(2026, 12, 1, 13)
    assert [leg.connection for leg in journey.legs] == ["c1", "c2"]
    assert engine.last_scanned == 2
    later = engine.earliest_arrival("AAA", "CCC", utc(2026, 12, 1, 10, 30))
    assert later.available_at == utc(2026, 12, 1, 17)
    assert engine.last_scanned == 3


def test_same_hub_is_available_at_once_and_no_path_is_null() -> None:
    engine = square()
    same = engine.earliest_arrival("BBB", "BBB", utc(2026, 12, 1, 9, 15))
    assert (same.available_at, same.legs) == (utc(2026, 12, 1, 9, 15), ())
    assert engine.earliest_arrival("AAA", "CCC", utc(2026, 12, 1, 16, 1)).available_at is None
    assert journey_document(engine.earliest_arrival("CCC", "BBB", utc(2026, 12, 1, 15))) == {
        "from": "CCC",
        "to": "BBB",
        "ready_at": "2026-12-01T15:00:00Z",
        "available_at": None,
        "legs": [],
    }


def test_unknown_hubs_and_times_outside_the_horizon_are_refused() -> None:
    engine = square()
    with pytest.raises(UnknownHub):
        engine.earliest_arrival("AAA", "ZZZ", utc(2026, 12, 1, 9))
    with pytest.raises(QueryInvalid):
        engine.earliest_arrival("AAA", "CCC", utc(2026, 11, 30, 23))
    with pytest.raises(QueryInvalid):
        engine.latest_departure("AAA", "CCC", utc(2026, 12, 9))
    with pytest.raises(QueryInvalid, match="no UTC offset"):
        engine.earliest_arrival("AAA", "CCC", datetime(2026, 12, 1, 9))
    with pytest.raises(QueryInvalid, match="no UTC offset"):
        engine.latest_departure("AAA", "CCC", datetime(2026, 12, 1, 9))


def test_a_parcel_on_board_skips_cutoff_and_ready_time_at_the_intermediate_stop() -> None:
    network = Network(
        hubs=hubs("HGH", "LGG", "MAD", "PVG"),
        services=(
            Service(
                id="HGH-MAD",
                mode=Mode.AIR,
                origin="HGH",
                destination="MAD",
                days=(1,),
                departs=time(8, 0),
                duration_minutes=900,
                cutoff_minutes=180,
                ready_minutes=120,
                stops=(Stop(hub="LGG", arrives_after_minutes=600, departs_after_minutes=660),),
            ),
        ),
        connections=(hop("feeder", "PVG", "LGG", utc(2026, 12, 1, 4), 2, ready=60),),
    )
    engine = PromiseEngine.for_network(network, start=utc(2026, 11, 30), days=14)
    # Brussels is UTC+1 in December: departs HGH 07:00Z, at LGG 17:00Z, leaves LGG 18:00Z, at MAD 22:00Z.
    through = engine.earliest_arrival("HGH", "MAD", utc(2026, 12, 1, 3))
    assert through.available_at == utc(2026, 12, 2, 0)
    assert [(leg.connection, leg.trip) for leg in through.legs] == [
        ("HGH-MAD@2026-12-01#1", "HGH-MAD@2026-12-01"),
        ("HGH-MAD@2026-12-01#2", "HGH-MAD@2026-12-01"),
    ]
    # Arriving at LGG at 06:00Z + 1 h ready is before the 15:00Z cut-off of the second leg: it may board there.
    assert [leg.connection for leg in engine.earliest_arrival("PVG", "MAD", utc(2026, 12, 1, 3)).legs] == [
        "feeder",
        "HGH-MAD@2026-12-01#2",
    ]
    # Missing HGH's cut-off by a minute means the next weekly run.
    assert engine.earliest_arrival("HGH", "MAD", utc(2026, 12, 1, 4, 1)).available_at == utc(2026, 12, 9, 0)


def test_latest_departure_tells_how_long_an_order_can_wait() -> None:
    engine = square()
    answer = engine.latest_departure("AAA", "CCC", utc(2026, 12, 1, 13, 30))
    assert latest_document(answer) == {
        "from": "AAA",
        "to": "CCC",
        "arrive_by": "2026-12-01T13:30:00Z",
        "latest_ready_at": "2026-12-01T10:00:00Z",
        "available_at": "2026-12-01T13:00:00Z",
        "legs": [
            {
                "connection": "c1",
                "trip": "c1",
                "from": "AAA",
                "to": "BBB",
                "departs_at": "2026-12-01T10:00:00Z",
                "arrives_at": "2026-12-01T11:00:00Z",
            },
            {
                "connection": "c2",
                "trip": "c2",
                "from": "BBB",
                "to": "CCC",
                "departs_at": "2026-12-01T12:00:00Z",
                "arrives_at": "2026-12-01T13:00:00Z",
            },
        ],
    }
    assert engine.latest_departure("AAA", "CCC", utc(2026, 12, 1, 17)).latest_ready_at == utc(2026, 12, 1, 16)
    assert engine.latest_departure("AAA", "CCC", utc(2026, 12, 1, 12)).latest_ready_at is None
    assert engine.latest_departure("BBB", "BBB", utc(2026, 12, 1, 12)).latest_ready_at == utc(2026, 12, 1, 12)


def test_batch_answers_are_the_single_answers() -> None:
    engine = square()
    queries = [
        ("AAA", "CCC", utc(2026, 12, 1, 9)),
        ("AAA", "CCC", utc(2026, 12, 1, 10, 30)),
        ("CCC", "BBB", utc(2026, 12, 1, 9)),
        ("BBB", "AAA", utc(2026, 12, 1, 11)),
        ("BBB", "BBB", utc(2026, 12, 1, 11)),
    ]
    singles = engine.earliest_arrivals(queries)
    index = engine.timetable.hub_index
    batch, scanned = engine.scan_batch(
        np.asarray([index[o] for o, _, _ in queries], dtype=np.int32),
        np.asarray([index[d] for _, d, _ in queries], dtype=np.int32),
        np.asarray([int(r.timestamp()) for _, _, r in queries], dtype=np.int64),
    )
    assert batch.tolist() == [-1 if j.available_at is None else int(j.available_at.timestamp()) for j in singles]
    assert scanned > 0


def test_interpreted_scans_answer_and_count_like_compiled_ones() -> None:
    compiled = square()
    interpreted = PromiseEngine(compiled.timetable, compiled=False)
    for ready in (utc(2026, 12, 1, 9), utc(2026, 12, 1, 10, 30), utc(2026, 12, 1, 16, 1)):
        for origin, destination in (("AAA", "CCC"), ("BBB", "AAA"), ("CCC", "BBB")):
            assert interpreted.earliest_arrival(origin, destination, ready) == compiled.earliest_arrival(
                origin, destination, ready
            )
            assert interpreted.last_scanned == compiled.last_scanned
            deadline = ready + timedelta(hours=8)
            assert interpreted.latest_departure(origin, destination, deadline) == compiled.latest_departure(
                origin, destination, deadline
            )
            assert interpreted.last_scanned == compiled.last_scanned


def test_the_slab_scan_skips_countries_the_parcel_cannot_be_in_yet() -> None:
    france = tuple(
        Hub(code=c, name=c, country="FR", tz="Europe/Paris", kind=HubKind.SORT_CENTRE) for c in ("AAA", "BBB", "CCC")
    )
    china = tuple(
        Hub(code=c, name=c, country="CN", tz="Asia/Shanghai", kind=HubKind.SORT_CENTRE) for c in ("XXX", "YYY")
    )
    chinese_trucks = tuple(
        hop(f"x{k}", "XXX", "YYY", utc(2026, 12, 1, 10, 10) + timedelta(minutes=10 * k), 1) for k in range(10)
    )
    network = Network(
        hubs=france + china,
        connections=(
            hop("c1", "AAA", "CCC", utc(2026, 12, 1, 10), 1),
            hop("c2", "CCC", "BBB", utc(2026, 12, 1, 12), 1),
            *chinese_trucks,
        ),
    )
    timetable = Timetable.build(network, start=utc(2026, 12, 1), days=2)
    plain, by_slab = PromiseEngine(timetable, by_slab=False), PromiseEngine(timetable, by_slab=True)
    assert by_slab.slabs is not None and by_slab.slabs.width == 3600 and by_slab.slabs.groups == 2
    ready = utc(2026, 12, 1, 9)
    assert by_slab.earliest_arrival("AAA", "BBB", ready) == plain.earliest_arrival("AAA", "BBB", ready)
    assert plain.earliest_arrival("AAA", "BBB", ready).available_at == utc(2026, 12, 1, 13)
    assert (plain.last_scanned, by_slab.last_scanned) == (12, 2)
    deadline = utc(2026, 12, 1, 13)
    assert by_slab.latest_departure("AAA", "BBB", deadline) == plain.latest_departure("AAA", "BBB", deadline)
    assert plain.latest_departure("AAA", "BBB", deadline).latest_ready_at == utc(2026, 12, 1, 10)
    assert (plain.last_scanned, by_slab.last_scanned) == (12, 2)
    assert PromiseEngine(square().timetable).slabs is None  # one country: nothing to skip
