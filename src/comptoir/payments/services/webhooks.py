"""Merchants' webhooks: their endpoints and signing secrets, the deliveries queued from payments' events,
and sending them (see :mod:`comptoir.payments.domain.webhooks` for the wire format).

- The services (``register_endpoint`` … ``replay_delivery``) run in the caller's unit of work and never
  commit. An organisation sees only its own endpoints and deliveries: another's id is not found.
- :func:`webhook_handler` is the outbox handler of the four payments events: it queues one pending
  delivery per enabled endpoint of the event's merchant subscribed to its type. The delivery's id is
  made of the event's id and the endpoint's, so an event handled twice queues nothing more.
- :func:`deliver_webhooks` is the worker's chore: it claims the due deliveries in one short transaction
  (moving their next attempt a lease ahead, so another worker leaves them alone), POSTs them through
  ``runtime.http`` outside any transaction, then records each attempt in a transaction of its own.

A URL is checked without DNS when it is registered (:func:`comptoir.kernel.outgoing.check_url`); the
outgoing port checks it again with DNS at each delivery. A destination refused then fails the delivery
at once (a name that does not resolve is tried :data:`DNS_ATTEMPTS` times), with the reason in the log.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Protocol

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import Row

from comptoir.kernel.ids import new_id
from comptoir.kernel.outgoing import OutgoingHttp, OutgoingRefused, OutgoingUnavailable, check_url
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
from comptoir.payments import repository as tables
from comptoir.payments.domain.webhooks import (
    DEFAULT_OVERLAP,
    EVENT_TYPES,
    GIVE_UP_AFTER,
    MAX_OVERLAP,
    DeliveryStatus,
    EndpointStatus,
    WebhookEvent,
    event_type_of,
    new_secret,
    retry_delay,
    webhook_headers,
    webhook_payload,
)
from comptoir.payments.domain.webhooks import delivery_id as webhook_id
from comptoir.payments.errors import (
    PaymentsNotFound,
    WebhookEndpointDisabled,
    WebhookEndpointInvalid,
    WebhooksNotAllowed,
    WebhookUrlRefused,
)
from comptoir.payments.services.tills import SELLERS

log = logging.getLogger("comptoir.payments.webhooks")

URL_MAX = 2000
DESCRIPTION_MAX = 200
#: How long a claimed delivery is left to its worker before another may claim it again.
LEASE = timedelta(minutes=5)
#: How many deliveries one claim takes; they are posted concurrently.
BATCH = 20
#: Seconds a delivery's POST may take, resolution and redirects included.
TIMEOUT = 10.0
#: Attempts at a URL whose name does not resolve (it may appear) before the delivery fails.
DNS_ATTEMPTS = 3
ERROR_MAX = 500

_DESCRIPTION = re.compile(r"[^\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]{0,200}")


@dataclass(frozen=True, slots=True)
class WebhookEndpoint:
    id: str
    org_id: str
    url: str
    description: str
    event_types: tuple[str, ...]
    status: EndpointStatus
    disabled_reason: str | None  # "merchant" (disabled by its owner) or "gone" (it answered 410)
    created_at: datetime


@dataclass(frozen=True, slots=True)
class RegisteredEndpoint:
    """A new endpoint and its signing secret, shown this once."""

    endpoint: WebhookEndpoint
    secret: str


@dataclass(frozen=True, slots=True)
class RotatedSecret:
    """The endpoint's new secret (shown this once) and when the secrets it replaces stop signing."""

    endpoint: WebhookEndpoint
    secret: str
    previous_expire_at: datetime


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    id: str  # the webhook-id
    endpoint_id: str
    org_id: str
    event_type: str
    payload: str
    status: DeliveryStatus
    attempts: int  # since it was queued (or last replayed)
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    queued_at: datetime
    delivered_at: datetime | None


@dataclass(frozen=True, slots=True)
class WebhookAttempt:
    delivery_id: str
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


def _endpoint(row: Row[Any]) -> WebhookEndpoint:
    r = row._mapping
    return WebhookEndpoint(
        id=r["id"],
        org_id=r["org_id"],
        url=r["url"],
        description=r["description"],
        event_types=tuple(r["event_types"].split()),
        status=EndpointStatus(r["status"]),
        disabled_reason=r["disabled_reason"],
        created_at=r["created_at"],
    )


