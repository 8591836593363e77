"""`comptoir localization lint | glossary-import` through the CLI runner: output shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from comptoir.cli.main import app

runner = CliRunner()


def test_lint_lists_each_finding_and_exits_1_when_one_blocks(tmp_path: Path) -> None:
    text = tmp_path / "page.txt"
    text.write_text("第一次品尝就爱上，全网第一的香槟。", encoding="utf-8")
    result = runner.invoke(app, ["localization", "lint", str(text), "--category", "food_wine"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("9-13 blocking 全网第一 [ad_law_art9.rank] Advertising Law art. 9:")
    as_json = runner.invoke(app, ["localization", "lint", "-", "--json"], input="美白精华")
    assert as_json.exit_code == 0 and as_json.output == ""  # whitening is a rule for cosmetics only
    cosmetics = runner.invoke(
        app, ["localization", "lint", "-", "--json", "--category", "cosmetics_skincare"], input="美白精华"
    )
    assert cosmetics.exit_code == 0  # a warning does not block
    [finding] = [json.loads(line) for line in cosmetics.output.splitlines()]
    assert (finding["term"], finding["severity"], finding["start"], finding["end"]) == ("美白", "warning", 0, 2)


def test_lint_refuses_bad_input_with_exit_2(tmp_path: Path) -> None:
    unknown = runner.invoke(app, ["localization", "lint", "-", "--category", "spaceships"], input="x")
    assert unknown.exit_code == 2 and "unknown category" in unknown.output
    missing = runner.invoke(app, ["localization", "lint", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_glossary_import_adds_the_terms_the_global_glossary_lacks(tmp_path: Path) -> None:
    terms = tmp_path / "terms.json"
    terms.write_text(
        json.dumps([{"fr": "Bordeaux", "zh": "波尔多"}, {"fr": "AOC", "zh": "法定产区"}]), encoding="utf-8"
    )
    database = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    options = ["--data-dir", str(tmp_path / "data"), "--database-url", database]
    first = runner.invoke(app, ["localization", "glossary-import", str(terms), *options])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "2 term(s) added to the global glossary, 0 already there"
    again = runner.invoke(app, ["localization", "glossary-import", str(terms), *options])
    assert again.output.strip() == "0 term(s) added to the global glossary, 2 already there"
    bad = tmp_path / "bad.json"
    bad.write_text('{"fr": "x"}', encoding="utf-8")
    refused = runner.invoke(app, ["localization", "glossary-import", str(bad), *options])
    assert refused.exit_code == 2
