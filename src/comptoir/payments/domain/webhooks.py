"""Merchants' webhooks as Standard Webhooks shapes them: the events sent, their payload, signatures, retries.

A merchant registers an endpoint (a URL) for some of :data:`EVENT_TYPES`. Each event it subscribed to
becomes one *delivery*, whose id is the ``webhook-id`` receivers deduplicate on: it is made from the
outbox event's id and the endpoint's (:func:`delivery_id`), so an event handled twice is one delivery.

A delivery is POSTed with ``webhook-id``, ``webhook-timestamp`` (Unix seconds) and ``webhook-signature``:
one ``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` per secret still signing, space-separated
(during a secret's rotation the old one signs beside the new one for an overlap). Secrets are
``whsec_`` and the base64 of 32 random bytes.

An answer other than 2xx, or none, is retried after :func:`retry_delay` (exponential backoff with full
jitter: a random moment up to 30 s, 1 min, 2 min… capped at 6 h) until the delivery has been queued for
:data:`GIVE_UP_AFTER` (3 days); then it has failed.
"""

from __future__ import annotations

import base64
import json
import random
import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from standardwebhooks.webhooks import Webhook

from comptoir.kernel.money import Money
from comptoir.payments.domain.events import PaymentFailed, PaymentSucceeded, PayoutPaid, RefundSucceeded

EVENT_TYPES = ("payment.succeeded", "payment.failed", "refund.succeeded", "payout.paid")

RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=6)
RETRY_FLOOR = timedelta(seconds=1)
GIVE_UP_AFTER = timedelta(days=3)
DEFAULT_OVERLAP = timedelta(hours=24)
MAX_OVERLAP = timedelta(days=7)
SECRET_PREFIX = "whsec_"


class EndpointStatus(StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    SUCCEEDED = "succeeded"  # the endpoint answered 2xx
    FAILED = "failed"  # given up: refused destination, or no 2xx within GIVE_UP_AFTER
    DISABLED = "disabled"  # stopped because its endpoint was disabled (by the merchant, or a 410 answer)


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes it: ``whsec_`` and base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def delivery_id(event_id: str, endpoint_id: str) -> str:
    """The ``webhook-id`` of an event sent to an endpoint: the same for the same pair, every time."""
    return f"msg_{event_id}_{endpoint_id}"


def signature_header(signing_secrets: Sequence[str], *, msg_id: str, timestamp: datetime, body: str) -> str:
    """``webhook-signature``: one ``v1,…`` per secret, space-separated."""
    if not signing_secrets:
        raise ValueError("a webhook needs at least one secret to be signed")
    at = timestamp.astimezone(UTC)
    return " ".join(Webhook(secret).sign(msg_id, at, body) for secret in signing_secrets)


def webhook_headers(signing_secrets: Sequence[str], *, msg_id: str, timestamp: datetime, body: str) -> dict[str, str]:
    """Every header a delivery carries."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature_header(signing_secrets, msg_id=msg_id, timestamp=timestamp, body=body),
        "content-type": "application/json",
    }


def retry_delay(attempts: int, *, rng: Callable[[], float] = random.random) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: full jitter, a random moment up to
    ``RETRY_BASE * 2 ** (attempts - 1)``, that ceiling capped at ``RETRY_CAP`` (never under ``RETRY_FLOOR``)."""
    exponent = max(0, min(attempts - 1, 30))
    ceiling = min(RETRY_CAP, RETRY_BASE * (1 << exponent))
    return max(RETRY_FLOOR, ceiling * rng())


def _money(minor: int, currency: str) -> dict[str, str]:
    return Money(minor, currency).as_json()


def _payment_succeeded(e: PaymentSucceeded) -> dict[str, Any]:
    return {
        "payment_id": e.payment_id,
        "merchant_org_id": e.merchant_org_id,
        "flow": e.flow,
        "amount": _money(e.amount_minor, e.currency),
        "paid": _money(e.paid_minor, e.paid_currency),
        "order_reference": e.order_reference,
        "payer": e.payer,
    }


def _payment_failed(e: PaymentFailed) -> dict[str, Any]:
    return {"payment_id": e.payment_id, "merchant_org_id": e.merchant_org_id, "status": e.status, "reason": e.reason}


def _refund_succeeded(e: RefundSucceeded) -> dict[str, Any]:
    return {
        "refund_id": e.refund_id,
        "payment_id": e.payment_id,
        "merchant_org_id": e.merchant_org_id,
        "amount": _money(e.amount_minor, e.currency),
        "paid_back": _money(e.paid_back_minor, e.paid_back_currency),
    }


def _payout_paid(e: PayoutPaid) -> dict[str, Any]:
    return {
        "payout_id": e.payout_id,
        "batch_id": e.batch_id,
        "merchant_org_id": e.merchant_org_id,
        "amount": _money(e.amount_minor, e.currency),
    }


WebhookEvent = PaymentSucceeded | PaymentFailed | RefundSucceeded | PayoutPaid


def event_type_of(event: WebhookEvent) -> str:
    """The webhook type an event is sent as (``payment.succeeded``…)."""
    match event:
        case PaymentSucceeded():
            return "payment.succeeded"
        case PaymentFailed():
            return "payment.failed"
        case RefundSucceeded():
            return "refund.succeeded"
        case PayoutPaid():
            return "payout.paid"
    raise TypeError(f"{type(event).__name__} is not sent to webhooks")


def _data_of(event: WebhookEvent) -> dict[str, Any]:
    match event:
        case PaymentSucceeded():
            return _payment_succeeded(event)
        case PaymentFailed():
            return _payment_failed(event)
        case RefundSucceeded():
            return _refund_succeeded(event)
        case PayoutPaid():
            return _payout_paid(event)
    raise TypeError(f"{type(event).__name__} is not sent to webhooks")


def iso_utc(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def webhook_payload(event: WebhookEvent, *, at: datetime) -> str:
    """The JSON body sent: ``{"type", "timestamp", "data"}``, amounts as ``{"currency", "value"}``."""
    payload = {"type": event_type_of(event), "timestamp": iso_utc(at), "data": _data_of(event)}
    return json.dumps(payload, separators=(",", ":"), sort_keys=False)
