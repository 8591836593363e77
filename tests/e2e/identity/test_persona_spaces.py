"""Each persona, once signed in, is recognised everywhere: its own home, its own navigation, its own spaces."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from tests.e2e.forms import field_value
from tests.integration.identity.world import PASSWORD, World, build_world, member

from .conftest import BASE

HTML = {"accept": "text/html", "accept-language": "en"}
SPACE_HOMES = {
    "/operator/partners",
    "/brand/partners",
    "/brand/store",
    "/merchant",
    "/partner",
    "/partner/stores",
    "/partner/translations",
    "/logistics/network",
    "/shop",
    "/boutique",
    "/till",
    "/operator/payments",
    "/wallet",
    "/operator/customs",
    "/orders",
    "/shop/orders",
    "/tourism/shop",
    "/tourism/cashless-paris",
}


@pytest.fixture
async def world(runtime: Runtime) -> World:
    return await build_world(runtime)


async def _signed_in(app: FastAPI, email: str) -> tuple[httpx.AsyncClient, str]:
    """A client signed in through the form, and where the sign-in sent it."""
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=HTML)
    form = await client.get("/login")
    signed = await client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": field_value(form.text, "csrf_token")}
    )
    assert signed.status_code == 303, signed.text
    return client, signed.headers["location"]


def _nav(page: str) -> list[str]:
    nav = re.search(r"<nav[^>]*>(.*?)</nav>", page, re.S)
    assert nav, page
    return re.findall(r'href="([^"]+)"', nav.group(1))


def _space_links(page: str) -> list[str]:
    """The spaces the landing page links (not the ones it only mentions)."""
    spaces = re.search(r'data-testid="spaces"(.*?)</section>', page, re.S)
    assert spaces, page
    return re.findall(r'<a class="card space[^"]*" href="([^"]+)"', spaces.group(1))


async def test_a_signed_in_brand_sees_itself_on_the_landing_page_and_only_its_space_as_a_door(
    app: FastAPI, world: World
) -> None:
    brand, _ = await _signed_in(app, world.brand.email)
    landing = await brand.get("/")
    assert landing.status_code == 200
    assert "Sign out" in landing.text and ">Sign in<" not in landing.text
    assert "Maison Delaunay" in landing.text
    assert _space_links(landing.text) == ["/brand/partners", "/brand/store", "/till", "/tourism/shop", "/orders"]
    # The other spaces are still described, as someone else's, without a door that would answer 403.
    others = landing.text.split('data-testid="other-spaces"')[1]
    assert "Partner console" in others and 'href="/partner"' not in others
    await brand.aclose()


async def test_a_visitor_sees_every_space_and_the_sign_in_link(app: FastAPI) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=HTML) as client:
        landing = await client.get("/")
    assert ">Sign in<" in landing.text
    assert set(_space_links(landing.text)) == SPACE_HOMES


@pytest.mark.parametrize(
    ("who", "home", "in_nav"),
    [
        ("operator", "/operator/partners", {"/operator/partners", "/logistics/network", "/account/api-keys"}),
        ("brand", "/brand/partners", {"/brand/partners", "/brand/profile", "/brand/audit", "/account/api-keys"}),
        ("merchant", "/merchant", {"/merchant", "/brand/partners", "/account/api-keys"}),
        ("partner", "/partner", {"/partner", "/account/api-keys"}),
    ],
)
async def test_every_persona_lands_on_its_home_with_its_navigation(
    app: FastAPI, world: World, who: str, home: str, in_nav: set[str]
) -> None:
    client, location = await _signed_in(app, getattr(world, who).email)
    assert location == home
    page = await client.get(location)
    assert page.status_code == 200
    assert in_nav <= set(_nav(page.text))
    for href in set(_nav(page.text)) & SPACE_HOMES:
        assert (await client.get(href)).status_code == 200, href
    await client.aclose()


async def test_the_logistics_operator_lands_on_the_network_page_and_finds_its_way_around(
    app: FastAPI, runtime: Runtime
) -> None:
    await member(runtime, OrganisationKind.LOGISTICS_OPERATOR, "Liège Air Cargo Hub", "ops@liege-hub.test")
    client, location = await _signed_in(app, "ops@liege-hub.test")
    assert location == "/logistics/network"
    page = await client.get(location)
    assert page.status_code == 200
    assert {"/logistics/network", "/account/api-keys"} <= set(_nav(page.text))
    assert "/brand/partners" not in _nav(page.text)
    landing = await client.get("/")
    assert _space_links(landing.text) == ["/logistics/network"]
    await client.aclose()
