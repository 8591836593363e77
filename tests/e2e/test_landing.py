from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from comptoir.kernel.runtime import Runtime
from comptoir.web.app import create_app


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(runtime)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://comptoir.test") as c:
        yield c


async def test_the_landing_page_says_what_comptoir_is_and_links_each_space(client: httpx.AsyncClient) -> None:
    response = await client.get("/", headers={"accept": "text/html", "accept-language": "en"})
    assert response.status_code == 200
    assert "France ⇄ China" in response.text
    for href in ("/operator/partners", "/brand/partners", "/partner", "/logistics/network"):
        assert f'href="{href}"' in response.text


async def test_an_unknown_api_path_answers_a_problem_document(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "not_found" and body["status"] == 404


async def test_an_unknown_page_answers_an_html_error_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "not_found" in response.text and "<html" in response.text


async def test_the_openapi_description_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Comptoir"


async def test_the_vendored_htmx_is_served_without_any_cdn(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/vendor/htmx-2.0.11.min.js")
    assert response.status_code == 200
    assert "htmx" in response.text[:200]


@pytest.mark.parametrize(("lang", "title"), [("fr", "Introuvable"), ("zh_Hans", "未找到"), ("en", "Not found")])
async def test_an_error_page_speaks_the_readers_language_and_keeps_the_stable_code(
    client: httpx.AsyncClient, lang: str, title: str
) -> None:
    response = await client.get(f"/nowhere?lang={lang}", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in response.text
    assert "not_found" in response.text


async def test_every_page_has_comptoirs_icon_from_the_package(client: httpx.AsyncClient) -> None:
    icon = await client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file, which browsers ask for unprompted
    for path in ("/", "/login", "/logistics/network"):
        page = await client.get(path, headers={"accept": "text/html"}, follow_redirects=True)
        assert '<link rel="icon" href="/favicon.ico"' in page.text, path
