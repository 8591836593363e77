"""The command: pgbench first, the world, the servers, each concurrency's timed visits, the figures."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import text
from sqlalchemy.engine import make_url

from comptoir import ledger
from comptoir.kernel import pgbench, schema
from comptoir.kernel.commands import BAD_INPUT, fail
from comptoir.kernel.database import Database
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact
from comptoir.orders.bench.servers import Servers
from comptoir.orders.bench.visits import Clients, run_checkouts, sign_in_all
from comptoir.orders.bench.world import (
    DEFAULT_POSTGRESQL_URL,
    DRAIN_TIMEOUT_S,
    SAMPLE,
    SETUP_CONCURRENCY,
    WARMUP,
    WEB_PROCESSES,
    BenchPlan,
    build_world,
    count_per_checkout,
)
from comptoir.orders.domain import OrderStatus

# --- the whole bench ---------------------------------------------------------------------------------------


async def _outbox(runtime: Runtime) -> dict[str, int]:
    async with runtime.database.connect() as conn:
        rows = await conn.execute(text("SELECT status, count(*) FROM kernel_outbox GROUP BY status"))
        return {str(status): int(n) for status, n in rows}


async def _orders_by_status(runtime: Runtime) -> dict[str, int]:
    async with runtime.database.connect() as conn:
        rows = await conn.execute(text("SELECT status, count(*) FROM orders_orders GROUP BY status"))
        return {str(status): int(n) for status, n in rows}


def _paid(by_status: dict[str, int]) -> int:
    """Orders that were paid: the worker's customs filing moves a paid order into China on to ``declared``."""
    return by_status.get(OrderStatus.PAID.value, 0) + by_status.get(OrderStatus.DECLARED.value, 0)


async def _drain(runtime: Runtime, servers: Servers) -> dict[str, int]:
    """Wait (a while) until the worker has handled every event the checkouts published."""
    deadline = time.monotonic() + DRAIN_TIMEOUT_S
    while True:
        counts = await _outbox(runtime)
        if not counts.get("pending") or time.monotonic() > deadline:
            return counts
        servers.check_alive()
        await asyncio.sleep(0.5)


async def _measure(
    url: str, data_dir: Path, servers: Servers, plan: BenchPlan, output: dict[str, Any], progress: Callable[[str], None]
) -> None:
    settings = Settings(environment="test", data_dir=data_dir, database_url=url, secret_key=servers.secret_key)
    runtime = Runtime.from_settings(settings)
    await runtime.database.dispose()
    runtime.database = Database(url, pool_size=SETUP_CONCURRENCY + 2)
    clients = Clients()
    try:
        await schema.upgrade(runtime.database)
        runs = plan.checkouts * len(plan.concurrency)
        world = await build_world(runtime, buyers=SAMPLE + WARMUP + runs, progress=progress)
        progress("counting the statements of one checkout")
        output.update(await count_per_checkout(runtime, world))
        progress(f"starting {WEB_PROCESSES} web processes and a worker")
        servers.start()
        await servers.wait_until_ready(lambda port: clients(0, port))
        paid_before = _paid(await _orders_by_status(runtime))
        # Not timed: each web process's first visits load what it keeps (the network's timetable, templates).
        warm = world.buyers[SAMPLE : SAMPLE + WARMUP]
        tokens = await sign_in_all(clients, servers.ports, warm)
        warmed = await run_checkouts(clients, servers.ports, warm, tokens, concurrency=1, label="warm")
        if warmed.errors:
            raise RuntimeError(f"the warm-up checkouts failed: {dict(warmed.errors)}")
        output["warmup_checkouts"] = len(warm)
        first = SAMPLE + WARMUP
        for n, c in enumerate(plan.concurrency):
            buyers = world.buyers[first + n * plan.checkouts : first + (n + 1) * plan.checkouts]
            progress(f"signing {len(buyers)} buyers in")
            tokens = await sign_in_all(clients, servers.ports, buyers)
            progress(f"checkouts: {plan.checkouts} buyers, {c} at a time")
            run = await run_checkouts(clients, servers.ports, buyers, tokens, concurrency=c, label=f"c{c}")
            servers.check_alive()
            output["concurrency"][str(c)] = run.summary(len(buyers)) | {"peak_rss_mb": servers.peak_rss_mb()}
        progress("waiting for the worker to handle the checkouts' events")
        output["outbox"] = await _drain(runtime, servers)
        output["peak_rss_mb"] = servers.peak_rss_mb()
        completed = len(warm) + sum(r["completed"] for r in output["concurrency"].values())
        output["orders_by_status"] = await _orders_by_status(runtime)
        output["paid_orders_in_database"] = _paid(output["orders_by_status"]) - paid_before
        output["paid_orders_match"] = output["paid_orders_in_database"] == completed
        await ledger.seal_chain(runtime)
        report = await transact(runtime, ledger.verify)
        output["ledger_clean"] = report.ok
        output["ledger_transfers_checked"] = report.transfers_checked
        if not report.ok:
            output["ledger_violations"] = [v.message for v in report.violations[:5]]
    finally:
        await clients.close()
        servers.stop()
        await runtime.database.dispose()


