"""A retried API request never acts twice: Idempotency-Key on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
import pytest
from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.idempotency import Idempotent, idempotency_keys_table, purge_expired_keys, request_fingerprint
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime
from comptoir.web.app import create_app

COUNTER = "/api/v1/test-only/counter"


@dataclass
class Till:
    """A test-only endpoint that records every time it really runs, and can be made to wait or fail."""

    calls: int = 0
    gate: asyncio.Event | None = None
    answer_next: int | None = None
    crash_next: bool = False
    bodies: list[bytes] = field(default_factory=list)


@pytest.fixture
def till() -> Till:
    return Till()


def _test_principal(request: Request) -> Principal | None:
    """Stands in for identity: ``Bearer ck_<shop>`` is that shop's API key; session ``<user>.<n>`` is a user's."""
    authorization = request.headers.get("authorization", "")
    if authorization.startswith("Bearer ck_"):
        shop = authorization.removeprefix("Bearer ck_")
        return Principal(
            organisation_id=f"org_{shop}",
            organisation_kind="shop",
            organisation_name=shop,
            via="api_key",
            api_key_id=f"key_{shop}",
        )
    if session := request.cookies.get("comptoir_session"):
        return Principal(
            organisation_id="org_partner",
            organisation_kind="partner",
            organisation_name="partner",
            via="session",
            user_id=f"usr_{session.split('.')[0]}",
        )
    return None


@pytest.fixture
async def client(runtime: Runtime, till: Till) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(runtime)

    async def resolve(request: Request) -> Principal | None:
        return _test_principal(request)

    app.state.principal_resolver = resolve

    @app.post(COUNTER)
    async def record_payment(request: Request, _: Idempotent) -> JSONResponse:
        till.calls += 1
        till.bodies.append(await request.body())
        if till.gate is not None:
            await till.gate.wait()
        if till.crash_next:
            till.crash_next = False
            raise RuntimeError("the payment network dropped the line")
        if till.answer_next is not None:
            status, till.answer_next = till.answer_next, None
            return JSONResponse({"code": "upstream_unavailable"}, status_code=status)
        return JSONResponse(
            {"payment": f"pay_{till.calls}", "call": till.calls},
            status_code=201,
            headers={"Location": f"{COUNTER}/pay_{till.calls}"},
        )

    @app.get(COUNTER)
    async def count_payments() -> dict[str, int]:
        till.calls += 1
        return {"calls": till.calls}

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://comptoir.test") as c:
        yield c


async def _stored_keys(runtime: Runtime) -> int:
    async with runtime.database.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(idempotency_keys_table))).scalar_one())


def _key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


async def test_a_retried_payment_replays_the_first_answer_and_is_not_charged_twice(
    client: httpx.AsyncClient, till: Till
) -> None:
    first = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("pay-order-42"))
    retry = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("pay-order-42"))

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry.headers["location"] == first.headers["location"] == f"{COUNTER}/pay_1"
    assert retry.headers["content-type"] == first.headers["content-type"]
    assert retry.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert till.calls == 1


async def test_the_same_key_for_a_different_amount_is_refused_as_reused(client: httpx.AsyncClient, till: Till) -> None:
    await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("pay-order-42"))
    other = await client.post(COUNTER, json={"amount": "999.00"}, headers=_key("pay-order-42"))

    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["code"] == "idempotency_key_reused"
    assert till.calls == 1


async def test_two_identical_payments_sent_at_once_run_once_and_the_twin_is_told_it_is_in_flight(
    client: httpx.AsyncClient, till: Till
) -> None:
    till.gate = asyncio.Event()
    twin_refused = asyncio.Event()

    async def pay() -> httpx.Response:
        response = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("double-click"))
        if response.status_code == 409:
            twin_refused.set()
        return response

    async def let_the_first_finish_once_the_twin_is_refused() -> None:
        assert till.gate is not None
        try:
            await asyncio.wait_for(twin_refused.wait(), timeout=30)
        finally:
            till.gate.set()

    one, two, _ = await asyncio.gather(pay(), pay(), let_the_first_finish_once_the_twin_is_refused())

    assert sorted([one.status_code, two.status_code]) == [201, 409]
    refused = one if one.status_code == 409 else two
    assert refused.json()["code"] == "idempotency_request_in_flight"
    assert till.calls == 1
    retry = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("double-click"))
    assert retry.status_code == 201 and retry.headers["idempotent-replayed"] == "true"


async def test_a_payment_that_failed_on_our_side_releases_its_key_so_the_retry_runs(
    client: httpx.AsyncClient, till: Till, runtime: Runtime
) -> None:
    till.answer_next = 503
    failed = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("pay-order-7"))
    assert failed.status_code == 503
    assert await _stored_keys(runtime) == 0

    retry = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("pay-order-7"))
    assert retry.status_code == 201
    assert "idempotent-replayed" not in retry.headers
    assert till.calls == 2


async def test_a_payment_that_crashed_releases_its_key_so_the_retry_runs(
    client: httpx.AsyncClient, till: Till, runtime: Runtime
) -> None:
    till.crash_next = True
    crashed = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("pay-order-8"))
    assert crashed.status_code == 500
    assert crashed.json()["code"] == "internal_error"
    assert await _stored_keys(runtime) == 0

    retry = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("pay-order-8"))
    assert retry.status_code == 201
    assert till.calls == 2


async def test_two_merchants_may_use_the_same_key_without_seeing_each_others_payments(
    client: httpx.AsyncClient, till: Till
) -> None:
    callers = [
        {"Authorization": "Bearer ck_maison_lune"},
        {"Authorization": "Bearer ck_thes_de_chine"},
        {"Cookie": "comptoir_session=partner-session"},
        {},
    ]
    answers = []
    for number, credentials in enumerate(callers):
        headers = {**credentials, **_key("order-1")}
        answers.append(await client.post(COUNTER, json={"amount": f"{number}.00"}, headers=headers))

    assert [a.status_code for a in answers] == [201, 201, 201, 201]
    assert [a.json()["payment"] for a in answers] == ["pay_1", "pay_2", "pay_3", "pay_4"]
    assert till.calls == 4
    again = await client.post(COUNTER, json={"amount": "1.00"}, headers={**callers[1], **_key("order-1")})
    assert again.json()["payment"] == "pay_2" and again.headers["idempotent-replayed"] == "true"


@pytest.mark.parametrize(
    "key",
    [b"", b"two words", b"x" * 256, "cl\u00e9".encode(), b"tab\there"],
    ids=["empty", "space", "too-long", "non-ascii", "control"],
)
async def test_a_malformed_key_is_refused_and_nothing_is_charged_or_stored(
    client: httpx.AsyncClient, till: Till, runtime: Runtime, key: bytes
) -> None:
    response = await client.post(COUNTER, json={"amount": "128.00"}, headers=[(b"Idempotency-Key", key)])

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert till.calls == 0
    assert await _stored_keys(runtime) == 0


async def test_a_request_with_two_keys_is_refused(client: httpx.AsyncClient, till: Till) -> None:
    headers = [(b"Idempotency-Key", b"first"), (b"Idempotency-Key", b"second")]
    response = await client.post(COUNTER, json={"amount": "1.00"}, headers=headers)

    assert response.json()["code"] == "invalid_idempotency_key"
    assert till.calls == 0


async def test_a_key_of_255_visible_characters_is_accepted(client: httpx.AsyncClient, runtime: Runtime) -> None:
    response = await client.post(COUNTER, json={"amount": "1.00"}, headers=_key("k" * 254 + "~"))
    assert response.status_code == 201
    assert await _stored_keys(runtime) == 1


async def test_reading_the_till_ignores_the_idempotency_key(
    client: httpx.AsyncClient, till: Till, runtime: Runtime
) -> None:
    first = await client.get(COUNTER, headers=_key("read-1"))
    second = await client.get(COUNTER, headers=_key("read-1"))

    assert first.json() == {"calls": 1} and second.json() == {"calls": 2}
    assert "idempotent-replayed" not in second.headers
    assert await _stored_keys(runtime) == 0


async def test_a_key_is_remembered_for_24_hours_then_counts_as_new(
    client: httpx.AsyncClient, till: Till, clock: FrozenClock
) -> None:
    await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("monthly-fee"))

    clock.advance(hours=23, minutes=59)
    still_remembered = await client.post(COUNTER, json={"amount": "500.00"}, headers=_key("monthly-fee"))
    assert still_remembered.json()["code"] == "idempotency_key_reused"

    clock.advance(minutes=1)
    new_month = await client.post(COUNTER, json={"amount": "500.00"}, headers=_key("monthly-fee"))
    assert new_month.status_code == 201
    assert "idempotent-replayed" not in new_month.headers
    assert till.calls == 2


async def test_purging_forgets_only_the_expired_keys(
    client: httpx.AsyncClient, runtime: Runtime, clock: FrozenClock
) -> None:
    await client.post(COUNTER, json={"amount": "1.00"}, headers=_key("yesterday"))
    clock.advance(hours=12)
    await client.post(COUNTER, json={"amount": "2.00"}, headers=_key("this-morning"))
    clock.advance(hours=12)

    assert await purge_expired_keys(runtime.database, now=clock.now()) == 1
    assert await _stored_keys(runtime) == 1
    assert await purge_expired_keys(runtime.database, now=clock.now() + timedelta(hours=12)) == 1
    assert await _stored_keys(runtime) == 0


async def test_a_key_left_in_flight_by_a_dead_process_is_taken_back_after_its_lease(
    client: httpx.AsyncClient, runtime: Runtime, till: Till, clock: FrozenClock
) -> None:
    # A process that died mid-request leaves its key in flight with no one to complete or release it.
    async with runtime.database.engine.begin() as conn:
        await conn.execute(
            idempotency_keys_table.insert().values(
                scope="anonymous",
                key="order-42",
                request_hash=request_fingerprint(method="POST", path=COUNTER, query=b"", body=b'{"amount":"128.00"}'),
                state="in_flight",
                created_at=clock.now(),
                expires_at=clock.now() + timedelta(hours=24),
            )
        )
    body = b'{"amount":"128.00"}'
    headers = {**_key("order-42"), "content-type": "application/json"}
    assert (await client.post(COUNTER, content=body, headers=headers)).status_code == 409
    assert till.calls == 0

    clock.advance(minutes=10)
    retried = await client.post(COUNTER, content=body, headers=headers)
    assert retried.status_code == 201
    assert till.calls == 1


async def test_a_stored_answer_is_sealed_at_rest_and_still_replays_byte_for_byte(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    first = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("sealed"))
    async with runtime.database.engine.connect() as conn:
        stored = (await conn.execute(select(idempotency_keys_table.c.response_body))).scalar_one()
    assert b"pay_1" not in bytes(stored) and len(bytes(stored)) > len(first.content)

    retry = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("sealed"))
    assert retry.content == first.content and retry.headers["idempotent-replayed"] == "true"


async def test_an_answer_sealed_under_an_older_secret_is_not_replayed_nor_run_again(
    client: httpx.AsyncClient, runtime: Runtime, till: Till
) -> None:
    await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("before-rotation"))
    runtime.settings.secret_key = "a-new-secret-key-after-rotation-0123456789"

    retry = await client.post(COUNTER, json={"amount": "128.00"}, headers=_key("before-rotation"))
    assert (retry.status_code, retry.json()["code"]) == (409, "idempotency_replay_unavailable")
    assert till.calls == 1


async def test_a_replay_goes_to_the_same_user_whatever_session_it_comes_from(
    client: httpx.AsyncClient, till: Till
) -> None:
    first = await client.post(
        COUNTER, json={"amount": "5.00"}, headers={"Cookie": "comptoir_session=ana.1", **_key("k")}
    )
    # Ana signed in again (another session of the same user): she gets her answer back.
    again = await client.post(
        COUNTER, json={"amount": "5.00"}, headers={"Cookie": "comptoir_session=ana.2", **_key("k")}
    )
    other_user = await client.post(
        COUNTER, json={"amount": "5.00"}, headers={"Cookie": "comptoir_session=bo.1", **_key("k")}
    )
    assert again.headers.get("idempotent-replayed") == "true" and again.content == first.content
    assert "idempotent-replayed" not in other_user.headers and other_user.json()["payment"] == "pay_2"
    assert till.calls == 2
