"""`comptoir logistics ingest`: store a batch file of tracking events in the database, as carriers upload it.

The file is the one `comptoir logistics track` reads (docs/tracking.md); it is read whole first, and a
malformed line exits 2 naming it, with nothing stored. The command runs as the installation: events of any
shipped parcel are taken (``--carrier`` records which carrier sent them, and holds them to its parcels).
"""

from __future__ import annotations

import json
import sys
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
from comptoir.logistics.domain.ingestion import EventOutcome, EventSource, IngestedEvent
from comptoir.logistics.errors import TrackingEventsInvalid
from comptoir.logistics.services.tracking import ingest_tracking_events
from comptoir.logistics.tracking_batch import BatchFile, read_batch


def register(app: typer.Typer) -> None:
    """Add ``ingest`` to the ``comptoir logistics`` group."""
    app.command("ingest")(ingest_command)


def ingest_command(
    events: Annotated[
        str, typer.Option("--events", help="Tracking events, one JSON object a line (docs/tracking.md); - for stdin.")
    ],
    carrier: Annotated[
        str | None,
        typer.Option("--carrier", help="Id of the logistics operator organisation that sent them (its parcels only)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Store the events of FILE with what became of each (applied, rejected with the reason, duplicate).

    Prints the counts and every event not applied, by its line number; with --json one object
    ``{"received", "applied", "rejected", "duplicates", "not_applied": [{"index", "parcel", "outcome",
    "rejection", "reason"}]}``, ``index`` being the 0-based line. Exit 2 names the first malformed line.
    """
    name, text = _text(events)
    try:
        batch = read_batch(text, name=name)
    except TrackingEventsInvalid as exc:
        raise fail(exc.detail, BAD_INPUT) from exc
    settings = settings_from_options(data_dir, database_url)

    async def _run(runtime: Runtime) -> tuple[IngestedEvent, ...]:
        return await transact(
            runtime,
            lambda uow: ingest_tracking_events(
                uow, None, events=batch.events, source=EventSource.BATCH, carrier_org_id=carrier
            ),
        )

    outcomes = run_with_runtime(settings, _run)
    report = _report(batch, outcomes)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
        return
    typer.echo(
        f"{report['received']} events: {report['applied']} applied, {report['rejected']} rejected, "
        f"{report['duplicates']} duplicates"
    )
    for item in report["not_applied"]:
        typer.echo(f"  line {item['index'] + 1} {item['outcome']}: {item['reason'] or item['parcel']}")


def _text(events: str) -> tuple[str, str]:
    if events == "-":
        return "stdin", sys.stdin.read()
    try:
        return events, Path(events).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {events}: {exc}", BAD_INPUT) from exc


def _report(batch: BatchFile, outcomes: tuple[IngestedEvent, ...]) -> dict[str, Any]:
    def count(outcome: EventOutcome) -> int:
        return sum(o.outcome is outcome for o in outcomes)

    return {
        "received": len(outcomes),
        "applied": count(EventOutcome.APPLIED),
        "rejected": count(EventOutcome.REJECTED),
        "duplicates": count(EventOutcome.DUPLICATE),
        "not_applied": [
            {
                "index": batch.lines[o.index],
                "parcel": o.parcel,
                "outcome": o.outcome.value,
                "rejection": None if o.rejection is None else o.rejection.value,
                "reason": o.reason if o.outcome is EventOutcome.REJECTED else f"duplicate of {o.duplicate_of}",
            }
            for o in outcomes
            if o.outcome is not EventOutcome.APPLIED
        ],
    }
