"""``comptoir identity open-account`` and ``create-api-key``: an install scripted from its first command.

Whoever runs the installation opens a brand's or a partner's account and gives it its first API key
without pages; the key works like one made by a signed-in owner (same principal, same audit entry), a
refusal at any step leaves nothing behind, and a member, an unknown address or an organisation kind
that is not one is refused. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
from functools import partial
from pathlib import Path

from typer.testing import CliRunner, Result

from comptoir.cli.main import app
from comptoir.identity import services as identity
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact

PASSWORD = "Saumur-ornithorynque-1897"


async def _comptoir(database_url: str, tmp_path: Path, *args: str) -> Result:
    runner = CliRunner()
    env = {
        "COMPTOIR_DATA_DIR": str(tmp_path / "data"),
        "COMPTOIR_DATABASE_URL": database_url,
        "COMPTOIR_ENVIRONMENT": "test",
    }
    return await asyncio.to_thread(runner.invoke, app, list(args), env=env)


def _runtime(database_url: str, tmp_path: Path) -> Runtime:
    return Runtime.from_settings(Settings(environment="test", data_dir=tmp_path / "data", database_url=database_url))


async def _principal_of(database_url: str, tmp_path: Path, secret: str) -> Principal | None:
    runtime = _runtime(database_url, tmp_path)
    try:
        return await transact(runtime, lambda uow: identity.principal_for_api_key(uow, key=secret))
    finally:
        await runtime.database.dispose()


def _open_brand(email: str, *extra: str) -> tuple[str, ...]:
    return (
        "identity", "open-account", "--kind", "brand", "--name", "Maison Lumière", "--email", email,
        "--password", PASSWORD, *extra,
    )  # fmt: skip


async def test_an_operator_opens_a_brand_with_its_first_key_and_the_key_acts_for_the_brand(
    database_url: str, tmp_path: Path
) -> None:
    opened = await _comptoir(database_url, tmp_path, *_open_brand("owner@lumiere.example", "--api-key", "shop app"))
    assert opened.exit_code == 0, opened.output
    # Without --json: a sentence and the key, for people.
    assert "opened" in opened.stdout and "(shown once): cpt_" in opened.stdout

    as_json = await _comptoir(
        database_url, tmp_path, *_open_brand("second@lumiere.example", "--api-key", "shop app", "--json")
    )
    assert as_json.exit_code == 0, as_json.output
    account = json.loads(as_json.stdout)
    assert account["kind"] == "brand" and account["name"] == "Maison Lumière"
    assert account["email"] == "second@lumiere.example" and account["api_key"]["name"] == "shop app"
    principal = await _principal_of(database_url, tmp_path, account["api_key"]["secret"])
    assert principal is not None
    assert principal.organisation_id == account["organisation_id"]
    assert principal.organisation_kind is OrganisationKind.BRAND and principal.via == "api_key"

    runtime = _runtime(database_url, tmp_path)
    try:
        owner = Principal(
            organisation_id=account["organisation_id"],
            organisation_kind=OrganisationKind.BRAND,
            organisation_name="Maison Lumière",
            via="session",
            user_id=account["user_id"],
            roles=frozenset({"owner"}),
        )
        entries, _ = await transact(runtime, lambda uow: identity.audit_log(uow, owner))
    finally:
        await runtime.database.dispose()
    created = [e for e in entries if e.action == "api_key.created"]
    assert [(e.target, e.actor_user_id) for e in created] == [(account["api_key"]["id"], account["user_id"])]


async def test_an_account_without_a_key_gets_one_later_and_the_operator_gets_one_too(
    database_url: str, tmp_path: Path
) -> None:
    opened = await _comptoir(
        database_url, tmp_path, "identity", "open-account", "--kind", "partner", "--name", "Hangzhou Xihu Digital",
        "--email", "ops@xihu.example", "--password", PASSWORD, "--json",
    )  # fmt: skip
    assert opened.exit_code == 0, opened.output
    assert json.loads(opened.stdout)["api_key"] is None
    key = await _comptoir(
        database_url, tmp_path, "identity", "create-api-key", "--email", "OPS@xihu.example", "--name", "sync", "--json"
    )
    assert key.exit_code == 0, key.output
    made = json.loads(key.stdout)
    partner = await _principal_of(database_url, tmp_path, made["secret"])
    assert partner is not None and partner.organisation_kind is OrganisationKind.PARTNER
    assert made["organisation_id"] == partner.organisation_id

    operator = await _comptoir(
        database_url, tmp_path, "identity", "create-operator", "--email", "ops@comptoir.example", "--password", PASSWORD
    )
    assert operator.exit_code == 0, operator.output
    ops_key = await _comptoir(
        database_url, tmp_path, "identity", "create-api-key", "--email", "ops@comptoir.example", "--name", "ops"
    )
    assert ops_key.exit_code == 0, ops_key.output
    secret = ops_key.stdout.rsplit(" ", 1)[-1].strip()
    platform = await _principal_of(database_url, tmp_path, secret)
    assert platform is not None and platform.is_platform_operator


async def test_refusals_exit_non_zero_with_their_code_and_leave_nothing_behind(
    database_url: str, tmp_path: Path
) -> None:
    weak = await _comptoir(database_url, tmp_path, *_open_brand("owner@lumiere.example")[:-1], "short")
    assert weak.exit_code == 2 and "password_too_short" in weak.stderr
    platform = await _comptoir(
        database_url, tmp_path, "identity", "open-account", "--kind", "platform", "--name", "Comptoir",
        "--email", "x@comptoir.example", "--password", PASSWORD,
    )  # fmt: skip
    assert platform.exit_code == 2 and "operator_via_command" in platform.stderr
    unknown_kind = await _comptoir(
        database_url, tmp_path, "identity", "open-account", "--kind", "bank", "--name", "Banque",
        "--email", "x@banque.example", "--password", PASSWORD,
    )  # fmt: skip
    assert unknown_kind.exit_code == 2 and "invalid_organisation_kind" in unknown_kind.stderr
    # The key's name is refused after the account was written: the account is not opened either.
    blank_key = await _comptoir(database_url, tmp_path, *_open_brand("owner@lumiere.example", "--api-key", "   "))
    assert blank_key.exit_code == 2, blank_key.output
    nobody = await _comptoir(
        database_url, tmp_path, "identity", "create-api-key", "--email", "owner@lumiere.example", "--name", "k"
    )
    assert nobody.exit_code == 1 and "user_not_found" in nobody.stderr
    malformed = await _comptoir(
        database_url, tmp_path, "identity", "create-api-key", "--email", "not an address", "--name", "k"
    )
    assert malformed.exit_code == 2 and "invalid_email" in malformed.stderr

    opened = await _comptoir(database_url, tmp_path, *_open_brand("owner@lumiere.example", "--json"))
    assert opened.exit_code == 0, opened.output  # the address is still free after every refusal above
    again = await _comptoir(database_url, tmp_path, *_open_brand("owner@lumiere.example"))
    assert again.exit_code == 1 and "email_taken" in again.stderr


async def test_a_member_gets_no_key_from_the_command_line(database_url: str, tmp_path: Path) -> None:
    opened = await _comptoir(database_url, tmp_path, *_open_brand("owner@lumiere.example", "--json"))
    assert opened.exit_code == 0, opened.output
    org_id = json.loads(opened.stdout)["organisation_id"]
    runtime = _runtime(database_url, tmp_path)
    try:
        await transact(
            runtime,
            partial(
                identity.add_user,
                organisation_id=org_id,
                email="stagiaire@lumiere.example",
                password=PASSWORD,
                role="member",
                settings=runtime.settings,
            ),
        )
    finally:
        await runtime.database.dispose()
    refused = await _comptoir(
        database_url, tmp_path, "identity", "create-api-key", "--email", "stagiaire@lumiere.example", "--name", "k"
    )
    assert refused.exit_code == 1 and "role_required" in refused.stderr
