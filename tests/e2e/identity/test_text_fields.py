"""Text a person types: control characters, direction overrides and invisible names are refused, never a 500.

PostgreSQL cannot store NUL at all; SQLite would store it. Both answer the same refusal.
"""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from comptoir.kernel.mail import InMemoryMailer
from tests.e2e.forms import field_error, field_value
from tests.integration.identity.world import World, build_world

from .conftest import BASE, ClientFactory

NUL = "\u0000"
BAD_TEXT = ["Maison\u0000Delaunay", "Maison\u202eyanualeD", "Maison\u0085Delaunay"]
INVISIBLE = [" ", "\u200b\u200b", "\u00a0\ufeff", "\u2060"]
FRENCH = {"accept": "text/html", "accept-language": "fr-FR"}


@pytest.fixture
async def world(runtime) -> World:  # type: ignore[no-untyped-def]
    return await build_world(runtime)


@pytest.mark.parametrize("value", BAD_TEXT)
async def test_the_api_refuses_control_characters_in_a_profile_field_and_a_key_name(
    world: World, client_for: ClientFactory, value: str
) -> None:
    brand = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    for field in ("name_zh", "story_fr", "website"):
        profile = await brand.patch(f"/api/v1/brands/{world.brand.id}/profile", json={field: value})
        assert profile.status_code == 422, (field, profile.text)
    key = await brand.post("/api/v1/api-keys", json={"name": value})
    assert key.status_code == 422, key.text
    assert (await brand.get(f"/api/v1/brands/{world.brand.id}/profile")).json()["story_fr"] == ""


@pytest.mark.parametrize("value", INVISIBLE)
async def test_a_key_name_with_nothing_visible_is_refused(world: World, client_for: ClientFactory, value: str) -> None:
    brand = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    assert (await brand.post("/api/v1/api-keys", json={"name": value})).status_code == 422


async def test_the_profile_form_says_beside_the_field_that_a_control_character_is_refused(
    world: World, client_for: ClientFactory
) -> None:
    brand = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    form = {"name_zh": "德洛奈之家", "story_zh": "", "story_fr": f"Depuis 1921{NUL}", "website": ""}

    page = await brand.post("/brand/profile", data=form, headers=FRENCH)

    assert page.status_code == 422, page.text
    assert "caractère" in field_error(page.text, "story_fr")
    assert (await brand.get(f"/api/v1/brands/{world.brand.id}/profile")).json()["name_zh"] == ""


async def test_the_key_form_refuses_a_nul_in_the_name(world: World, client_for: ClientFactory) -> None:
    brand = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    page = await brand.post("/account/api-keys", data={"name": f"erp{NUL}"}, headers=FRENCH)
    assert page.status_code == 422, page.text
    assert (await brand.get("/api/v1/api-keys")).json()["items"] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organisation_name", f"Maison{NUL}Delaunay"),
        ("organisation_name", "Maison\u202eDelaunay"),
        ("organisation_name", "\u200b\u200b\u200b"),
        ("email", f"owner{NUL}@delaunay.test"),
        ("email", "owner@dela\u202eunay.test"),
    ],
)
async def test_the_sign_up_form_refuses_unprintable_text_beside_thefield_value(
    app: FastAPI, mailbox: InMemoryMailer, field: str, value: str
) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=FRENCH) as client:
        form = await client.get("/signup")
        data = {
            "kind": "brand",
            "organisation_name": "Maison Delaunay",
            "email": "owner@delaunay.test",
            "password": "une longue phrase de passe",
            "csrf_token": field_value(form.text, "csrf_token"),
        }
        refused = await client.post("/signup", data=data | {field: value})
    assert refused.status_code == 422, refused.text
    assert field_error(refused.text, field)
    assert mailbox.sent == []


@pytest.mark.parametrize("email", [f"owner{NUL}@delaunay.test", f"{NUL}", "owner@delaunay.test\u202e"])
async def test_signing_in_with_a_nul_in_the_email_is_a_wrong_email_never_a_500(
    app: FastAPI, world: World, email: str
) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=FRENCH) as client:
        form = await client.get("/login")
        answer = await client.post(
            "/login", data={"email": email, "password": "x" * 12, "csrf_token": field_value(form.text, "csrf_token")}
        )
    assert answer.status_code in (401, 422), answer.text
