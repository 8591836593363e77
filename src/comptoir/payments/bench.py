"""``comptoir bench payments``: in-store payments and refunds per second on PostgreSQL, against pgbench.

Everything runs on scratch storage made for the run and dropped after it: a database
``comptoir_paybench_<pid>`` (and ``comptoir_paypgbench_<pid>`` for pgbench) on the server of
``--database-url``. The world is built through the services, as the tests build theirs: the platform
operator, ``shops`` shops with a till each, FX rates, and one topped-up built-in wallet per payment.

- ``payments``: each payment is a fresh payment code (issued before the clock starts) charged at a till
  with :func:`charge_payment_code`, end to end through the built-in wallet network: three units of
  work, as at a real till. Tills are taken in turn, so concurrent payments credit different shops.
- ``hot_shop``: the same, every payment at the one till of one shop (a real peak hits one till).
- ``refunds``: half of each payment of the ``payments`` run refunded through
  :func:`refund_through_network`, at the same concurrency.

Statements and ledger transfers per payment are counted on a sample run one payment at a time (so
no retry after a conflict inflates them); they depend on the code, not on the machine. Passwords are
hashed the cheap way tests hash them (``environment="test"``): signing in is not what is measured.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import text
from sqlalchemy.engine import make_url

from comptoir import identity, ledger, pricing
from comptoir.kernel import schema
from comptoir.kernel.commands import BAD_INPUT, fail
from comptoir.kernel.database import Database
from comptoir.kernel.money import Money
from comptoir.kernel.pgbench import database_url, measure_pgbench, pg_admin
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.statements import StatementCounter
from comptoir.kernel.unit_of_work import transact
from comptoir.payments.domain import Payment, PaymentStatus
from comptoir.payments.network import wallet_networks
from comptoir.payments.services import (
    PointOfSale,
    charge_payment_code,
    issue_payment_code,
    open_point_of_sale,
    open_wallet,
    refund_through_network,
    top_up,
)

DEFAULT_POSTGRESQL_URL = "postgresql://postgres@127.0.0.1:5432/test"
PASSWORD = "bench password, long enough"
#: What each wallet holds: enough for one payment of every run (at most 60 EUR each) and more.
WALLET_CNY = Money.parse("5000.00", "CNY")
#: EUR/CNY of every day around the run.
RATE = "7.8600"
_SETUP_CONCURRENCY = 16


@dataclass(frozen=True)
class BenchPlan:
    payments: int = 2000
    concurrency: tuple[int, ...] = (8, 32)
    shops: int = 16
    sample: int = 50
    pgbench_seconds: int = 10


@dataclass
class Shop:
    principal: Principal
    till: PointOfSale


@dataclass
class BenchWorld:
    shops: list[Shop]
    wallets: list[str]

    def shop_of(self, org_id: str) -> Shop:
        return next(s for s in self.shops if s.principal.organisation_id == org_id)


@dataclass
class Run:
    latencies: list[float]
    elapsed: float
    failures: Counter[str]
    payments: list[Payment]

    def summary(self) -> dict[str, Any]:
        done = len(self.latencies)
        return {
            "per_s": round(done / self.elapsed, 1) if self.elapsed else 0.0,
            "p50_ms": round(statistics.median(self.latencies) * 1000, 2) if done else None,
            "p99_ms": round(_percentile(self.latencies, 0.99) * 1000, 2) if done else None,
            "done": done,
            "failed": dict(self.failures),
        }


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _amount(index: int) -> Money:
    """Between 5.00 and 59.99 EUR, spread so that refunds in halves hit every rounding case."""
    return Money(500 + (index * 7919) % 5500, "EUR")


async def _bounded(items: Sequence[Any], concurrency: int, work: Callable[[Any], Awaitable[None]]) -> None:
    queue: Iterator[Any] = iter(items)

    async def worker() -> None:
        for item in queue:
            await work(item)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


# --- the world ---------------------------------------------------------------------------------------------


async def _member(runtime: Runtime, name: str, email: str) -> Principal:
    await transact(
        runtime,
        partial(
            identity.open_account,
            kind=OrganisationKind.SHOP,
            organisation_name=name,
            email=email,
            password=PASSWORD,
            settings=runtime.settings,
        ),
    )
    session = await transact(
        runtime,
        partial(identity.sign_in, email=email, password=PASSWORD, settings=runtime.settings, throttle=runtime.throttle),
    )
    principal = await transact(runtime, partial(identity.principal_for_session, token=session.token))
    assert principal is not None
    return principal


async def build_world(runtime: Runtime, *, shops: int, wallets: int) -> BenchWorld:
    """The operator, ``shops`` shops with a till each, FX rates around today, ``wallets`` topped-up wallets."""
    settings = runtime.settings
    await transact(
        runtime,
        partial(
            identity.create_platform_operator, email="ops@bench.comptoir.test", password=PASSWORD, settings=settings
        ),
    )
    start = runtime.clock.now().date() - timedelta(days=2)
    rates = "date,base,quote,rate\n" + "".join(f"{start + timedelta(days=d)},EUR,CNY,{RATE}\n" for d in range(10))
    await transact(runtime, partial(pricing.load_rates, rows=pricing.parse_rates(rates)))
    found: list[Shop] = []
    for i in range(shops):
        principal = await _member(runtime, f"Boutique {i:02d}", f"shop{i:02d}@bench.comptoir.test")
        till = await transact(runtime, partial(open_point_of_sale, principal=principal, name="Caisse 1"))
        found.append(Shop(principal, till))
    holders: list[str] = [""] * wallets

    async def one_wallet(index: int) -> None:
        holder = await transact(
            runtime,
            partial(
                open_wallet,
                settings=settings,
                display_name=f"游客 {index}",
                phone=f"+86139{index:08d}",
                password=PASSWORD,
            ),
        )
        await transact(
            runtime,
            partial(top_up, holder_id=holder.id, amount=WALLET_CNY, request_id="bench", bank_reference="BENCH"),
        )
        holders[index] = holder.id

    await _bounded(range(wallets), _SETUP_CONCURRENCY, one_wallet)
    return BenchWorld(found, holders)


# --- the runs ----------------------------------------------------------------------------------------------


async def _issue_codes(runtime: Runtime, wallets: Sequence[str]) -> list[str]:
    codes: list[str] = [""] * len(wallets)

    async def one(index: int) -> None:
        codes[index] = (await transact(runtime, partial(issue_payment_code, holder_id=wallets[index]))).code

    await _bounded(range(len(wallets)), _SETUP_CONCURRENCY, one)
    return codes


async def run_payments(
    runtime: Runtime,
    world: BenchWorld,
    *,
    label: str,
    concurrency: int,
    hot: bool,
    count: int | None = None,
    counter: StatementCounter | None = None,
) -> Run:
    """One payment-code payment per wallet (or the first ``count``), ``concurrency`` tills at a time."""
    wallets = world.wallets[: count if count is not None else len(world.wallets)]
    codes = await _issue_codes(runtime, wallets)  # not timed: the tourist's phone did it before the queue
    network = wallet_networks(runtime)["builtin"]
    run = Run([], 0.0, Counter(), [])

    async def pay(index: int) -> None:
        shop = world.shops[0 if hot else index % len(world.shops)]
        started = time.perf_counter()
        try:
            payment = await charge_payment_code(
                runtime,
                network,
                shop.principal,
                pos_id=shop.till.id,
                amount=_amount(index),
                code=codes[index],
                request_id=f"{label}-{index}",
            )
        except Exception as exc:  # counted, not fatal: the figures say how many did not go through
            run.failures[getattr(exc, "code", type(exc).__name__)] += 1
            return
        if payment.status is not PaymentStatus.SUCCEEDED:
            run.failures[str(payment.status)] += 1
            return
        run.latencies.append(time.perf_counter() - started)
        run.payments.append(payment)

    with counter if counter is not None else contextlib.nullcontext():
        started = time.perf_counter()
        await _bounded(range(len(wallets)), concurrency, pay)
        run.elapsed = time.perf_counter() - started
    return run


async def run_refunds(runtime: Runtime, world: BenchWorld, payments: Sequence[Payment], *, concurrency: int) -> Run:
    """Half of each payment back to its wallet, ``concurrency`` at a time."""
    network = wallet_networks(runtime)["builtin"]
    run = Run([], 0.0, Counter(), [])

    async def refund(payment: Payment) -> None:
        shop = world.shop_of(payment.merchant_org_id)
        started = time.perf_counter()
        try:
            await refund_through_network(
                runtime,
                network,
                shop.principal,
                payment_id=payment.id,
                amount=Money(max(1, payment.amount.minor // 2), payment.amount.currency),
                request_id="half",
            )
        except Exception as exc:
            run.failures[getattr(exc, "code", type(exc).__name__)] += 1
            return
        run.latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await _bounded(payments, concurrency, refund)
    run.elapsed = time.perf_counter() - started
    return run


async def ledger_transfer_count(runtime: Runtime) -> int:
    async with runtime.database.connect() as conn:
        return int((await conn.execute(text("SELECT count(*) FROM ledger_transfers"))).scalar_one())


async def count_per_payment(runtime: Runtime, world: BenchWorld, *, sample: int) -> dict[str, float]:
    """Statements, commits and ledger transfers per payment and per refund, one at a time over ``sample``."""
    before = await ledger_transfer_count(runtime)
    paying = StatementCounter(runtime.database)  # around the charges only: the codes were issued before
    paid = await run_payments(runtime, world, label="sample", concurrency=1, hot=False, count=sample, counter=paying)
    middle = await ledger_transfer_count(runtime)
    with StatementCounter(runtime.database) as refunding:
        refunded = await run_refunds(runtime, world, paid.payments, concurrency=1)
    after = await ledger_transfer_count(runtime)
    if paid.failures or refunded.failures:
        raise RuntimeError(f"the sample did not go through: {paid.failures} {refunded.failures}")
    n = len(paid.payments)
    return {
        "sql_statements_per_payment": round(paying.statements / n, 2),
        "transactions_per_payment": round(paying.commits / n, 2),
        "ledger_transfers_per_payment": round((middle - before) / n, 2),
        "sql_statements_per_refund": round(refunding.statements / n, 2),
        "transactions_per_refund": round(refunding.commits / n, 2),
        "ledger_transfers_per_refund": round((after - middle) / n, 2),
    }


# --- the whole bench ---------------------------------------------------------------------------------------


async def _measure(
    url: str, data_dir: Path, plan: BenchPlan, output: dict[str, Any], progress: Callable[[str], None]
) -> None:
    runtime = Runtime.from_settings(Settings(environment="test", data_dir=data_dir, database_url=url))
    # Every payment holds one connection at a time: the pool must hold one per concurrent till and more.
    await runtime.database.dispose()
    runtime.database = Database(url, pool_size=max(plan.concurrency) + 2)
    try:
        await schema.upgrade(runtime.database)
        progress(f"setting up {plan.shops} shops and {plan.payments} topped-up wallets")
        world = await build_world(runtime, shops=plan.shops, wallets=plan.payments)
        progress(f"counting statements over {min(plan.sample, plan.payments)} payments, one at a time")
        output.update(await count_per_payment(runtime, world, sample=min(plan.sample, plan.payments)))
        for c in plan.concurrency:
            progress(f"payments: {plan.payments} at concurrency {c} over {plan.shops} shops")
            paid = await run_payments(runtime, world, label=f"spread{c}", concurrency=c, hot=False)
            output["payments"][str(c)] = paid.summary()
            progress(f"refunds: {len(paid.payments)} at concurrency {c}")
            output["refunds"][str(c)] = (await run_refunds(runtime, world, paid.payments, concurrency=c)).summary()
            progress(f"hot shop: {plan.payments} payments at concurrency {c} at one till")
            hot = await run_payments(runtime, world, label=f"hot{c}", concurrency=c, hot=True)
            output["hot_shop"][str(c)] = hot.summary()
        await ledger.seal_chain(runtime)
        report = await transact(runtime, ledger.verify)
        output["ledger_verify_ok"] = report.ok
        output["ledger_transfers_checked"] = report.transfers_checked
        if not report.ok:
            output["ledger_violations"] = [v.message for v in report.violations[:5]]
    finally:
        await runtime.database.dispose()


async def run_bench(*, postgresql_url: str, plan: BenchPlan, progress: Callable[[str], None]) -> dict[str, Any]:
    """pgbench at each concurrency, then the payments world and its runs on the same server; one JSON-able object."""
    output: dict[str, Any] = {
        "database": "postgresql",
        "payments_per_run": plan.payments,
        "shops": plan.shops,
        "payments": {},
        "refunds": {},
        "hot_shop": {},
        "pgbench_tps": {str(c): None for c in plan.concurrency},
        "ledger_verify_ok": False,
    }
    suffix = f"{os.getpid()}"
    scratch = f"comptoir_paybench_{suffix}"
    await pg_admin(postgresql_url, [f'DROP DATABASE IF EXISTS "{scratch}"', f'CREATE DATABASE "{scratch}"'])
    try:
        progress(f"pgbench: TPC-B-like for {plan.pgbench_seconds} s at concurrency {plan.concurrency}")
        output.update(
            await measure_pgbench(
                postgresql_url,
                f"comptoir_paypgbench_{suffix}",
                seconds=plan.pgbench_seconds,
                concurrencies=plan.concurrency,
            )
        )
        url = database_url(postgresql_url, scratch)
        with tempfile.TemporaryDirectory() as data_dir:
            await _measure(url, Path(data_dir), plan, output, progress)
    finally:
        await pg_admin(postgresql_url, [f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'])
    output["ratio_to_pgbench"] = {
        c: round(output["payments"][c]["per_s"] / tps, 3) if tps and c in output["payments"] else None
        for c, tps in output["pgbench_tps"].items()
    }
    return output


def _concurrencies(value: str) -> tuple[int, ...]:
    try:
        found = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        found = ()
    if not found or any(c < 1 or c > 256 for c in found):
        raise fail("--concurrency is a list of numbers from 1 to 256, e.g. 8,32", BAD_INPUT)
    return found


def bench_command(
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    database_url: Annotated[
        str, typer.Option("--database-url", help="PostgreSQL server to measure (a scratch database is used).")
    ] = DEFAULT_POSTGRESQL_URL,
    payments: Annotated[int, typer.Option("--payments", min=1, help="Payments per run (one wallet each).")] = 2000,
    concurrency: Annotated[str, typer.Option("--concurrency", help="Tills paying at once, e.g. 8,32.")] = "8,32",
    shops: Annotated[int, typer.Option("--shops", min=1, help="Shops the spread runs pay in turn.")] = 16,
    pgbench_seconds: Annotated[int, typer.Option("--pgbench-seconds", min=1, help="Seconds of pgbench per run.")] = 10,
) -> None:
    """In-store payment-code payments and refunds per second on PostgreSQL, against pgbench in the same run."""
    if make_url(database_url).get_backend_name() != "postgresql":
        raise fail("--database-url must name a PostgreSQL server", BAD_INPUT)
    plan = BenchPlan(
        payments=payments, concurrency=_concurrencies(concurrency), shops=shops, pgbench_seconds=pgbench_seconds
    )
    try:
        output = asyncio.run(
            run_bench(postgresql_url=database_url, plan=plan, progress=lambda m: typer.echo(m, err=True))
        )
    except OSError as exc:
        raise fail(f"PostgreSQL unreachable at {make_url(database_url).host}: {exc}") from exc
    if json_output:
        import json

        typer.echo(json.dumps(output))
    else:
        _print_table(output)
    if not output["ledger_verify_ok"]:
        raise fail("the ledger failed verification after the bench")


def _print_table(output: dict[str, Any]) -> None:
    typer.echo(
        f"{'run':<10} {'c':>4} {'per s':>9} {'p50 ms':>9} {'p99 ms':>9} {'failed':>7} {'pgbench':>9} {'ratio':>7}"
    )
    for run in ("payments", "hot_shop", "refunds"):
        for c, row in output[run].items():
            tps = output["pgbench_tps"].get(c)
            ratio = output["ratio_to_pgbench"].get(c) if run == "payments" else None
            typer.echo(
                f"{run:<10} {c:>4} {row['per_s']:>9,.1f} {row['p50_ms'] or 0:>9.2f} {row['p99_ms'] or 0:>9.2f}"
                f" {sum(row['failed'].values()):>7} {tps or 0:>9,.0f} {ratio if ratio is not None else '':>7}"
            )
    for key in (
        "sql_statements_per_payment",
        "transactions_per_payment",
        "ledger_transfers_per_payment",
        "sql_statements_per_refund",
        "transactions_per_refund",
        "ledger_transfers_per_refund",
        "ledger_verify_ok",
    ):
        typer.echo(f"{key}: {output.get(key)}")
    if "pgbench_error" in output:
        typer.echo(f"pgbench_error: {output['pgbench_error']}")
