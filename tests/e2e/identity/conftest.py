"""Clients of the assembled app, one per person, over ASGI."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI

from comptoir.identity.services import SESSION_COOKIE
from comptoir.kernel.mail import InMemoryMailer
from comptoir.kernel.runtime import Runtime
from comptoir.web.app import create_app

BASE = "http://comptoir.test"

ClientFactory = Callable[..., httpx.AsyncClient]


@pytest.fixture
def app(runtime: Runtime) -> FastAPI:
    return create_app(runtime)


@pytest.fixture
async def client_for(app: FastAPI) -> AsyncIterator[ClientFactory]:
    """``client_for(session=token, csrf=token)`` or ``client_for(api_key=secret)`` or ``client_for()``."""
    clients: list[httpx.AsyncClient] = []

    def make(*, session: str | None = None, csrf: str | None = None, api_key: str | None = None) -> httpx.AsyncClient:
        headers = {}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        if csrf:
            headers["X-CSRF-Token"] = csrf
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=headers)
        if session:
            client.cookies.set(SESSION_COOKIE, session, domain="comptoir.test")
        return client

    def tracked(**kwargs: str | None) -> httpx.AsyncClient:
        client = make(**kwargs)
        clients.append(client)
        return client

    yield tracked
    for client in clients:
        await client.aclose()


@pytest.fixture
def mailbox(runtime: Runtime) -> InMemoryMailer:
    """What the app sends, kept in memory instead of written as files."""
    runtime.mailer = InMemoryMailer()
    return runtime.mailer
