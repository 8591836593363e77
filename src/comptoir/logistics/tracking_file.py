"""Tracking events as documents: one JSON object per event, read strictly; a parcel's state as a document.

An event document (docs/tracking.md)::

    {"parcel": "RR473124829GB", "at": "2026-12-03T23:30:00+08:00", "hub": "HGH", "status": "in_transit",
     "code": "EMC", "step": "departing", "id": "evt-1"}

``parcel``, ``at``, ``hub`` and ``status`` are required; ``code`` (a UPU EMSEVT code), ``step`` (a GS1 CBV
business step, short or URN) and ``id`` may be absent or null. Any other key, a value of the wrong type,
an unknown status or step, a time without its UTC offset or a parcel id that is neither S10 nor internal
makes the document malformed: :func:`read_event` says why. A well-formed event that cannot have
happened is not malformed; the fold rejects it (``comptoir.logistics.domain.tracking``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from comptoir.logistics.domain import ParcelTracking, TrackingEvent, TrackingStatus, business_step, parcel_id

REQUIRED = ("parcel", "at", "hub", "status")
OPTIONAL = ("code", "step", "id")
_EMSEVT_SHAPE = re.compile(r"^[A-Z]{3}$")


def parse_event_time(text: str) -> datetime | None:
    """An ISO 8601 date and time with its UTC offset, the offset kept; None when it is not one."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return None if moment.utcoffset() is None else moment


def read_event(item: object) -> TrackingEvent:
    """The event an event document states; ValueError naming the first thing wrong with it."""
    if not isinstance(item, dict):
        raise ValueError("expected a JSON object with parcel, at, hub, status (and code, step, id)")
    missing = [key for key in REQUIRED if key not in item]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    unknown = sorted(set(item) - {*REQUIRED, *OPTIONAL})
    if unknown:
        raise ValueError(f"unknown field {', '.join(unknown)} (expected {', '.join((*REQUIRED, *OPTIONAL))})")
    for key in REQUIRED:
        if not isinstance(item[key], str) or not item[key].strip():
            raise ValueError(f"{key} must be a non-empty string")
    for key in OPTIONAL:
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ValueError(f"{key} must be a non-empty string or null")
    parcel = parcel_id(item["parcel"])
    at = parse_event_time(item["at"])
    if at is None:
        raise ValueError(
            f"at {item['at']!r} is not an ISO 8601 time with its UTC offset (e.g. 2026-12-03T23:30:00+08:00)"
        )
    try:
        status = TrackingStatus(item["status"])
    except ValueError:
        expected = ", ".join(s.value for s in TrackingStatus)
        raise ValueError(f"unknown status {item['status']!r} (expected one of {expected})") from None
    code = item.get("code")
    if code is not None and not _EMSEVT_SHAPE.match(code):
        raise ValueError(f"code {code!r} is not a UPU EMSEVT event code (3 capital letters, e.g. EMC)")
    step = item.get("step")
    return TrackingEvent(
        parcel=parcel,
        at=at,
        hub=item["hub"],
        status=status,
        code=code,
        step=None if step is None else business_step(step),
        id=item.get("id"),
    )


def state_document(state: ParcelTracking, at_text: Callable[[int], str]) -> dict[str, Any]:
    """The line ``comptoir logistics track --json`` prints for a parcel (docs/tracking.md).

    ``at_text(index)`` is the time of the event at that position as it was written; of the copies of the
    last event, the time written first in string order is printed, so that the line depends on the set
    of events only.
    """
    last = state.last_event
    last_event = None
    if last is not None:
        written = min(at_text(i) for i in state.last_event_indices)
        last_event = {"at": written, "hub": last.hub, "code": last.code}
    return {
        "parcel": state.parcel,
        "status": state.status.value,
        "last_event": last_event,
        "events_applied": state.events_applied,
        "rejected": [{"index": r.index, "reason": r.reason} for r in state.rejected],
    }
