"""`comptoir logistics validate | promise | latest` through the CLI runner: exact output shapes and exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from comptoir.cli.main import app
from comptoir.logistics import cli as logistics_cli

NETWORK: dict[str, Any] = {
    "hubs": [
        {"code": "HGH", "name": "Hangzhou Xiaoshan", "country": "CN", "tz": "Asia/Shanghai", "kind": "gateway"},
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
            "valid_from": "2026-01-01",
            "valid_to": "2027-12-31",
        },
        {
            "id": "LGG-CDG",
            "mode": "road",
            "from": "LGG",
            "to": "CDG",
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "departs": "14:00",
            "duration_minutes": 240,
            "cutoff_minutes": 60,
            "ready_minutes": 60,
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
    ],
}


@pytest.fixture
def network(tmp_path: Path) -> Path:
    path = tmp_path / "network.json"
    path.write_text(json.dumps(NETWORK), encoding="utf-8")
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["logistics", *args])


def leg(connection: str, trip: str, origin: str, destination: str, departs: str, arrives: str) -> dict[str, str]:
    return {
        "connection": connection,
        "trip": trip,
        "from": origin,
        "to": destination,
        "departs_at": departs,
        "arrives_at": arrives,
    }


def test_validate_accepts_a_good_file(network: Path) -> None:
    result = run("validate", "--network", str(network), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "valid": True,
        "hubs": 3,
        "services": 2,
        "connections": 1,
        "clearance": 0,
        "last_mile": 0,
    }


def test_validate_lists_every_problem_and_exits_non_zero(tmp_path: Path) -> None:
    broken = json.loads(json.dumps(NETWORK))
    broken["hubs"][1]["tz"] = "Europe/Liege"
    broken["services"][0]["days"] = ["mon", "thursday"]
    broken["connections"][0]["to"] = "AMS"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = run("validate", "--network", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "hubs[1] (LGG): unknown time zone 'Europe/Liege'",
        "services[0] (HGH-LGG): bad weekday 'thursday' in 'days' (expected one of mon, tue, wed, thu, fri, sat, sun)",
        "connections[0] (c1): unknown hub 'AMS' in 'to'",
    ]
    assert "3 problems; nothing loaded" in result.stderr
    as_json = run("validate", "--network", str(path), "--json")
    assert as_json.exit_code == 1
    assert [p["entry"] for p in json.loads(as_json.stdout)["problems"]] == [
        "hubs[1] (LGG)",
        "services[0] (HGH-LGG)",
        "connections[0] (c1)",
    ]


def test_promise_answers_with_the_exact_shape(network: Path) -> None:
    result = run(
        "promise",
        "--network",
        str(network),
        "--from",
        "HGH",
        "--to",
        "CDG",
        "--ready-at",
        "2026-12-01T10:00:00Z",
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "from": "HGH",
        "to": "CDG",
        "ready_at": "2026-12-01T10:00:00Z",
        "available_at": "2026-12-02T18:00:00Z",
        "legs": [
            leg("c1", "t1", "HGH", "LGG", "2026-12-01T15:30:00Z", "2026-12-02T04:30:00Z"),
            leg(
                "LGG-CDG@2026-12-02", "LGG-CDG@2026-12-02", "LGG", "CDG", "2026-12-02T13:00:00Z", "2026-12-02T17:00:00Z"
            ),
        ],
    }


def test_promise_answers_each_line_of_a_queries_file_in_order(network: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        "\n".join(
            json.dumps(q)
            for q in [
                {"from": "HGH", "to": "LGG", "ready_at": "2026-12-01T13:00:00Z"},
                {"from": "LGG", "to": "LGG", "ready_at": "2026-12-01T11:00:00+01:00"},
                {"from": "CDG", "to": "HGH", "ready_at": "2026-12-01T10:00:00Z"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = run("promise", "--network", str(network), "--queries", str(queries), "--json")
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {
            "from": "HGH",
            "to": "LGG",
            "ready_at": "2026-12-01T13:00:00Z",
            "available_at": "2026-12-04T06:30:00Z",
            "legs": [
                leg(
                    "HGH-LGG@2026-12-03",
                    "HGH-LGG@2026-12-03",
                    "HGH",
                    "LGG",
                    "2026-12-03T15:30:00Z",
                    "2026-12-04T04:30:00Z",
                )
            ],
        },
        {
            "from": "LGG",
            "to": "LGG",
            "ready_at": "2026-12-01T10:00:00Z",
            "available_at": "2026-12-01T10:00:00Z",
            "legs": [],
        },
        {"from": "CDG", "to": "HGH", "ready_at": "2026-12-01T10:00:00Z", "available_at": None, "legs": []},
    ]


def test_compiled_scans_print_the_same_answers(network: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        "\n".join(
            json.dumps({"from": o, "to": d, "ready_at": r})
            for o, d, r in [
                ("HGH", "CDG", "2026-12-01T10:00:00Z"),
                ("HGH", "CDG", "2026-12-03T10:00:00Z"),
                ("CDG", "LGG", "2026-12-01T10:00:00Z"),
            ]
        ),
        encoding="utf-8",
    )
    interpreted = run("promise", "--network", str(network), "--queries", str(queries), "--json")
    monkeypatch.setattr(logistics_cli, "INTERPRETED_WORK", 0)
    compiled = run("promise", "--network", str(network), "--queries", str(queries), "--json")
    assert compiled.exit_code == interpreted.exit_code == 0
    assert compiled.stdout == interpreted.stdout
    assert len(compiled.stdout.splitlines()) == 3


def test_latest_tells_when_the_parcel_must_be_ready(network: Path) -> None:
    result = run(
        "latest",
        "--network",
        str(network),
        "--from",
        "HGH",
        "--to",
        "CDG",
        "--arrive-by",
        "2026-12-04T12:00:00Z",
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "from": "HGH",
        "to": "CDG",
        "arrive_by": "2026-12-04T12:00:00Z",
        "latest_ready_at": "2026-12-01T12:30:00Z",
        "available_at": "2026-12-03T18:00:00Z",
        "legs": [
            leg("c1", "t1", "HGH", "LGG", "2026-12-01T15:30:00Z", "2026-12-02T04:30:00Z"),
            # At each hub the plan takes the last connection that still makes it.
            leg(
                "LGG-CDG@2026-12-03", "LGG-CDG@2026-12-03", "LGG", "CDG", "2026-12-03T13:00:00Z", "2026-12-03T17:00:00Z"
            ),
        ],
    }


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--from", "HGH", "--to", "AMS", "--ready-at", "2026-12-01T10:00:00Z"], "unknown hub 'AMS'"),
        (["--from", "HGH", "--to", "CDG", "--ready-at", "2026-12-01T10:00:00"], "is not an ISO 8601 instant"),
        (["--from", "HGH", "--to", "CDG"], "--ready-at is required"),
        (["--to", "CDG", "--ready-at", "2026-12-01T10:00:00Z"], "--from and --to are required"),
    ],
)
def test_a_bad_query_gets_one_line_and_a_non_zero_exit(network: Path, args: list[str], reason: str) -> None:
    result = run("promise", "--network", str(network), *args, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and reason in result.stderr


def test_an_unknown_hub_in_a_queries_file_answers_nothing(network: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        '{"from": "HGH", "to": "LGG", "ready_at": "2026-12-01T13:00:00Z"}\n'
        '{"from": "HGH", "to": "AMS", "ready_at": "2026-12-01T13:00:00Z"}\n',
        encoding="utf-8",
    )
    result = run("promise", "--network", str(network), "--queries", str(queries), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "error: query 2: unknown hub 'AMS'"


def test_a_bad_queries_line_is_named(network: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        '{"from": "HGH", "to": "LGG", "ready_at": "2026-12-01T13:00:00Z"}\n{"from": "HGH"}\n', encoding="utf-8"
    )
    result = run("promise", "--network", str(network), "--queries", str(queries), "--json")
    assert result.exit_code == 2
    assert "line 2: expected an object with exactly from, to, ready_at" in result.stderr


def test_a_broken_network_refuses_promises(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"hubs": []', encoding="utf-8")
    result = run(
        "latest",
        "--network",
        str(path),
        "--from",
        "HGH",
        "--to",
        "CDG",
        "--arrive-by",
        "2026-12-04T12:00:00Z",
        "--json",
    )
    assert result.exit_code == 2, "a network file with problems is bad input"
    assert len(result.stderr.splitlines()) == 1 and "not valid JSON" in result.stderr


def test_the_bench_says_how_to_install_its_baseline_when_networkx_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)
    result = CliRunner().invoke(app, ["bench", "promise", "--json"])
    assert result.exit_code == 1, "a missing development dependency is a failure, not bad input"
    assert result.stdout == ""
    assert "pip install -e '.[dev]'" in result.stderr


def test_a_single_problem_is_one_problem(tmp_path: Path) -> None:
    broken = json.loads(json.dumps(NETWORK))
    broken["hubs"][1]["tz"] = "Europe/Liege"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = run("validate", "--network", str(path))
    assert result.stderr.strip() == f"error: {path}: 1 problem; nothing loaded"


def test_the_text_answer_names_each_leg_once_and_says_why_available_is_after_the_arrival(network: Path) -> None:
    result = run(
        "promise", "--network", str(network), "--from", "HGH", "--to", "LGG", "--ready-at", "2026-12-01T13:00:00Z"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "HGH -> LGG, ready 2026-12-01T13:00:00Z: available 2026-12-04T06:30:00Z "
        "(arrives 2026-12-04T04:30:00Z, then 2 h to unload and sort at LGG: the ready time)",
        "  HGH-LGG@2026-12-03: HGH 2026-12-03T15:30:00Z -> LGG 2026-12-04T04:30:00Z",
    ]


def test_help_points_to_the_documents_shipped_with_comptoir() -> None:
    import re

    shown = CliRunner().invoke(app, ["logistics", "promise", "--help"], env={"COLUMNS": "200"})
    assert "docs/network-format.md" in shown.stdout and "docs/promise.md" in shown.stdout
    assert "domain/logistics.md" not in shown.stdout
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme
    for document in [*re.findall(r"`(docs/[\w.-]+\.md)`", readme), "docs/network-format.md", "docs/promise.md"]:
        assert (Path(__file__).parents[3] / document).is_file(), document
    ledger_help = CliRunner().invoke(app, ["ledger", "balances", "--help"], env={"COLUMNS": "200"})
    assert re.search(r"\S \.(\s|$)", ledger_help.stdout) is None  # no stray " ." where markup was eaten
    assert "COMPTOIR_DATA_DIR" in ledger_help.stdout
