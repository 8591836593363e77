"""``comptoir pricing …`` through Typer's runner, on both databases."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner, Result

from comptoir.cli.main import app


async def _comptoir(database_url: str, tmp_path: Path, *args: str) -> Result:
    runner = CliRunner()
    env = {"COMPTOIR_DATA_DIR": str(tmp_path / "data"), "COMPTOIR_DATABASE_URL": database_url}
    return await asyncio.to_thread(runner.invoke, app, list(args), env=env)


async def test_an_operator_loads_the_shipped_rates_and_converts_a_price(database_url: str, tmp_path: Path) -> None:
    loaded = await _comptoir(database_url, tmp_path, "pricing", "load-rates", "--json")
    assert loaded.exit_code == 0, loaded.output
    report = json.loads(loaded.stdout)
    assert report["inserted"] > 200 and report["updated"] == report["unchanged"] == 0

    again = await _comptoir(database_url, tmp_path, "pricing", "load-rates")
    assert again.exit_code == 0 and "0 new, 0 corrected" in again.stdout

    converted = await _comptoir(
        database_url, tmp_path, "pricing", "convert", "--amount", "39.90", "--from", "EUR", "--to", "CNY",
        "--on", "2026-11-28", "--json",
    )  # fmt: skip
    assert converted.exit_code == 0, converted.output
    answer = json.loads(converted.stdout)
    assert answer["amount"] == {"currency": "EUR", "value": "39.90"}
    assert answer["rate_date"] == "2026-11-27"  # a Saturday takes Friday's rate
    assert answer["indicative"]["currency"] == "CNY"

    listed = await _comptoir(database_url, tmp_path, "pricing", "rates")
    assert "EUR/CNY" in listed.stdout and "CNY/EUR" in listed.stdout


async def test_a_rate_file_with_a_bad_line_exits_2_naming_it_and_loads_nothing(
    database_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "rates.csv"
    bad.write_text("date,base,quote,rate\n2026-11-02,EUR,CNY,8.0113\n2026-11-03,EUR,CNY,8,01\n", encoding="utf-8")
    refused = await _comptoir(database_url, tmp_path, "pricing", "load-rates", "--file", str(bad))
    assert refused.exit_code == 2
    assert "line 3" in refused.stderr and "nothing loaded" in refused.stderr

    converted = await _comptoir(
        database_url,
        tmp_path,
        "pricing",
        "convert",
        "--amount",
        "1.00",
        "--from",
        "EUR",
        "--to",
        "CNY",
        "--on",
        "2026-11-02",
    )
    assert converted.exit_code == 1
    assert "no_fx_rate" in converted.stderr


async def test_a_bad_amount_or_day_exits_2(database_url: str, tmp_path: Path) -> None:
    for args in (
        ["--amount", "1.001", "--from", "EUR", "--to", "CNY"],
        ["--amount", "1", "--from", "EUR", "--to", "ZZZ"],
        ["--amount", "1", "--from", "EUR", "--to", "CNY", "--on", "tomorrow"],
    ):
        result = await _comptoir(database_url, tmp_path, "pricing", "convert", *args)
        assert result.exit_code == 2, (args, result.output)