async def run_bench(
    *, postgresql_url: str, plan: BenchPlan, servers: Servers, progress: Callable[[str], None]
) -> dict[str, Any]:
    """pgbench at each concurrency, then the checkout world, its servers and its runs; one JSON-able object."""
    output: dict[str, Any] = {
        "database": "postgresql",
        "checkouts": plan.checkouts,
        "web_processes": WEB_PROCESSES,
        "workers": 1,
        "concurrency": {},
        "pgbench_tps": {str(c): None for c in plan.concurrency},
        "ledger_clean": False,
    }
    progress(f"pgbench: TPC-B-like for {plan.pgbench_seconds} s at concurrency {plan.concurrency}")
    output.update(
        await pgbench.measure_pgbench(
            postgresql_url,
            scratch_names()[1],
            seconds=plan.pgbench_seconds,
            concurrencies=plan.concurrency,
        )
    )
    scratch = scratch_names()[0]
    await pgbench.pg_admin(postgresql_url, [f'DROP DATABASE IF EXISTS "{scratch}"', f'CREATE DATABASE "{scratch}"'])
    await _measure(pgbench.database_url(postgresql_url, scratch), servers.data_dir, servers, plan, output, progress)
    output["ratio_to_pgbench"] = {
        c: round(output["concurrency"][c]["checkouts_per_s"] / tps, 4) if tps and c in output["concurrency"] else None
        for c, tps in output["pgbench_tps"].items()
    }
    return output


def scratch_names() -> tuple[str, str]:
    """The scratch databases of this run: the bench's and pgbench's."""
    return f"comptoir_checkbench_{os.getpid()}", f"comptoir_checkpgbench_{os.getpid()}"


async def _drop_scratch(postgresql_url: str) -> None:
    await pgbench.pg_admin(
        postgresql_url, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in scratch_names()]
    )


def _concurrencies(value: str) -> tuple[int, ...]:
    try:
        found = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        found = ()
    if not found or any(c < 1 or c > 128 for c in found):
        raise fail("--concurrency is a list of numbers from 1 to 128, e.g. 8,32", BAD_INPUT)
    return found


def _failures(output: dict[str, Any]) -> list[str]:
    found = []
    for c, row in output["concurrency"].items():
        if row["errors"] or row["completed"] != row["attempted"]:
            found.append(f"at concurrency {c}, {row['attempted'] - row['completed']} checkouts failed: {row['errors']}")
    if not output.get("ledger_clean"):
        found.append("the ledger failed verification after the bench")
    if not output.get("paid_orders_match", False):
        found.append("fewer paid orders in the database than checkouts reported")
    if output.get("outbox", {}).get("pending") or output.get("outbox", {}).get("failed"):
        found.append(f"the worker left events behind: {output['outbox']}")
    if any(tps is None for tps in output["pgbench_tps"].values()):
        found.append(f"pgbench gave no figure: {output.get('pgbench_error', 'no pgbench program on PATH')}")
    return found


