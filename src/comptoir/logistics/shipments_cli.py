"""`comptoir logistics shipments …`: book parcels, read them, print labels, disrupt connections, watch the SLA.

Run by whoever runs the installation (no principal: every shipment is visible). Exit codes as for every
``comptoir`` command: 0 done, 1 a failure, 2 bad input (a weight, a hub, a zone, a connection...).
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from comptoir.kernel.commands import DatabaseUrlOption, DataDirOption, fail, run_with_runtime, settings_from_options
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.bench_repromise import measure_repromise
from comptoir.logistics.domain import format_instant
from comptoir.logistics.domain.shipments import DisruptionKind, Shipment
from comptoir.logistics.labels import label_svg
from comptoir.logistics.network_file import parse_instant
from comptoir.logistics.services import (
    PromiseEngines,
    book_shipment,
    disrupt_connection,
    get_shipment,
    list_shipments,
    promise_health_by_lane,
)

app = typer.Typer(
    help="Shipments booked onto the network's capacity, disruptions and the SLA monitor (docs/shipments.md).",
    epilog="Exit status: 0 done, 1 a failure, 2 bad input.",
    no_args_is_help=True,
)
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(parent: typer.Typer) -> None:
    """Add ``shipments`` to the ``comptoir logistics`` group."""
    parent.add_typer(app, name="shipments")


def shipment_document(s: Shipment) -> dict[str, Any]:
    """A shipment as the command prints it with ``--json`` (the API's shape, times in UTC)."""
    return {
        "id": s.id,
        "parcel_id": s.parcel_id,
        "status": s.status.value,
        "order_reference": s.order_reference,
        "seller_org_id": s.seller_org_id,
        "origin": s.origin,
        "zone": s.zone,
        "station": s.station,
        "weight_g": s.weight_g,
        "ready_at": format_instant(s.ready_at),
        "promised_date": None if s.promised_date is None else s.promised_date.isoformat(),
        "promised_by": None if s.promised_by is None else format_instant(s.promised_by),
        "promise_reason": s.promise_reason,
        "replans": s.replans,
        "legs": [
            {
                "connection": leg.connection,
                "from": leg.origin,
                "to": leg.destination,
                "departs_at": format_instant(leg.departs_at),
                "arrives_at": format_instant(leg.arrives_at),
            }
            for leg in s.legs
        ],
        "milestones": [{"kind": m.kind.value, "at": format_instant(m.at), "hub": m.hub} for m in s.milestones],
    }


def _line(s: Shipment) -> str:
    promised = s.promised_date.isoformat() if s.promised_date else "-"
    route = " ".join(leg.connection for leg in s.legs) or "-"
    reason = f"  ({s.promise_reason})" if s.promise_reason else ""
    head = f"{s.id}  {s.parcel_id}  {s.status.value:<9}  {s.origin}->{s.zone}  {s.weight_g} g"
    return f"{head}  by {promised}  {route}{reason}"


def _ready(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = parse_instant(value)
    if moment is None:
        raise fail(f"--ready-at {value!r} is not an ISO 8601 instant with a UTC offset", 2)
    return moment


@app.command("book")
def book_command(
    seller: Annotated[str, typer.Option("--seller", help="The seller organisation's id.")],
    order: Annotated[str, typer.Option("--order", help="The seller's order reference (booked once).")],
    origin: Annotated[str, typer.Option("--from", help="Hub code where the parcel is ready.")],
    zone: Annotated[str, typer.Option("--zone", help="The buyer's last-mile zone, e.g. FR-75.")],
    weight_g: Annotated[int, typer.Option("--weight-g", help="Gross weight in grams.")],
    ready_at: Annotated[str | None, typer.Option("--ready-at", help="ISO 8601 instant; default now.")] = None,
    as_json: AsJson = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Book a parcel on the stored network (the same seller and order again answers the same shipment)."""
    ready = _ready(ready_at)
    settings = settings_from_options(data_dir, database_url)

    async def _run(runtime: Runtime) -> Shipment:
        engines = PromiseEngines.of(runtime.database)
        return await transact(
            runtime,
            lambda uow: book_shipment(
                uow,
                engines=engines,
                seller_org_id=seller,
                order_reference=order,
                origin=origin,
                zone=zone,
                weight_g=weight_g,
                ready_at=ready,
            ),
        )

    shipment = run_with_runtime(settings, _run)
    typer.echo(json.dumps(shipment_document(shipment), ensure_ascii=False) if as_json else _line(shipment))


@app.command("list")
def list_command(
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="How many, in booking order.")] = 50,
    as_json: AsJson = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """The shipments in booking order, one a line."""
    settings = settings_from_options(data_dir, database_url)
    found = run_with_runtime(settings, lambda runtime: transact(runtime, lambda uow: list_shipments(uow, limit=limit)))
    for s in found:
        typer.echo(json.dumps(shipment_document(s), ensure_ascii=False) if as_json else _line(s))


@app.command("show")
def show_command(
    key: Annotated[str, typer.Argument(help="The shipment's id (shp_…) or its parcel id.")],
    label: Annotated[Path | None, typer.Option("--label", help="Also write its label (SVG) to this file.")] = None,
    as_json: AsJson = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """One shipment with its plan and milestones."""
    settings = settings_from_options(data_dir, database_url)
    s = run_with_runtime(settings, lambda runtime: transact(runtime, lambda uow: get_shipment(uow, key=key)))
    if label is not None:
        try:
            label.write_text(label_svg(s), encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {label}: {exc}") from exc
    if as_json:
        typer.echo(json.dumps(shipment_document(s), ensure_ascii=False))
        return
    typer.echo(_line(s))
    for m in s.milestones:
        typer.echo(f"  {format_instant(m.at)}  {m.kind.value:<20} {m.hub}")


@app.command("disrupt")
def disrupt_command(
    connection: Annotated[str, typer.Option("--connection", help="<service>@<local date>[#leg] or an explicit id.")],
    cancel: Annotated[bool, typer.Option("--cancel", help="The connection is cancelled.")] = False,
    delay_minutes: Annotated[int, typer.Option("--delay-minutes", help="The connection leaves this late.")] = 0,
    reason: Annotated[str, typer.Option("--reason", help="What happened, in a few words.")] = "",
    as_json: AsJson = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Cancel (--cancel) or delay (--delay-minutes) a connection; every shipment on it is re-planned."""
    if cancel == (delay_minutes > 0):
        raise fail("give either --cancel or --delay-minutes", 2)
    kind = DisruptionKind.CANCELLED if cancel else DisruptionKind.DELAYED
    settings = settings_from_options(data_dir, database_url)

    async def _run(runtime: Runtime) -> Any:
        engines = PromiseEngines.of(runtime.database)
        return await transact(
            runtime,
            lambda uow: disrupt_connection(
                uow, engines=engines, connection_id=connection, kind=kind, delay_minutes=delay_minutes, reason=reason
            ),
        )

    outcome = run_with_runtime(settings, _run)
    figures = {"replanned": outcome.replanned, "later": outcome.later, "unplanned": outcome.unplanned}
    if as_json:
        typer.echo(json.dumps({"connection": connection, "kind": kind.value, **figures}))
    else:
        typer.echo(
            f"{connection} {kind.value}: {outcome.replanned} shipments re-planned, {outcome.later} promised later, "
            f"{outcome.unplanned} without a path"
        )


@app.command("sla")
def sla_command(
    as_json: AsJson = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Promises on track, at risk and broken, per lane (origin hub to delivery station)."""
    settings = settings_from_options(data_dir, database_url)
    lanes = run_with_runtime(settings, lambda runtime: transact(runtime, promise_health_by_lane))
    for lane in lanes:
        row = {
            "origin": lane.origin,
            "station": lane.station,
            "on_track": lane.on_track,
            "at_risk": lane.at_risk,
            "broken": lane.broken,
        }
        if as_json:
            typer.echo(json.dumps(row))
        else:
            typer.echo(
                f"{lane.origin}->{lane.station or '-'}  on track {lane.on_track}  at risk {lane.at_risk}  "
                f"broken {lane.broken}"
            )


@app.command("bench-repromise")
def bench_command(
    database_url: Annotated[
        str,
        typer.Option("--database-url", help="PostgreSQL server (a scratch database is made) or a SQLite URL."),
    ] = "postgresql://postgres@127.0.0.1:5432/test",
    parcels: Annotated[int, typer.Option("--parcels", min=1, max=200_000, help="Parcels on the flight.")] = 10_000,
    as_json: AsJson = False,
) -> None:
    """Time the re-planning of a cancelled flight carrying --parcels shipments, on scratch storage."""
    figures = asyncio.run(measure_repromise(database_url, parcels=parcels))
    if as_json:
        typer.echo(json.dumps(figures))
    else:
        typer.echo(
            f"{figures['replanned']} parcels re-promised in {figures['seconds']} s "
            f"({figures['parcels_per_second']} a second, {figures['statements']} SQL statements) "
            f"on {figures['backend']}"
        )
