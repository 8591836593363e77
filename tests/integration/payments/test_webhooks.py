"""Merchants' webhooks end to end, on SQLite and PostgreSQL: a payment's event goes through the outbox to a
delivery, the worker's chore signs and POSTs it to a fake receiver, and the receiver verifies it with the
standardwebhooks package as a merchant would (its clock is the test's frozen clock)."""

from __future__ import annotations

import asyncio
import json
import socket
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
import standardwebhooks.webhooks
from sqlalchemy import update
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from comptoir import payments
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.money import Money
from comptoir.kernel.outbox import OutboxWorker, outbox_table
from comptoir.kernel.outgoing import InMemoryHttp, OutgoingRequest
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.payments.domain.webhooks import new_secret
from comptoir.web import frequent_chores, subscribe_all
from tests.integration.payments.world import PaymentsWorld, build_payments_world

SECRET = "test-secret"
SITE = "http://shop.test"
URL = "https://hooks.pharmacie.example/comptoir"
ALL_TYPES = ["payment.succeeded", "payment.failed", "refund.succeeded", "payout.paid"]


@pytest.fixture
def fake(runtime: Runtime) -> InMemoryHttp:
    """The merchants' servers: every request the platform makes lands here."""
    runtime.http = InMemoryHttp()
    return runtime.http


@pytest.fixture
def receiver_clock(monkeypatch: pytest.MonkeyPatch, clock: FrozenClock) -> FrozenClock:
    """The receiver's library reads the wall clock to refuse old timestamps: make it read the test's clock."""

    class ReceiverTime(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> ReceiverTime:  # type: ignore[override]
            now = clock.now() if tz is None else clock.now().astimezone(tz)
            return cls.fromtimestamp(now.timestamp(), tz=now.tzinfo)

    monkeypatch.setattr(standardwebhooks.webhooks, "datetime", ReceiverTime)
    return clock


@pytest.fixture
async def world(runtime: Runtime, fake: InMemoryHttp, receiver_clock: FrozenClock) -> PaymentsWorld:
    subscribe_all(runtime)
    return await build_payments_world(runtime)


# --- helpers ----------------------------------------------------------------------------------------------------


async def pay(runtime: Runtime, w: PaymentsWorld, amount: str, *, request_id: str) -> payments.Payment:
    """A tourist pays the shop's order QR code."""
    code = await transact(
        runtime,
        partial(
            payments.create_order_qr,
            principal=w.shop.principal,
            pos_id=w.shop_till.id,
            amount=Money.parse(amount, "EUR"),
            request_id=request_id,
            secret=SECRET,
            site_url=SITE,
        ),
    )
    token = code.url.rsplit("/", 1)[1]
    view = await transact(runtime, partial(payments.open_order_code, holder_id=w.tourist.id, token=token))
    return await transact(
        runtime, partial(payments.confirm_order_code, holder_id=w.tourist.id, token=token, quote_id=view.quote.id)
    )


async def run_outbox(runtime: Runtime) -> int:
    """Deliver every due outbox event to its handlers; how many were handled."""
    worker = OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock)
    handled = 0
    while done := await worker.run_once():
        handled += done
    return handled


async def send_webhooks(runtime: Runtime) -> int:
    """Run the worker's webhook chore, found as the worker finds it."""
    [chore] = [c for c in frequent_chores(runtime) if c.__name__ == "send_merchants_webhooks"]
    attempted = await chore()
    assert isinstance(attempted, int)
    return attempted


async def register(
    runtime: Runtime, principal: Principal, *, url: str = URL, event_types: list[str] | None = None
) -> payments.RegisteredEndpoint:
    return await transact(
        runtime,
        partial(
            payments.register_endpoint,
            principal=principal,
            url=url,
            event_types=ALL_TYPES if event_types is None else event_types,
            description="caisse centrale",
        ),
    )


async def deliveries(runtime: Runtime, principal: Principal, endpoint_id: str) -> list[payments.WebhookDelivery]:
    return await transact(runtime, partial(payments.deliveries_of, principal=principal, endpoint_id=endpoint_id))


async def only_delivery(runtime: Runtime, principal: Principal, endpoint_id: str) -> payments.WebhookDelivery:
    [delivery] = await deliveries(runtime, principal, endpoint_id)
    return delivery


async def attempts(runtime: Runtime, principal: Principal, delivery_id: str) -> list[payments.WebhookAttempt]:
    return await transact(runtime, partial(payments.attempts_of, principal=principal, delivery_id=delivery_id))


