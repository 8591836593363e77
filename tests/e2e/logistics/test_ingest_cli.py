"""`comptoir logistics ingest` through the CLI runner, on both databases: outcomes by line, refusals."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner

from comptoir.cli.main import app
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.services.tracking_queries import ParcelHistory, parcel_history
from tests.integration.logistics.tracking_support import PARCEL, ship

# In the past whatever the machine's clock says: the command runs on the real clock.
LINES = [
    {"parcel": PARCEL, "at": "2025-12-05T11:40:00+01:00", "hub": "FRPAR", "status": "delivered", "code": "EMI"},
    {"parcel": PARCEL, "at": "2025-12-03T23:30:00+08:00", "hub": "HGH", "status": "in_transit", "code": "EMC"},
    {"parcel": PARCEL, "at": "2025-12-05T15:00:00+01:00", "hub": "HGH", "status": "in_transit"},
    {"parcel": "EE123456785CN", "at": "2025-12-02T09:00:00Z", "hub": "CDG", "status": "pending"},
]


def shipped(database_url: str, tmp_path: Path) -> None:
    asyncio.run(_on_runtime(database_url, tmp_path, lambda runtime: ship(runtime, PARCEL)))


def history(database_url: str, tmp_path: Path) -> ParcelHistory:
    return asyncio.run(
        _on_runtime(
            database_url,
            tmp_path,
            lambda runtime: transact(runtime, lambda uow: parcel_history(uow, None, parcel=PARCEL)),
        )
    )


async def _on_runtime(database_url: str, tmp_path: Path, work):  # type: ignore[no-untyped-def]
    runtime = Runtime.from_settings(Settings(environment="test", data_dir=tmp_path / "d", database_url=database_url))
    try:
        return await work(runtime)
    finally:
        await runtime.database.dispose()


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_file_is_stored_with_every_event_not_applied_named_by_line(database_url: str, tmp_path: Path) -> None:
    shipped(database_url, tmp_path)
    path = write(tmp_path, [json.dumps(LINES[0]), "", *(json.dumps(line) for line in LINES[1:]),
                            json.dumps(LINES[1])])  # fmt: skip
    result = CliRunner().invoke(
        app, ["logistics", "ingest", "--events", str(path), "--database-url", database_url, "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["received"], report["applied"], report["rejected"], report["duplicates"]) == (5, 2, 2, 1)
    assert [(n["index"], n["outcome"], n["rejection"]) for n in report["not_applied"]] == [
        (3, "rejected", "state_machine"),
        (4, "rejected", "unknown_parcel"),
        (5, "duplicate", None),
    ]
    found = history(database_url, tmp_path)
    assert (found.state.status, found.state.events_applied) == ("delivered", 2)
    plain = CliRunner().invoke(app, ["logistics", "ingest", "--events", str(path), "--database-url", database_url])
    assert plain.exit_code == 0
    assert plain.stdout.splitlines()[0] == "5 events: 0 applied, 1 rejected, 4 duplicates"


def test_a_malformed_line_exits_2_naming_it_and_stores_nothing(database_url: str, tmp_path: Path) -> None:
    shipped(database_url, tmp_path)
    path = write(tmp_path, [json.dumps(LINES[0]), json.dumps({**LINES[1], "status": "lost"})])
    result = CliRunner().invoke(app, ["logistics", "ingest", "--events", str(path), "--database-url", database_url])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path} line 2: unknown status 'lost'")
    assert history(database_url, tmp_path).events == ()
