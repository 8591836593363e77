"""`comptoir logistics import|export`: the stored network to and from the network file format.

A network file with problems is bad input (exit 2, every problem listed, nothing stored); a failure
(no network to export, a database that cannot be used, a file that cannot be written) exits 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from comptoir.kernel.commands import DatabaseUrlOption, DataDirOption, fail, run_with_runtime, settings_from_options
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
    """Replace the stored network by the one in FILE; a file with any problem loads nothing (exit 2)."""
    try:
        parsed = load_network(network)
    except NetworkInvalid as exc:
        raise _refused(network, exc) from exc
    settings = settings_from_options(data_dir, database_url)

    async def _run(runtime: Runtime) -> StoredNetwork | NetworkInvalid:
        try:
            return await transact(
                runtime,
                lambda uow: import_network(uow, None, network=parsed, operator_org_id=operator_org, imported_by="cli"),
            )
        except NetworkInvalid as exc:  # what only storing finds (a value longer than its column): bad input too
            return exc

    stored = run_with_runtime(settings, _run)
    if isinstance(stored, NetworkInvalid):
        raise _refused(network, stored) from stored
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


def _refused(network: Path, refusal: NetworkInvalid) -> typer.Exit:
    """Every problem on stderr, then the one-line reason; the exit of bad input."""
    for problem in refusal.problems:
        typer.echo(str(problem), err=True)
    return fail(f"{problems_phrase(len(refusal.problems))} in {network}; nothing loaded", 2)


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
        raise fail(f"cannot write {out}: {exc}") from exc
    typer.echo(f"network written to {out}", err=True)
