"""Guessing passwords through the sign-in page: five failures lock the account, twenty lock the address.

The lock holds even against the right password, answers ``429`` with ``Retry-After`` and a sentence
in the reader's language, lifts with time (moved on the runtime's clock), and grows when it comes back.
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from comptoir.identity import services as identity
from comptoir.identity.services import lockout
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import PASSWORD

from .conftest import BASE

EMAIL = "owner@delaunay.test"
HTML = {"accept": "text/html", "accept-language": "en"}


@pytest.fixture
async def brand_owner(runtime: Runtime) -> str:
    org = await transact(
        runtime, lambda uow: identity.create_organisation(uow, kind=OrganisationKind.BRAND, name="Maison Delaunay")
    )
    await transact(
        runtime,
        lambda uow: identity.add_user(
            uow, organisation_id=org.id, email=EMAIL, password=PASSWORD, settings=runtime.settings
        ),
    )
    return EMAIL


def _visitor(app: FastAPI, address: str = "203.0.113.7", **headers: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url=BASE, headers=HTML | headers)


async def _sign_in(client: httpx.AsyncClient, email: str, password: str, **headers: str) -> httpx.Response:
    """Open the sign-in form (for its CSRF token) and submit it, as a browser does."""
    form = await client.get("/login", headers=headers)
    sign_in_form = form.text.split('action="/login"')[1]
    token = re.search(r'name="csrf_token" value="([^"]*)"', sign_in_form)
    assert token, form.text
    return await client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token.group(1)}, headers=headers
    )


def _retry_after(response: httpx.Response) -> int:
    assert response.status_code == 429, response.text
    return int(response.headers["retry-after"])


async def test_a_locked_account_is_refused_even_with_the_right_password(app: FastAPI, brand_owner: str) -> None:
    async with _visitor(app) as visitor:
        for _ in range(5):
            wrong = await _sign_in(visitor, brand_owner, "not the password")
            assert wrong.status_code == 401
        locked = await _sign_in(visitor, brand_owner, "not the password either")
        wait = _retry_after(locked)
        assert 0 < wait <= 15 * 60
        assert "Too many attempts; try again in 15 minutes." in locked.text
        assert 'name="csrf_token"' in locked.text  # still a usable form, not an error page

        right = await _sign_in(visitor, " Owner@Delaunay.TEST ", PASSWORD)
        assert _retry_after(right) <= wait


async def test_the_lock_holds_from_any_address_and_the_sentence_is_translated(app: FastAPI, brand_owner: str) -> None:
    async with _visitor(app, "203.0.113.7") as first:
        for _ in range(5):
            assert (await _sign_in(first, brand_owner, "guess")).status_code == 401
    async with _visitor(app, "198.51.100.20", **{"accept-language": "fr"}) as elsewhere:
        french = await _sign_in(elsewhere, brand_owner, PASSWORD)
        assert french.status_code == 429
        assert "Trop de tentatives ; réessayez dans 15 minutes." in french.text
    async with _visitor(app, "198.51.100.21", **{"accept-language": "zh-CN"}) as chinese:
        answer = await _sign_in(chinese, brand_owner, PASSWORD)
        assert answer.status_code == 429 and "尝试次数过多，请 15 分钟后再试。" in answer.text


async def test_the_lock_lifts_with_time_and_comes_back_longer(
    app: FastAPI, brand_owner: str, clock: FrozenClock
) -> None:
    async with _visitor(app) as visitor:
        for _ in range(5):
            await _sign_in(visitor, brand_owner, "guess")
        first_wait = _retry_after(await _sign_in(visitor, brand_owner, "guess"))

        clock.advance(seconds=first_wait)
        for _ in range(5):
            assert (await _sign_in(visitor, brand_owner, "guess")).status_code == 401
        second_wait = _retry_after(await _sign_in(visitor, brand_owner, PASSWORD))
        assert second_wait > first_wait

        clock.advance(seconds=second_wait)
        assert (await _sign_in(visitor, brand_owner, PASSWORD)).status_code == 303


async def test_a_successful_sign_in_resets_the_accounts_count(app: FastAPI, brand_owner: str) -> None:
    async with _visitor(app) as visitor:
        for _ in range(3):
            for _ in range(4):
                assert (await _sign_in(visitor, brand_owner, "guess")).status_code == 401
            assert (await _sign_in(visitor, brand_owner, PASSWORD)).status_code == 303


async def test_one_address_guessing_across_many_accounts_is_held_back(
    app: FastAPI, brand_owner: str, runtime: Runtime
) -> None:
    async with _visitor(app, "203.0.113.99") as sprayer:
        for n in range(20):
            assert (await _sign_in(sprayer, f"someone{n}@example.test", "Winter2026!")).status_code == 401
        refused = await _sign_in(sprayer, brand_owner, PASSWORD)
        assert _retry_after(refused) > 0
        # A made-up X-Forwarded-For does not make it someone else: the header is not trusted by default.
        disguised = await _sign_in(sprayer, brand_owner, PASSWORD, **{"x-forwarded-for": "192.0.2.1"})
        assert disguised.status_code == 429
    async with _visitor(app, "198.51.100.20") as owner:
        assert (await _sign_in(owner, brand_owner, PASSWORD)).status_code == 303


async def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(brand_owner: str, runtime: Runtime) -> None:
    from comptoir.web.app import create_app

    runtime.settings.trusted_proxies = 1
    app = create_app(runtime)
    async with _visitor(app, "10.0.0.2") as proxy:
        for n in range(20):
            await _sign_in(proxy, f"someone{n}@example.test", "guess", **{"x-forwarded-for": "192.0.2.1, 203.0.113.99"})
        held = await _sign_in(proxy, brand_owner, PASSWORD, **{"x-forwarded-for": "203.0.113.99"})
        assert held.status_code == 429
        other = await _sign_in(proxy, brand_owner, PASSWORD, **{"x-forwarded-for": "203.0.113.99, 198.51.100.20"})
        assert other.status_code == 303


async def test_every_refusal_is_a_security_event_naming_no_email(
    app: FastAPI, brand_owner: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="comptoir.security")
    async with _visitor(app, "203.0.113.7") as visitor:
        for _ in range(5):
            await _sign_in(visitor, brand_owner, "guess")
        await _sign_in(visitor, brand_owner, PASSWORD)
        await _sign_in(visitor, brand_owner, PASSWORD)
    events = [r for r in caplog.records if r.name == "comptoir.security"]
    refusals = [r for r in events if getattr(r, "event", None) == "sign_in_refused"]
    assert len(refusals) == 2
    for record in refusals:
        assert record.levelno == logging.WARNING
        assert record.client == "203.0.113.7"  # type: ignore[attr-defined]
        assert record.locked == "account"  # type: ignore[attr-defined]
        assert re.fullmatch(r"[0-9a-f]{16}", record.account)  # type: ignore[attr-defined]
    assert any(getattr(r, "event", None) == "sign_in_locked" for r in events)
    assert all("delaunay" not in r.getMessage().lower() for r in events)


async def test_the_lock_is_kept_while_waiting_a_little(app: FastAPI, brand_owner: str, clock: FrozenClock) -> None:
    async with _visitor(app) as visitor:
        for _ in range(5):
            await _sign_in(visitor, brand_owner, "guess")
        wait = _retry_after(await _sign_in(visitor, brand_owner, PASSWORD))
        clock.advance(timedelta(seconds=wait - 60))
        assert _retry_after(await _sign_in(visitor, brand_owner, PASSWORD)) <= 60


async def test_web_processes_sharing_redis_share_the_lock(
    brand_owner: str, runtime: Runtime, clock: FrozenClock
) -> None:
    from comptoir.kernel.throttle import RedisRateLimiter
    from comptoir.web.app import create_app
    from tests.integration.kernel.test_rate_limiters import REDIS_URL, redis_or_skip

    await redis_or_skip()
    prefix = f"comptoir-test:{secrets.token_hex(6)}:"
    apps = []
    for _ in range(2):  # two `comptoir serve` processes behind one load balancer
        throttle = RedisRateLimiter(REDIS_URL, clock=clock, prefix=prefix)
        process = Runtime(
            settings=runtime.settings,
            database=runtime.database,
            clock=clock,
            throttle=throttle,
            mailer=runtime.mailer,
            http=runtime.http,
        )
        apps.append(create_app(process))
    try:
        async with _visitor(apps[0]) as first, _visitor(apps[1]) as second:
            for n in range(5):
                assert (await _sign_in(first if n % 2 else second, brand_owner, "guess")).status_code == 401
            assert (await _sign_in(first, brand_owner, PASSWORD)).status_code == 429
            assert (await _sign_in(second, brand_owner, PASSWORD)).status_code == 429
    finally:
        for app in apps:
            throttle = app.state.runtime.throttle
            await throttle.reset(f"sign-in:account:{lockout.account_hash(runtime.settings, brand_owner)}")
            await throttle.reset("sign-in:address:203.0.113.7")
            await throttle.close()
