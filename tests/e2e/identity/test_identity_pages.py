"""The identity pages as a browser without JavaScript uses them: plain forms, redirects, CSRF."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from comptoir.kernel.mail import InMemoryMailer
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.forms import field_value
from tests.integration.identity.world import PASSWORD, World, build_world

from .conftest import BASE

HTML = {"accept": "text/html", "accept-language": "en"}


@pytest.fixture
async def world(runtime: Runtime) -> World:
    return await build_world(runtime)


async def _browser(app: FastAPI, email: str) -> tuple[httpx.AsyncClient, str]:
    """A client signed in through the form, and the session's CSRF token from a page."""
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=HTML)
    form = await client.get("/login")
    signed = await client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": field_value(form.text, "csrf_token")}
    )
    assert signed.status_code == 303, signed.text
    landing = await client.get(signed.headers["location"])
    assert landing.status_code == 200, landing.text
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', landing.text)
    assert csrf
    return client, csrf.group(1)


async def test_the_delegation_journey_through_plain_forms(app: FastAPI, world: World) -> None:
    brand, brand_csrf = await _browser(app, world.other_brand.email)
    page = await brand.get("/brand/partners")
    assert "Hangzhou Xihu Digital" in page.text and "Shanghai Bund Services" not in page.text
    granted = await brand.post(
        "/brand/delegations",
        data={"csrf_token": brand_csrf, "partner_id": world.partner.id, "scopes": ["content"]},
    )
    assert granted.status_code == 303 and granted.headers["location"] == "/brand/partners?done=granted"

    partner, partner_csrf = await _browser(app, world.partner.email)
    console = await partner.get("/partner")
    assert "Château Lestage" in console.text and f"/partner/brands/{world.other_brand.id}/profile" in console.text
    saved = await partner.post(
        f"/partner/brands/{world.other_brand.id}/profile",
        data={"csrf_token": partner_csrf, "name_zh": "莱斯塔日酒庄", "story_zh": "波尔多左岸的家族酒庄。"},
    )
    assert saved.status_code == 303, saved.text

    audit = await brand.get("/brand/audit")
    assert "Hangzhou Xihu Digital for Château Lestage" in audit.text

    # Revoke the delegation to the Hangzhou partner (the one to Lyon stays).
    page = await brand.get("/brand/partners")
    hangzhou_row = page.text.split('data-partner="Hangzhou Xihu Digital"')[1]
    target = re.search(r"/brand/delegations/(dlg_\w+)/revoke", hangzhou_row)
    assert target, page.text
    revoked = await brand.post(f"/brand/delegations/{target.group(1)}/revoke", data={"csrf_token": brand_csrf})
    assert revoked.status_code == 303

    refused = await partner.get(f"/partner/brands/{world.other_brand.id}/profile")
    assert refused.status_code == 403 and "delegation_revoked" in refused.text
    for client in (brand, partner):
        await client.aclose()


async def test_forms_without_the_csrf_token_are_refused(app: FastAPI, world: World, runtime: Runtime) -> None:
    brand, _ = await _browser(app, world.brand.email)
    refused = await brand.post(f"/brand/delegations/{world.delegation.id}/revoke", data={})
    assert refused.status_code == 403 and "csrf_failed" in refused.text
    from comptoir.identity import services as identity

    still = await transact(
        runtime, lambda uow: identity.delegation(uow, world.brand.principal, delegation_id=world.delegation.id)
    )
    assert still.is_active
    login = await brand.post("/login", data={"email": world.brand.email, "password": PASSWORD})
    assert login.status_code == 400 and "expired" in login.text
    await brand.aclose()


async def test_form_errors_are_shown_in_the_page(app: FastAPI, world: World) -> None:
    brand, csrf = await _browser(app, world.brand.email)
    no_scope = await brand.post("/brand/delegations", data={"csrf_token": csrf, "partner_id": world.other_partner.id})
    # The catalogue's sentence for people, never the raw code.
    assert (
        no_scope.status_code == 422 and "Grant at least one permission." in no_scope.text and "<form" in no_scope.text
    )
    assert "no_scope" not in no_scope.text
    bad_site = await brand.post("/brand/profile", data={"csrf_token": csrf, "website": "ftp://x", "story_fr": "Gardé"})
    assert bad_site.status_code == 422 and "Gardé" in bad_site.text
    assert "Give the website as an address starting with http:// or https://." in bad_site.text
    wrong = await brand.post("/login", data={"email": world.brand.email, "password": "nope", "csrf_token": "x"})
    assert wrong.status_code == 400
    await brand.aclose()


async def test_signed_out_visitors_are_sent_to_sign_in_and_come_back(app: FastAPI, world: World) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=HTML) as client:
        response = await client.get("/brand/audit")
        assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Fbrand%2Faudit"
        form = await client.get("/login?next=/brand/audit")
        signed = await client.post(
            "/login",
            data={
                "email": world.brand.email,
                "password": PASSWORD,
                "csrf_token": field_value(form.text, "csrf_token"),
                "next": "/brand/audit",
            },
        )
        assert signed.headers["location"] == "/brand/audit"
        evil = await client.get("/login?next=//evil.example")
        assert 'name="next" value=""' in evil.text


async def test_signing_out_ends_the_session(app: FastAPI, world: World) -> None:
    brand, csrf = await _browser(app, world.brand.email)
    out = await brand.post("/logout", data={"csrf_token": csrf})
    assert out.status_code == 303
    assert (await brand.get("/brand/partners")).status_code == 303
    await brand.aclose()


async def test_a_partner_cannot_open_brand_pages_and_a_brand_cannot_open_the_console(
    app: FastAPI, world: World
) -> None:
    partner, _ = await _browser(app, world.partner.email)
    assert (await partner.get("/brand/partners")).status_code == 403
    brand, _ = await _browser(app, world.brand.email)
    assert (await brand.get("/partner")).status_code == 403
    assert (await brand.get("/operator/partners")).status_code == 403
    for client in (brand, partner):
        await client.aclose()


async def test_a_brand_signs_up_follows_the_link_and_lands_in_its_space(
    app: FastAPI, runtime: Runtime, mailbox: InMemoryMailer
) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=HTML) as client:
        form = await client.get("/signup")
        data = {
            "kind": "brand",
            "organisation_name": "Maison Delaunay",
            "email": "owner@delaunay.test",
            "password": PASSWORD,
            "csrf_token": field_value(form.text, "csrf_token"),
        }
        sent = await client.post("/signup", data=data)
        assert sent.status_code == 200 and "Check your inbox" in sent.text and "owner@delaunay.test" in sent.text
        link = re.search(r"https?://\S+(/signup/confirm\?token=\S+)", mailbox.to("owner@delaunay.test")[-1].text)
        assert link, mailbox.sent
        confirm = await client.get(link.group(1))
        created = await client.post(
            "/signup/confirm",
            data={"token": field_value(confirm.text, "token"), "csrf_token": field_value(confirm.text, "csrf_token")},
        )
        assert created.status_code == 303 and created.headers["location"] == "/brand/partners"
        space = await client.get("/brand/partners")
        assert space.status_code == 200 and "Maison Delaunay" in space.text

        platform = await client.post("/signup", data=data | {"kind": "platform", "email": "x@y.test"})
        assert platform.status_code == 400  # the answer did not issue a fresh form token
        form = await client.get("/signup")
        platform = await client.post(
            "/signup",
            data=data
            | {
                "kind": "platform",
                "email": "x@y.test",
                "csrf_token": field_value(form.text, "csrf_token", form="/signup"),
            },
        )
        assert platform.status_code == 422
