"""``comptoir ledger …``: open accounts, post transfers, read balances, sweep, verify.

Input is JSON lines on stdin. The whole input is read and checked before anything is written: a
malformed line (bad JSON, unknown field, wrong type) stops the command with a one-line error naming
the line, exit status 2, and nothing posted. Every command uses ``COMPTOIR_DATABASE_URL`` (or
``--database-url``) and creates the schema if it is missing.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, Iterator
from functools import partial
from typing import Annotated, Any, TypeVar

import typer

from comptoir.kernel.commands import (
    BAD_INPUT,
    FAILURE,
    DatabaseUrlOption,
    DataDirOption,
    fail,
    run_with_runtime,
    settings_from_options,
)
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.ledger import services
from comptoir.ledger.audit import VerificationReport
from comptoir.ledger.domain import Account, NewAccount, Transfer
from comptoir.ledger.errors import LedgerInputInvalid

app = typer.Typer(help="The double-entry ledger: accounts, transfers, balances, invariants.", no_args_is_help=True)

T = TypeVar("T")

ACCOUNT_FIELDS = frozenset({"id", "currency", "owner", "kind", "flags"})
BALANCE_FIELDS = ("debits_posted", "credits_posted", "debits_pending", "credits_pending")
TRANSFER_FIELDS = frozenset(
    {
        "id", "debit_account", "credit_account", "amount", "currency", "pending", "post_pending", "void_pending",
        "timeout_seconds", "group", "code", "reference",
    }
)  # fmt: skip

JsonOutput = Annotated[bool, typer.Option("--json", help="Print JSON lines instead of text.")]


class InputRefused(Exception):
    """A line of input that cannot be used; the message names the line."""


def _json_lines(stream: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputRefused(f"line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(value, dict):
            raise InputRefused(f"line {number}: expected a JSON object")
        yield number, value


def _unknown_fields(number: int, value: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise InputRefused(f"line {number}: unknown field(s) {', '.join(unknown)}")
    if "id" not in value:
        raise InputRefused(f"line {number}: id is required")


def parse_accounts(stream: Any) -> list[NewAccount]:
    """Accounts from JSON lines; balances may be given only as zero (they start there)."""
    accounts = []
    for number, value in _json_lines(stream):
        for name in BALANCE_FIELDS:
            balance = value.pop(name, 0)
            if isinstance(balance, bool) or not isinstance(balance, int) or balance != 0:
                raise InputRefused(f"line {number}: {name} must be 0: an account opens empty")
        _unknown_fields(number, value, ACCOUNT_FIELDS)
        flags = value.pop("flags", [])
        if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
            raise InputRefused(f"line {number}: flags must be a list of flag names")
        missing = sorted(ACCOUNT_FIELDS - {"flags"} - set(value))
        if missing:
            raise InputRefused(f"line {number}: missing field(s) {', '.join(missing)}")
        try:
            accounts.append(NewAccount(**value, flags=frozenset(flags)))
        except LedgerInputInvalid as exc:
            raise InputRefused(f"line {number}: {exc.detail}") from exc
    return accounts


def parse_transfers(stream: Any) -> list[Transfer]:
    """Transfers from JSON lines, with the fields of :class:`Transfer`."""
    transfers = []
    for number, value in _json_lines(stream):
        _unknown_fields(number, value, TRANSFER_FIELDS)
        if value.get("pending") is None:
            value.pop("pending", None)
        if value.get("timeout_seconds") is None:
            value.pop("timeout_seconds", None)
        try:
            transfers.append(Transfer(**value))
        except LedgerInputInvalid as exc:
            raise InputRefused(f"line {number}: {exc.detail}") from exc
    return transfers


def batches_of(transfers: list[Transfer], size: int) -> Iterator[list[Transfer]]:
    """Consecutive batches of at most ``size`` transfers that never split a group.

    A group longer than ``size`` travels alone in a batch of its own length.
    """
    batch: list[Transfer] = []
    i = 0
    while i < len(transfers):
        end = i + 1
        group = transfers[i].group
        if group is not None:
            while end < len(transfers) and transfers[end].group == group:
                end += 1
        run = transfers[i:end]
        if batch and len(batch) + len(run) > size:
            yield batch
            batch = []
        batch.extend(run)
        i = end
    if batch:
        yield batch


def _account_json(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "currency": account.currency,
        "owner": account.owner,
        "kind": account.kind,
        "flags": sorted(account.flags),
        "debits_posted": account.debits_posted,
        "credits_posted": account.credits_posted,
        "debits_pending": account.debits_pending,
        "credits_pending": account.credits_pending,
    }


def _read(parse: Callable[[Any], list[T]]) -> list[T]:
    try:
        return parse(sys.stdin)
    except InputRefused as exc:
        raise fail(f"{exc}; nothing was written", BAD_INPUT) from exc


@app.command("open-accounts")
def open_accounts_command(
    json_output: JsonOutput = False, data_dir: DataDirOption = None, database_url: DatabaseUrlOption = None
) -> None:
    """Open the accounts given as JSON lines on stdin (id, currency, owner, kind, flags)."""
    settings = settings_from_options(data_dir, database_url)
    accounts = _read(parse_accounts)
    results = run_with_runtime(
        settings, lambda runtime: transact(runtime, lambda uow: services.open_accounts(uow, accounts))
    )
    for account, result in zip(accounts, results, strict=True):
        typer.echo(json.dumps({"id": account.id, "result": str(result)}) if json_output else f"{account.id}\t{result}")


@app.command("post")
def post_command(
    json_output: JsonOutput = False,
    batch: Annotated[
        int, typer.Option("--batch", min=1, help="Transfers per transaction (groups never split).")
    ] = 1000,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Post the transfers given as JSON lines on stdin; one result per transfer, in input order.

    The whole input is checked first: a malformed line refuses it all and nothing is posted.
    """
    settings = settings_from_options(data_dir, database_url)
    transfers = _read(parse_transfers)

    async def post_all(runtime: Runtime) -> None:
        for chunk in batches_of(transfers, batch):
            results = await transact(runtime, partial(services.post_transfers, transfers=chunk))
            for transfer, result in zip(chunk, results, strict=True):
                line = (
                    json.dumps({"id": transfer.id, "result": str(result)})
                    if json_output
                    else f"{transfer.id}\t{result}"
                )
                typer.echo(line)

    run_with_runtime(settings, post_all)


