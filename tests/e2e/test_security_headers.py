"""Every answer carries the browser protections: a strict CSP, no framing, no sniffing, a quiet referrer,
HSTS in production, and ``Cache-Control: no-store`` wherever a caller's data or a secret may be."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from comptoir.identity import services as identity
from comptoir.identity.services import SESSION_COOKIE
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact
from comptoir.web.app import create_app
from tests.integration.identity.world import PASSWORD

BASE = "http://comptoir.test"
HTML = {"accept": "text/html", "accept-language": "en"}
STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}


def _policy(response: httpx.Response) -> dict[str, list[str]]:
    directives = [d.split() for d in response.headers["content-security-policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.fixture
def app(runtime: Runtime) -> FastAPI:
    application = create_app(runtime)

    async def boom() -> None:
        raise RuntimeError("a bug")

    async def cached() -> JSONResponse:
        return JSONResponse({"rates": []}, headers={"Cache-Control": "private, max-age=60"})

    application.add_api_route("/api/v1/test/boom", boom)
    application.add_api_route("/api/v1/test/cached", cached)
    return application


@pytest.fixture
async def anonymous(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=HTML) as client:
        yield client


@pytest.fixture
async def brand(app: FastAPI, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    """A brand owner's browser, signed in (session cookie), with its CSRF token as a header."""
    org = await transact(
        runtime, lambda uow: identity.create_organisation(uow, kind=OrganisationKind.BRAND, name="Maison Delaunay")
    )
    await transact(
        runtime,
        lambda uow: identity.add_user(
            uow, organisation_id=org.id, email="o@delaunay.test", password=PASSWORD, settings=runtime.settings
        ),
    )
    signed_in = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email="o@delaunay.test", password=PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    transport = httpx.ASGITransport(app=app)
    headers = HTML | {"x-csrf-token": signed_in.csrf_token}
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=headers) as client:
        client.cookies.set(SESSION_COOKIE, signed_in.token, domain="comptoir.test")
        yield client


@pytest.mark.parametrize("path", ["/", "/login", "/nowhere", "/api/v1/organisations/me", "/static/comptoir.css"])
async def test_every_answer_forbids_framing_sniffing_and_foreign_code(anonymous: httpx.AsyncClient, path: str) -> None:
    response = await anonymous.get(path)
    assert _policy(response) == STRICT
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in response.headers  # not in production: plain http stays usable


async def test_an_unexpected_error_is_protected_too(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/api/v1/test/boom")
    assert response.status_code == 500
    assert response.headers["x-content-type-options"] == "nosniff" and "content-security-policy" in response.headers


async def test_production_tells_browsers_to_use_https_only(tmp_path: Path, database_url: str) -> None:
    settings = Settings(
        environment="production", secret_key="s" * 40, data_dir=tmp_path / "data", database_url=database_url
    )
    production = create_app(Runtime.from_settings(settings))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=production), base_url=BASE) as client:
        response = await client.get("/healthz")
    assert response.headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"
    await production.state.runtime.database.dispose()


async def test_signed_in_pages_and_api_answers_are_never_stored(brand: httpx.AsyncClient, app: FastAPI) -> None:
    page = await brand.get("/brand/partners")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    me = await brand.get("/api/v1/organisations/me")
    assert me.status_code == 200 and me.headers["cache-control"] == "no-store"
    created = await brand.post("/api/v1/api-keys", json={"name": "till"})
    assert created.status_code == 201 and "secret" in created.json()
    assert created.headers["cache-control"] == "no-store"

    secret = created.json()["secret"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as machine:
        by_key = await machine.get("/api/v1/organisations/me", headers={"authorization": f"Bearer {secret}"})
        assert by_key.status_code == 200 and by_key.headers["cache-control"] == "no-store"


async def test_an_answer_that_sets_a_cookie_is_never_stored(anonymous: httpx.AsyncClient) -> None:
    form = await anonymous.get("/login")  # sets the sign-in form's CSRF cookie
    assert "set-cookie" in form.headers and form.headers["cache-control"] == "no-store"


async def test_public_pages_and_static_assets_stay_cacheable(
    anonymous: httpx.AsyncClient, brand: httpx.AsyncClient
) -> None:
    assert "cache-control" not in (await anonymous.get("/")).headers
    asset = await brand.get("/static/comptoir.css")  # the browser sends the session cookie along
    assert asset.status_code == 200 and "no-store" not in asset.headers.get("cache-control", "")
    assert "etag" in asset.headers


async def test_a_route_that_chooses_its_own_caching_keeps_it(brand: httpx.AsyncClient) -> None:
    response = await brand.get("/api/v1/test/cached")
    assert response.headers["cache-control"] == "private, max-age=60"


async def test_the_api_docs_load_everything_from_comptoir_under_the_strict_policy(
    anonymous: httpx.AsyncClient,
) -> None:
    docs = await anonymous.get("/api/docs")
    assert docs.status_code == 200
    assert _policy(docs) == STRICT
    assert re.findall(r"<script>(.*?)</script>", docs.text, flags=re.S) == []  # no inline script to allow
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    for asset in assets:
        assert (await anonymous.get(asset)).status_code == 200, asset
    assert (await anonymous.get("/api/openapi.json")).status_code == 200
