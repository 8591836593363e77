"""Reading network files: every problem is reported with the entry it is in, and nothing is loaded."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from comptoir.logistics.domain import HubKind, Mode, format_instant
from comptoir.logistics.errors import NetworkInvalid
from comptoir.logistics.network_file import load_network, network_problems, network_to_document, parse_network


def good() -> dict[str, Any]:
    return {
        "hubs": [
            {
                "code": "HGH",
                "name": "Hangzhou Xiaoshan",
                "country": "CN",
                "tz": "Asia/Shanghai",
                "kind": "gateway",
                "lat": 30.229,
                "lon": 120.434,
            },
            {
                "code": "LGG",
                "name": "Liège eHub",
                "country": "BE",
                "tz": "Europe/Brussels",
                "kind": "gateway",
                "lat": 50.637,
                "lon": 5.443,
            },
            {"code": "CDG", "name": "Paris CDG", "country": "FR", "tz": "Europe/Paris", "kind": "delivery_station"},
        ],
        "services": [
            {
                "id": "HGH-LGG",
                "mode": "air",
                "from": "HGH",
                "to": "LGG",
                "days": ["mon", "thu"],
                "departs": "23:30",
                "duration_minutes": 780,
                "cutoff_minutes": 180,
                "ready_minutes": 120,
                "capacity_kg": 100000,
                "cost_per_kg": {"currency": "EUR", "value": "2.40"},
                "valid_from": "2026-01-01",
                "valid_to": "2027-12-31",
            },
            {
                "id": "LGG-CDG",
                "mode": "road",
                "from": "LGG",
                "to": "CDG",
                "days": ["mon", "tue", "wed"],
                "departs": "06:00",
                "duration_minutes": 240,
                "cutoff_minutes": 30,
                "ready_minutes": 30,
            },
        ],
        "connections": [
            {
                "id": "c1",
                "trip": "t1",
                "from": "HGH",
                "to": "LGG",
                "departs_at": "2026-12-01T15:30:00Z",
                "arrives_at": "2026-12-02T04:30:00Z",
                "cutoff_minutes": 180,
                "ready_minutes": 120,
                "capacity_kg": 100000,
            },
            {
                "id": "c2",
                "trip": "t1",
                "from": "LGG",
                "to": "CDG",
                "departs_at": "2026-12-02T06:00:00+01:00",
                "arrives_at": "2026-12-02T09:00:00+01:00",
                "cutoff_minutes": 60,
                "ready_minutes": 30,
            },
        ],
        "clearance": [{"hub": "LGG", "regime": "EU-IOSS", "minutes_p50": 240, "minutes_p95": 720}],
        "last_mile": [{"hub": "CDG", "zone": "FR-75", "days": 1, "cutoff_local": "14:00"}],
    }


def problems_of(document: Any) -> list[str]:
    return [str(problem) for problem in network_problems(document)]


def test_the_example_network_loads_with_every_section() -> None:
    network = parse_network(good())
    assert [hub.code for hub in network.hubs] == ["HGH", "LGG", "CDG"]
    assert network.hub("LGG") is not None and network.hub("LGG").kind is HubKind.GATEWAY  # type: ignore[union-attr]
    service = network.services[0]
    assert (service.mode, service.days, service.departs) == (Mode.AIR, (0, 3), time(23, 30))
    assert (service.valid_from, service.valid_to) == (date(2026, 1, 1), date(2027, 12, 31))
    assert service.cost_per_kg is not None and service.cost_per_kg.minor == 240
    second = network.connections[1]
    assert second.trip == "t1"
    assert second.departs_at == datetime(2026, 12, 2, 5, 0, tzinfo=UTC)
    assert network.clearance[0].minutes_p95 == 720
    assert network.last_mile[0].cutoff_local == time(14, 0)


def test_writing_a_network_back_reads_the_same_network(tmp_path: Path) -> None:
    network = parse_network(good())
    document = network_to_document(network)
    path = tmp_path / "network.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert load_network(path) == network
    assert document["connections"][1]["departs_at"] == "2026-12-02T05:00:00Z"


def test_instants_are_written_in_one_utc_format() -> None:
    assert format_instant(datetime(2026, 12, 1, 16, 30, tzinfo=UTC)) == "2026-12-01T16:30:00Z"


def edited(change: Any) -> dict[str, Any]:
    document = copy.deepcopy(good())
    change(document)
    return document


CASES: list[tuple[str, Any, str]] = [
    (
        "unknown hub in a service",
        lambda d: d["services"][0].update({"to": "XXX"}),
        "services[0] (HGH-LGG): unknown hub 'XXX' in 'to'",
    ),
    (
        "unknown hub in a connection",
        lambda d: d["connections"][0].update({"from": "PVG"}),
        "connections[0] (c1): unknown hub 'PVG' in 'from'",
    ),
    (
        "unknown hub in clearance",
        lambda d: d["clearance"][0].update({"hub": "AMS"}),
        "clearance[0] (AMS): unknown hub 'AMS' in 'hub'",
    ),
    (
        "unknown hub in last mile",
        lambda d: d["last_mile"][0].update({"hub": "ORY"}),
        "last_mile[0] (FR-75): unknown hub 'ORY' in 'hub'",
    ),
    ("duplicate hub code", lambda d: d["hubs"].append(dict(d["hubs"][0])), "hubs[3] (HGH): duplicate hub code 'HGH'"),
    (
        "duplicate service id",
        lambda d: d["services"].append(dict(d["services"][0])),
        "services[2] (HGH-LGG): duplicate id, also services[0]",
    ),
    (
        "connection id overlapping a service id",
        lambda d: d["connections"][0].update({"id": "LGG-CDG"}),
        "connections[0] (LGG-CDG): duplicate id, also services[1]",
    ),
    (
        "arrival before departure",
        lambda d: d["connections"][0].update({"arrives_at": "2026-12-01T15:00:00Z"}),
        "connections[0] (c1): arrives_at 2026-12-01T15:00:00Z is before departs_at 2026-12-01T15:30:00Z",
    ),
    (
        "arrival at the departure instant",
        lambda d: d["connections"][0].update({"arrives_at": "2026-12-01T15:30:00Z"}),
        "connections[0] (c1): arrives_at 2026-12-01T15:30:00Z is at the same instant as"
        " departs_at 2026-12-01T15:30:00Z",
    ),
    (
        "unknown time zone",
        lambda d: d["hubs"][1].update({"tz": "Europe/Liege"}),
        "hubs[1] (LGG): unknown time zone 'Europe/Liege'",
    ),
    (
        "bad weekday",
        lambda d: d["services"][0].update({"days": ["mon", "jeu"]}),
        "services[0] (HGH-LGG): bad weekday 'jeu' in 'days' (expected one of mon, tue, wed, thu, fri, sat, sun)",
    ),
    (
        "empty weekdays",
        lambda d: d["services"][0].update({"days": []}),
        "services[0] (HGH-LGG): 'days' must be a non-empty list of weekdays (mon, tue, wed, thu, fri, sat, sun)",
    ),
    (
        "validity window reversed",
        lambda d: d["services"][0].update({"valid_from": "2027-01-01", "valid_to": "2026-06-30"}),
        "services[0] (HGH-LGG): validity window reversed: valid_to 2026-06-30 is before valid_from 2027-01-01",
    ),
    (
        "negative cut-off",
        lambda d: d["services"][1].update({"cutoff_minutes": -30}),
        "services[1] (LGG-CDG): 'cutoff_minutes' is negative (-30)",
    ),
    (
        "negative ready time",
        lambda d: d["connections"][0].update({"ready_minutes": -1}),
        "connections[0] (c1): 'ready_minutes' is negative (-1)",
    ),
    (
        "negative clearance minutes",
        lambda d: d["clearance"][0].update({"minutes_p50": -5}),
        "clearance[0] (LGG): 'minutes_p50' is negative (-5)",
    ),
    (
        "zero duration",
        lambda d: d["services"][0].update({"duration_minutes": 0}),
        "services[0] (HGH-LGG): 'duration_minutes' must be more than 0",
    ),
    (
        "bad local time",
        lambda d: d["services"][0].update({"departs": "24:10"}),
        "services[0] (HGH-LGG): 'departs' '24:10' is not a local time HH:MM (00:00 to 23:59)",
    ),
    (
        "bad last-mile cut-off",
        lambda d: d["last_mile"][0].update({"cutoff_local": "2pm"}),
        "last_mile[0] (FR-75): 'cutoff_local' '2pm' is not a local time HH:MM (00:00 to 23:59)",
    ),
    (
        "instant without offset",
        lambda d: d["connections"][0].update({"departs_at": "2026-12-01T15:30:00"}),
        "connections[0] (c1): 'departs_at' '2026-12-01T15:30:00' is not an ISO 8601 instant with a UTC offset "
        "(e.g. 2026-12-01T15:30:00Z)",
    ),
    (
        "bad date",
        lambda d: d["services"][0].update({"valid_to": "2027-02-30"}),
        "services[0] (HGH-LGG): 'valid_to' '2027-02-30' is not a date YYYY-MM-DD",
    ),
    (
        "missing required field",
        lambda d: d["services"][1].pop("departs"),
        "services[1] (LGG-CDG): missing required field 'departs'",
    ),
    ("missing hub time zone", lambda d: d["hubs"][2].pop("tz"), "hubs[2] (CDG): missing required field 'tz'"),
    (
        "wrong type for minutes",
        lambda d: d["services"][0].update({"duration_minutes": "780"}),
        "services[0] (HGH-LGG): 'duration_minutes' must be whole minutes (an integer), got '780'",
    ),
    (
        "boolean is not a number",
        lambda d: d["connections"][0].update({"cutoff_minutes": True}),
        "connections[0] (c1): 'cutoff_minutes' must be whole minutes (an integer), got True",
    ),
    (
        "wrong type for a code",
        lambda d: d["connections"][0].update({"to": 42}),
        "connections[0] (c1): 'to' must be a non-empty string, got 42",
    ),
    (
        "latitude out of range",
        lambda d: d["hubs"][0].update({"lat": 130.0}),
        "hubs[0] (HGH): 'lat' 130.0 is outside [-90, 90]",
    ),
    (
        "unknown kind",
        lambda d: d["hubs"][0].update({"kind": "airport"}),
        "hubs[0] (HGH): 'kind' 'airport' is not one of gateway, sort_centre, bonded_warehouse, rail_terminal, "
        "delivery_station",
    ),
    (
        "unknown mode",
        lambda d: d["services"][0].update({"mode": "drone"}),
        "services[0] (HGH-LGG): 'mode' 'drone' is not one of air, rail, road, sea",
    ),
    (
        "unknown field",
        lambda d: d["services"][0].update({"cuttoff_minutes": 10}),
        "services[0] (HGH-LGG): unknown field 'cuttoff_minutes'",
    ),
    ("entry that is not an object", lambda d: d["connections"].append("c3"), "connections[2]: must be a JSON object"),
    ("section that is not a list", lambda d: d.update({"clearance": {"hub": "LGG"}}), "clearance: must be a list"),
    (
        "unknown section",
        lambda d: d.update({"routes": []}),
        "routes: unknown section (expected one of hubs, services, connections, clearance, last_mile)",
    ),
    (
        "trip legs that do not chain",
        lambda d: d["connections"][1].update({"from": "HGH"}),
        "connections[1] (c2): trip 't1': leaves HGH but the previous leg c1 arrives at LGG",
    ),
    (
        "trip leg leaving before the previous arrives",
        lambda d: d["connections"][1].update({"departs_at": "2026-12-02T04:00:00Z"}),
        "connections[1] (c2): trip 't1': departs before the previous leg c1 arrives",
    ),
    (
        "reserved character in an id",
        lambda d: d["connections"][0].update({"id": "c@1"}),
        "connections[0] (c@1): 'id' 'c@1' may not contain '@' or surrounding spaces",
    ),
    (
        "p95 below p50",
        lambda d: d["clearance"][0].update({"minutes_p95": 100}),
        "clearance[0] (LGG): minutes_p95 (100) is below minutes_p50 (240)",
    ),
    (
        "same hub at both ends",
        lambda d: d["services"][1].update({"to": "LGG"}),
        "services[1] (LGG-CDG): 'from' and 'to' are the same hub",
    ),
    (
        "bad money",
        lambda d: d["services"][0].update({"cost_per_kg": {"currency": "XXY", "value": "1"}}),
        "services[0] (HGH-LGG): 'cost_per_kg': unknown currency 'XXY': expected an ISO 4217 code such as EUR or CNY",
    ),
    (
        "stop offsets out of order",
        lambda d: d["services"][0].update(
            {"stops": [{"hub": "CDG", "arrives_after_minutes": 500, "departs_after_minutes": 400}]}
        ),
        "services[0] (HGH-LGG): stops[0] (CDG): arrival must come after the previous departure, and departure not "
        "before arrival",
    ),
    (
        "duplicate last-mile zone",
        lambda d: d["last_mile"].append(dict(d["last_mile"][0])),
        "last_mile[1] (FR-75): duplicate last-mile zone FR-75 at hub CDG",
    ),
]


@pytest.mark.parametrize(("change", "expected"), [(c, e) for _, c, e in CASES], ids=[n for n, _, _ in CASES])
def test_each_malformed_entry_is_named_and_nothing_loads(change: Any, expected: str) -> None:
    document = edited(change)
    assert expected in problems_of(document)
    with pytest.raises(NetworkInvalid) as refused:
        parse_network(document)
    assert refused.value.code == "network_invalid"


def test_every_problem_is_listed_not_only_the_first() -> None:
    def break_many(d: dict[str, Any]) -> None:
        d["hubs"][1]["tz"] = "Mars/Olympus"
        d["services"][0]["days"] = ["someday"]
        d["services"][1]["cutoff_minutes"] = -5
        d["connections"][0]["arrives_at"] = "2026-12-01T10:00:00Z"

    found = problems_of(edited(break_many))
    assert len(found) == 4
    assert [p.split(":")[0] for p in found] == [
        "hubs[1] (LGG)",
        "services[0] (HGH-LGG)",
        "services[1] (LGG-CDG)",
        "connections[0] (c1)",
    ]


def test_a_network_without_hubs_is_refused() -> None:
    assert problems_of({"services": []}) == ["hubs: missing: a network needs at least its hubs"]
    assert problems_of([]) == ["file: the network must be a JSON object"]


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"hubs": [', encoding="utf-8")
    with pytest.raises(NetworkInvalid) as refused:
        load_network(path)
    assert refused.value.problems[0].entry == "file"
    with pytest.raises(NetworkInvalid):
        load_network(tmp_path / "missing.json")
