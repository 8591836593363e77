"""``comptoir payments …``: settle what is due, close what expired, open and top up built-in wallets.

Exit codes, as for every ``comptoir`` command: 0 done, 1 a failure, 2 bad input.
"""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial
from typing import Annotated

import typer

from comptoir.kernel.commands import (
    BAD_INPUT,
    DatabaseUrlOption,
    DataDirOption,
    fail,
    run_with_runtime,
    settings_from_options,
)
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.payments import services
from comptoir.payments.network import card_acquirer, wallet_networks

app = typer.Typer(help="Wallets, in-store payments, settlement and payouts.", no_args_is_help=True)

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


async def settle_and_sweep(runtime: Runtime) -> tuple[int, int]:
    """Settle every captured payment past the settlement delay, close every pending one past its expiry, and
    send the card refunds waiting for the acquirer."""
    delay = timedelta(hours=runtime.settings.settlement_delay_hours)
    settled = 0
    while batch := await transact(runtime, partial(services.settle_due, delay=delay)):
        settled += len(batch)
    closed = await services.sweep_payments(runtime, wallet_networks(runtime))
    await services.send_card_refunds(runtime, card_acquirer(runtime))
    return settled, closed


@app.command()
def settle(data_dir: DataDirOption = None, database_url: DatabaseUrlOption = None, as_json: AsJson = False) -> None:
    """Settle what is due (T+1 by default) and close expired payments; the worker does it on its own too."""
    settled, closed = run_with_runtime(settings_from_options(data_dir, database_url), settle_and_sweep)
    if as_json:
        typer.echo(json.dumps({"settled": settled, "closed": closed}))
    else:
        typer.echo(f"{settled} payment(s) settled, {closed} expired payment(s) closed")


@app.command("open-wallet")
def open_wallet(
    name: Annotated[str, typer.Option("--name", help="The holder's name as the wallet shows it.")],
    phone: Annotated[str, typer.Option("--phone", help="The holder's phone number, e.g. +8613800000000.")],
    password: Annotated[str, typer.Option("--password", help="At least 8 characters.", prompt=True, hide_input=True)],
    top_up: Annotated[str | None, typer.Option("--top-up", help="CNY to credit at once, e.g. 2000.00.")] = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    as_json: AsJson = False,
) -> None:
    """Open a built-in CNY wallet (for trying the tourist's pages), optionally topped up from the offline bank."""
    try:
        amount = Money.parse(top_up, "CNY") if top_up else None
    except MoneyError as exc:
        raise fail(f"--top-up: {exc}", BAD_INPUT) from exc

    async def _open(runtime: Runtime) -> tuple[services.WalletHolder, Money]:
        holder = await transact(
            runtime,
            partial(services.open_wallet, settings=runtime.settings, display_name=name, phone=phone, password=password),
        )
        balance = Money.zero("CNY")
        if amount is not None:
            balance = await transact(
                runtime,
                partial(
                    services.top_up, holder_id=holder.id, amount=amount, request_id="opening", bank_reference="offline"
                ),
            )
        return holder, balance

    try:
        holder, balance = run_with_runtime(settings_from_options(data_dir, database_url), _open)
    except ComptoirError as exc:
        raise fail(f"{exc.code}: {exc.detail}", BAD_INPUT) from exc
    if as_json:
        typer.echo(json.dumps({"wallet_id": holder.id, "phone": holder.phone, "balance": balance.as_json()}))
    else:
        typer.echo(f"wallet {holder.id} for {holder.phone}: {balance.to_major_string()} CNY")
