"""Request bodies past their limit are refused with ``413`` before they are read, credentials or not.

The default limit (1 MiB) holds for every route; the routes that take files (the network import)
have a larger one. A declared ``Content-Length`` over the limit is refused without reading a byte;
a chunked body is refused as soon as what was read passes the limit. The counts of chunks pulled
from the client show how much was read.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from comptoir.identity import services as identity
from comptoir.identity.services import SESSION_COOKIE
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.web.app import create_app
from tests.integration.identity.world import PASSWORD
from tests.unit.logistics.network_sample import sample_document

BASE = "http://comptoir.test"
MiB = 1024 * 1024
CHUNK = 64 * 1024


class Upload:
    """A body streamed in 64 KiB chunks, counting how many the server pulled."""

    def __init__(self, size: int, *, start: bytes = b"") -> None:
        self.size, self.start, self.pulled = size, start, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        sent = 0
        while sent < self.size:
            piece = (self.start if sent == 0 else b"") or b" " * min(CHUNK, self.size - sent)
            self.pulled += 1
            sent += len(piece)
            yield piece


def _padded(document: object, size: int) -> bytes:
    """``document`` as JSON, padded with trailing whitespace (still valid JSON) to exactly ``size`` bytes."""
    text = json.dumps(document).encode()
    assert len(text) <= size
    return text + b" " * (size - len(text))


@pytest.fixture
def app(runtime: Runtime) -> FastAPI:
    return create_app(runtime)


@pytest.fixture
async def anonymous(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
        yield client


@pytest.fixture
async def owner(app: FastAPI, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    """A brand owner signed in, sending its session cookie and CSRF token."""
    org = await transact(
        runtime, lambda uow: identity.create_organisation(uow, kind=OrganisationKind.BRAND, name="Maison Delaunay")
    )
    await transact(
        runtime,
        lambda uow: identity.add_user(
            uow, organisation_id=org.id, email="o@delaunay.test", password=PASSWORD, settings=runtime.settings
        ),
    )
    session = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email="o@delaunay.test", password=PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    headers = {"x-csrf-token": session.csrf_token}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=headers) as client:
        client.cookies.set(SESSION_COOKIE, session.token, domain="comptoir.test")
        yield client


async def _operator_key(runtime: Runtime) -> str:
    await transact(
        runtime,
        lambda uow: identity.create_platform_operator(
            uow, email="ops@comptoir.test", password=PASSWORD, settings=runtime.settings
        ),
    )
    session = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email="ops@comptoir.test", password=PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    principal = await transact(runtime, lambda uow: identity.principal_for_session(uow, token=session.token))
    assert principal is not None
    return (await transact(runtime, lambda uow: identity.create_api_key(uow, principal, name="network import"))).secret


def _refused(response: httpx.Response, limit: int = MiB) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["code"], problem["status"], problem["max_bytes"]) == ("payload_too_large", 413, limit)


async def test_fifty_megabytes_declared_up_front_are_refused_unread(anonymous: httpx.AsyncClient) -> None:
    upload = Upload(50 * MiB)
    headers = {"content-type": "application/json", "content-length": str(50 * MiB)}
    response = await anonymous.post("/api/v1/api-keys", content=upload, headers=headers)
    _refused(response)
    assert upload.pulled == 0


async def test_a_chunked_body_is_cut_off_once_it_passes_the_limit(anonymous: httpx.AsyncClient) -> None:
    upload = Upload(50 * MiB, start=b'{"name": "')
    response = await anonymous.post("/api/v1/api-keys", content=upload, headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    _refused(response)
    assert upload.pulled <= MiB // CHUNK + 2


async def test_credentials_and_an_idempotency_key_change_nothing(owner: httpx.AsyncClient) -> None:
    declared = await owner.post(
        "/api/v1/api-keys", content=_padded({"name": "till"}, MiB + 1), headers={"content-type": "application/json"}
    )
    _refused(declared)
    upload = Upload(8 * MiB, start=b'{"name": "')
    chunked = await owner.post(
        "/api/v1/api-keys", content=upload, headers={"content-type": "application/json", "idempotency-key": "k-1"}
    )
    _refused(chunked)
    assert upload.pulled <= MiB // CHUNK + 2
    assert (await owner.get("/api/v1/api-keys")).json()["items"] == []


async def test_a_body_right_at_the_limit_is_served(owner: httpx.AsyncClient) -> None:
    created = await owner.post(
        "/api/v1/api-keys", content=_padded({"name": "till"}, MiB), headers={"content-type": "application/json"}
    )
    assert created.status_code == 201, created.text

    async def streamed() -> AsyncIterator[bytes]:
        body = _padded({"name": "shop"}, MiB - 1)
        for start in range(0, len(body), CHUNK):
            yield body[start : start + CHUNK]

    chunked = await owner.post("/api/v1/api-keys", content=streamed(), headers={"content-type": "application/json"})
    assert chunked.status_code == 201, chunked.text


async def test_the_sign_in_form_is_limited_too(anonymous: httpx.AsyncClient) -> None:
    form = b"email=a%40b.test&password=" + b"x" * (2 * MiB)
    response = await anonymous.post(
        "/login", content=form, headers={"content-type": "application/x-www-form-urlencoded", "accept": "text/html"}
    )
    _refused(response)


async def test_the_network_import_takes_a_file_past_the_default_limit(app: FastAPI, runtime: Runtime) -> None:
    key = await _operator_key(runtime)
    headers = {"authorization": f"Bearer {key}", "content-type": "application/json"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=headers) as client:
        imported = await client.post("/api/v1/logistics/network", content=_padded(sample_document(), 3 * MiB))
        assert imported.status_code == 200, imported.text
        assert imported.json()["hubs"] == 5
        elsewhere = await client.post("/api/v1/logistics/promises", content=_padded({}, 3 * MiB))
        _refused(elsewhere)  # only the import has the larger limit, not its neighbours


async def test_the_file_limit_is_a_setting(runtime: Runtime) -> None:
    runtime.settings.max_upload_bytes = 2 * MiB
    app = create_app(runtime)
    key = await _operator_key(runtime)
    headers = {"authorization": f"Bearer {key}", "content-type": "application/json"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=headers) as client:
        too_big = await client.post("/api/v1/logistics/network", content=_padded(sample_document(), 2 * MiB + 1))
        _refused(too_big, limit=2 * MiB)
