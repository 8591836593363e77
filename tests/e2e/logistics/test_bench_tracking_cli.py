"""`comptoir bench tracking` runs at a tiny size and prints every figure it promises, each state checked.

Only the shape and the counts are checked, never a duration. Without pgbench the bench has no baseline:
skipped here, a failure under CI.
"""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from comptoir.cli.main import app
from tests.conftest import IN_CI, PG_URL


def test_the_tracking_bench_prints_every_figure(pg_url: str) -> None:  # pg_url: skips without PostgreSQL
    if shutil.which("pgbench") is None:
        if IN_CI:
            pytest.fail("pgbench is required under CI")
        pytest.skip("no pgbench on PATH")
    args = ["bench", "tracking", "--json", "--singles", "12", "--batches", "2", "--batch-size", "50"]
    result = CliRunner().invoke(
        app, [*args, "--repromise-parcels", "20", "--pgbench-seconds", "1", "--database-url", PG_URL]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["database"] == "postgresql" and report["pgbench_tps"]["1"] > 0
    assert report["single"]["events"] == 10 and report["single"]["events_per_s"] > 0  # 2 warm the run up
    assert report["batch"]["batches"] == 2 and report["batch"]["events"] == 100 and report["batch"]["batch_size"] == 50
    for run in ("single", "batch"):
        assert report[run]["p50_ms"] > 0 and report[run]["p99_ms"] >= report[run]["p50_ms"]
        assert report["ratio_to_pgbench"][run] > 0
    assert report["statements_per_single_event"] > 0
    assert report["states_checked"] > 0 and "error" not in report
    assert report["repromise"]["parcels"] == 20 and ("seconds" in report["repromise"])


def test_the_tracking_bench_measures_postgresql_only() -> None:
    result = CliRunner().invoke(app, ["bench", "tracking", "--database-url", "sqlite:///bench.sqlite3"])
    assert result.exit_code == 2 and "PostgreSQL" in result.stderr
