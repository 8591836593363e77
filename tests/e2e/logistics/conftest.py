"""Fixtures for the logistics API and pages: the app over a test runtime, callers of each kind."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI, Request

from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.web.app import create_app

CALLERS = {
    "operator": Principal("org_platform", OrganisationKind.PLATFORM, "Comptoir", "session", user_id="usr_op"),
    "logistics": Principal("org_ops", "logistics_operator", "Liège Cargo", "session", user_id="usr_lgg"),
    "other_logistics": Principal("org_rival", "logistics_operator", "Rival Freight", "session", user_id="usr_rival"),
    "brand": Principal("org_brand", "brand", "Maison Dupont", "session", user_id="usr_brand"),
}
"""A caller per ``X-Test-Caller`` header value; no header means anonymous."""

ClientFactory = Callable[[str | None], httpx.AsyncClient]


async def resolve_test_caller(request: Request) -> Principal | None:
    return CALLERS.get(request.headers.get("x-test-caller", ""))


@pytest.fixture
def app(runtime: Runtime) -> FastAPI:
    application = create_app(runtime)
    application.state.principal_resolver = resolve_test_caller
    return application


@pytest.fixture
async def client_as(app: FastAPI) -> AsyncIterator[ClientFactory]:
    """``client_as("brand")`` is an HTTP client calling as that principal (None: anonymous)."""
    clients: list[httpx.AsyncClient] = []

    def make(caller: str | None) -> httpx.AsyncClient:
        headers = {"x-test-caller": caller} if caller else {}
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test", headers=headers)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()
