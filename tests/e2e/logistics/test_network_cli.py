"""`comptoir logistics import` and `export` through the CLI runner, on both databases."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from comptoir.cli.main import app
from tests.unit.logistics.network_sample import sample_document


def test_import_then_export_gives_back_the_file(database_url: str, tmp_path: Path) -> None:
    source = tmp_path / "network.json"
    source.write_text(json.dumps(sample_document()), encoding="utf-8")
    runner = CliRunner()
    imported = runner.invoke(
        app, ["logistics", "import", "--network", str(source), "--database-url", database_url, "--json"]
    )
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout) == {
        "version": 1,
        "hubs": 5,
        "services": 4,
        "connections": 1,
        "clearance": 1,
        "last_mile": 4,
    }
    out = tmp_path / "exported.json"
    exported = runner.invoke(app, ["logistics", "export", "--out", str(out), "--database-url", database_url])
    assert exported.exit_code == 0, exported.output
    assert json.loads(out.read_text(encoding="utf-8")) == sample_document()


def test_a_bad_file_lists_every_problem_and_loads_nothing(database_url: str, tmp_path: Path) -> None:
    broken = sample_document()
    broken["services"][0]["to"] = "NOWHERE"
    broken["clearance"][0]["minutes_p95"] = -5
    source = tmp_path / "network.json"
    source.write_text(json.dumps(broken), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["logistics", "import", "--network", str(source), "--database-url", database_url])
    assert result.exit_code == 2, "a network file with problems is bad input"
    assert "services[0] (HGH-LGG): unknown hub 'NOWHERE' in 'to'" in result.stderr
    assert "clearance[0] (LGG): 'minutes_p95' is negative (-5)" in result.stderr
    assert "error: 2 problems in " in result.stderr
    exported = runner.invoke(app, ["logistics", "export", "--database-url", database_url])
    assert exported.exit_code == 1, "nothing to export is a failure, not bad input"
    assert "no logistics network is loaded" in exported.stderr


def test_a_value_too_long_to_store_is_a_problem_of_the_file_too(database_url: str, tmp_path: Path) -> None:
    long_zone = sample_document()
    long_zone["last_mile"][0]["zone"] = "Z" * 41
    source = tmp_path / "network.json"
    source.write_text(json.dumps(long_zone), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["logistics", "import", "--network", str(source), "--database-url", database_url])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "last_mile[0]: 'zone' is longer than 40 characters",
        f"error: 1 problem in {source}; nothing loaded",
    ]
    exported = runner.invoke(app, ["logistics", "export", "--database-url", database_url])
    assert exported.exit_code == 1
