"""The API's schema tells the truth: schemathesis against ``comptoir serve`` on PostgreSQL.

Every check schemathesis has (``--checks all``: no server error, every status and media type
documented, schema-valid requests accepted, schema-invalid ones refused, ``Allow`` on 405...),
over every operation, as several kinds of organisation so that each operation is reached past
its permission check by someone. The number of examples is bounded so the suite stays fast;
``COMPTOIR_SCHEMA_EXAMPLES`` and ``COMPTOIR_SCHEMA_SEED`` explore further.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from comptoir.identity import services as identity
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from tests.e2e.processes import Processes, serve
from tests.integration.identity.world import PASSWORD, World, build_world, signed_in

CONFIG = Path(__file__).parent / "schema" / "schemathesis.toml"
EXAMPLES = os.environ.get("COMPTOIR_SCHEMA_EXAMPLES", "15")
SEED = os.environ.get("COMPTOIR_SCHEMA_SEED", "20261201")


async def _keys(runtime: Runtime, world: World) -> dict[str, str]:
    """An API key for each kind of caller the API serves differently."""
    logistics = await transact(
        runtime, lambda uow: identity.create_organisation(uow, kind=OrganisationKind.LOGISTICS_OPERATOR, name="Cainiao")
    )
    await transact(
        runtime,
        lambda uow: identity.add_user(
            uow, organisation_id=logistics.id, email="ops@cainiao.test", password=PASSWORD, settings=runtime.settings
        ),
    )
    logistics_principal, _ = await signed_in(runtime, "ops@cainiao.test")
    callers = {
        "brand": world.brand.principal,
        "partner": world.partner.principal,
        "platform operator": world.operator.principal,
        "logistics operator": logistics_principal,
    }

    async def keys(uow: UnitOfWork) -> dict[str, str]:
        return {name: (await identity.create_api_key(uow, who, name="schema")).secret for name, who in callers.items()}

    return await transact(runtime, keys)


def _schemathesis(base: str, key: str, report: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file", str(CONFIG),
        "run", f"{base}/api/openapi.json",
        "--checks", "all",
        "--header", f"Authorization: Bearer {key}",
        "--max-examples", EXAMPLES,
        "--seed", SEED,
        "--generation-database", "none",
        "--request-timeout", "30",
        "--no-color",
    ]  # fmt: skip
    env = {**os.environ, "SCHEMATHESIS_HOOKS": ""}
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=report, env=env)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_the_api_schema_matches_the_api_for_every_kind_of_caller(
    runtime: Runtime, processes: Processes, tmp_path: Path
) -> None:
    keys = await _keys(runtime, await build_world(runtime))
    base = serve(processes)
    failures = []
    for caller, key in keys.items():
        run = _schemathesis(base, key, tmp_path)
        if run.returncode != 0:
            failures.append(f"=== as the {caller} (exit {run.returncode})\n{run.stdout[-12000:]}\n{run.stderr[-2000:]}")
        else:
            assert "passed" in run.stdout, run.stdout  # it really ran
    assert not failures, "\n".join(failures)
    assert "Traceback" not in processes.output(), processes.output()
