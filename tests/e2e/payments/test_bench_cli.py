"""`comptoir bench payments` runs end to end on a tiny world and prints every figure it promises.

Only the shape and the counts are checked, never a duration. The full-size run is for people, not the suite.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from comptoir.cli.main import app
from tests.conftest import PG_URL


def test_the_payments_bench_prints_every_figure(pg_url: str) -> None:  # pg_url: skips without PostgreSQL
    args = ["bench", "payments", "--json", "--payments", "20", "--concurrency", "2"]
    args += ["--shops", "2", "--pgbench-seconds", "1", "--database-url", PG_URL]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for run in ("payments", "refunds", "hot_shop"):
        assert set(report[run]) == {"2"}
        assert set(report[run]["2"]) >= {"per_s", "p50_ms", "p99_ms"}
        assert report[run]["2"]["done"] == 20 and report[run]["2"]["failed"] == {}
    assert set(report["pgbench_tps"]) == set(report["ratio_to_pgbench"]) == {"2"}
    assert report["ledger_transfers_per_payment"] == 3
    assert report["ledger_transfers_per_refund"] == 3
    assert report["sql_statements_per_payment"] > 0
    assert report["ledger_verify_ok"] is True


def test_the_payments_bench_refuses_a_bad_concurrency() -> None:
    result = CliRunner().invoke(app, ["bench", "payments", "--concurrency", "eight"])
    assert result.exit_code == 2
