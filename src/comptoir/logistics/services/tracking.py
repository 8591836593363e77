"""Ingesting tracking events from carriers: every event stored with its outcome, each parcel's state the fold of
its set of events (docs/tracking.md, "Ingestion").

Inside the caller's unit of work, never committing. The parcels an ingestion touches are locked (their state
rows, in parcel order) before their events are read, so concurrent ingestions of one parcel's events run one
after the other and leave the fold of all of them; two copies of one event sent at once meet on the events'
unique key, a transient conflict that :func:`~comptoir.kernel.unit_of_work.transact` answers by running the
use case again, which then finds the first copy stored and records the second as a duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from comptoir.kernel.ids import new_id
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.text import TextRefused, check_text
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.logistics import tracking_repository as store
from comptoir.logistics.domain import DEFAULT_FUTURE_TOLERANCE, TrackingEvent, TrackingStatus, track_parcel
from comptoir.logistics.domain.ingestion import (
    EventOutcome,
    EventRejection,
    EventSource,
    IngestedEvent,
    fingerprint,
    fold_rejection,
)
from comptoir.logistics.errors import EventProblem, TrackingEventsInvalid, TrackingNotAllowed
from comptoir.logistics.services.shipments import record_delivery


def _unknown_parcel(parcel: str) -> str:
    return f"no shipment of parcel {parcel} is known to this carrier"


def _sender(principal: Principal | None, carrier_org_id: str | None) -> tuple[str | None, bool]:
    """Who sends the events, and whether it is a carrier held to its own parcels."""
    if principal is None:
        return carrier_org_id, carrier_org_id is not None
    if principal.organisation_kind == OrganisationKind.LOGISTICS_OPERATOR:
        return principal.organisation_id, True
    if principal.is_platform_operator:
        return principal.organisation_id, False
    raise TrackingNotAllowed("only a logistics operator or the platform operator sends tracking events")


def storage_problems(events: Sequence[TrackingEvent]) -> list[EventProblem]:
    """What the columns cannot hold or the text rule refuses (the document format sets no length)."""
    problems: list[EventProblem] = []
    for index, event in enumerate(events):
        for name, value, limit in (("hub", event.hub, store.MAX_HUB), ("id", event.id, store.MAX_CARRIER_EVENT_ID)):
            if value is None:
                continue
            if len(value) > limit:
                problems.append(EventProblem(index, f"{name} is longer than {limit} characters"))
                continue
            try:
                check_text(value)
            except TextRefused as exc:
                problems.append(EventProblem(index, f"{name} {exc}"))
    return problems


@dataclass
class _Parcel:
    """One parcel's set of events while an ingestion runs: stored rows, then the new ones."""

    rows: list[dict[str, Any]]
    by_fingerprint: dict[str, str]
    new: int = 0


def _row(
    event: TrackingEvent, *, sender: str | None, source: EventSource, now: datetime, **outcome: Any
) -> dict[str, Any]:
    return {
        "id": new_id("tev"),
        "parcel_id": event.parcel,
        "carrier_org_id": sender,
        "at": event.instant,
        "offset_seconds": event.offset_seconds,
        "hub": event.hub,
        "status": event.status.value,
        "code": event.code,
        "step": event.step,
        "carrier_event_id": event.id,
        "source": source.value,
        "received_at": now,
        "outcome": EventOutcome.REJECTED.value,
        "rejection": None,
        "reason": None,
        "fingerprint": None,
        "duplicate_of": None,
        **outcome,
    }


