"""`comptoir logistics track` through the CLI runner: the exact JSON contract, order independence, refusals."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from comptoir.cli.main import app

LINES = [
    {"parcel": "RR473124829GB", "at": "2026-12-03T21:05:00+08:00", "hub": "HGH", "status": "in_transit",
     "code": "EMB", "step": "receiving", "id": "cn-1"},
    {"parcel": "RR473124829GB", "at": "2026-12-05T11:40:00+01:00", "hub": "FRPAR", "status": "delivered",
     "code": "EMI", "id": "fr-9"},
    {"parcel": "RR473124829GB", "at": "2026-12-03T23:30:00+08:00", "hub": "HGH", "status": "in_transit",
     "code": "EMC", "step": "urn:epcglobal:cbv:bizstep:departing"},
    {"parcel": "RR473124829GB", "at": "2026-12-05T15:00:00+01:00", "hub": "HGH", "status": "in_transit"},
    {"parcel": "RR473124829GB", "at": "2026-12-04T05:30:00+01:00", "hub": "LGG", "status": "in_transit",
     "code": "EMD", "step": "arriving"},
    {"parcel": "ee123456785cn", "at": "2026-12-02T09:00:00Z", "hub": "CDG", "status": "pending", "code": None},
    {"parcel": "RR473124829GB", "at": "2026-12-03T21:05:00+08:00", "hub": "HGH", "status": "in_transit",
     "code": "EMB", "step": "receiving", "id": "cn-1"},
    {"parcel": "RR473124829GB", "at": "2026-12-05T08:10:00+01:00", "hub": "FRPAR", "status": "out_for_delivery",
     "code": "EDG"},
    {"parcel": "RR473124829GB", "at": "2026-12-05T15:00:00+01:00", "hub": "HGH", "status": "in_transit"},
    {"parcel": "EE123456785CN", "at": "2026-12-09T09:00:00Z", "hub": "CDG", "status": "in_transit"},
]  # fmt: skip


AFTER_DELIVERED = "in_transit after delivered at FRPAR 2026-12-05T11:40:00+01:00: delivered is final"


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, ["logistics", "track", *args], input=stdin)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def events(tmp_path: Path) -> Path:
    return write(tmp_path / "events.jsonl", [json.dumps(line) for line in LINES])


def test_one_line_per_parcel_sorted_by_parcel_id_with_exactly_the_contracts_fields(events: Path) -> None:
    result = run("--events", str(events), "--json")
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert printed == [
        {
            "parcel": "EE123456785CN",
            "status": "in_transit",
            "last_event": {"at": "2026-12-09T09:00:00Z", "hub": "CDG", "code": None},
            "events_applied": 2,
            "rejected": [],
        },
        {
            "parcel": "RR473124829GB",
            "status": "delivered",
            "last_event": {"at": "2026-12-05T11:40:00+01:00", "hub": "FRPAR", "code": "EMI"},
            "events_applied": 5,
            "rejected": [
                {"index": 3, "reason": AFTER_DELIVERED},
                {"index": 8, "reason": AFTER_DELIVERED},
            ],
        },
    ]
    assert [list(p) for p in printed] == [["parcel", "status", "last_event", "events_applied", "rejected"]] * 2
    assert list(printed[0]["last_event"]) == ["at", "hub", "code"]


def test_now_rejects_what_lies_too_far_after_it(events: Path) -> None:
    result = run("--events", str(events), "--json", "--now", "2026-12-06T00:00:00+01:00")
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout.splitlines()[0])
    assert first["status"] == "pending" and first["last_event"]["at"] == "2026-12-02T09:00:00Z"
    assert first["rejected"] == [
        {"index": 9, "reason": "2026-12-09T09:00:00+00:00 is more than 24 h after now (2026-12-06T00:00:00+01:00)"}
    ]
    roomy = run("--events", str(events), "--json", "--now", "2026-12-06T00:00:00+01:00", "--max-future-hours", "96")
    assert json.loads(roomy.stdout.splitlines()[0])["rejected"] == []


def _as_set(stdout: str, lines: list[str]) -> list[dict[str, Any]]:
    """The answer with the rejected indices replaced by the set of lines they name (copies report once each):
    what must not depend on the order."""
    answer = []
    for printed in stdout.splitlines():
        state = json.loads(printed)
        state["rejected"] = sorted({(lines[r["index"]], r["reason"]) for r in state["rejected"]})
        answer.append(state)
    return answer


def test_the_answer_depends_on_the_set_of_events_never_on_their_order(tmp_path: Path) -> None:
    lines = [json.dumps(line) for line in LINES]
    expected = _as_set(run("--events", str(write(tmp_path / "a.jsonl", lines)), "--json").stdout, lines)
    shuffler = random.Random(13)
    for attempt in range(8):
        arrived = [*lines, *shuffler.sample(lines, 4)]
        shuffler.shuffle(arrived)
        result = run("--events", str(write(tmp_path / f"{attempt}.jsonl", arrived)), "--json")
        assert result.exit_code == 0, result.output
        assert _as_set(result.stdout, arrived) == expected


def test_every_copy_of_a_rejected_event_is_reported_at_its_own_line(tmp_path: Path) -> None:
    late = json.dumps(LINES[3])
    path = write(tmp_path / "copies.jsonl", [json.dumps(LINES[1]), late, "", late])
    (state,) = [json.loads(line) for line in run("--events", str(path), "--json").stdout.splitlines()]
    assert [r["index"] for r in state["rejected"]] == [1, 3]  # a blank line counts: index is the line's position


def test_events_from_stdin(events: Path) -> None:
    result = run("--events", "-", "--json", stdin=events.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert result.stdout == run("--events", str(events), "--json").stdout


def test_an_empty_file_prints_nothing_and_succeeds(tmp_path: Path) -> None:
    for content in ("", "\n  \n"):
        path = tmp_path / "empty.jsonl"
        path.write_text(content, encoding="utf-8")
        for extra in ((), ("--json",)):
            result = run("--events", str(path), *extra)
            assert result.exit_code == 0 and result.stdout == ""


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ('{"parcel": "RR473124829GB", "at": ', "line 2: not valid JSON"),
        ('["RR473124829GB"]', "line 2: expected a JSON object"),
        ('{"parcel": "RR473124829GB", "at": "2026-12-05T15:00:00+01:00", "hub": "HGH"}', "line 2: missing status"),
        (json.dumps({**LINES[3], "status": "lost"}), "line 2: unknown status 'lost'"),
        (json.dumps({**LINES[3], "at": "2026-12-05T15:00:00"}), "line 2: at '2026-12-05T15:00:00' is not an ISO 8601"),
        (json.dumps({**LINES[3], "parcel": "RR473124820GB"}), "line 2: 'RR473124820GB': bad S10 check digit"),
        (json.dumps({**LINES[3], "parcel": "42"}), "line 2: '42' is not a parcel id"),
        (json.dumps({**LINES[3], "step": "flying"}), "line 2: 'flying' is not a GS1 CBV business step"),
        (json.dumps({**LINES[3], "code": "emi"}), "line 2: code 'emi' is not a UPU EMSEVT event code"),
        (json.dumps({**LINES[3], "id": 7}), "line 2: id must be a non-empty string or null"),
        (json.dumps({**LINES[3], "weight": 2}), "line 2: unknown field weight"),
    ],
)
def test_a_malformed_line_exits_2_naming_it_and_prints_nothing(tmp_path: Path, bad: str, said: str) -> None:
    path = write(tmp_path / "bad.jsonl", [json.dumps(LINES[0]), bad, json.dumps(LINES[1])])
    for extra in ((), ("--json",)):
        result = run("--events", str(path), *extra)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith(f"error: {path} {said}"), result.stderr


def test_bad_options_exit_2(tmp_path: Path) -> None:
    missing = run("--events", str(tmp_path / "nowhere.jsonl"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
    naive = run("--events", str(write(tmp_path / "e.jsonl", [])), "--now", "2026-12-06T00:00:00")
    assert naive.exit_code == 2 and "--now" in naive.stderr


def test_without_json_a_readable_table_with_the_rejections_under_their_parcel(events: Path) -> None:
    result = run("--events", str(events))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "parcel         status      applied  rejected  last event",
        "EE123456785CN  in_transit        2         0  2026-12-09T09:00:00Z CDG",
        "RR473124829GB  delivered         5         2  2026-12-05T11:40:00+01:00 FRPAR EMI",
        "  line 4 rejected: in_transit after delivered at FRPAR 2026-12-05T11:40:00+01:00: delivered is final",
        "  line 9 rejected: in_transit after delivered at FRPAR 2026-12-05T11:40:00+01:00: delivered is final",
    ]


def test_copies_that_write_one_time_two_ways_print_the_same_one_whatever_their_order(tmp_path: Path) -> None:
    zulu = json.dumps({**LINES[9], "at": "2026-12-09T09:00:00Z"})
    spelled = json.dumps({**LINES[9], "at": "2026-12-09T09:00:00+00:00"})
    for lines in ([zulu, spelled], [spelled, zulu]):
        (state,) = [
            json.loads(line)
            for line in run("--events", str(write(tmp_path / "t.jsonl", lines)), "--json").stdout.splitlines()
        ]
        assert state["events_applied"] == 1 and state["last_event"]["at"] == "2026-12-09T09:00:00+00:00"
