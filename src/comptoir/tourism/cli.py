"""``comptoir tourism …``: a data-protection request answered from the shell (export, erasure), the
cashless-Paris figures, and where the shipped street table places an address.

Exit codes, as for every ``comptoir`` command: 0 done, 1 a failure, 2 refused input (an unknown or already erased
holder, an address the table does not know, an erasure without ``--yes``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from comptoir.kernel.commands import (
    BAD_INPUT,
    DatabaseUrlOption,
    DataDirOption,
    fail,
    run_with_runtime,
    settings_from_options,
)
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.tourism import services
from comptoir.tourism.domain.paris import geocode as geocode_address
from comptoir.tourism.errors import AlreadyErased

app = typer.Typer(
    help="Cashless Paris: tourists' data requests, the dashboard's figures, addresses.", no_args_is_help=True
)

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Holder = Annotated[str, typer.Option("--holder", help="The wallet holder id (wal_…) the request is about.")]


def _run(work: Any, data_dir: Path | None, database_url: str | None) -> Any:
    settings = settings_from_options(data_dir, database_url)

    async def go(runtime: Runtime) -> Any:
        try:
            return await transact(runtime, work)
        except AlreadyErased as exc:
            raise fail(str(exc), BAD_INPUT) from exc

    return run_with_runtime(settings, go)


@app.command()
def export(
    holder: Holder,
    out: Annotated[Path | None, typer.Option("--out", help="Write the JSON here instead of stdout.")] = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Print (or write) everything held about a tourist, as the wallet's "download my data" gives it."""
    document = _run(lambda uow: services.export_tourist_data(uow, holder_id=holder), data_dir, database_url)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {out}")


@app.command()
def erase(
    holder: Holder,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: the erasure cannot be undone.")] = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    as_json: AsJson = False,
) -> None:
    """Erase a tourist's personal data everywhere it is held; the shops' and brands' counts stay."""
    if not yes:
        raise fail("an erasure cannot be undone: add --yes to confirm", BAD_INPUT)
    receipt = _run(lambda uow: services.erase_tourist(uow, holder_id=holder), data_dir, database_url)
    figures = {
        "visits_anonymised": receipt.visits_anonymised,
        "consents_erased": receipt.consents_erased,
        "follows_erased": receipt.follows_erased,
        "attributions_folded": receipt.attributions_folded,
    }
    if as_json:
        typer.echo(json.dumps(figures))
    else:
        typer.echo("erased: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in figures.items()))


@app.command()
def dashboard(
    days: Annotated[int, typer.Option("--days", min=1, max=366, help="The period, in days up to today.")] = 90,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    as_json: AsJson = False,
) -> None:
    """The cashless-Paris figures: accepting shops, wallet payments, tourist spend and the share back online."""
    figures = _run(lambda uow: services.cashless_paris_figures(uow, days=days), data_dir, database_url)
    share = None if figures.share_permille is None else figures.share_permille / 10
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "since": figures.since.isoformat(),
                    "until": figures.until.isoformat(),
                    "shops": figures.shops,
                    "shops_outside_paris": figures.shops_outside_paris,
                    "arrondissements": {str(a.number): a.shops for a in figures.arrondissements},
                    "categories": figures.categories,
                    "payments": sum(d.payments for d in figures.days),
                    "tourist_spend": {"currency": "EUR", "value": str(figures.tourist_spend.to_decimal())},
                    "online_spend": {"currency": "EUR", "value": str(figures.online_spend.to_decimal())},
                    "share_permille": figures.share_permille,
                }
            )
        )
        return
    typer.echo(f"{figures.since} to {figures.until}: {figures.shops} shops accept the wallet")
    typer.echo("  by arrondissement: " + ", ".join(f"{a.number}e {a.shops}" for a in figures.arrondissements))
    typer.echo(f"  wallet payments: {sum(d.payments for d in figures.days)}, tourist spend {figures.tourist_spend}")
    typer.echo(f"  attributed online: {figures.online_spend}" + ("" if share is None else f" ({share:.1f} %)"))


@app.command()
def geocode(
    address: Annotated[str, typer.Argument(help='A street and number, e.g. "40 boulevard Haussmann".')],
    postcode: Annotated[str | None, typer.Option("--postcode", help="Tells apart streets of the same name.")] = None,
    as_json: AsJson = False,
) -> None:
    """Where the shipped table of Paris streets places an address (no database, no online geocoder)."""
    number, _, street = address.strip().partition(" ")
    if not number[:1].isdigit():
        number, street = "", address.strip()
    found = geocode_address(street, number or None, postcode)
    if found is None:
        raise fail(f"{address!r} is not in the table of Paris streets", BAD_INPUT)
    point = found.point
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "street": found.street,
                    "postcode": found.postcode,
                    "arrondissement": found.arrondissement,
                    "latitude": f"{point.lat_e6 / 1_000_000:.6f}",
                    "longitude": f"{point.lon_e6 / 1_000_000:.6f}",
                },
                ensure_ascii=False,
            )
        )
    else:
        typer.echo(
            f"{found.street}, {found.postcode} ({found.arrondissement}e): "
            f"{point.lat_e6 / 1_000_000:.6f}, {point.lon_e6 / 1_000_000:.6f}"
        )