def verify(secret: str, request: OutgoingRequest, *, body: bytes | None = None) -> Any:
    return Webhook(secret).verify(request.body if body is None else body, dict(request.headers))


# --- a payment reaches the merchant, signed ---------------------------------------------------------------------


async def test_a_payment_reaches_the_merchants_endpoint_signed(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop)
    assert made.secret.startswith("whsec_") and made.endpoint.event_types == tuple(ALL_TYPES)
    paid = await pay(runtime, world, "25.00", request_id="hook-1")
    assert await deliveries(runtime, shop, made.endpoint.id) == []  # nothing before the outbox runs
    await run_outbox(runtime)
    delivery = await only_delivery(runtime, shop, made.endpoint.id)
    assert delivery.status is payments.DeliveryStatus.PENDING and fake.requests == []

    assert await send_webhooks(runtime) == 1
    [request] = fake.to(URL)
    assert request.headers["webhook-id"] == delivery.id and request.headers["content-type"] == "application/json"
    assert request.headers["webhook-timestamp"] == str(int(runtime.clock.now().timestamp()))
    assert request.headers["webhook-signature"].startswith("v1,") and " " not in request.headers["webhook-signature"]
    payload = verify(made.secret, request)
    assert payload["type"] == "payment.succeeded"
    assert payload["timestamp"] == runtime.clock.now().isoformat().replace("+00:00", "Z")
    assert payload["data"]["payment_id"] == paid.id and payload["data"]["merchant_org_id"] == world.shop.id
    assert payload["data"]["amount"] == {"currency": "EUR", "value": "25.00"}
    assert payload["data"]["paid"] == {"currency": "CNY", "value": paid.paid.to_major_string()}

    done = await only_delivery(runtime, shop, made.endpoint.id)
    assert done.status is payments.DeliveryStatus.SUCCEEDED and done.delivered_at == runtime.clock.now()
    [attempt] = await attempts(runtime, shop, done.id)
    assert attempt.status_code == 200 and attempt.error is None and attempt.duration_ms >= 0
    assert await send_webhooks(runtime) == 0 and len(fake.requests) == 1  # sent once


async def test_the_receiver_refuses_a_tampered_body_and_an_old_timestamp(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp, receiver_clock: FrozenClock
) -> None:
    made = await register(runtime, world.shop.principal)
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    await send_webhooks(runtime)
    [request] = fake.to(URL)
    assert verify(made.secret, request)["data"]["amount"]["value"] == "25.00"
    tampered = request.body.replace(b'"25.00"', b'"2500.00"')
    assert tampered != request.body
    with pytest.raises(WebhookVerificationError):
        verify(made.secret, request, body=tampered)
    with pytest.raises(WebhookVerificationError):  # another merchant's secret
        verify(new_secret(), request)
    receiver_clock.advance(minutes=4)
    verify(made.secret, request)  # still within the five minutes
    receiver_clock.advance(minutes=1, seconds=1)
    with pytest.raises(WebhookVerificationError, match="too old"):
        verify(made.secret, request)


async def test_a_rotated_secret_signs_beside_the_new_one_until_the_overlap_ends(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp, clock: FrozenClock
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop)
    rotated = await transact(runtime, partial(payments.rotate_secret, principal=shop, endpoint_id=made.endpoint.id))
    assert rotated.secret != made.secret and rotated.previous_expire_at == clock.now() + timedelta(hours=24)

    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    await send_webhooks(runtime)
    [during] = fake.to(URL)
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    assert verify(made.secret, during)["type"] == "payment.succeeded"
    assert verify(rotated.secret, during)["type"] == "payment.succeeded"

    clock.advance(hours=24, seconds=1)
    await pay(runtime, world, "30.00", request_id="hook-2")
    await run_outbox(runtime)
    await send_webhooks(runtime)
    after = fake.to(URL)[1]
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    assert verify(rotated.secret, after)["data"]["amount"]["value"] == "30.00"
    with pytest.raises(WebhookVerificationError):
        verify(made.secret, after)


async def test_an_event_handled_twice_is_one_delivery_with_one_webhook_id(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop)
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    first = await only_delivery(runtime, shop, made.endpoint.id)
    # The outbox delivers at least once: hand every event to its handlers again.
    async with runtime.database.session() as session, session.begin():
        again = await session.execute(
            update(outbox_table)
            .where(outbox_table.c.name == "payments.PaymentSucceeded")
            .values(status="pending", available_at=runtime.clock.now())
        )
        assert again.rowcount == 1  # type: ignore[attr-defined]
    assert await run_outbox(runtime) == 1  # handled again, without failing
    assert await deliveries(runtime, shop, made.endpoint.id) == [first]
    await send_webhooks(runtime)
    assert [r.headers["webhook-id"] for r in fake.requests] == [first.id]


