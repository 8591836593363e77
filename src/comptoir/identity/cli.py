"""`comptoir identity …` commands."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated

import typer

from comptoir.identity import services as identity
from comptoir.kernel import schema
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import load_settings

app = typer.Typer(help="Organisations, users and partner delegation.", no_args_is_help=True)


@app.command("create-operator")
def create_operator(
    email: Annotated[str, typer.Option(help="The operator's sign-in email.")],
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters.")
    ],
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="[env COMPTOIR_DATA_DIR]")] = None,
    database_url: Annotated[str | None, typer.Option("--database-url", help="[env COMPTOIR_DATABASE_URL]")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the new account as JSON.")] = False,
) -> None:
    """Create a platform operator account (staff of the platform organisation), on a fresh install too."""
    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    try:
        settings = load_settings(**overrides)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc

    async def _run() -> dict[str, str]:
        runtime = Runtime.from_settings(settings)
        try:
            await schema.upgrade(runtime.database)
            user = await identity.create_platform_operator(runtime, email=email, password=password)
            return {"user_id": user.id, "organisation_id": user.organisation_id, "email": user.email}
        finally:
            await runtime.database.dispose()

    try:
        created = asyncio.run(_run())
    except ComptoirError as exc:
        typer.echo(f"error: {exc.detail} ({exc.code})", err=True)
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(created))
    else:
        typer.echo(f"platform operator {created['email']} created; sign in at /login")
