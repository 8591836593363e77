"""A batch file of tracking events, as carriers upload it and `comptoir logistics ingest` reads it.

The format is that of `comptoir logistics track` (docs/tracking.md): one JSON event document a line, blank
lines skipped but counted, so a line's index (its number minus one) names it in every answer. The whole file
is read before anything is stored: any malformed line refuses it with :class:`TrackingEventsInvalid`
listing every bad line (at most :data:`MAX_PROBLEMS`), and nothing is stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from comptoir.logistics.domain import TrackingEvent
from comptoir.logistics.errors import EventProblem, TrackingEventsInvalid
from comptoir.logistics.tracking_file import read_event

MAX_BATCH_EVENTS = 10_000
"""Events a batch file may hold: it is ingested in one transaction."""

MAX_PROBLEMS = 50


@dataclass(frozen=True, slots=True)
class BatchFile:
    """The events of a file and, for each, the index of its line."""

    events: tuple[TrackingEvent, ...]
    lines: tuple[int, ...]


def read_batch(text: str, *, name: str = "the file") -> BatchFile:
    """The events of a JSONL text; :class:`TrackingEventsInvalid` naming each bad line (by its index)."""
    events: list[TrackingEvent] = []
    lines: list[int] = []
    problems: list[EventProblem] = []
    for index, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        try:
            item: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(EventProblem(index, f"line {index + 1}: not valid JSON ({exc.msg})"))
        else:
            try:
                events.append(read_event(item))
                lines.append(index)
            except ValueError as exc:
                problems.append(EventProblem(index, f"line {index + 1}: {exc}"))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise TrackingEventsInvalid(problems, detail=f"{name} {problems[0].message}; nothing was stored")
    if len(events) > MAX_BATCH_EVENTS:
        raise TrackingEventsInvalid(
            [], detail=f"{name} holds {len(events)} events, more than {MAX_BATCH_EVENTS}; split it"
        )
    return BatchFile(tuple(events), tuple(lines))
