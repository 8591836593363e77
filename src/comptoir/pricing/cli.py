"""``comptoir pricing …``: load dated reference exchange rates, convert an amount at them.

Exit codes, as for every ``comptoir`` command: 0 done, 1 a failure, 2 bad input (a rate file with a bad line,
an amount or a currency that cannot be one).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
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
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.pricing import services
from comptoir.pricing.domain import IndicativePrice, LoadReport
from comptoir.pricing.errors import FxRatesInvalid

app = typer.Typer(help="Reference exchange rates by day, and indicative prices.", no_args_is_help=True)

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command("load-rates")
def load_rates(
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Rate file (CSV: date,base,quote,rate); default: the rates Comptoir ships."),
    ] = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    as_json: AsJson = False,
) -> None:
    """Check every line of a rate file, then store its rates (a rate given again for a day replaces it)."""
    path = file or services.SHIPPED_RATES
    try:
        rates = services.read_rates_file(path)
    except FxRatesInvalid as exc:
        for problem in exc.problems:
            typer.echo(f"{path}: {problem}", err=True)
        raise fail(
            f"{path}: {len(exc.problems)} bad line(s), first {exc.problems[0]}; nothing loaded", BAD_INPUT
        ) from exc
    settings = settings_from_options(data_dir, database_url)

    async def _load(runtime: Runtime) -> LoadReport:
        return await transact(runtime, lambda uow: services.load_rates(uow, rows=rates))

    report = run_with_runtime(settings, _load)
    if as_json:
        typer.echo(json.dumps({"inserted": report.inserted, "updated": report.updated, "unchanged": report.unchanged}))
    else:
        typer.echo(
            f"{path}: {len(rates)} rate(s): {report.inserted} new, {report.updated} corrected, "
            f"{report.unchanged} unchanged"
        )


@app.command()
def convert(
    amount: Annotated[str, typer.Option("--amount", help="Amount in major units, e.g. 39.90.")],
    currency: Annotated[str, typer.Option("--from", help="Its currency, e.g. EUR.")],
    to_currency: Annotated[str, typer.Option("--to", help="The currency to show it in, e.g. CNY.")],
    on: Annotated[str | None, typer.Option("--on", help="Day of the rate, YYYY-MM-DD (default: today).")] = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    as_json: AsJson = False,
) -> None:
    """The indicative price of --amount in --to at the latest stored rate on or before --on."""
    try:
        money = Money.parse(amount, currency.upper())
        Money.zero(to_currency.upper())
    except MoneyError as exc:
        raise fail(str(exc), BAD_INPUT) from exc
    try:
        day = date.fromisoformat(on) if on is not None else None
    except ValueError as exc:
        raise fail(f"--on {on!r} is not a date YYYY-MM-DD", BAD_INPUT) from exc
    settings = settings_from_options(data_dir, database_url)

    async def _convert(runtime: Runtime) -> IndicativePrice:
        when = day or runtime.clock.now().date()
        return await transact(
            runtime, lambda uow: services.indicative_price(uow, amount=money, to_currency=to_currency.upper(), on=when)
        )

    price = run_with_runtime(settings, _convert)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "amount": money.as_json(),
                    "indicative": price.amount.as_json(),
                    "rate": str(price.rate),
                    "rate_date": price.rate_date.isoformat(),
                }
            )
        )
    else:
        typer.echo(f"{money} ≈ {price.amount} (rate {price.rate} of {price.rate_date.isoformat()})")


@app.command()
def rates(data_dir: DataDirOption = None, database_url: DatabaseUrlOption = None, as_json: AsJson = False) -> None:
    """Each stored currency pair, with its first and last day."""
    settings = settings_from_options(data_dir, database_url)

    async def _pairs(runtime: Runtime) -> list[tuple[str, str, date, date, int]]:
        async with runtime.uow() as uow:
            return await services.stored_pairs(uow)

    for base, quote, first, last, count in run_with_runtime(settings, _pairs):
        if as_json:
            typer.echo(
                json.dumps({"base": base, "quote": quote, "first": str(first), "last": str(last), "days": count})
            )
        else:
            typer.echo(f"{base}/{quote}: {count} day(s) from {first} to {last}")