def _delivery(row: Row[Any]) -> WebhookDelivery:
    r = row._mapping
    return WebhookDelivery(
        id=r["id"],
        endpoint_id=r["endpoint_id"],
        org_id=r["org_id"],
        event_type=r["event_type"],
        payload=r["payload"],
        status=DeliveryStatus(r["status"]),
        attempts=r["attempts"],
        next_attempt_at=r["next_attempt_at"],
        last_status_code=r["last_status_code"],
        last_error=r["last_error"],
        created_at=r["created_at"],
        queued_at=r["queued_at"],
        delivered_at=r["delivered_at"],
    )


# --- checks -----------------------------------------------------------------------------------------------------


def _checked_url(url: object, *, allow_private: bool) -> str:
    if not isinstance(url, str) or not url.strip() or len(url.strip()) > URL_MAX:
        raise WebhookUrlRefused(f"a webhook URL is 1 to {URL_MAX} characters", reason="url_malformed")
    try:
        return check_url(url.strip(), allow_private=allow_private).url
    except OutgoingRefused as exc:
        raise WebhookUrlRefused(str(exc), reason=exc.reason) from exc


def _checked_event_types(event_types: object) -> tuple[str, ...]:
    if isinstance(event_types, str) or not isinstance(event_types, Iterable):
        raise WebhookEndpointInvalid("event_types is a list of event types", field="event_types")
    chosen = list(event_types)
    unknown = [t for t in chosen if t not in EVENT_TYPES]
    if unknown:
        raise WebhookEndpointInvalid(
            f"unknown event types {unknown!r}: choose among {', '.join(EVENT_TYPES)}", field="event_types"
        )
    if not chosen:
        raise WebhookEndpointInvalid("choose at least one event type", field="event_types")
    return tuple(t for t in EVENT_TYPES if t in chosen)


def _checked_description(description: object) -> str:
    if not isinstance(description, str) or _DESCRIPTION.fullmatch(description.strip()) is None:
        raise WebhookEndpointInvalid(
            f"a description is at most {DESCRIPTION_MAX} characters on one line", field="description"
        )
    return description.strip()


def _may_register(principal: Principal) -> None:
    if principal.organisation_kind not in SELLERS and principal.organisation_kind is not OrganisationKind.PARTNER:
        raise WebhooksNotAllowed("only an organisation that takes or is paid money registers payment webhooks")


# --- endpoints and secrets --------------------------------------------------------------------------------------


async def register_endpoint(
    uow: UnitOfWork,
    principal: Principal,
    *,
    url: str,
    event_types: Sequence[str],
    description: str = "",
    allow_private: bool = False,
) -> RegisteredEndpoint:
    """Register an endpoint of the caller's organisation for ``event_types``; its secret is returned this once.

    The URL is refused at once (:class:`WebhookUrlRefused`) when it is not http or https, carries
    credentials, uses a forbidden port or names a private, loopback or metadata address; a name is
    resolved and checked at each delivery. ``allow_private`` is the development setting
    ``COMPTOIR_OUTGOING_ALLOW_PRIVATE``.
    """
    _may_register(principal)
    checked_url = _checked_url(url, allow_private=allow_private)
    types = _checked_event_types(event_types)
    text = _checked_description(description)
    now = uow.clock.now()
    endpoint = WebhookEndpoint(
        id=new_id("whe"),
        org_id=principal.organisation_id,
        url=checked_url,
        description=text,
        event_types=types,
        status=EndpointStatus.ENABLED,
        disabled_reason=None,
        created_at=now,
    )
    await uow.session.execute(
        insert(tables.webhook_endpoints).values(
            id=endpoint.id,
            org_id=endpoint.org_id,
            url=endpoint.url,
            description=endpoint.description,
            event_types=" ".join(endpoint.event_types),
            status=endpoint.status.value,
            disabled_reason=None,
            created_at=now,
        )
    )
    secret = await _add_secret(uow, endpoint.id)
    return RegisteredEndpoint(endpoint, secret)


async def _add_secret(uow: UnitOfWork, endpoint_id: str) -> str:
    secret = new_secret()
    await uow.session.execute(
        insert(tables.webhook_secrets).values(
            id=new_id("whs"), endpoint_id=endpoint_id, secret=secret, created_at=uow.clock.now(), expires_at=None
        )
    )
    return secret


