"""Merchants' webhook endpoints and their delivery log (routes).

A merchant registers the URL its webhooks go to and the events it wants; the answer carries the endpoint's
signing secret, shown that once (a lost secret is replaced by rotating it). Deliveries and each of their
attempts are listed for the endpoint's owner; another organisation's ids are not found.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, status
from pydantic import BaseModel, ConfigDict, Field

from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.errors import InvalidCursor
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.text import OptionalSingleLine
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.payments import services

router = APIRouter(tags=["payments"])

EventType = Literal["payment.succeeded", "payment.failed", "refund.succeeded", "payout.paid"]
EndpointIdPath = Annotated[str, Path(pattern=id_pattern("whe"), description="the webhook endpoint's id")]
DeliveryIdPath = Annotated[
    str,
    Path(pattern=r"^msg_[A-Za-z0-9_]{1,96}$", max_length=100, description="the delivery's id, its webhook-id header"),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EndpointIn(Strict):
    url: str = Field(min_length=1, max_length=2000, description="a public http or https URL of your server")
    event_types: list[EventType] = Field(min_length=1, max_length=4)
    description: OptionalSingleLine = Field(default="", max_length=200)


class RotateIn(Strict):
    overlap_hours: int = Field(
        default=24, ge=0, le=168, description="how long the current secret keeps signing beside the new one"
    )


class EndpointOut(Strict):
    id: str
    url: str
    description: str
    event_types: list[str]
    status: Literal["enabled", "disabled"]
    disabled_reason: str | None = Field(description="merchant (you disabled it) or gone (it answered 410)")
    created_at: datetime

    @classmethod
    def of(cls, endpoint: services.WebhookEndpoint) -> EndpointOut:
        return cls(
            id=endpoint.id,
            url=endpoint.url,
            description=endpoint.description,
            event_types=list(endpoint.event_types),
            status=endpoint.status.value,
            disabled_reason=endpoint.disabled_reason,
            created_at=endpoint.created_at,
        )


class RegisteredOut(EndpointOut):
    secret: str = Field(description="the signing secret (whsec_…), shown this once: keep it")


class RotatedOut(Strict):
    endpoint: EndpointOut
    secret: str = Field(description="the new signing secret (whsec_…), shown this once")
    previous_expire_at: datetime = Field(description="when the secrets it replaces stop signing")


class AttemptOut(Strict):
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int

    @classmethod
    def of(cls, attempt: services.WebhookAttempt) -> AttemptOut:
        return cls(
            attempted_at=attempt.attempted_at,
            status_code=attempt.status_code,
            error=attempt.error,
            duration_ms=attempt.duration_ms,
        )


class DeliveryOut(Strict):
    id: str = Field(description="the webhook-id header it is sent with")
    endpoint_id: str
    event_type: str
    payload: dict[str, Any]
    status: Literal["pending", "succeeded", "failed", "disabled"]
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    attempt_log: list[AttemptOut] | None = Field(default=None, description="every attempt, oldest first")

    @classmethod
    def of(
        cls, delivery: services.WebhookDelivery, attempts: list[services.WebhookAttempt] | None = None
    ) -> DeliveryOut:
        return cls(
            id=delivery.id,
            endpoint_id=delivery.endpoint_id,
            event_type=delivery.event_type,
            payload=json.loads(delivery.payload),
            status=delivery.status.value,
            attempts=delivery.attempts,
            next_attempt_at=delivery.next_attempt_at,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            created_at=delivery.created_at,
            delivered_at=delivery.delivered_at,
            attempt_log=None if attempts is None else [AttemptOut.of(a) for a in attempts],
        )


@router.post("/payments/webhooks/endpoints", status_code=status.HTTP_201_CREATED, response_model=RegisteredOut)
async def register_endpoint(
    body: EndpointIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> RegisteredOut:
    """Register an endpoint for some events; the answer carries its signing secret, this once."""
    made = await transact(
        runtime,
        partial(
            services.register_endpoint,
            principal=principal,
            url=body.url,
            event_types=body.event_types,
            description=body.description,
            allow_private=runtime.settings.outgoing_allow_private,
        ),
    )
    return RegisteredOut(**EndpointOut.of(made.endpoint).model_dump(), secret=made.secret)


@router.get("/payments/webhooks/endpoints", response_model=list[EndpointOut])
async def list_endpoints(principal: CurrentPrincipal, runtime: RuntimeDep) -> list[EndpointOut]:
    """Your organisation's endpoints, oldest first (their secrets are never shown again)."""
    found = await transact(runtime, partial(services.endpoints_of, principal=principal))
    return [EndpointOut.of(e) for e in found]


@router.post("/payments/webhooks/endpoints/{endpoint_id}/rotate-secret", response_model=RotatedOut)
async def rotate_secret(
    endpoint_id: EndpointIdPath,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    body: RotateIn | None = None,
    *,
    _: Idempotent,
) -> RotatedOut:
    """A new signing secret; the current one keeps signing beside it for ``overlap_hours`` (24 unless told)."""
    overlap = timedelta(hours=(body or RotateIn()).overlap_hours)
    rotated = await transact(
        runtime, partial(services.rotate_secret, principal=principal, endpoint_id=endpoint_id, overlap=overlap)
    )
    return RotatedOut(
        endpoint=EndpointOut.of(rotated.endpoint), secret=rotated.secret, previous_expire_at=rotated.previous_expire_at
    )


@router.post("/payments/webhooks/endpoints/{endpoint_id}/disable", response_model=EndpointOut)
async def disable_endpoint(
    endpoint_id: EndpointIdPath, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> EndpointOut:
    """Stop sending to the endpoint; its pending deliveries stop too."""
    found = await transact(runtime, partial(services.disable_endpoint, principal=principal, endpoint_id=endpoint_id))
    return EndpointOut.of(found)


@router.post("/payments/webhooks/endpoints/{endpoint_id}/enable", response_model=EndpointOut)
async def enable_endpoint(
    endpoint_id: EndpointIdPath, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> EndpointOut:
    """Send to the endpoint again from the next event on; replay the deliveries it missed."""
    found = await transact(runtime, partial(services.enable_endpoint, principal=principal, endpoint_id=endpoint_id))
    return EndpointOut.of(found)


@router.get("/payments/webhooks/endpoints/{endpoint_id}/deliveries", response_model=Page[DeliveryOut])
async def list_deliveries(
    endpoint_id: EndpointIdPath,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[DeliveryOut]:
    """The endpoint's deliveries, newest first, each with its attempts."""
    size = page_size(limit)
    before = cursor_position(cursor, key="before", kind=str)
    if before is not None and not before.startswith("msg_"):
        raise InvalidCursor("cursor is not one this API handed out")

    async def read(uow: UnitOfWork) -> list[DeliveryOut]:
        found = await services.deliveries_of(uow, principal, endpoint_id=endpoint_id, limit=size + 1, before=before)
        return [DeliveryOut.of(d, await services.attempts_of(uow, principal, delivery_id=d.id)) for d in found]

    items, next_cursor = cut_page(await transact(runtime, read), size, key="before", position_of=lambda d: d.id)
    return Page[DeliveryOut](items=items, next_cursor=next_cursor)


@router.post("/payments/webhooks/deliveries/{delivery_id}/replay", response_model=DeliveryOut)
async def replay_delivery(
    delivery_id: DeliveryIdPath, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> DeliveryOut:
    """Send the delivery again now, with the same webhook-id so your server can drop a duplicate."""
    found = await transact(runtime, partial(services.replay_delivery, principal=principal, delivery_id=delivery_id))
    return DeliveryOut.of(found)
