"""Every persona of the demo world opens every page it can reach, in every language, without a server error.

The demo world is the one ``comptoir demo`` builds, so this is what a newcomer clicks through first.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx

from comptoir.identity.services import SESSION_COOKIE, SignedIn, sign_in
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.i18n import SUPPORTED_LOCALES
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation.demo import build_demo_world
from comptoir.simulation.logins import DemoLogin
from comptoir.web.app import create_app

DEMO_DAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)

BASE = "http://comptoir.test"


def _flat_routes(routes):  # type: ignore[no-untyped-def]
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            yield from contexts()
        else:
            yield route


def _page_paths(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every GET page of the app that takes no path parameter (the API and its docs left out)."""
    paths = set()
    for route in _flat_routes(app.routes):
        path = getattr(route, "path", "")
        if "GET" in (getattr(route, "methods", None) or ()) and "{" not in path and not path.startswith("/api"):
            paths.add(path)
    return sorted(paths)


async def _sign_in(runtime: Runtime, email: str, password: str) -> SignedIn:
    return await transact(
        runtime,
        lambda uow: sign_in(uow, email=email, password=password, settings=runtime.settings, throttle=runtime.throttle),
    )


async def test_every_demo_persona_opens_every_page_without_a_server_error(runtime: Runtime, clock: FrozenClock) -> None:
    # One demo world (it takes a while to build), read in every language.
    clock.advance(DEMO_DAY - clock.now())  # a day the shipped exchange rates cover (tourists pay in CNY)
    logins = await build_demo_world(runtime)
    app = create_app(runtime)
    pages = _page_paths(app)
    assert {"/", "/partner", "/brand/partners", "/operator/partners", "/logistics/network"} <= set(pages)
    failures: list[str] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
        for locale in SUPPORTED_LOCALES:
            await _read_every_page(client, runtime, logins, pages, locale, failures)
    assert failures == [], "\n".join(failures)


async def _read_every_page(
    client: httpx.AsyncClient,
    runtime: Runtime,
    logins: list[DemoLogin],
    pages: list[str],
    locale: str,
    failures: list[str],
) -> None:
    """Every page for every persona in ``locale``: no server error, no template fragment left unrendered."""
    wallet = [login for login in logins if login.realm == "wallet"]
    assert [login.space for login in wallet] == ["/wallet/brands"]  # the tourist signs in with the wallet
    for login in wallet:
        client.cookies.clear()
        answer = await client.get(f"{login.space}?lang={locale}", headers={"accept": "text/html"})
        if answer.status_code != 303 or not answer.headers["location"].startswith("/wallet/sign-in"):
            failures.append(f"{login.persona}: its space {login.space} -> {answer.status_code}")
    for login in (login for login in logins if login.realm == "account"):
        session = await _sign_in(runtime, login.email, login.password)
        client.cookies.clear()
        client.cookies.set(SESSION_COOKIE, session.token, domain="comptoir.test")
        for path in pages:
            response = await client.get(f"{path}?lang={locale}", headers={"accept": "text/html"})
            if response.status_code >= 500:
                failures.append(f"{login.persona}: {path} -> {response.status_code}")
            elif response.status_code == 200 and re.search(r"\{\{|\{%|%\(\w+\)s", response.text):
                failures.append(f"{login.persona}: {path} shows an unrendered template fragment")
        home = await client.get(f"{login.space}?lang={locale}", headers={"accept": "text/html"})
        if home.status_code != 200:
            failures.append(f"{login.persona}: its own space {login.space} -> {home.status_code}")