async def _owned_endpoint(
    uow: UnitOfWork, principal: Principal, endpoint_id: object, *, lock: bool = False
) -> WebhookEndpoint:
    t = tables.webhook_endpoints
    row = None
    if isinstance(endpoint_id, str):
        query = select(t).where(t.c.id == endpoint_id, t.c.org_id == principal.organisation_id)
        row = (await uow.session.execute(query.with_for_update() if lock else query)).first()
    if row is None:
        raise PaymentsNotFound("no such webhook endpoint", code="webhook_endpoint_not_found")
    return _endpoint(row)


async def endpoints_of(uow: UnitOfWork, principal: Principal) -> list[WebhookEndpoint]:
    """The caller's organisation's endpoints, oldest first."""
    t = tables.webhook_endpoints
    rows = await uow.session.execute(
        select(t).where(t.c.org_id == principal.organisation_id).order_by(t.c.created_at, t.c.id)
    )
    return [_endpoint(r) for r in rows]


async def webhook_endpoint(uow: UnitOfWork, principal: Principal, *, endpoint_id: str) -> WebhookEndpoint:
    return await _owned_endpoint(uow, principal, endpoint_id)


async def _disable(uow: UnitOfWork, endpoint_id: str, *, reason: str) -> None:
    """Disable the endpoint and stop its pending deliveries (they stay in the log, status ``disabled``)."""
    await uow.session.execute(
        update(tables.webhook_endpoints)
        .where(tables.webhook_endpoints.c.id == endpoint_id)
        .values(status=EndpointStatus.DISABLED.value, disabled_reason=reason)
    )
    d = tables.webhook_deliveries
    await uow.session.execute(
        update(d)
        .where(d.c.endpoint_id == endpoint_id, d.c.status == DeliveryStatus.PENDING.value)
        .values(status=DeliveryStatus.DISABLED.value, next_attempt_at=None)
    )


async def disable_endpoint(uow: UnitOfWork, principal: Principal, *, endpoint_id: str) -> WebhookEndpoint:
    """Stop sending to the endpoint; its pending deliveries stop too. Disabling it again changes nothing."""
    endpoint = await _owned_endpoint(uow, principal, endpoint_id, lock=True)
    if endpoint.status is EndpointStatus.ENABLED:
        await _disable(uow, endpoint.id, reason="merchant")
    return await _owned_endpoint(uow, principal, endpoint_id)


async def enable_endpoint(uow: UnitOfWork, principal: Principal, *, endpoint_id: str) -> WebhookEndpoint:
    """Send to the endpoint again, from the next event on; stopped deliveries are sent again by replaying them."""
    endpoint = await _owned_endpoint(uow, principal, endpoint_id, lock=True)
    if endpoint.status is EndpointStatus.DISABLED:
        await uow.session.execute(
            update(tables.webhook_endpoints)
            .where(tables.webhook_endpoints.c.id == endpoint.id)
            .values(status=EndpointStatus.ENABLED.value, disabled_reason=None)
        )
    return await _owned_endpoint(uow, principal, endpoint_id)


async def rotate_secret(
    uow: UnitOfWork, principal: Principal, *, endpoint_id: str, overlap: timedelta = DEFAULT_OVERLAP
) -> RotatedSecret:
    """Give the endpoint a new secret (returned this once); the current ones keep signing beside it for
    ``overlap`` (24 h unless told, at most 7 days), then stop. Secrets already past their end are forgotten."""
    if not isinstance(overlap, timedelta) or not timedelta(0) <= overlap <= MAX_OVERLAP:
        raise WebhookEndpointInvalid("the overlap is between 0 and 7 days", field="overlap")
    endpoint = await _owned_endpoint(uow, principal, endpoint_id, lock=True)
    now = uow.clock.now()
    until = now + overlap
    s = tables.webhook_secrets
    await uow.session.execute(delete(s).where(s.c.endpoint_id == endpoint.id, s.c.expires_at <= now))
    await uow.session.execute(
        update(s)
        .where(s.c.endpoint_id == endpoint.id, or_(s.c.expires_at.is_(None), s.c.expires_at > until))
        .values(expires_at=until)
    )
    secret = await _add_secret(uow, endpoint.id)
    return RotatedSecret(endpoint, secret, until)


