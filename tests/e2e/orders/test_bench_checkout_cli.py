"""`comptoir bench checkout` runs end to end on a tiny world, over HTTP against two web processes and a worker,
and prints every figure it promises, each checkout paid and the ledger clean.

Only the shape and the counts are checked, never a duration. The full-size run is for people, not the suite.
Without pgbench the bench has no baseline: skipped here, a failure under CI.
"""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from comptoir.cli.main import app
from tests.conftest import IN_CI, PG_URL


def test_the_checkout_bench_pays_every_checkout_and_prints_every_figure(pg_url: str) -> None:  # pg_url: skips
    if shutil.which("pgbench") is None:
        if IN_CI:
            pytest.fail("pgbench is required under CI")
        pytest.skip("no pgbench on PATH")
    args = ["bench", "checkout", "--json", "--checkouts", "6", "--concurrency", "2", "--pgbench-seconds", "1"]
    result = CliRunner().invoke(app, [*args, "--database-url", PG_URL])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["concurrency"]) == set(report["pgbench_tps"]) == set(report["ratio_to_pgbench"]) == {"2"}
    run = report["concurrency"]["2"]
    assert run["attempted"] == run["completed"] == 6 and run["errors"] == {}
    assert run["checkouts_per_s"] > 0
    for figure in ("checkout_p50_ms", "checkout_p99_ms", "visit_p50_ms", "visit_p99_ms"):
        assert run[figure] > 0
    assert set(run["peak_rss_mb"]) == set(report["peak_rss_mb"]) == {"web1", "web2", "worker"}
    assert all(mb > 0 for mb in report["peak_rss_mb"].values())
    assert report["web_processes"] == 2 and report["workers"] == 1 and report["checkouts"] == 6
    assert report["pgbench_tps"]["2"] > 0 and report["ratio_to_pgbench"]["2"] > 0
    assert report["statements_per_checkout"] > 0 and report["commits_per_checkout"] == 1
    by_code = report["statements_per_checkout_by_hs_code"]
    assert set(by_code) == {"33030000", "62141000", "22042100", "33049900"}
    assert max(by_code.values()) == report["statements_per_checkout"]
    assert report["paid_orders_in_database"] == 6 + report["warmup_checkouts"]
    assert report["outbox"].get("pending", 0) == 0 and report["outbox"].get("failed", 0) == 0
    assert report["ledger_clean"] is True


@pytest.mark.parametrize(
    "options",
    [["--concurrency", "eight"], ["--database-url", "sqlite:///bench.sqlite3"], ["--checkouts", "0"]],
)
def test_the_checkout_bench_refuses_bad_options(options: list[str]) -> None:
    result = CliRunner().invoke(app, ["bench", "checkout", *options])
    assert result.exit_code == 2, result.output
