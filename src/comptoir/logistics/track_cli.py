"""`comptoir logistics track`: replay tracking events without a database, one state per parcel.

The input is JSON lines, one event per line (docs/tracking.md); blank lines are skipped but counted, so
that an ``index`` in the answer is always the 0-based position of the line in the file (its line number
minus one). A line that is not valid JSON or is not a well-formed event exits 2 naming its line number;
nothing is printed then. Impossible events are not bad input: they are listed under their parcel.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from comptoir.kernel.commands import BAD_INPUT, fail
from comptoir.logistics.domain import DEFAULT_FUTURE_TOLERANCE, ParcelTracking, TrackingEvent, replay_tracking
from comptoir.logistics.tracking_file import parse_event_time, read_event, state_document


def register(app: typer.Typer) -> None:
    """Add ``track`` to the ``comptoir logistics`` group."""
    app.command("track")(track_command)


def track_command(
    events: Annotated[
        str, typer.Option("--events", help="Tracking events, one JSON object a line (docs/tracking.md); - for stdin.")
    ],
    now: Annotated[
        str | None,
        typer.Option("--now", help="Reject events later than this (ISO 8601 with offset) plus --max-future-hours."),
    ] = None,
    max_future_hours: Annotated[
        float,
        typer.Option("--max-future-hours", min=0, max=100_000, help="How far after --now an event may lie (hours)."),
    ] = DEFAULT_FUTURE_TOLERANCE / timedelta(hours=1),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object a parcel.")] = False,
) -> None:
    """The state of every parcel the events name, sorted by parcel id, whatever the order of the events.

    Without --now no event is too far in the future. Exit 2 names the first malformed line.
    """
    moment = None
    if now is not None:
        moment = parse_event_time(now)
        if moment is None:
            raise fail(f"--now {now!r} is not an ISO 8601 time with its UTC offset", BAD_INPUT)
    name, lines = _lines(events)
    read, line_of, written_at = _read(name, lines)
    replayed = replay_tracking(read, now=moment, future_tolerance=timedelta(hours=max_future_hours))
    states = [_in_file_lines(state, line_of) for state in replayed]
    if as_json:
        for state in states:
            typer.echo(json.dumps(state_document(state, written_at.__getitem__), ensure_ascii=False))
    elif states:
        typer.echo(_table(states, written_at))


def _lines(events: str) -> tuple[str, list[str]]:
    if events == "-":
        return "stdin", sys.stdin.read().splitlines()
    try:
        return events, Path(events).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {events}: {exc}", BAD_INPUT) from exc


def _read(name: str, lines: list[str]) -> tuple[list[TrackingEvent], list[int], dict[int, str]]:
    """The events of the lines, the line index of each, and the time each line wrote; exit 2 on a bad line."""
    read: list[TrackingEvent] = []
    line_of: list[int] = []
    written_at: dict[int, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            item: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise fail(f"{name} line {index + 1}: not valid JSON ({exc.msg})", BAD_INPUT) from exc
        try:
            read.append(read_event(item))
        except ValueError as exc:
            raise fail(f"{name} line {index + 1}: {exc}", BAD_INPUT) from exc
        line_of.append(index)
        written_at[index] = item["at"]
    return read, line_of, written_at


def _in_file_lines(state: ParcelTracking, line_of: list[int]) -> ParcelTracking:
    """The state with its indices turned from positions among the events read into line indices."""
    return replace(
        state,
        last_event_indices=tuple(line_of[i] for i in state.last_event_indices),
        rejected=tuple(replace(r, index=line_of[r.index]) for r in state.rejected),
    )


def _table(states: list[ParcelTracking], written_at: dict[int, str]) -> str:
    """A column per field, a row per parcel, and under it a line per rejected event (by line number)."""
    rows = [("parcel", "status", "applied", "rejected", "last event")]
    for state in states:
        document = state_document(state, written_at.__getitem__)
        last = document["last_event"]
        seen = "-" if last is None else " ".join(str(v) for v in (last["at"], last["hub"], last["code"]) if v)
        rows.append((state.parcel, state.status.value, str(state.events_applied), str(len(state.rejected)), seen))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    out: list[str] = []
    for position, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]), row[3].rjust(widths[3])]
        out.append("  ".join([*cells, row[4]]).rstrip())
        if position:
            out.extend(f"  line {r.index + 1} rejected: {r.reason}" for r in states[position - 1].rejected)
    return "\n".join(out)
