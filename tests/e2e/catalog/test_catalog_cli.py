"""``comptoir catalog positive-list …`` through Typer's runner, on both databases."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner, Result

from comptoir.cli.main import app


async def _comptoir(database_url: str, tmp_path: Path, *args: str) -> Result:
    env = {"COMPTOIR_DATA_DIR": str(tmp_path / "data"), "COMPTOIR_DATABASE_URL": database_url}
    return await asyncio.to_thread(CliRunner().invoke, app, list(args), env=env)


async def test_an_operator_loads_a_full_positive_list_and_a_bad_one_changes_nothing(
    database_url: str, tmp_path: Path
) -> None:
    shown = await _comptoir(database_url, tmp_path, "catalog", "positive-list", "show", "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["stored"] is False

    full = tmp_path / "full.csv"
    full.write_text(
        "# edition: 2022\n# effective_from: 2022-03-01\nhs_code,description_zh,description_en,note\n"
        "22042100,葡萄酒,Wine,\n33049900,护肤品,Skincare,\n",
        encoding="utf-8",
    )
    loaded = await _comptoir(database_url, tmp_path, "catalog", "positive-list", "load", "--file", str(full), "--json")
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout) == {
        "edition": "2022",
        "effective_from": "2022-03-01",
        "entries": 2,
        "stored": True,
    }

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "# edition: 2023\n# effective_from: 2023-01-01\nhs_code,description_zh,description_en,note\n"
        "2204210,葡萄酒,Wine,\n",
        encoding="utf-8",
    )
    refused = await _comptoir(database_url, tmp_path, "catalog", "positive-list", "load", "--file", str(bad))
    assert refused.exit_code == 2
    assert "line 4" in refused.output
    after = await _comptoir(database_url, tmp_path, "catalog", "positive-list", "show", "--json")
    assert [json.loads(line)["edition"] for line in after.stdout.splitlines()] == ["2022"]

    missing = await _comptoir(database_url, tmp_path, "catalog", "positive-list", "load", "--file", str(tmp_path / "x"))
    assert missing.exit_code == 2