async def ingest_tracking_events(
    uow: UnitOfWork,
    principal: Principal | None,
    *,
    events: Sequence[TrackingEvent],
    source: EventSource | str,
    carrier_org_id: str | None = None,
    future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE,
) -> tuple[IngestedEvent, ...]:
    """Store ``events`` as received from a carrier and fold each parcel's state again; one outcome per event.

    ``principal`` is the carrier (a logistics operator: only parcels whose shipment names it, or that no
    other carrier reported first, are its own), the platform operator (any parcel), or None for the
    installation itself: the command line (any parcel), or the worker's pull, held like the carrier it
    names in ``carrier_org_id``. An event is, in
    turn: ``rejected`` on receipt when its parcel has no shipment (or is another carrier's: the same answer,
    so nothing is given away), when a network is stored that has no hub of its code, or when it lies more
    than ``future_tolerance`` after the clock; a ``duplicate`` when the parcel's set holds it already; else
    it joins the set, and the pure fold says whether it ``applied`` or is ``rejected``. Events already
    stored may change verdict then (the fold is over the whole set), and the state rows follow. A parcel
    whose state becomes ``delivered`` has its shipment's delivery time recorded (the first one is kept).

    Events the columns cannot hold (a hub past 64 characters, an id past 120, control characters) raise
    :class:`TrackingEventsInvalid` and nothing is stored.
    """
    source = EventSource(source)
    sender, is_carrier = _sender(principal, carrier_org_id)
    problems = storage_problems(events)
    if problems:
        raise TrackingEventsInvalid(problems)
    if not events:
        return ()
    session = uow.session
    now = uow.clock.now()
    hubs = await store.hub_codes(session)
    shipped = await store.shipment_carriers(session, (e.parcel for e in events))
    claims = {
        parcel: carrier or (sender if is_carrier else None)
        for parcel, carrier in shipped.items()
        if not (is_carrier and carrier not in (None, sender))
    }
    states = await store.lock_states(session, claims, now=now)
    own = {parcel for parcel, state in states.items() if not is_carrier or state["carrier_org_id"] in (None, sender)}
    if is_carrier and sender is not None:
        await store.claim_parcels(session, sorted(p for p in own if states[p]["carrier_org_id"] is None), sender)
    sets = {
        parcel: _Parcel(rows, {row["fingerprint"]: row["id"] for row in rows})
        for parcel, rows in (await store.event_sets(session, own)).items()
    }

    new_rows: list[dict[str, Any]] = []
    placed: list[tuple[int, dict[str, Any]]] = []  # (index, row) of every event received, in order
    latest = now + future_tolerance
    for index, event in enumerate(events):
        parcel = sets.get(event.parcel)
        outcome: dict[str, Any]
        if parcel is None:
            outcome = {"rejection": EventRejection.UNKNOWN_PARCEL.value, "reason": _unknown_parcel(event.parcel)}
        elif hubs is not None and event.hub not in hubs:
            outcome = {"rejection": EventRejection.UNKNOWN_HUB.value, "reason": f"the network has no hub {event.hub!r}"}
        elif event.instant > latest:
            (why,) = track_parcel(event.parcel, [event], now=now, future_tolerance=future_tolerance).rejected
            outcome = {"rejection": EventRejection.IN_THE_FUTURE.value, "reason": why.reason}
        else:
            key = fingerprint(event)
            first = parcel.by_fingerprint.get(key)
            if first is not None:
                outcome = {"outcome": EventOutcome.DUPLICATE.value, "duplicate_of": first}
            else:
                row = _row(event, sender=sender, source=source, now=now, fingerprint=key)
                parcel.by_fingerprint[key] = row["id"]
                parcel.rows.append(row)
                parcel.new += 1
                new_rows.append(row)
                placed.append((index, row))
                continue
        row = _row(event, sender=sender, source=source, now=now, **outcome)
        new_rows.append(row)
        placed.append((index, row))

    changes, folded = _fold_again(sets, now=now)
    await store.insert_events(session, new_rows)
    await store.set_outcomes(session, changes)
    await store.set_states(session, folded)
    for state in folded:
        if state["status"] == TrackingStatus.DELIVERED.value:
            # the shipment keeps the first delivery time, which the SLA monitor compares with the promise
            await record_delivery(uow, parcel=state["parcel"], delivered_at=state["last_event_at"])
    return tuple(
        IngestedEvent(
            index=index,
            parcel=row["parcel_id"],
            outcome=EventOutcome(row["outcome"]),
            event_id=row["id"],
            rejection=None if row["rejection"] is None else EventRejection(row["rejection"]),
            reason=row["reason"],
            duplicate_of=row["duplicate_of"],
        )
        for index, row in placed
    )


def _fold_again(sets: dict[str, _Parcel], *, now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Fold each parcel that got new events: the stored rows whose verdict changed (new rows take theirs in
    place) and the parcels' new states."""
    changes: list[dict[str, Any]] = []
    states: list[dict[str, Any]] = []
    for parcel, held in sets.items():
        if not held.new:
            continue
        rows = held.rows
        stored = len(rows) - held.new
        read = [store.event_of(row) for row in rows]
        state = track_parcel(parcel, read)
        verdicts: dict[int, tuple[str, str | None, str | None]] = {
            i: (EventOutcome.APPLIED.value, None, None) for i in range(len(rows))
        }
        for rejected in state.rejected:
            why = fold_rejection(rejected.event, rejected.reason).value
            verdicts[rejected.index] = (EventOutcome.REJECTED.value, why, rejected.reason[: store.MAX_REASON])
        for i, (outcome, kind, reason) in verdicts.items():
            row = rows[i]
            if (row["outcome"], row["rejection"], row["reason"]) == (outcome, kind, reason):
                continue
            row.update(outcome=outcome, rejection=kind, reason=reason)
            if i < stored:
                changes.append({"row_id": row["id"], "outcome": outcome, "rejection": kind, "reason": reason})
        last = rows[state.last_event_indices[0]] if state.last_event_indices else None
        states.append(
            {
                "parcel": parcel,
                "status": state.status.value,
                "last_event_id": None if last is None else last["id"],
                "last_event_at": None if last is None else last["at"],
                "events_applied": state.events_applied,
                "events_rejected": len(state.rejected),
                "updated_at": now,
            }
        )
    return changes, states
