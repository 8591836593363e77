"""`comptoir logistics …` commands: check a network file, answer delivery promises from it, replay tracking.

The file format is docs/network-format.md; the earliest-arrival rule and the answers, docs/promise.md.
Exit codes, as for every ``comptoir`` command: 0 done, 1 a failure, 2 bad input (an option, a query, or
a network file with problems). ``validate`` is the one whose answer is about the file itself: it exits
1 when the file has problems, as docs/network-format.md states.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from comptoir.kernel.commands import fail
from comptoir.logistics import ingest_cli, network_cli, shipments_cli, track_cli
from comptoir.logistics.domain import Journey, LatestDeparture, Network, format_instant
from comptoir.logistics.errors import NetworkInvalid, QueryInvalid, UnknownHub
from comptoir.logistics.network_file import load_network, parse_instant

if TYPE_CHECKING:
    from comptoir.logistics._engine import PromiseEngine

app = typer.Typer(
    help="Logistics tools: validate a network file, answer delivery promises, replay tracking events "
    "(file format: docs/network-format.md; rules: docs/promise.md, docs/tracking.md).",
    epilog="Exit status: 0 done, 1 a failure, 2 bad input (an option, a query, a network file with problems, "
    "a malformed tracking event); "
    "validate exits 1 when the file it checks has problems.",
    no_args_is_help=True,
)
network_cli.register(app)  # comptoir logistics import | export (the stored network)
track_cli.register(app)  # comptoir logistics track (tracking events replayed, docs/tracking.md)
ingest_cli.register(app)  # comptoir logistics ingest (tracking events stored in the database)
shipments_cli.register(app)  # comptoir logistics shipments … (booking, disruptions, SLA: docs/shipments.md)

NetworkFile = Annotated[Path, typer.Option("--network", help="Network file (JSON, see docs/network-format.md).")]
Origin = Annotated[str | None, typer.Option("--from", help="Hub code the parcel leaves from.")]
Destination = Annotated[str | None, typer.Option("--to", help="Hub code the parcel must reach.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
HorizonDays = Annotated[
    int,
    typer.Option(
        "--horizon-days", min=1, max=366, help="Days of weekly services unrolled from the earliest query time."
    ),
]


def _bad_input(message: str) -> typer.Exit:
    """``error: message`` on stderr, and the exit of a command refused for its input (2)."""
    return fail(message, 2)


def _network(path: Path) -> Network:
    try:
        return load_network(path)
    except NetworkInvalid as exc:
        raise _bad_input(f"{path}: {exc.detail} (run `comptoir logistics validate --network {path}`)") from exc


def _instant(value: str | None, option: str) -> datetime:
    if value is None:
        raise _bad_input(f"{option} is required")
    moment = parse_instant(value)
    if moment is None:
        raise _bad_input(
            f"{option} {value!r} is not an ISO 8601 instant with a UTC offset in whole seconds "
            "(e.g. 2026-12-01T15:30:00Z)"
        )
    return moment


INTERPRETED_WORK = 2_000_000
"""Past this many connections (queries x timetable size, the worst case), numba's compiled scans pay for
their import and first compile; below it, the same scans run in the interpreter (under a microsecond a
connection), so a one-off question does not wait for numba."""


def _engine(network: Network, *, start: datetime, days: int, queries: int) -> PromiseEngine:
    from comptoir.logistics._engine import PromiseEngine, Timetable

    try:
        timetable = Timetable.build(network, start=start, days=days)
    except QueryInvalid as exc:
        raise _bad_input(exc.detail) from exc
    return PromiseEngine(timetable, compiled=queries * timetable.size > INTERPRETED_WORK)


@app.command()
def validate(network: NetworkFile, as_json: AsJson = False) -> None:
    """Check a network file and list every problem with the entry it is in; exit 1 if there is any."""
    try:
        loaded = load_network(network)
    except NetworkInvalid as exc:
        if as_json:
            problems = [{"entry": p.entry, "message": p.message} for p in exc.problems]
            typer.echo(json.dumps({"valid": False, "problems": problems}, ensure_ascii=False))
        else:
            for problem in exc.problems:
                typer.echo(str(problem))
        raise fail(f"{network}: {network_cli.problems_phrase(len(exc.problems))}; nothing loaded", 1) from exc
    counts = {
        "hubs": len(loaded.hubs),
        "services": len(loaded.services),
        "connections": len(loaded.connections),
        "clearance": len(loaded.clearance),
        "last_mile": len(loaded.last_mile),
    }
    if as_json:
        typer.echo(json.dumps({"valid": True, **counts}))
    else:
        typer.echo(f"{network}: valid (" + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()) + ")")


@app.command()
def promise(
    network: NetworkFile,
    origin: Origin = None,
    destination: Destination = None,
    ready_at: Annotated[str | None, typer.Option("--ready-at", help="When the parcel is ready (ISO 8601).")] = None,
    queries: Annotated[Path | None, typer.Option("--queries", help="JSON lines of {from, to, ready_at}.")] = None,
    horizon_days: HorizonDays = 21,
    as_json: AsJson = False,
) -> None:
    """Earliest time a parcel is available at --to, with its legs; or one answer per line of --queries.

    Available means arrived and then through the last leg's ready time (unloading, sorting): the exact
    rule and the --json answer are in docs/promise.md.
    """
    if queries is not None:
        if origin is not None or destination is not None or ready_at is not None:
            raise _bad_input("give either --queries or --from/--to/--ready-at, not both")
        asked = _read_queries(queries)
    else:
        if origin is None or destination is None:
            raise _bad_input("--from and --to are required (or --queries FILE.jsonl)")
        asked = [(origin, destination, _instant(ready_at, "--ready-at"))]
    loaded = _network(network)
    if not asked:
        return
    for position, (o, d, _) in enumerate(asked, start=1):
        for code in (o, d):
            if not loaded.has_hub(code):
                where = f"query {position}: " if queries is not None else ""
                raise _bad_input(f"{where}unknown hub {code!r}")
    engine = _engine(loaded, start=min(r for _, _, r in asked), days=horizon_days, queries=len(asked))
    for position, (o, d, r) in enumerate(asked, start=1):
        try:
            journey = engine.earliest_arrival(o, d, r)
        except (UnknownHub, QueryInvalid) as exc:
            where = f"query {position}: " if queries is not None else ""
            raise _bad_input(where + exc.detail) from exc
        typer.echo(json.dumps(journey_document(journey)) if as_json else _journey_text(journey))


@app.command()
def latest(
    network: NetworkFile,
    origin: Origin = None,
    destination: Destination = None,
    arrive_by: Annotated[str | None, typer.Option("--arrive-by", help="When it must be available (ISO 8601).")] = None,
    horizon_days: HorizonDays = 21,
    as_json: AsJson = False,
) -> None:
    """Latest time a parcel can be ready at --from and still be available at --to by --arrive-by, with its legs.

    The rule is that of `promise`, backwards (docs/promise.md).
    """
    if origin is None or destination is None:
        raise _bad_input("--from and --to are required")
    deadline = _instant(arrive_by, "--arrive-by")
    loaded = _network(network)
    engine = _engine(loaded, start=deadline - timedelta(days=horizon_days), days=horizon_days, queries=1)
    try:
        answer = engine.latest_departure(origin, destination, deadline)
    except (UnknownHub, QueryInvalid) as exc:
        raise _bad_input(exc.detail) from exc
    typer.echo(json.dumps(latest_document(answer)) if as_json else _latest_text(answer))


def _read_queries(path: Path) -> list[tuple[str, str, datetime]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad_input(f"cannot read {path}: {exc}") from exc
    asked = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _bad_input(f"{path} line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(item, dict) or set(item) != {"from", "to", "ready_at"}:
            raise _bad_input(f"{path} line {number}: expected an object with exactly from, to, ready_at")
        o, d, r = item["from"], item["to"], item["ready_at"]
        if not all(isinstance(v, str) for v in (o, d, r)):
            raise _bad_input(f"{path} line {number}: from, to and ready_at must be strings")
        moment = parse_instant(r)
        if moment is None:
            raise _bad_input(f"{path} line {number}: ready_at {r!r} is not an ISO 8601 instant with a UTC offset")
        asked.append((o, d, moment))
    return asked


def _legs_text(legs: Any) -> list[str]:
    """One line per leg; the trip is named only when it is not the leg's own id (a leg of a multi-leg trip)."""
    return [
        f"  {leg.connection}{'' if leg.trip == leg.connection else f' (trip {leg.trip})'}: "
        f"{leg.origin} {format_instant(leg.departs_at)} -> {leg.destination} {format_instant(leg.arrives_at)}"
        for leg in legs
    ]


