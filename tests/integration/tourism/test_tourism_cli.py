"""``comptoir tourism export | erase | dashboard | geocode``: a data-protection request answered from the shell,
on SQLite and PostgreSQL. Exit 0 when done, 2 when refused (no ``--yes``, an unknown or erased holder, an address
the street table does not know), and a refusal changes nothing."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from typer.testing import CliRunner, Result

from comptoir import tourism
from comptoir.cli.main import app
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.tourism.world import build_tourism_world, pay_in_shop


async def _comptoir(runtime: Runtime, tmp_path: Path, *args: str) -> Result:
    env = {
        "COMPTOIR_DATA_DIR": str(tmp_path / "cli-data"),
        "COMPTOIR_DATABASE_URL": runtime.settings.database_url,
        "COMPTOIR_ENVIRONMENT": "test",
    }
    return await asyncio.to_thread(CliRunner().invoke, app, list(args), env=env)


async def test_export_then_erase_from_the_shell(runtime: Runtime, clock: FrozenClock, tmp_path: Path) -> None:
    clock.set(datetime.now(UTC))  # the command reads the system clock: the world is built on today's date
    w = await build_tourism_world(runtime)
    paid = await pay_in_shop(runtime, w, "18.00")
    await transact(
        runtime, partial(tourism.follow_brand, holder_id=w.tourist, payment_id=paid.id, follow=True, transfer=True)
    )
    out = tmp_path / "tourist.json"
    done = await _comptoir(runtime, tmp_path, "tourism", "export", "--holder", w.tourist, "--out", str(out))
    assert done.exit_code == 0, done.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "comptoir.tourist-data/1" and [v["payment_id"] for v in document["visits"]] == [
        paid.id
    ]

    unconfirmed = await _comptoir(runtime, tmp_path, "tourism", "erase", "--holder", w.tourist)
    assert unconfirmed.exit_code == 2 and "--yes" in unconfirmed.output
    assert await transact(runtime, partial(tourism.is_following, holder_id=w.tourist, brand_org_id=w.brand_id))

    erased = await _comptoir(runtime, tmp_path, "tourism", "erase", "--holder", w.tourist, "--yes", "--json")
    assert erased.exit_code == 0, erased.output
    assert json.loads(erased.stdout) == {
        "visits_anonymised": 1,
        "consents_erased": 2,
        "follows_erased": 1,
        "attributions_folded": 0,
    }
    again = await _comptoir(runtime, tmp_path, "tourism", "erase", "--holder", w.tourist, "--yes")
    assert again.exit_code == 2 and "erased" in again.output
    gone = await _comptoir(runtime, tmp_path, "tourism", "export", "--holder", w.tourist)
    assert gone.exit_code == 2

    figures = await _comptoir(runtime, tmp_path, "tourism", "dashboard", "--days", "30", "--json")
    assert figures.exit_code == 0, figures.output
    dashboard = json.loads(figures.stdout)
    assert dashboard["shops"] == 2 and dashboard["payments"] == 1
    assert dashboard["tourist_spend"] == {"currency": "EUR", "value": "18.00"}
    assert dashboard["arrondissements"]["1"] == 1


async def test_geocode_answers_from_the_shipped_street_table(runtime: Runtime, tmp_path: Path) -> None:
    found = await _comptoir(runtime, tmp_path, "tourism", "geocode", "40 bd Haussmann", "--postcode", "75009", "--json")
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)["street"] == "Boulevard Haussmann"
    assert json.loads(found.stdout)["arrondissement"] == 9
    unknown = await _comptoir(runtime, tmp_path, "tourism", "geocode", "1 rue imaginaire")
    assert unknown.exit_code == 2 and "not in the table of Paris streets" in unknown.output
