"""`comptoir logistics import|export`: the stored network to and from the network file format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from comptoir.kernel.commands import DatabaseUrlOption, DataDirOption, run_with_runtime, settings_from_options
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.domain import StoredNetwork
from comptoir.logistics.errors import NetworkInvalid
from comptoir.logistics.network_file import load_network, network_to_document
from comptoir.logistics.services import export_network, import_network


def problems_phrase(count: int) -> str:
    """ "1 problem", "3 problems"."""
    return f"{count} problem" if count == 1 else f"{count} problems"


def register(app: typer.Typer) -> None:
    """Add ``import`` and ``export`` to the ``comptoir logistics`` group."""
    app.command("import")(import_command)
    app.command("export")(export_command)


def import_command(
    network: Annotated[
        Path, typer.Option("--network", help="The network file (JSON) to store; see docs/network-format.md.")
    ],
    operator_org: Annotated[
        str | None, typer.Option("--operator-org", help="Id of the logistics operator organisation it belongs to.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Replace the stored network by the one in FILE; a file with any problem loads nothing."""
    try:
        parsed = load_network(network)
    except NetworkInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"error: {problems_phrase(len(exc.problems))} in {network}; nothing loaded", err=True)
        raise typer.Exit(1) from exc
    settings = settings_from_options(data_dir, database_url)

    async def _run(runtime: Runtime) -> StoredNetwork:
        return await transact(
            runtime,
            lambda uow: import_network(uow, None, network=parsed, operator_org_id=operator_org, imported_by="cli"),
        )

    stored = run_with_runtime(settings, _run)
    counts = {
        "version": stored.version,
        "hubs": len(parsed.hubs),
        "services": len(parsed.services),
        "connections": len(parsed.connections),
        "clearance": len(parsed.clearance),
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
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Write the stored network in the network file format."""
    settings = settings_from_options(data_dir, database_url)

    async def _run(runtime: Runtime) -> dict[str, object]:
        return network_to_document(await transact(runtime, export_network))

    document = run_with_runtime(settings, _run)
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