async def _signing_secrets(uow: UnitOfWork, endpoint_ids: Iterable[str], now: datetime) -> dict[str, list[str]]:
    """The secrets that sign now, newest first, by endpoint."""
    s = tables.webhook_secrets
    rows = await uow.session.execute(
        select(s.c.endpoint_id, s.c.secret)
        .where(s.c.endpoint_id.in_(list(endpoint_ids)), or_(s.c.expires_at.is_(None), s.c.expires_at > now))
        .order_by(s.c.created_at.desc(), s.c.id.desc())
    )
    found: dict[str, list[str]] = {}
    for endpoint_id, secret in rows:
        found.setdefault(endpoint_id, []).append(secret)
    return found


# --- the delivery log -------------------------------------------------------------------------------------------


async def _owned_delivery(
    uow: UnitOfWork, principal: Principal, wanted: object, *, lock: bool = False
) -> WebhookDelivery:
    d = tables.webhook_deliveries
    row = None
    if isinstance(wanted, str):
        query = select(d).where(d.c.id == wanted, d.c.org_id == principal.organisation_id)
        row = (await uow.session.execute(query.with_for_update() if lock else query)).first()
    if row is None:
        raise PaymentsNotFound("no such webhook delivery", code="webhook_delivery_not_found")
    return _delivery(row)


async def deliveries_of(
    uow: UnitOfWork, principal: Principal, *, endpoint_id: str, limit: int = 50, before: str | None = None
) -> list[WebhookDelivery]:
    """The endpoint's deliveries, newest first, ``limit`` of them with an id below ``before``."""
    endpoint = await _owned_endpoint(uow, principal, endpoint_id)
    d = tables.webhook_deliveries
    query = select(d).where(d.c.endpoint_id == endpoint.id)
    if before is not None:
        query = query.where(d.c.id < before)
    rows = await uow.session.execute(query.order_by(d.c.id.desc()).limit(max(1, limit)))
    return [_delivery(r) for r in rows]


async def webhook_delivery(uow: UnitOfWork, principal: Principal, *, delivery_id: str) -> WebhookDelivery:
    return await _owned_delivery(uow, principal, delivery_id)


async def attempts_of(uow: UnitOfWork, principal: Principal, *, delivery_id: str) -> list[WebhookAttempt]:
    """Every attempt at the delivery, oldest first: when, the status answered or the error, how long it took."""
    delivery = await _owned_delivery(uow, principal, delivery_id)
    a = tables.webhook_attempts
    rows = await uow.session.execute(select(a).where(a.c.delivery_id == delivery.id).order_by(a.c.attempted_at, a.c.id))
    return [
        WebhookAttempt(
            delivery_id=r.delivery_id,
            attempted_at=r.attempted_at,
            status_code=r.status_code,
            error=r.error,
            duration_ms=r.duration_ms,
        )
        for r in rows
    ]


async def replay_delivery(uow: UnitOfWork, principal: Principal, *, delivery_id: str) -> WebhookDelivery:
    """Queue the delivery again now, with the same webhook-id (receivers drop it if they had it), signed anew;
    its retries start over. Refused while its endpoint is disabled."""
    delivery = await _owned_delivery(uow, principal, delivery_id, lock=True)
    endpoint = await _owned_endpoint(uow, principal, delivery.endpoint_id)
    if endpoint.status is not EndpointStatus.ENABLED:
        raise WebhookEndpointDisabled("the delivery's endpoint is disabled; enable it first")
    now = uow.clock.now()
    d = tables.webhook_deliveries
    await uow.session.execute(
        update(d)
        .where(d.c.id == delivery.id)
        .values(status=DeliveryStatus.PENDING.value, attempts=0, next_attempt_at=now, queued_at=now)
    )
    return await _owned_delivery(uow, principal, delivery.id)


# --- queueing: the outbox handler -------------------------------------------------------------------------------


