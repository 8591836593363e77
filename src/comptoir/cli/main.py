"""``comptoir``: serve, demo, worker, db, version, and each capability's tools."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from typing import Annotated

import typer

from comptoir import (
    __version__,
    catalog,
    customs,
    identity,
    intelligence,
    ledger,
    localization,
    logistics,
    orders,
    payments,
    pricing,
    tourism,
)
from comptoir.kernel import schema
from comptoir.kernel.commands import DatabaseUrlOption, DataDirOption, run_with_runtime, settings_from_options
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings

app = typer.Typer(
    help="Comptoir: cross-border commerce for the France <-> China trade loop.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
bench_app = typer.Typer(help="Measure speed against a baseline measured in the same run.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(bench_app, name="bench")
app.add_typer(identity.cli_app, name="identity")
app.add_typer(ledger.cli_app, name="ledger")
bench_app.command("ledger")(ledger.bench_command)
app.add_typer(logistics.cli_app, name="logistics")
app.add_typer(catalog.cli_app, name="catalog")
app.add_typer(localization.cli_app, name="localization")
bench_app.command("promise")(logistics.bench_command)
bench_app.command("tracking")(logistics.tracking_bench_command)
app.add_typer(pricing.cli_app, name="pricing")
app.add_typer(payments.cli_app, name="payments")
app.add_typer(tourism.cli_app, name="tourism")
app.add_typer(customs.cli_app, name="customs")
bench_app.command("payments")(payments.bench_command)
bench_app.command("checkout")(orders.bench_command)
app.add_typer(intelligence.cli_app, name="search")
bench_app.command("search")(intelligence.bench_command)


@app.command()
def errors(as_json: Annotated[bool, typer.Option("--json", help="One JSON object per code.")] = False) -> None:
    """Every error code Comptoir answers, with its HTTP status and the sentence people are shown."""
    import json

    import comptoir.web  # noqa: F401  (importing the assembly declares every capability's codes)
    from comptoir.kernel.error_catalogue import catalogue, catalogue_markdown

    if as_json:
        for entry in catalogue():
            typer.echo(
                json.dumps(
                    {
                        "code": entry.code,
                        "status": entry.status,
                        "title": entry.title,
                        "sentence": entry.sentence,
                        "declared_by": entry.declared_by,
                    }
                )
            )
    else:
        typer.echo(catalogue_markdown(), nl=False)


@app.command()
def version() -> None:
    """Print Comptoir's version."""
    typer.echo(f"comptoir {__version__}")


@db_app.command("upgrade")
def db_upgrade(data_dir: DataDirOption = None, database_url: DatabaseUrlOption = None) -> None:
    """Create or migrate every capability's tables to the latest revision."""
    settings = settings_from_options(data_dir, database_url)

    async def _nothing_more(runtime: Runtime) -> None:
        """The schema is brought up to date before any work runs; there is nothing else to do."""

    run_with_runtime(settings, _nothing_more)
    typer.echo("database is up to date")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    worker: Annotated[bool, typer.Option(help="Run the outbox worker in this process.")] = True,
) -> None:
    """Migrate the database, then serve the web app and API."""
    settings = settings_from_options(data_dir, database_url)
    _serve(settings, host=host or settings.host, port=port or settings.port, worker=worker)


def _serve(settings: Settings, *, host: str, port: int, worker: bool) -> None:
    import uvicorn

    from comptoir.web import create_app

    asyncio.run(_migrate(settings))
    # The runtime (and its connection pool) is made only now, so that every connection it opens
    # belongs to uvicorn's event loop: a pooled connection from the migration's loop would fail there.
    runtime = Runtime.from_settings(settings)
    application = create_app(runtime, run_worker=worker and settings.run_worker_in_process)
    # Comptoir reads X-Forwarded-For itself, only as far as COMPTOIR_TRUSTED_PROXIES allows.
    uvicorn.run(application, host=host, port=port, log_level="info", proxy_headers=False)


async def _migrate(settings: Settings) -> None:
    """Bring the schema up to date through a database handle of its own, closed before serving."""
    runtime = Runtime.from_settings(settings)
    try:
        await schema.upgrade(runtime.database)
    finally:
        await runtime.database.dispose()


@app.command()
def demo(
    reset: Annotated[bool, typer.Option("--reset", help="Throw the demo world away and build it again.")] = False,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the demo once it is ready.")] = True,
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Build (or reuse) the demo world in an embedded SQLite file, print the logins and serve it."""
    from comptoir.simulation import DemoLogin, build_demo_world, existing_world

    settings = settings_from_options(data_dir, None)
    if settings.database_url:
        typer.echo("error: the demo builds its own SQLite world; unset COMPTOIR_DATABASE_URL", err=True)
        raise typer.Exit(2)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    logins = None if reset else existing_world(settings.data_dir)
    if logins is None:
        for leftover in settings.data_dir.glob("comptoir.sqlite3*"):
            leftover.unlink()

        async def _build() -> list[DemoLogin]:
            runtime = Runtime.from_settings(settings)
            try:
                await schema.upgrade(runtime.database)
                return await build_demo_world(runtime)
            finally:
                await runtime.database.dispose()

        typer.echo(f"building the demo world in {settings.data_dir.resolve()} …")
        logins = asyncio.run(_build())
    else:
        typer.echo(f"reusing the demo world in {settings.data_dir.resolve()} (comptoir demo --reset rebuilds it)")
    host = host or settings.host
    port = port or settings.port
    typer.echo(f"\nComptoir demo: http://{host}:{port}/\n")
    if logins:
        width = max(len(x.persona) for x in logins)
        typer.echo("Demo logins:")
        for login in logins:
            typer.echo(f"  {login.persona.ljust(width)}  {login.email}  /  {login.password}   ({login.space})")
    if serve_after:
        _serve(settings, host=host, port=port, worker=True)


@app.command("worker")
def run_worker(
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    once: Annotated[bool, typer.Option(help="Deliver what is due now, then exit.")] = False,
) -> None:
    """Deliver outbox events to their handlers (run any number of these)."""
    from comptoir.kernel.outbox import OutboxWorker
    from comptoir.web import frequent_chores, subscribe_all, worker_chores

    settings = settings_from_options(data_dir, database_url)

    async def _run() -> None:
        runtime = Runtime.from_settings(settings)
        subscribe_all(runtime)
        await schema.upgrade(runtime.database)
        outbox = OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock)
        try:
            if once:
                typer.echo(f"delivered {await outbox.run_once()} event(s)")
            else:
                await outbox.run_forever(chores=worker_chores(runtime), frequent_chores=frequent_chores(runtime))
        finally:
            await runtime.database.dispose()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run())


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