@app.command("balances")
def balances_command(
    json_output: JsonOutput = False,
    account: Annotated[list[str] | None, typer.Option("--account", help="Only this account (repeatable).")] = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Print accounts with their balances in minor units (all accounts unless --account is given).

    With --json, one JSON object per account and per line (no account: no line).
    """
    settings = settings_from_options(data_dir, database_url)
    accounts = run_with_runtime(
        settings, lambda runtime: transact(runtime, lambda uow: services.balances(uow, account or None))
    )
    if not accounts and not json_output:
        typer.echo("no account yet: open some with `comptoir ledger open-accounts`")
    for found in accounts:
        if json_output:
            typer.echo(json.dumps(_account_json(found)))
        else:
            typer.echo(
                f"{found.id}\t{found.currency}\tdebits {found.debits_posted} (+{found.debits_pending} pending)"
                f"\tcredits {found.credits_posted} (+{found.credits_pending} pending)"
            )


@app.command("sweep")
def sweep_command(
    json_output: JsonOutput = False, data_dir: DataDirOption = None, database_url: DatabaseUrlOption = None
) -> None:
    """Release every pending transfer whose timeout has passed."""
    settings = settings_from_options(data_dir, database_url)
    released = run_with_runtime(settings, services.sweep_all_expired)
    typer.echo(
        json.dumps({"released": released})
        if json_output
        else f"released {released} expired pending transfer{'' if released == 1 else 's'}"
    )


@app.command("verify")
def verify_command(
    json_output: JsonOutput = False, data_dir: DataDirOption = None, database_url: DatabaseUrlOption = None
) -> None:
    """Seal what awaits its seal, then check every invariant and the hash chain; exit 1 naming each violation."""
    settings = settings_from_options(data_dir, database_url)

    async def seal_then_verify(runtime: Runtime) -> VerificationReport:
        await services.seal_chain(runtime)
        return await transact(runtime, services.verify)

    report = run_with_runtime(settings, seal_then_verify)
    if json_output:
        typer.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "transfers_checked": report.transfers_checked,
                    "accounts_checked": report.accounts_checked,
                    "chain_head": {"seq": report.chain_head_seq, "hash": report.chain_head_hash},
                    "awaiting_seal": report.awaiting_seal,
                    "violations": [{"code": v.code, "message": v.message} for v in report.violations],
                }
            )
        )
    else:
        for violation in report.violations:
            typer.echo(f"violation {violation}")
        count = len(report.violations)
        verdict = "ledger verified" if report.ok else f"{count} violation{'' if count == 1 else 's'}"
        typer.echo(
            f"{verdict}: {report.transfers_checked} transfers, {report.accounts_checked} accounts,"
            f" chain head #{report.chain_head_seq} {report.chain_head_hash}"
        )
    if not report.ok:
        raise typer.Exit(FAILURE)


def bench_command(
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    database_url: Annotated[
        str, typer.Option("--database-url", help="PostgreSQL server to measure (a scratch database is used).")
    ] = "postgresql://postgres@127.0.0.1:5432/test",
    batches: Annotated[int, typer.Option(min=1, help="Batches per batch scenario on PostgreSQL.")] = 60,
    batch_size: Annotated[int, typer.Option(min=1, help="Transfers per batch.")] = 1000,
    writers: Annotated[int, typer.Option(min=1, help="Concurrent writers on PostgreSQL.")] = 2,
    single_seconds: Annotated[float, typer.Option(min=0.1, help="Seconds of single transfers on PostgreSQL.")] = 5.0,
    pgbench_seconds: Annotated[int, typer.Option(min=1, help="Seconds of pgbench.")] = 10,
) -> None:
    """Transfers per second (single, batch, hot batch) on PostgreSQL and SQLite, against pgbench."""
    from sqlalchemy.engine import make_url

    from comptoir.ledger.bench import BenchPlan, run_bench

    if make_url(database_url).get_backend_name() != "postgresql":
        raise fail("--database-url must name a PostgreSQL server (SQLite is always measured too)", BAD_INPUT)
    plan = BenchPlan(
        batches=batches,
        batch_size=batch_size,
        writers=writers,
        single_seconds=single_seconds,
        pgbench_seconds=pgbench_seconds,
    )
    output = asyncio.run(run_bench(postgresql_url=database_url, plan=plan, progress=lambda m: typer.echo(m, err=True)))
    if json_output:
        typer.echo(json.dumps(output))
        return
    for row in output["results"]:
        typer.echo(
            f"{row['database']:<11} {row['scenario']:<10} {row['transfers_per_s']:>12,.0f} transfers/s"
            f"   p50 {row['p50_ms']:>9.2f} ms   p99 {row['p99_ms']:>9.2f} ms   ({row['writers']} writer(s))"
        )
    tps = output["pgbench_tps"]
    typer.echo(f"pgbench TPC-B-like: {tps:,.0f} tps" if tps else "pgbench: not measured")
    if "single_vs_pgbench" in output:
        typer.echo(f"single transfers / pgbench tps: {output['single_vs_pgbench']:.2f}")
    for key in ("postgresql_error", "pgbench_error"):
        if key in output:
            typer.echo(f"{key}: {output[key]}")