async def queue_webhooks(uow: UnitOfWork, *, event: WebhookEvent, event_id: str) -> list[str]:
    """Queue ``event`` for each enabled endpoint of its merchant subscribed to its type; the new deliveries' ids.

    Idempotent: a delivery already queued for this event and endpoint is left as it is.
    """
    kind = event_type_of(event)
    t = tables.webhook_endpoints
    rows = await uow.session.execute(
        select(t)
        .where(t.c.org_id == event.merchant_org_id, t.c.status == EndpointStatus.ENABLED.value)
        .order_by(t.c.created_at, t.c.id)
    )
    targets = {webhook_id(event_id, e.id): e for e in map(_endpoint, rows) if kind in e.event_types}
    if not targets:
        return []
    d = tables.webhook_deliveries
    existing = set((await uow.session.execute(select(d.c.id).where(d.c.id.in_(list(targets))))).scalars())
    now = uow.clock.now()
    payload = webhook_payload(event, at=now)
    queued = []
    for msg_id, endpoint in targets.items():
        if msg_id in existing:
            continue
        await uow.session.execute(
            insert(d).values(
                id=msg_id,
                endpoint_id=endpoint.id,
                org_id=endpoint.org_id,
                event_type=kind,
                payload=payload,
                status=DeliveryStatus.PENDING.value,
                attempts=0,
                next_attempt_at=now,
                last_status_code=None,
                last_error=None,
                created_at=now,
                queued_at=now,
                delivered_at=None,
            )
        )
        queued.append(msg_id)
    return queued


def webhook_handler(runtime: OpensUnitsOfWork) -> Callable[..., Awaitable[None]]:
    """The outbox handler of ``PaymentSucceeded``, ``PaymentFailed``, ``RefundSucceeded`` and ``PayoutPaid``."""

    async def on_payments_event(event: WebhookEvent, *, event_id: str) -> None:
        await transact(runtime, partial(queue_webhooks, event=event, event_id=event_id))

    return on_payments_event


# --- sending: the worker's chore --------------------------------------------------------------------------------


class SendsWebhooks(OpensUnitsOfWork, Protocol):
    """What :func:`deliver_webhooks` needs: a database, a clock and the outgoing HTTP port (a ``Runtime``)."""

    @property
    def http(self) -> OutgoingHttp: ...


@dataclass(frozen=True, slots=True)
class ClaimedDelivery:
    id: str
    endpoint_id: str
    url: str
    payload: str
    secrets: tuple[str, ...]
    attempts: int
    queued_at: datetime


@dataclass(frozen=True, slots=True)
class AttemptOutcome:
    status_code: int | None = None
    error: str | None = None
    refusal: str | None = None  # the outgoing port's reason when it refused the destination
    duration_ms: int = 0

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


async def claim_due(uow: UnitOfWork, *, due: datetime, limit: int = BATCH) -> list[ClaimedDelivery]:
    """Take up to ``limit`` pending deliveries due at ``due``: their next attempt moves a lease ahead, so
    another worker's claim skips them (on PostgreSQL the rows are also locked and skipped while this runs)."""
    d, e = tables.webhook_deliveries, tables.webhook_endpoints
    rows = (
        await uow.session.execute(
            select(d.c.id, d.c.endpoint_id, d.c.payload, d.c.attempts, d.c.queued_at, e.c.url)
            .join(e, e.c.id == d.c.endpoint_id)
            .where(
                d.c.status == DeliveryStatus.PENDING.value,
                d.c.next_attempt_at <= due,
                e.c.status == EndpointStatus.ENABLED.value,
            )
            .order_by(d.c.next_attempt_at, d.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=d)
        )
    ).all()
    now = uow.clock.now()
    taken = []
    for row in rows:
        leased = await uow.session.execute(
            update(d)
            .where(d.c.id == row.id, d.c.status == DeliveryStatus.PENDING.value, d.c.next_attempt_at <= due)
            .values(next_attempt_at=now + LEASE)
        )
        if leased.rowcount == 1:  # type: ignore[attr-defined]
            taken.append(row)
    secrets = await _signing_secrets(uow, {r.endpoint_id for r in taken}, now)
    return [
        ClaimedDelivery(
            id=r.id,
            endpoint_id=r.endpoint_id,
            url=r.url,
            payload=r.payload,
            secrets=tuple(secrets.get(r.endpoint_id, ())),
            attempts=r.attempts,
            queued_at=r.queued_at,
        )
        for r in taken
    ]


