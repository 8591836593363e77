"""`comptoir identity …` commands."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from comptoir.identity import services as identity
from comptoir.kernel.commands import DatabaseUrlOption, DataDirOption, run_with_runtime, settings_from_options
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact

app = typer.Typer(help="Organisations, users and partner delegation.", no_args_is_help=True)


@app.command("create-operator")
def create_operator(
    email: Annotated[str, typer.Option(help="The operator's sign-in email.")],
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters.")
    ],
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the new account as JSON.")] = False,
) -> None:
    """Create a platform operator account (staff of the platform organisation), on a fresh install too."""
    settings = settings_from_options(data_dir, database_url)

    async def _run(runtime: Runtime) -> dict[str, str]:
        user = await transact(
            runtime,
            lambda uow: identity.create_platform_operator(
                uow, email=email, password=password, settings=runtime.settings
            ),
        )
        return {"user_id": user.id, "organisation_id": user.organisation_id, "email": user.email}

    created = run_with_runtime(settings, _run)
    if as_json:
        typer.echo(json.dumps(created))
    else:
        typer.echo(f"platform operator {created['email']} created; sign in at /login")
