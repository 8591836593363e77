"""HTTP API of parcel tracking: carriers send events (a JSON list, or a JSONL batch file); carriers and the
platform read states, events, counts and hub throughput.

A carrier is a logistics operator organisation calling with its API key; it sends and reads its own parcels
only (another carrier's parcel is not found). The platform operator reads every parcel. docs/tracking.md,
"Ingestion", states the rules.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from comptoir.kernel.auth import require_kind
from comptoir.kernel.errors import InvalidInput
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.paging import DEFAULT_PAGE
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.domain import TrackingEvent, TrackingStatus, format_instant, parcel_id
from comptoir.logistics.domain.ingestion import EventOutcome, EventSource, IngestedEvent, ParcelState, StoredEvent
from comptoir.logistics.errors import EventProblem, TrackedParcelNotFound, TrackingEventsInvalid, TrackingNotAllowed
from comptoir.logistics.services.tracking import ingest_tracking_events
from comptoir.logistics.services.tracking_queries import (
    hub_throughput,
    parcel_history,
    parcels_by_status,
    tracking_status_counts,
)
from comptoir.logistics.tracking_batch import read_batch
from comptoir.logistics.tracking_file import parse_event_time, read_event

router = APIRouter(tags=["logistics tracking"])

MAX_EVENTS = 1000
"""Events one POST of the list may carry; a larger list is refused whole."""

MAX_THROUGHPUT_DAYS = 92

Carrier = Annotated[
    Principal,
    Depends(
        require_kind(
            OrganisationKind.LOGISTICS_OPERATOR,
            OrganisationKind.PLATFORM,
            refusal=lambda: TrackingNotAllowed(
                "only a logistics operator or the platform operator sends or reads parcel tracking"
            ),
        )
    ),
]

StatusName = Literal[
    "pending",
    "in_transit",
    "on_hold",
    "delivery_delayed",
    "out_for_delivery",
    "delivery_failed",
    "ready_for_pickup",
    "return_to_sender",
    "delivered",
    "cancelled",
]
PARCEL_PATTERN = r"^([A-Za-z]{2}[0-9]{9}[A-Za-z]{2}|prc_[0-9A-HJKMNP-TV-Z]{26})$"
ParcelPath = Annotated[
    str, Path(pattern=PARCEL_PATTERN, description="the parcel's UPU S10 id (compact) or internal prc_ id")
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventIn(Strict):
    """One tracking event, the document of docs/tracking.md."""

    parcel: str = Field(min_length=1, max_length=40, description="UPU S10 id or internal prc_ id")
    at: str = Field(min_length=1, max_length=40, description="ISO 8601 with its UTC offset")
    hub: str = Field(min_length=1, max_length=64)
    status: StatusName
    code: str | None = Field(default=None, pattern="^[A-Z]{3}$", description="UPU EMSEVT event code")
    step: str | None = Field(default=None, min_length=1, max_length=80, description="GS1 CBV business step")
    id: str | None = Field(default=None, min_length=1, max_length=120, description="the carrier's event id")


class OutcomeOut(Strict):
    index: int
    parcel: str
    outcome: Literal["applied", "rejected", "duplicate"]
    event_id: str
    rejection: str | None = None
    reason: str | None = None
    duplicate_of: str | None = None


class IngestOut(Strict):
    received: int
    applied: int
    rejected: int
    duplicates: int
    events: list[OutcomeOut]


class LastEventOut(Strict):
    at: str
    hub: str
    status: str
    code: str | None


class ParcelStateOut(Strict):
    parcel: str
    status: str
    last_event: LastEventOut | None
    events_applied: int
    events_rejected: int
    updated_at: str


class StoredEventOut(Strict):
    id: str
    at: str
    hub: str
    status: str
    code: str | None
    step: str | None
    carrier_event_id: str | None
    source: str
    received_at: str
    outcome: str
    rejection: str | None
    reason: str | None
    duplicate_of: str | None


class ParcelHistoryOut(ParcelStateOut):
    events: list[StoredEventOut]


class HubDayOut(Strict):
    hub: str
    day: str
    events: int
    parcels: int


def _ingest_answer(outcomes: tuple[IngestedEvent, ...], *, lines: tuple[int, ...] | None = None) -> IngestOut:
    def count(outcome: EventOutcome) -> int:
        return sum(o.outcome is outcome for o in outcomes)

    return IngestOut(
        received=len(outcomes),
        applied=count(EventOutcome.APPLIED),
        rejected=count(EventOutcome.REJECTED),
        duplicates=count(EventOutcome.DUPLICATE),
        events=[
            OutcomeOut(
                index=o.index if lines is None else lines[o.index],
                parcel=o.parcel,
                outcome=o.outcome.value,
                event_id=o.event_id,
                rejection=None if o.rejection is None else o.rejection.value,
                reason=o.reason,
                duplicate_of=o.duplicate_of,
            )
            for o in outcomes
        ],
    )


def _last(event: TrackingEvent | None) -> LastEventOut | None:
    if event is None:
        return None
    return LastEventOut(at=event.at.isoformat(), hub=event.hub, status=event.status.value, code=event.code)


def _state(state: ParcelState) -> ParcelStateOut:
    return ParcelStateOut(
        parcel=state.parcel,
        status=state.status.value,
        last_event=_last(state.last_event),
        events_applied=state.events_applied,
        events_rejected=state.events_rejected,
        updated_at=format_instant(state.updated_at),
    )


def _stored(stored: StoredEvent) -> StoredEventOut:
    event = stored.event
    return StoredEventOut(
        id=stored.id,
        at=event.at.isoformat(),
        hub=event.hub,
        status=event.status.value,
        code=event.code,
        step=event.step,
        carrier_event_id=event.id,
        source=stored.source.value,
        received_at=format_instant(stored.received_at),
        outcome=stored.outcome.value,
        rejection=None if stored.rejection is None else stored.rejection.value,
        reason=stored.reason,
        duplicate_of=stored.duplicate_of,
    )


def _read_list(documents: list[EventIn]) -> list[TrackingEvent]:
    events: list[TrackingEvent] = []
    problems: list[EventProblem] = []
    for index, document in enumerate(documents):
        try:
            events.append(read_event(document.model_dump()))
        except ValueError as exc:
            problems.append(EventProblem(index, str(exc)))
    if problems:
        raise TrackingEventsInvalid(problems)
    return events


@router.post("/logistics/tracking/events", response_model=IngestOut)
async def send_tracking_events(
    runtime: RuntimeDep,
    principal: Carrier,
    documents: Annotated[list[EventIn], Body(max_length=MAX_EVENTS)],
    _: Idempotent,
) -> IngestOut:
    """Store up to 1,000 tracking events and fold their parcels' states again; one outcome per event, in order.

    Events of parcels that are not yours (no shipment, or another carrier's), at a hub the network does not
    have, or more than 24 h after now are ``rejected``; an event already stored is a ``duplicate``; the
    others join their parcel's events and ``applied`` or are ``rejected`` by the state machine, with the
    reason. A malformed event refuses the whole list (``422 tracking_events_invalid``, every problem under
    ``problems``) and nothing is stored.
    """
    events = _read_list(documents)
    outcomes = await transact(
        runtime, lambda uow: ingest_tracking_events(uow, principal, events=events, source=EventSource.API)
    )
    return _ingest_answer(outcomes)


BATCH_TYPES = ("application/x-ndjson", "application/jsonl", "text/plain")


@router.post(
    "/logistics/tracking/batches",
    response_model=IngestOut,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {media: {"schema": {"type": "string", "minLength": 1}} for media in BATCH_TYPES},
        }
    },
)
async def upload_tracking_batch(runtime: RuntimeDep, principal: Carrier, request: Request, _: Idempotent) -> IngestOut:
    """Store a batch file of tracking events (JSONL, as ``comptoir logistics track`` reads it; at most 10,000
    events) sent as the body. Each outcome's ``index`` is the 0-based line of the file. A malformed line
    refuses the whole file, naming every bad line under ``problems``, and nothing is stored."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in BATCH_TYPES:
        raise InvalidInput(
            "send the batch file as the body with Content-Type application/x-ndjson (or text/plain)",
            code="invalid_input",
        )
    data = await request.body()
    if not data:
        raise TrackingEventsInvalid([], detail="the batch file is empty; send its lines as the body")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise TrackingEventsInvalid([], detail="the batch file is not UTF-8 text; nothing was stored") from None
    batch = read_batch(text, name="the batch file")
    outcomes = await transact(
        runtime,
        lambda uow: ingest_tracking_events(uow, principal, events=batch.events, source=EventSource.BATCH),
    )
    return _ingest_answer(outcomes, lines=batch.lines)


@router.get("/logistics/tracking/parcels/{parcel}", response_model=ParcelHistoryOut)
async def tracked_parcel(runtime: RuntimeDep, principal: Carrier, parcel: ParcelPath) -> ParcelHistoryOut:
    """A parcel's state and every event received for it, each with its outcome of now (oldest receipt first).

    A parcel with no shipment, or another carrier's, is ``404 tracked_parcel_not_found``."""
    try:
        written = parcel_id(parcel)
    except ValueError:
        raise TrackedParcelNotFound(parcel) from None
    found = await transact(runtime, lambda uow: parcel_history(uow, principal, parcel=written))
    return ParcelHistoryOut(**_state(found.state).model_dump(), events=[_stored(e) for e in found.events])


@router.get("/logistics/tracking/parcels", response_model=Page[ParcelStateOut])
async def tracked_parcels(
    runtime: RuntimeDep,
    principal: Carrier,
    status: Annotated[StatusName | None, Query(description="only parcels in this status")] = None,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[ParcelStateOut]:
    """Your parcels that have events (every parcel, for the platform), by parcel id, a page at a time."""
    wanted = None if status is None else TrackingStatus(status)
    page = await transact(
        runtime, lambda uow: parcels_by_status(uow, principal, status=wanted, cursor=cursor, limit=limit)
    )
    return Page[ParcelStateOut](items=[_state(s) for s in page.parcels], next_cursor=page.next_cursor)


@router.get("/logistics/tracking/counts", response_model=dict[StatusName, int])
async def tracking_counts(runtime: RuntimeDep, principal: Carrier) -> dict[str, int]:
    """How many of your parcels (every parcel, for the platform) are in each status."""
    counts = await transact(runtime, lambda uow: tracking_status_counts(uow, principal))
    return {status.value: n for status, n in counts.items()}


INSTANT_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$"


def _instant(text: str | None, name: str) -> datetime | None:
    """An ISO 8601 time with its offset from a query (the pattern lets through days that do not exist)."""
    if text is None:
        return None
    moment = parse_event_time(text)
    if moment is None:
        raise InvalidInput(f"{name} {text!r} is not an ISO 8601 time with its UTC offset", code="invalid_input")
    return moment


@router.get("/logistics/tracking/throughput", response_model=list[HubDayOut])
async def tracking_throughput(
    runtime: RuntimeDep,
    principal: Carrier,
    since: Annotated[
        str | None, Query(pattern=INSTANT_PATTERN, description="from (inclusive), ISO 8601 with its offset")
    ] = None,
    until: Annotated[
        str | None, Query(pattern=INSTANT_PATTERN, description="to (exclusive), ISO 8601 with its offset; default now")
    ] = None,
) -> list[HubDayOut]:
    """Applied events per hub and UTC day of the events' times, by day then hub (at most 92 days; by default
    the 7 days before ``until``)."""
    end = _instant(until, "until") or runtime.clock.now()
    start = _instant(since, "since") or end - timedelta(days=7)
    if not timedelta(0) <= end - start <= timedelta(days=MAX_THROUGHPUT_DAYS):
        raise InvalidInput(
            f"since must come before until, at most {MAX_THROUGHPUT_DAYS} days before it", code="invalid_input"
        )
    days = await transact(runtime, lambda uow: hub_throughput(uow, principal, since=start, until=end))
    return [HubDayOut(hub=d.hub, day=d.day, events=d.events, parcels=d.parcels) for d in days]
