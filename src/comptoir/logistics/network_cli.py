"""`comptoir logistics import|export`: the stored network to and from the network file format."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from comptoir.kernel import schema
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings, load_settings
from comptoir.logistics.errors import NetworkInvalid
from comptoir.logistics.network_file import load_network, network_to_document
from comptoir.logistics.network_summary import StoredNetwork
from comptoir.logistics.services import export_network, import_network

T = TypeVar("T")
DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="SQLite or PostgreSQL URL [env COMPTOIR_DATABASE_URL].")
]
DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="Where Comptoir keeps its files [env COMPTOIR_DATA_DIR].")
]


def _settings(data_dir: Path | None, database_url: str | None) -> Settings:
    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    try:
        return load_settings(**overrides)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def register(app: typer.Typer) -> None:
    """Add ``import`` and ``export`` to the ``comptoir logistics`` group."""
    app.command("import")(import_command)
    app.command("export")(export_command)


def import_command(
    network: Annotated[Path, typer.Option("--network", help="The network file (JSON) to store.")],
    operator_org: Annotated[
        str | None, typer.Option("--operator-org", help="Id of the logistics operator organisation it belongs to.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Replace the stored network by the one in FILE; a file with any problem loads nothing."""
    try:
        parsed = load_network(network)
    except NetworkInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"error: {len(exc.problems)} problem(s) in {network}; nothing loaded", err=True)
        raise typer.Exit(1) from exc
    settings = _settings(data_dir, database_url)

    async def _run() -> StoredNetwork:
        runtime = Runtime.from_settings(settings)
        try:
            await schema.upgrade(runtime.database)
            async with runtime.uow() as uow:
                return await import_network(uow, parsed, operator_org_id=operator_org, imported_by="cli")
        finally:
            await runtime.database.dispose()

    stored = _run_or_exit(_run())
    counts = {
        "version": stored.version, "hubs": len(parsed.hubs), "services": len(parsed.services),
        "connections": len(parsed.connections), "clearance": len(parsed.clearance),
        "last_mile": len(parsed.last_mile),
    }
    if as_json:
        typer.echo(json.dumps(counts))
    else:
        typer.echo(
            f"network version {stored.version} stored: {counts['hubs']} hubs, {counts['services']} services, "
            f"{counts['connections']} connections, {counts['clearance']} clearance points, "
            f"{counts['last_mile']} last-mile zones"
        )


def export_command(
    out: Annotated[Path | None, typer.Option("--out", help="Write the network file here (default: stdout).")] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the stored network in the network file format."""
    settings = _settings(data_dir, database_url)

    async def _run() -> dict[str, object]:
        runtime = Runtime.from_settings(settings)
        try:
            await schema.upgrade(runtime.database)
            async with runtime.uow() as uow:
                return network_to_document(await export_network(uow))
        finally:
            await runtime.database.dispose()

    document = _run_or_exit(_run())
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot write {out}: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"network written to {out}", err=True)


def _run_or_exit(work: Coroutine[Any, Any, T]) -> T:
    try:
        return asyncio.run(work)
    except ComptoirError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(1) from exc
