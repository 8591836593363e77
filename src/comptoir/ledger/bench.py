"""``comptoir bench ledger``: transfers per second on PostgreSQL and SQLite, against pgbench.

Every figure comes from scratch storage made for the run and removed after it: a scratch
PostgreSQL database (``comptoir_bench_<pid>``, and ``comptoir_pgbench_<pid>`` for pgbench) on the
server of ``--database-url``, and a SQLite file in a temporary directory. Scenarios:

- ``single``: one transfer per transaction, from ``writers`` writer processes at once;
- ``batch``: batches of ``batch_size`` transfers between spread wallets;
- ``hot_batch``: the same, but every transfer pays one hot merchant account.

Wallets carry ``debits_must_not_exceed_credits`` (as real wallets do), so every transfer is checked
against its flag. Latencies are per transaction (one transfer for ``single``, one batch otherwise).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from comptoir.kernel import schema
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact
from comptoir.ledger import services
from comptoir.ledger.domain import DEBITS_MUST_NOT_EXCEED_CREDITS, NewAccount, Transfer

DEFAULT_POSTGRESQL_URL = "postgresql://postgres@127.0.0.1:5432/test"
FUNDS = 10**12


@dataclass(frozen=True)
class BenchPlan:
    """How much work each scenario does; the defaults take about a minute in all."""

    accounts: int = 10_000
    batch_size: int = 1_000
    batches: int = 60
    writers: int = 2
    single_seconds: float = 5.0
    sqlite_batches: int = 20
    sqlite_single_seconds: float = 3.0
    pgbench_seconds: int = 10


@dataclass(frozen=True)
class ScenarioResult:
    database: str
    scenario: str
    transfers_per_s: float
    p50_ms: float
    p99_ms: float
    transfers: int
    writers: int
    batch_size: int


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _summary(
    database: str, scenario: str, latencies: list[float], elapsed: float, transfers: int, writers: int, size: int
) -> ScenarioResult:
    return ScenarioResult(
        database=database,
        scenario=scenario,
        transfers_per_s=round(transfers / elapsed, 1),
        p50_ms=round(statistics.median(latencies) * 1000, 3),
        p99_ms=round(_percentile(latencies, 0.99) * 1000, 3),
        transfers=transfers,
        writers=writers,
        batch_size=size,
    )


async def _open_and_fund(runtime: Runtime, plan: BenchPlan) -> list[str]:
    wallets = [f"wallet-{i:06d}" for i in range(plan.accounts)]
    flags = frozenset({DEBITS_MUST_NOT_EXCEED_CREDITS})
    accounts = [
        NewAccount("bank", "EUR", "platform", "bank"),
        NewAccount("merchant", "EUR", "shop", "merchant_pending"),
    ]
    accounts += [NewAccount(w, "EUR", f"tourist-{w}", "wallet", flags) for w in wallets]
    for start in range(0, len(accounts), 5_000):
        chunk = accounts[start : start + 5_000]
        await transact(runtime, partial(services.open_accounts, accounts=chunk))
    funding = [Transfer(f"fund-{w}", "bank", w, FUNDS, "EUR") for w in wallets]
    for start in range(0, len(funding), plan.batch_size):
        batch = funding[start : start + plan.batch_size]
        await transact(runtime, partial(services.post_transfers, transfers=batch))
    return wallets


async def _run_batches(runtime: Runtime, batches: list[list[Transfer]], writers: int) -> tuple[list[float], float]:
    latencies: list[float] = []
    queue = iter(batches)

    async def writer() -> None:
        for batch in queue:
            started = time.perf_counter()
            results = await transact(runtime, partial(services.post_transfers, transfers=batch))
            latencies.append(time.perf_counter() - started)
            if any(r != "ok" for r in results):
                raise RuntimeError(f"the bench expected every transfer to pass: {sorted(set(results))}")

    started = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(writers)))
    return latencies, time.perf_counter() - started


def _single_writer(
    url: str, data_dir: str, wallets: list[str], index: int, start_at: float, seconds: float
) -> list[float]:
    """One writer process: one transfer per transaction from ``start_at`` for ``seconds``; its latencies."""

    async def write() -> list[float]:
        runtime = Runtime.from_settings(Settings(data_dir=Path(data_dir), database_url=url))
        latencies: list[float] = []
        try:
            await transact(runtime, lambda uow: services.balances(uow, wallets[:1]))  # connect before the clock
            await asyncio.sleep(max(0.0, start_at - time.time()))
            deadline = start_at + seconds
            number = 0
            while time.time() < deadline:
                source = wallets[(number * 7 + index) % len(wallets)]
                target = wallets[(number * 13 + index + 1) % len(wallets)]
                if source == target:
                    target = "merchant"
                transfer = Transfer(f"single-{index}-{number}", source, target, 1, "EUR")
                started = time.perf_counter()
                results = await transact(runtime, partial(services.post_transfers, transfers=[transfer]))
                latencies.append(time.perf_counter() - started)
                if results != ["ok"]:
                    raise RuntimeError(f"the bench expected the transfer to pass: {results}")
                number += 1
        finally:
            await runtime.database.dispose()
        return latencies

    return asyncio.run(write())


async def _run_single(
    url: str, data_dir: Path, wallets: list[str], seconds: float, writers: int
) -> tuple[list[float], float, int]:
    """Single transfers from ``writers`` processes at once (as pgbench runs its clients in parallel)."""
    start_at = time.time() + 2.0
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=writers, mp_context=context) as pool:
        futures = [
            pool.submit(_single_writer, url, str(data_dir), wallets, index, start_at, seconds)
            for index in range(writers)
        ]
        per_writer = [await asyncio.wrap_future(f) for f in futures]
    latencies = [latency for writer in per_writer for latency in writer]
    return latencies, seconds, len(latencies)


def _spread_batches(wallets: list[str], prefix: str, count: int, size: int, *, hot: bool) -> list[list[Transfer]]:
    n = len(wallets)
    batches = []
    for b in range(count):
        batch = []
        for i in range(size):
            k = b * size + i
            source = wallets[(k * 7919) % n]
            target = "merchant" if hot else wallets[(k * 104_729 + 1) % n]
            if target == source:
                target = "merchant"
            batch.append(Transfer(f"{prefix}-{b}-{i}", source, target, 1 + k % 97, "EUR"))
        batches.append(batch)
    return batches


async def _scenarios(
    database: str, url: str, data_dir: Path, plan: BenchPlan, progress: Callable[[str], None]
) -> list[ScenarioResult]:
    runtime = Runtime.from_settings(Settings(data_dir=data_dir, database_url=url))
    writers = plan.writers if database == "postgresql" else 1
    batches = plan.batches if database == "postgresql" else plan.sqlite_batches
    seconds = plan.single_seconds if database == "postgresql" else plan.sqlite_single_seconds
    try:
        await schema.upgrade(runtime.database)
        progress(f"{database}: opening and funding {plan.accounts} wallets")
        wallets = await _open_and_fund(runtime, plan)
        results = []
        progress(f"{database}: single transfers for {seconds:g} s with {writers} writer(s)")
        latencies, elapsed, count = await _run_single(url, data_dir, wallets, seconds, writers)
        results.append(_summary(database, "single", latencies, elapsed, count, writers, 1))
        for scenario, hot in (("batch", False), ("hot_batch", True)):
            work = _spread_batches(wallets, scenario, batches, plan.batch_size, hot=hot)
            progress(f"{database}: {scenario}: {batches} batches of {plan.batch_size} with {writers} writer(s)")
            latencies, elapsed = await _run_batches(runtime, work, writers)
            results.append(
                _summary(database, scenario, latencies, elapsed, batches * plan.batch_size, writers, plan.batch_size)
            )
        await services.seal_chain(runtime)
        report = await transact(runtime, services.verify)
        if not report.ok:
            raise RuntimeError(f"{database}: the ledger failed verification after the bench: {report.violations[:3]}")
        return results
    finally:
        await runtime.database.dispose()


async def _pg_admin(url: str, statements: list[str]) -> None:
    import asyncpg

    parsed = make_url(url)
    conn = await asyncpg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database=parsed.database or "postgres",
        timeout=5,
    )
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def _pgbench(url: str, database: str, seconds: int) -> float | None:
    """TPC-B-like transactions per second from ``pgbench -c 2 -j 2`` on a scratch database; None without pgbench."""
    program = shutil.which("pgbench")
    if program is None:
        return None
    parsed = make_url(url)
    connection = ["-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres"]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    subprocess.run([program, "-i", "-q", "-s", "1", *connection, database], check=True, capture_output=True, env=env)
    run = subprocess.run(
        [program, "-T", str(seconds), "-c", "2", "-j", "2", *connection, database],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    match = re.search(r"tps = ([0-9.]+)", run.stdout)
    return float(match.group(1)) if match else None


async def _measure_pgbench(postgresql_url: str, database: str, seconds: int, output: dict[str, Any]) -> None:
    try:
        await _pg_admin(postgresql_url, [f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"'])
        output["pgbench_tps"] = await asyncio.to_thread(_pgbench, postgresql_url, database, seconds)
    except subprocess.CalledProcessError as exc:
        output["pgbench_error"] = (exc.stderr or b"").decode(errors="replace").strip()[-300:]
    finally:
        await _pg_admin(postgresql_url, [f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'])


async def run_bench(*, postgresql_url: str | None, plan: BenchPlan, progress: Callable[[str], None]) -> dict[str, Any]:
    """Run pgbench, then every scenario on PostgreSQL (when reachable) and on SQLite; one JSON-able object.

    pgbench runs just before the ledger on the same server, so both see the same machine.
    """
    results: list[ScenarioResult] = []
    output: dict[str, Any] = {"results": [], "pgbench_tps": None}
    suffix = f"{os.getpid()}"
    if postgresql_url:
        scratch = f"comptoir_bench_{suffix}"
        try:
            await _pg_admin(postgresql_url, [f'DROP DATABASE IF EXISTS "{scratch}"', f'CREATE DATABASE "{scratch}"'])
        except (OSError, Exception) as exc:
            output["postgresql_error"] = f"PostgreSQL unreachable at {make_url(postgresql_url).host}: {exc}"
        else:
            try:
                progress(f"pgbench: TPC-B-like for {plan.pgbench_seconds} s with 2 clients")
                await _measure_pgbench(postgresql_url, f"comptoir_pgbench_{suffix}", plan.pgbench_seconds, output)
                url = make_url(postgresql_url).set(database=scratch).render_as_string(hide_password=False)
                with tempfile.TemporaryDirectory() as data_dir:
                    results += await _scenarios("postgresql", url, Path(data_dir), plan, progress)
            finally:
                await _pg_admin(postgresql_url, [f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'])
    with tempfile.TemporaryDirectory() as data_dir:
        url = f"sqlite:///{Path(data_dir) / 'bench.sqlite3'}"
        results += await _scenarios("sqlite", url, Path(data_dir), plan, progress)
    output["results"] = [asdict(r) for r in results]
    single = next((r for r in results if r.database == "postgresql" and r.scenario == "single"), None)
    if single is not None and output["pgbench_tps"]:
        output["single_vs_pgbench"] = round(single.transfers_per_s / output["pgbench_tps"], 3)
    return output