def _minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest:02d}"


def _available_text(available_at: datetime, legs: Any) -> str:
    """When the parcel is available, and why that is later than the last arrival (the ready time)."""
    text = f"available {format_instant(available_at)}"
    if not legs:
        return text
    last = legs[-1]
    wait = int((available_at - last.arrives_at).total_seconds()) // 60
    if wait <= 0:
        return text
    return (
        f"{text} (arrives {format_instant(last.arrives_at)}, then {_minutes_text(wait)} to unload and sort "
        f"at {last.destination}: the ready time)"
    )


def _journey_text(journey: Journey) -> str:
    head = f"{journey.origin} -> {journey.destination}, ready {format_instant(journey.ready_at)}: "
    if journey.available_at is None:
        return head + "no path within the horizon"
    return "\n".join([head + _available_text(journey.available_at, journey.legs), *_legs_text(journey.legs)])


def _latest_text(answer: LatestDeparture) -> str:
    head = f"{answer.origin} -> {answer.destination}, available by {format_instant(answer.arrive_by)}: "
    if answer.latest_ready_at is None or answer.available_at is None:
        return head + "no path within the horizon"
    return "\n".join(
        [
            head
            + f"ready by {format_instant(answer.latest_ready_at)}; "
            + _available_text(answer.available_at, answer.legs),
            *_legs_text(answer.legs),
        ]
    )


def journey_document(journey: Journey) -> dict[str, Any]:
    """The answer shape of ``comptoir logistics promise --json`` (docs/promise.md)."""
    return {
        "from": journey.origin,
        "to": journey.destination,
        "ready_at": format_instant(journey.ready_at),
        "available_at": None if journey.available_at is None else format_instant(journey.available_at),
        "legs": [_leg_document(leg) for leg in journey.legs],
    }


def latest_document(latest: LatestDeparture) -> dict[str, Any]:
    """The answer shape of ``comptoir logistics latest --json``."""
    return {
        "from": latest.origin,
        "to": latest.destination,
        "arrive_by": format_instant(latest.arrive_by),
        "latest_ready_at": None if latest.latest_ready_at is None else format_instant(latest.latest_ready_at),
        "available_at": None if latest.available_at is None else format_instant(latest.available_at),
        "legs": [_leg_document(leg) for leg in latest.legs],
    }


def _leg_document(leg: Any) -> dict[str, str]:
    return {
        "connection": leg.connection,
        "trip": leg.trip,
        "from": leg.origin,
        "to": leg.destination,
        "departs_at": format_instant(leg.departs_at),
        "arrives_at": format_instant(leg.arrives_at),
    }
