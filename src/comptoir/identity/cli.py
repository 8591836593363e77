"""`comptoir identity …` commands: the operator's first steps on an install, before any API key exists.

``create-operator`` makes the platform operator's staff account; ``open-account`` opens a brand's,
a small merchant's or a partner's account (with its first API key when asked); ``create-api-key``
gives an existing account a key. With a key, everything else is the API. These trust whoever runs
them, as the machine's owner: people opening an account themselves go through ``/signup``.

Exit codes, as for every ``comptoir`` command: 0 done, 1 a failure, 2 bad input.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from comptoir.identity import services as identity
from comptoir.kernel.commands import DatabaseUrlOption, DataDirOption, run_with_runtime, settings_from_options
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact

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


def _key_json(created: identity.CreatedApiKey) -> dict[str, str]:
    return {"id": created.key.id, "name": created.key.name, "prefix": created.key.prefix, "secret": created.secret}


_KINDS = ", ".join(k.value for k in OrganisationKind if k is not OrganisationKind.PLATFORM)
KindOption = Annotated[str, typer.Option("--kind", help=f"One of {_KINDS} (the operator: create-operator).")]


@app.command("open-account")
def open_account(
    kind: KindOption,
    name: Annotated[str, typer.Option("--name", help="The organisation's name.")],
    email: Annotated[str, typer.Option("--email", help="Its owner's sign-in email.")],
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters.")
    ],
    api_key: Annotated[
        str | None, typer.Option("--api-key", help="Also create its first API key, with this name (shown once).")
    ] = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the new account (and key) as JSON.")] = False,
) -> None:
    """Open an organisation's account and its owner, who can sign in at once (no confirmation mail)."""
    settings = settings_from_options(data_dir, database_url)

    async def _open(uow: UnitOfWork) -> dict[str, object]:
        org, user = await identity.open_account(
            uow, kind=kind, organisation_name=name, email=email, password=password, settings=settings
        )
        key = await identity.issue_api_key(uow, email=user.email, name=api_key) if api_key is not None else None
        return {
            "organisation_id": org.id,
            "kind": org.kind.value,
            "name": org.name,
            "user_id": user.id,
            "email": user.email,
            "api_key": _key_json(key) if key is not None else None,
        }

    opened = run_with_runtime(settings, lambda runtime: transact(runtime, _open))
    if as_json:
        typer.echo(json.dumps(opened, ensure_ascii=False))
        return
    typer.echo(f"{opened['kind']} {opened['name']} ({opened['organisation_id']}) opened; {opened['email']} signs in")
    if isinstance(opened["api_key"], dict):
        typer.echo(f"API key {opened['api_key']['id']} (shown once): {opened['api_key']['secret']}")


@app.command("create-api-key")
def create_api_key(
    email: Annotated[
        str, typer.Option("--email", help="An owner, admin or operator staff account; the key is its organisation's.")
    ],
    name: Annotated[str, typer.Option("--name", help="What the key is for, as the key list shows it.")],
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the new key as JSON.")] = False,
) -> None:
    """Create an API key for the organisation of an existing account, as that account (shown once)."""
    settings = settings_from_options(data_dir, database_url)
    created = run_with_runtime(
        settings, lambda runtime: transact(runtime, lambda uow: identity.issue_api_key(uow, email=email, name=name))
    )
    if as_json:
        typer.echo(json.dumps({**_key_json(created), "organisation_id": created.key.organisation_id}))
    else:
        typer.echo(f"API key {created.key.id} for {created.key.organisation_id} (shown once): {created.secret}")
