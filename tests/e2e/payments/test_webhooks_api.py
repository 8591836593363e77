"""The webhooks API from a shop's back office: register an endpoint (its secret shown once), read the delivery
log with each attempt, rotate the secret, disable and enable, replay; another organisation finds nothing."""

from __future__ import annotations

from functools import partial

import httpx
import pytest

from comptoir import payments
from comptoir.kernel.money import Money
from comptoir.kernel.outbox import OutboxWorker
from comptoir.kernel.outgoing import InMemoryHttp
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.web import subscribe_all
from tests.e2e.identity.conftest import ClientFactory
from tests.integration.identity.world import Member
from tests.integration.payments.world import PaymentsWorld, build_payments_world

URL = "https://hooks.pharmacie.example/comptoir"
ENDPOINTS = "/api/v1/payments/webhooks/endpoints"


@pytest.fixture
async def world(runtime: Runtime) -> PaymentsWorld:
    runtime.http = InMemoryHttp()
    subscribe_all(runtime)
    return await build_payments_world(runtime)


def as_member(m: Member, client_for: ClientFactory) -> httpx.AsyncClient:
    return client_for(session=m.token, csrf=m.principal.csrf_token)


async def _paid(runtime: Runtime, w: PaymentsWorld, amount: str, request_id: str) -> None:
    code = await transact(
        runtime,
        partial(
            payments.create_order_qr,
            principal=w.shop.principal,
            pos_id=w.shop_till.id,
            amount=Money.parse(amount, "EUR"),
            request_id=request_id,
            secret="test-secret",
            site_url="http://shop.test",
        ),
    )
    token = code.url.rsplit("/", 1)[1]
    view = await transact(runtime, partial(payments.open_order_code, holder_id=w.tourist.id, token=token))
    await transact(
        runtime, partial(payments.confirm_order_code, holder_id=w.tourist.id, token=token, quote_id=view.quote.id)
    )
    worker = OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock)
    while await worker.run_once():
        pass
    await payments.deliver_webhooks(runtime)


async def test_a_shop_registers_an_endpoint_and_reads_its_deliveries(
    runtime: Runtime, world: PaymentsWorld, client_for: ClientFactory
) -> None:
    shop = as_member(world.shop, client_for)
    made = await shop.post(
        ENDPOINTS,
        json={"url": URL, "event_types": ["payment.succeeded", "refund.succeeded"], "description": "caisse"},
        headers={"Idempotency-Key": "hook-1"},
    )
    assert made.status_code == 201, made.text
    endpoint = made.json()
    assert endpoint["secret"].startswith("whsec_") and endpoint["status"] == "enabled"
    assert endpoint["event_types"] == ["payment.succeeded", "refund.succeeded"] and endpoint["url"] == URL
    listed = await shop.get(ENDPOINTS)
    assert [e["id"] for e in listed.json()] == [endpoint["id"]] and "secret" not in listed.json()[0]

    await _paid(runtime, world, "25.00", "hook-a")
    await _paid(runtime, world, "30.00", "hook-b")
    page = await shop.get(f"{ENDPOINTS}/{endpoint['id']}/deliveries", params={"limit": 1})
    assert page.status_code == 200, page.text
    [newest] = page.json()["items"]
    assert newest["status"] == "succeeded" and newest["payload"]["data"]["amount"]["value"] == "30.00"
    assert [a["status_code"] for a in newest["attempt_log"]] == [200]
    rest = await shop.get(
        f"{ENDPOINTS}/{endpoint['id']}/deliveries", params={"limit": 1, "cursor": page.json()["next_cursor"]}
    )
    [older] = rest.json()["items"]
    assert older["payload"]["data"]["amount"]["value"] == "25.00" and rest.json()["next_cursor"] is None

    replayed = await shop.post(
        f"/api/v1/payments/webhooks/deliveries/{older['id']}/replay", headers={"Idempotency-Key": "replay-1"}
    )
    assert replayed.status_code == 200, replayed.text
    assert replayed.json()["id"] == older["id"] and replayed.json()["status"] == "pending"


async def test_rotate_disable_and_enable_an_endpoint(
    runtime: Runtime, world: PaymentsWorld, client_for: ClientFactory
) -> None:
    shop = as_member(world.shop, client_for)
    made = (await shop.post(ENDPOINTS, json={"url": URL, "event_types": ["payment.succeeded"]})).json()
    base = f"{ENDPOINTS}/{made['id']}"
    rotated = await shop.post(f"{base}/rotate-secret", json={"overlap_hours": 2})
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["secret"] not in (made["secret"], None) and rotated.json()["endpoint"]["id"] == made["id"]
    assert (await shop.post(f"{base}/rotate-secret")).status_code == 200  # the body is optional
    too_long = await shop.post(f"{base}/rotate-secret", json={"overlap_hours": 1000})
    assert too_long.status_code == 422
    disabled = await shop.post(f"{base}/disable")
    assert disabled.json()["status"] == "disabled" and disabled.json()["disabled_reason"] == "merchant"
    enabled = await shop.post(f"{base}/enable")
    assert enabled.json()["status"] == "enabled" and enabled.json()["disabled_reason"] is None


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest", "http://10.0.0.1/", "ftp://x.example/"],
)
async def test_a_private_url_is_refused_with_a_problem(
    runtime: Runtime, world: PaymentsWorld, client_for: ClientFactory, url: str
) -> None:
    shop = as_member(world.shop, client_for)
    refused = await shop.post(ENDPOINTS, json={"url": url, "event_types": ["payment.succeeded"]})
    assert refused.status_code == 422 and refused.json()["code"] == "webhook_url_refused", refused.text
    assert (await shop.get(ENDPOINTS)).json() == []


async def test_another_organisation_finds_nothing(
    runtime: Runtime, world: PaymentsWorld, client_for: ClientFactory
) -> None:
    shop = as_member(world.shop, client_for)
    made = (await shop.post(ENDPOINTS, json={"url": URL, "event_types": ["payment.succeeded"]})).json()
    await _paid(runtime, world, "25.00", "hook-a")
    [delivery] = (await shop.get(f"{ENDPOINTS}/{made['id']}/deliveries")).json()["items"]
    brand = as_member(world.identity.brand, client_for)
    assert (await brand.get(ENDPOINTS)).json() == []
    for answer in (
        await brand.get(f"{ENDPOINTS}/{made['id']}/deliveries"),
        await brand.post(f"{ENDPOINTS}/{made['id']}/disable"),
        await brand.post(f"{ENDPOINTS}/{made['id']}/rotate-secret"),
    ):
        assert answer.status_code == 404 and answer.json()["code"] == "webhook_endpoint_not_found", answer.text
    replay = await brand.post(f"/api/v1/payments/webhooks/deliveries/{delivery['id']}/replay")
    assert replay.status_code == 404 and replay.json()["code"] == "webhook_delivery_not_found"
    assert (await shop.get(ENDPOINTS)).json()[0]["status"] == "enabled"
