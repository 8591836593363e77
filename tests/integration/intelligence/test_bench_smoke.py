"""`comptoir bench search` runs end to end on a tiny catalog and prints every figure it promises.

Only the shape is checked: no test asserts a duration (the figures are the bench's to print).
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from comptoir.cli.main import app

DATA = Path(__file__).parents[2] / "unit" / "intelligence" / "data"


def test_the_bench_prints_relevance_and_scale_against_the_baseline() -> None:
    args = ["bench", "search", "--json", "--size", "300", "--rounds", "1"]
    args += ["--catalog", str(DATA / "small_catalog.json"), "--queries", str(DATA / "small_queries.jsonl")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["demo_products"] == 17  # the draft one is not on the storefront
    relevance = report["relevance"]
    for side in ("engine", "baseline"):
        assert set(relevance[side]["overall"]) == {"queries", "ndcg_at_10", "recall_at_10"}
        assert "pinyin_initials" in relevance[side]["slices"]
    assert relevance["ndcg_at_10_difference"] > 0
    scale = report["scale"]
    assert scale["products"] == 300
    assert scale["query_process_answers"] == report["labelled_queries"]
    for figure in ("build_s", "index_bytes", "engine_p50_ms", "engine_p99_ms", "baseline_p99_ms"):
        assert scale[figure] >= 0
    assert scale["query_process_peak_rss_mb"] > 0
    assert set(report["aims"]["met"]) == set(report["aims"]["targets"])


def test_a_missing_catalog_is_a_failure(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "search", "--catalog", str(tmp_path / "none.json"), "--size", "10"])
    assert result.exit_code == 1
    assert "cannot use the demo catalog" in result.stderr