async def test_an_endpoint_answering_500_is_tried_again_later_then_succeeds(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp, clock: FrozenClock
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop)
    fake.answer(URL, 500)
    fake.answer(URL, 200)
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    assert await send_webhooks(runtime) == 1
    waiting = await only_delivery(runtime, shop, made.endpoint.id)
    assert waiting.status is payments.DeliveryStatus.PENDING and waiting.attempts == 1
    assert waiting.last_status_code == 500
    assert waiting.next_attempt_at is not None
    assert clock.now() < waiting.next_attempt_at <= clock.now() + timedelta(seconds=30)
    assert await send_webhooks(runtime) == 0 and len(fake.requests) == 1  # not due yet

    clock.set(waiting.next_attempt_at)
    assert await send_webhooks(runtime) == 1
    done = await only_delivery(runtime, shop, made.endpoint.id)
    assert done.status is payments.DeliveryStatus.SUCCEEDED and done.attempts == 2 and done.last_status_code == 200
    assert [a.status_code for a in await attempts(runtime, shop, done.id)] == [500, 200]
    first, second = fake.to(URL)
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == done.id
    assert verify(made.secret, second)["type"] == "payment.succeeded"


async def test_a_receiver_down_for_three_days_is_given_up_after_backing_off(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp, clock: FrozenClock
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop)
    fake.fail = True  # every request fails like a receiver that is down (a timeout, a refused connection)
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    queued = (await only_delivery(runtime, shop, made.endpoint.id)).queued_at
    delays: list[timedelta] = []
    for _ in range(100):
        await send_webhooks(runtime)
        delivery = await only_delivery(runtime, shop, made.endpoint.id)
        if delivery.next_attempt_at is None:
            break
        delays.append(delivery.next_attempt_at - clock.now())
        clock.set(delivery.next_attempt_at)
    assert delivery.status is payments.DeliveryStatus.FAILED
    assert clock.now() >= queued + timedelta(days=3)
    assert delivery.last_error is not None and delivery.last_error.startswith("unavailable")
    # Each wait is at most the exponential ceiling (30 s doubling, capped at 6 h), or what is left of the 3 days.
    for n, delay in enumerate(delays, start=1):
        assert timedelta(0) < delay <= min(timedelta(hours=6), timedelta(seconds=30) * 2 ** (n - 1)), (n, delay)
    assert 12 <= len(delays) < 100
    logged = await attempts(runtime, shop, delivery.id)
    assert len(logged) == delivery.attempts == len(delays) + 1
    assert all(a.status_code is None and a.error for a in logged)


async def test_a_410_disables_the_endpoint_and_stops_its_pending_deliveries(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp, clock: FrozenClock
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop)
    fake.answer(URL, 500)
    fake.answer(URL, 410)
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    await send_webhooks(runtime)  # the first one answered 500: it waits for its retry
    await pay(runtime, world, "30.00", request_id="hook-2")
    await run_outbox(runtime)
    await send_webhooks(runtime)  # only the second is due: 410
    assert len(fake.requests) == 2
    [endpoint] = await transact(runtime, partial(payments.endpoints_of, principal=shop))
    assert endpoint.status is payments.EndpointStatus.DISABLED and endpoint.disabled_reason == "gone"
    found = await deliveries(runtime, shop, made.endpoint.id)
    assert [d.status for d in found] == [payments.DeliveryStatus.DISABLED, payments.DeliveryStatus.DISABLED]
    assert [d.last_status_code for d in found] == [410, 500]  # newest first
    clock.advance(hours=1)
    assert await send_webhooks(runtime) == 0
    await pay(runtime, world, "35.00", request_id="hook-3")
    await run_outbox(runtime)
    assert len(await deliveries(runtime, shop, made.endpoint.id)) == 2  # nothing new is queued for it
    assert len(fake.requests) == 2
    with pytest.raises(payments.WebhookEndpointDisabled):
        await transact(runtime, partial(payments.replay_delivery, principal=shop, delivery_id=found[0].id))


