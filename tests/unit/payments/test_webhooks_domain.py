"""The webhooks' pure rules: the retry schedule, the payload of each event, the signature header."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from comptoir.payments.domain.events import PaymentFailed, PaymentSucceeded, PayoutPaid, RefundSucceeded
from comptoir.payments.domain.webhooks import (
    delivery_id,
    new_secret,
    retry_delay,
    signature_header,
    webhook_headers,
    webhook_payload,
)

AT = datetime(2026, 3, 4, 5, 6, 7, 890000, tzinfo=UTC)


def test_the_retry_ceiling_doubles_from_30_seconds_up_to_6_hours() -> None:
    ceilings = [retry_delay(n, rng=lambda: 1.0) for n in range(1, 14)]
    assert ceilings[:5] == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480)]
    assert ceilings[9] == timedelta(seconds=30 * 512)
    assert ceilings[10:] == [timedelta(hours=6)] * 3
    assert retry_delay(1000, rng=lambda: 1.0) == timedelta(hours=6)


def test_the_jitter_is_full_but_never_retries_at_once() -> None:
    assert retry_delay(4, rng=lambda: 0.5) == timedelta(seconds=120)
    assert retry_delay(4, rng=lambda: 0.0) == timedelta(seconds=1)
    assert {retry_delay(8) <= timedelta(seconds=30 * 128) for _ in range(200)} == {True}
    assert len({retry_delay(8) for _ in range(50)}) > 1  # random, so receivers are not hit in step


def test_a_secret_is_whsec_and_32_random_bytes() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_") and len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert new_secret() != secret


def test_the_delivery_id_is_the_same_for_the_same_event_and_endpoint() -> None:
    assert delivery_id("evt_1", "whe_2") == delivery_id("evt_1", "whe_2") == "msg_evt_1_whe_2"
    assert delivery_id("evt_1", "whe_3") != delivery_id("evt_1", "whe_2")


def test_every_secret_signs_and_each_signature_verifies_alone() -> None:
    old, new = new_secret(), new_secret()
    body = webhook_payload(PaymentFailed("pay_1", "org_1", "failed", "declined"), at=AT)
    headers = webhook_headers([new, old], msg_id="msg_x", timestamp=AT, body=body)
    assert headers["webhook-timestamp"] == str(int(AT.timestamp())) and headers["webhook-id"] == "msg_x"
    signatures = headers["webhook-signature"].split(" ")
    assert signatures == [Webhook(new).sign("msg_x", AT, body), Webhook(old).sign("msg_x", AT, body)]
    assert all(s.startswith("v1,") for s in signatures)
    with pytest.raises(ValueError):
        signature_header([], msg_id="msg_x", timestamp=AT, body=body)


@pytest.mark.parametrize(
    ("event", "kind", "data"),
    [
        (
            PaymentSucceeded("pay_1", "org_1", "order_qr", 2500, "EUR", 19748, "CNY", "T-9", "wal_1"),
            "payment.succeeded",
            {
                "payment_id": "pay_1",
                "merchant_org_id": "org_1",
                "flow": "order_qr",
                "amount": {"currency": "EUR", "value": "25.00"},
                "paid": {"currency": "CNY", "value": "197.48"},
                "order_reference": "T-9",
                "payer": "wal_1",
            },
        ),
        (
            PaymentFailed("pay_1", "org_1", "cancelled", "expired"),
            "payment.failed",
            {"payment_id": "pay_1", "merchant_org_id": "org_1", "status": "cancelled", "reason": "expired"},
        ),
        (
            RefundSucceeded("ref_1", "pay_1", "org_1", 1000, "EUR", 7899, "CNY"),
            "refund.succeeded",
            {
                "refund_id": "ref_1",
                "payment_id": "pay_1",
                "merchant_org_id": "org_1",
                "amount": {"currency": "EUR", "value": "10.00"},
                "paid_back": {"currency": "CNY", "value": "78.99"},
            },
        ),
        (
            PayoutPaid("pot_1", "pob_1", "org_1", 123456, "EUR"),
            "payout.paid",
            {
                "payout_id": "pot_1",
                "batch_id": "pob_1",
                "merchant_org_id": "org_1",
                "amount": {"currency": "EUR", "value": "1234.56"},
            },
        ),
    ],
)
def test_each_event_has_its_type_and_its_amounts_as_decimal_strings(
    event: PaymentSucceeded | PaymentFailed | RefundSucceeded | PayoutPaid, kind: str, data: dict[str, object]
) -> None:
    payload = json.loads(webhook_payload(event, at=AT))
    assert payload == {"type": kind, "timestamp": "2026-03-04T05:06:07.890000Z", "data": data}