async def send_delivery(runtime: SendsWebhooks, claimed: ClaimedDelivery) -> AttemptOutcome:
    """POST the delivery, signed now with every secret that signs; never raises."""
    if not claimed.secrets:
        return AttemptOutcome(error="the endpoint has no signing secret", refusal="no_secret")
    headers = webhook_headers(claimed.secrets, msg_id=claimed.id, timestamp=runtime.clock.now(), body=claimed.payload)
    started = time.monotonic()

    def took() -> int:
        return round((time.monotonic() - started) * 1000)

    try:
        answer = await runtime.http.post(claimed.url, body=claimed.payload.encode(), headers=headers, timeout=TIMEOUT)
    except OutgoingRefused as exc:
        return AttemptOutcome(error=f"{exc.reason}: {exc}", refusal=exc.reason, duration_ms=took())
    except OutgoingUnavailable as exc:
        return AttemptOutcome(error=f"unavailable: {exc}", duration_ms=took())
    except Exception as exc:  # an adapter's own failure must not lose the other deliveries
        log.exception("webhook delivery %s to %s failed unexpectedly", claimed.id, claimed.url)
        return AttemptOutcome(error=f"failed: {type(exc).__name__}", duration_ms=took())
    return AttemptOutcome(status_code=answer.status, duration_ms=took())


async def record_attempt(
    uow: UnitOfWork, *, claimed: ClaimedDelivery, outcome: AttemptOutcome
) -> DeliveryStatus | None:
    """Log the attempt and move the delivery on: succeeded on 2xx; on 410 its endpoint is disabled (``gone``);
    a refused destination fails it; anything else is tried again later, until it has waited 3 days."""
    now = uow.clock.now()
    error = outcome.error[:ERROR_MAX] if outcome.error else None
    await uow.session.execute(
        insert(tables.webhook_attempts).values(
            id=new_id("wha"),
            delivery_id=claimed.id,
            attempted_at=now,
            status_code=outcome.status_code,
            error=error,
            duration_ms=outcome.duration_ms,
        )
    )
    d = tables.webhook_deliveries
    row = (await uow.session.execute(select(d).where(d.c.id == claimed.id).with_for_update())).first()
    if row is None:
        return None
    current = _delivery(row)
    values: dict[str, Any] = {
        "attempts": current.attempts + 1,
        "last_status_code": outcome.status_code,
        "last_error": error,
    }
    deadline = current.queued_at + GIVE_UP_AFTER
    # A refused destination is final, except a name that does not resolve (yet): it is tried a few times.
    refused_for_good = outcome.refusal is not None and (
        outcome.refusal != "dns_failed" or values["attempts"] >= DNS_ATTEMPTS
    )
    if outcome.succeeded:
        values |= {"status": DeliveryStatus.SUCCEEDED.value, "next_attempt_at": None, "delivered_at": now}
    elif current.status is not DeliveryStatus.PENDING:
        pass  # stopped (its endpoint disabled) while this attempt was on its way: nothing more is planned
    elif outcome.status_code == 410:
        await _disable(uow, current.endpoint_id, reason="gone")
        values |= {"status": DeliveryStatus.DISABLED.value, "next_attempt_at": None}
    elif refused_for_good or now >= deadline:
        values |= {"status": DeliveryStatus.FAILED.value, "next_attempt_at": None}
    else:
        values |= {"next_attempt_at": min(now + retry_delay(values["attempts"]), deadline)}
    await uow.session.execute(update(d).where(d.c.id == claimed.id).values(**values))
    return DeliveryStatus(values.get("status", current.status.value))


async def deliver_webhooks(runtime: SendsWebhooks, *, batch: int = BATCH) -> int:
    """Send every delivery due now (the worker's chore); how many attempts were made.

    Each attempt is POSTed outside any transaction; a delivery tried in this run is not due again in it.
    """
    due = runtime.clock.now()
    attempted = 0
    while True:
        claimed = await transact(runtime, partial(claim_due, due=due, limit=batch))
        if not claimed:
            return attempted
        outcomes = await asyncio.gather(*(send_delivery(runtime, c) for c in claimed))
        for delivery, outcome in zip(claimed, outcomes, strict=True):
            await transact(runtime, partial(record_attempt, claimed=delivery, outcome=outcome))
        attempted += len(claimed)