async def test_a_merchant_disables_and_enables_its_endpoint(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop)
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    disabled = await transact(runtime, partial(payments.disable_endpoint, principal=shop, endpoint_id=made.endpoint.id))
    assert disabled.status is payments.EndpointStatus.DISABLED and disabled.disabled_reason == "merchant"
    stopped = await only_delivery(runtime, shop, made.endpoint.id)
    assert stopped.status is payments.DeliveryStatus.DISABLED
    assert await send_webhooks(runtime) == 0 and fake.requests == []

    enabled = await transact(runtime, partial(payments.enable_endpoint, principal=shop, endpoint_id=made.endpoint.id))
    assert enabled.status is payments.EndpointStatus.ENABLED and enabled.disabled_reason is None
    await transact(runtime, partial(payments.replay_delivery, principal=shop, delivery_id=stopped.id))
    assert await send_webhooks(runtime) == 1
    [request] = fake.requests
    assert request.headers["webhook-id"] == stopped.id and verify(made.secret, request)


async def test_replay_sends_the_same_webhook_id_again_signed_anew(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp, clock: FrozenClock
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop)
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    await send_webhooks(runtime)
    clock.advance(hours=2)  # long after the first signature went stale
    sent = await only_delivery(runtime, shop, made.endpoint.id)
    replayed = await transact(runtime, partial(payments.replay_delivery, principal=shop, delivery_id=sent.id))
    assert replayed.status is payments.DeliveryStatus.PENDING and replayed.next_attempt_at == clock.now()
    assert await send_webhooks(runtime) == 1
    first, second = fake.to(URL)
    assert second.headers["webhook-id"] == first.headers["webhook-id"] == sent.id
    assert second.body == first.body
    assert int(second.headers["webhook-timestamp"]) == int(first.headers["webhook-timestamp"]) + 7200
    assert verify(made.secret, second)["type"] == "payment.succeeded"
    with pytest.raises(WebhookVerificationError, match="too old"):
        verify(made.secret, first)
    done = await only_delivery(runtime, shop, made.endpoint.id)
    assert done.status is payments.DeliveryStatus.SUCCEEDED and len(await attempts(runtime, shop, done.id)) == 2


async def test_the_delivery_log_is_the_owners_alone(runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp) -> None:
    shop, brand = world.shop.principal, world.identity.brand.principal
    made = await register(runtime, shop)
    brands = await register(runtime, brand, url="https://hooks.maison.example/in")
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    await send_webhooks(runtime)
    delivery = await only_delivery(runtime, shop, made.endpoint.id)
    assert [a.status_code for a in await attempts(runtime, shop, delivery.id)] == [200]
    # The shop's payment went to the shop alone.
    assert (
        fake.to("https://hooks.maison.example/in") == [] and await deliveries(runtime, brand, brands.endpoint.id) == []
    )
    assert [e.id for e in await transact(runtime, partial(payments.endpoints_of, principal=brand))] == [
        brands.endpoint.id
    ]
    endpoint_calls = [
        partial(payments.deliveries_of, principal=brand, endpoint_id=made.endpoint.id),
        partial(payments.webhook_endpoint, principal=brand, endpoint_id=made.endpoint.id),
        partial(payments.rotate_secret, principal=brand, endpoint_id=made.endpoint.id),
        partial(payments.disable_endpoint, principal=brand, endpoint_id=made.endpoint.id),
        partial(payments.enable_endpoint, principal=brand, endpoint_id=made.endpoint.id),
    ]
    for call in endpoint_calls:
        with pytest.raises(payments.PaymentsNotFound) as refused:
            await transact(runtime, call)
        assert refused.value.code == "webhook_endpoint_not_found"
    for call in (
        partial(payments.attempts_of, principal=brand, delivery_id=delivery.id),
        partial(payments.webhook_delivery, principal=brand, delivery_id=delivery.id),
        partial(payments.replay_delivery, principal=brand, delivery_id=delivery.id),
    ):
        with pytest.raises(payments.PaymentsNotFound) as refused:
            await transact(runtime, call)
        assert refused.value.code == "webhook_delivery_not_found"
    still = await only_delivery(runtime, shop, made.endpoint.id)
    assert still == delivery  # nothing the brand tried changed it


async def test_an_endpoint_receives_only_the_event_types_it_chose(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop, event_types=["refund.succeeded"])
    paid = await pay(runtime, world, "25.00", request_id="hook-1")
    refund = await transact(
        runtime,
        partial(
            payments.refund_payment,
            principal=shop,
            payment_id=paid.id,
            amount=Money.parse("10.00", "EUR"),
            request_id="refund-1",
        ),
    )
    await run_outbox(runtime)
    [delivery] = await deliveries(runtime, shop, made.endpoint.id)
    assert delivery.event_type == "refund.succeeded"
    await send_webhooks(runtime)
    [request] = fake.requests
    body = verify(made.secret, request)
    assert body["type"] == "refund.succeeded" and body["data"]["refund_id"] == refund.id
    assert body["data"]["payment_id"] == paid.id and body["data"]["amount"] == {"currency": "EUR", "value": "10.00"}
    assert body["data"]["paid_back"]["currency"] == "CNY"