def bench_command(
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    database_url: Annotated[
        str, typer.Option("--database-url", help="PostgreSQL server to measure (scratch databases are used).")
    ] = DEFAULT_POSTGRESQL_URL,
    checkouts: Annotated[int, typer.Option("--checkouts", min=1, help="Paid checkouts per concurrency.")] = 400,
    concurrency: Annotated[str, typer.Option("--concurrency", help="Buyers checking out at once, e.g. 8,32.")] = "8,32",
    pgbench_seconds: Annotated[int, typer.Option("--pgbench-seconds", min=1, help="Seconds of pgbench per run.")] = 10,
) -> None:
    """Paid checkouts per second over HTTP (two web processes and a worker), against pgbench in the same run."""
    try:
        parsed = make_url(database_url)
    except Exception as exc:
        raise fail(f"--database-url is not a database URL: {exc}", BAD_INPUT) from exc
    if parsed.get_backend_name() != "postgresql":
        raise fail("--database-url must name a PostgreSQL server", BAD_INPUT)
    plan = BenchPlan(checkouts=checkouts, concurrency=_concurrencies(concurrency), pgbench_seconds=pgbench_seconds)
    say: Callable[[str], None] = lambda m: typer.echo(m, err=True)  # noqa: E731
    with tempfile.TemporaryDirectory() as data_dir:
        scratch = pgbench.database_url(database_url, scratch_names()[0])
        servers = Servers(scratch, Path(data_dir), secrets.token_urlsafe(32))
        try:
            output = asyncio.run(run_bench(postgresql_url=database_url, plan=plan, servers=servers, progress=say))
        except OSError as exc:
            raise fail(f"PostgreSQL unreachable at {parsed.host}: {exc}") from exc
        except RuntimeError as exc:
            raise fail(f"the bench failed: {exc}") from exc
        finally:
            servers.stop()
            with contextlib.suppress(Exception):
                asyncio.run(_drop_scratch(database_url))
    if json_output:
        import json

        typer.echo(json.dumps(output))
    else:
        _print_table(output)
    failures = _failures(output)
    if failures:
        raise fail("; ".join(failures))


def _print_table(output: dict[str, Any]) -> None:
    typer.echo(
        f"{'c':>4} {'checkouts/s':>12} {'done':>6} {'errors':>7} {'chk p50':>9} {'chk p99':>9}"
        f" {'visit p50':>10} {'visit p99':>10} {'pgbench':>9} {'ratio':>8}"
    )
    for c, row in output["concurrency"].items():
        tps = output["pgbench_tps"].get(c)
        ratio = output["ratio_to_pgbench"].get(c)
        typer.echo(
            f"{c:>4} {row['checkouts_per_s']:>12,.2f} {row['completed']:>6} {sum(row['errors'].values()):>7}"
            f" {row['checkout_p50_ms'] or 0:>9.1f} {row['checkout_p99_ms'] or 0:>9.1f}"
            f" {row['visit_p50_ms'] or 0:>10.1f} {row['visit_p99_ms'] or 0:>10.1f}"
            f" {tps or 0:>9,.0f} {ratio if ratio is not None else '':>8}"
        )
        for error, n in row["errors"].items():
            typer.echo(f"     error: {error} x{n}")
    typer.echo(f"(latencies in ms; {output['web_processes']} web processes and {output['workers']} worker)")
    keys = ("statements_per_checkout", "statements_per_checkout_by_hs_code", "commits_per_checkout")
    for key in (*keys, "peak_rss_mb", "orders_by_status", "outbox", "ledger_clean"):
        typer.echo(f"{key}: {output.get(key)}")
    if "pgbench_error" in output:
        typer.echo(f"pgbench_error: {output['pgbench_error']}")