async def test_two_workers_at_once_send_a_delivery_once(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop)
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    results = await asyncio.gather(payments.deliver_webhooks(runtime), payments.deliver_webhooks(runtime))
    assert sorted(results) == [0, 1]
    assert len(fake.requests) == 1
    delivery = await only_delivery(runtime, shop, made.endpoint.id)
    assert delivery.status is payments.DeliveryStatus.SUCCEEDED and delivery.attempts == 1


# --- URLs refused at registration, and at delivery --------------------------------------------------------------


def _shop_principal() -> Principal:
    return Principal(
        organisation_id="org_01JD00000000000000000000SH",
        organisation_kind=OrganisationKind.SHOP,
        organisation_name="Pharmacie",
        via="session",
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest",
        "http://10.0.0.1/",
        "ftp://x.example/",
        "https://user:password@hooks.example/",
        "http://localhost:8080/hook",
    ],
)
async def test_a_url_into_a_private_network_is_refused_when_registered(runtime: Runtime, url: str) -> None:
    principal = _shop_principal()
    with pytest.raises(payments.WebhookUrlRefused) as refused:
        await transact(
            runtime, partial(payments.register_endpoint, principal=principal, url=url, event_types=ALL_TYPES)
        )
    assert refused.value.code == "webhook_url_refused" and refused.value.status == 422
    assert refused.value.extra["field"] == "url" and refused.value.extra["reason"]
    assert await transact(runtime, partial(payments.endpoints_of, principal=principal)) == []


async def test_unknown_event_types_are_refused(runtime: Runtime) -> None:
    for event_types in ([], ["payment.created"], "payment.succeeded"):
        with pytest.raises(payments.WebhookEndpointInvalid) as refused:
            await transact(
                runtime,
                partial(payments.register_endpoint, principal=_shop_principal(), url=URL, event_types=event_types),
            )
        assert refused.value.code == "webhook_endpoint_invalid" and refused.value.extra["field"] == "event_types"


async def test_a_name_resolving_to_a_private_address_fails_its_delivery_at_once(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp, clock: FrozenClock
) -> None:
    shop = world.shop.principal
    made = await register(runtime, shop, url="https://rebind.example/hook")  # a name: it passes registration
    fake.resolves["rebind.example"] = ["10.0.0.5"]
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    assert await send_webhooks(runtime) == 1
    failed = await only_delivery(runtime, shop, made.endpoint.id)
    assert failed.status is payments.DeliveryStatus.FAILED and failed.next_attempt_at is None
    assert failed.last_error is not None and failed.last_error.startswith("address_not_public")
    [attempt] = await attempts(runtime, shop, failed.id)
    assert attempt.status_code is None and attempt.error == failed.last_error
    assert fake.requests == []
    clock.advance(days=1)
    assert await send_webhooks(runtime) == 0
    assert len(await attempts(runtime, shop, failed.id)) == 1


async def test_a_name_that_does_not_resolve_is_tried_three_times(
    runtime: Runtime, world: PaymentsWorld, clock: FrozenClock
) -> None:
    async def no_such_name(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    runtime.http = InMemoryHttp(resolver=no_such_name)
    shop = world.shop.principal
    made = await register(runtime, shop, url="https://typo.example/hook")
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    statuses = []
    for _ in range(5):
        await send_webhooks(runtime)
        delivery = await only_delivery(runtime, shop, made.endpoint.id)
        statuses.append(delivery.status)
        clock.advance(hours=1)
    P, F = payments.DeliveryStatus.PENDING, payments.DeliveryStatus.FAILED
    assert statuses == [P, P, F, F, F]
    assert delivery.last_error is not None and delivery.last_error.startswith("dns_failed")
    assert len(await attempts(runtime, shop, delivery.id)) == 3


async def test_payloads_are_json_text_signed_as_sent(
    runtime: Runtime, world: PaymentsWorld, fake: InMemoryHttp
) -> None:
    made = await register(runtime, world.shop.principal)
    await pay(runtime, world, "25.00", request_id="hook-1")
    await run_outbox(runtime)
    [stored] = await deliveries(runtime, world.shop.principal, made.endpoint.id)
    await send_webhooks(runtime)
    [request] = fake.requests
    assert request.body == stored.payload.encode() and json.loads(stored.payload)["type"] == "payment.succeeded"
