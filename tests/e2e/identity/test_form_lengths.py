"""Over-long text in a page's form comes back as the form, filled, with the limit said beside the field.

Each field's lengths are written once (identity's ``TEXT_FIELDS``): the form's ``maxlength`` and help
text, the API's schema and the services' check all read them, so they cannot disagree. A person
whose browser ignores ``maxlength`` (or who pastes into an old one) gets the form back, never a bare
error page; an API client gets its 422 problem document.
"""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from comptoir.kernel.mail import InMemoryMailer
from tests.e2e.forms import field_error, field_value
from tests.integration.identity.world import World, build_world

from .conftest import BASE, ClientFactory

FRENCH = {"accept": "text/html", "accept-language": "fr-FR"}
CHINESE = {"accept": "text/html", "accept-language": "zh-CN"}


@pytest.fixture
async def world(runtime) -> World:  # type: ignore[no-untyped-def]
    return await build_world(runtime)


def _input(page: str, name: str) -> str:
    found = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page)
    assert found, f"no field {name} in the page"
    return found.group(0)


async def _sign_up(app: FastAPI, headers: dict[str, str], **fields: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=headers) as client:
        form = await client.get("/signup")
        assert 'maxlength="120"' in _input(form.text, "organisation_name")
        data = {
            "kind": "brand",
            "organisation_name": "Maison Delaunay",
            "email": "owner@delaunay.test",
            "password": "une longue phrase de passe",
            "csrf_token": field_value(form.text, "csrf_token"),
        }
        return await client.post("/signup", data=data | fields)


@pytest.mark.parametrize("length", [121, 600])
async def test_an_over_long_organisation_name_comes_back_in_the_sign_up_form_with_its_limit(
    app: FastAPI, mailbox: InMemoryMailer, length: int
) -> None:
    name = "Maison " + "D" * (length - 7)

    refused = await _sign_up(app, FRENCH, organisation_name=name)

    assert refused.status_code == 422, refused.text
    assert field_error(refused.text, "organisation_name") == "Au plus 120 caractères."
    assert field_value(refused.text, "organisation_name") == name  # the form keeps what was typed
    assert field_value(refused.text, "email") == "owner@delaunay.test"
    assert mailbox.sent == []


async def test_a_one_letter_organisation_name_is_told_the_shortest_name_in_chinese(
    app: FastAPI, mailbox: InMemoryMailer
) -> None:
    refused = await _sign_up(app, CHINESE, organisation_name="D")
    assert refused.status_code == 422, refused.text
    assert field_error(refused.text, "organisation_name") == "至少 2 个字符。"


async def test_the_sign_up_form_says_the_limits_it_enforces(app: FastAPI) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=FRENCH) as client:
        form = (await client.get("/signup")).text
    field = _input(form, "organisation_name")
    assert 'minlength="2"' in field and 'maxlength="120"' in field
    assert "2 à 120 caractères" in form


async def test_the_brand_profile_form_keeps_the_text_and_says_each_fields_limit(
    world: World, client_for: ClientFactory
) -> None:
    brand = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    story = "Depuis 1921, " + "la maison coud à la main. " * 800  # 20,000 characters: past every form limit
    form = {"name_zh": "德洛奈之家", "story_zh": "", "story_fr": story, "website": ""}

    page = await brand.post("/brand/profile", data=form, headers=CHINESE)

    assert page.status_code == 422, page.text
    assert field_error(page.text, "story_fr") == "最多 4000 个字符。"
    assert story.strip() in page.text  # the story comes back in its textarea, not lost
    assert 'maxlength="4000"' in _input(page.text, "story_fr")
    assert 'maxlength="120"' in _input(page.text, "name_zh")
    assert (await brand.get(f"/api/v1/brands/{world.brand.id}/profile")).json()["name_zh"] == ""

    long_name = await brand.post("/brand/profile", data=form | {"story_fr": "", "name_zh": "德" * 2000}, headers=FRENCH)
    assert long_name.status_code == 422, long_name.text
    assert field_error(long_name.text, "name_zh") == "Au plus 120 caractères."


async def test_an_over_long_key_name_comes_back_in_the_key_form(world: World, client_for: ClientFactory) -> None:
    brand = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    form = await brand.get("/account/api-keys", headers=FRENCH)
    assert 'maxlength="80"' in _input(form.text, "name") and "au plus 80 caractères" in form.text

    for name in ("E" * 81, "E" * 300):
        page = await brand.post("/account/api-keys", data={"name": name}, headers=FRENCH)
        assert page.status_code == 422, page.text
        assert field_error(page.text, "name") == "Au plus 80 caractères."
        assert field_value(page.text, "name") == name
    assert (await brand.get("/api/v1/api-keys")).json()["items"] == []


async def test_an_over_long_partner_description_comes_back_in_the_application_form(
    world: World, client_for: ClientFactory
) -> None:
    partner = client_for(session=world.pending_partner.token, csrf=world.pending_partner.principal.csrf_token)
    description = "Boutique Tmall Global. " * 300  # 6,900 characters
    form = {
        "services": ["store_setup", "marketing"],
        "languages": "zh-Hans, fr",
        "commission_percent": "8.5",
        "monthly_fee": "1500.00",
        "currency": "EUR",
        "description_zh": "天猫国际店铺运营。",
        "description_fr": description,
    }

    page = await partner.post("/partner/application", data=form, headers=FRENCH)

    assert page.status_code == 422, page.text
    assert field_error(page.text, "description_fr") == "Au plus 4000 caractères."
    assert description.strip() in page.text and "天猫国际店铺运营。" in page.text
    assert 'maxlength="4000"' in _input(page.text, "description_fr")


async def test_an_over_long_suspension_reason_is_said_beside_the_reason(
    world: World, client_for: ClientFactory
) -> None:
    operator = client_for(session=world.operator.token, csrf=world.operator.principal.csrf_token)
    reason = "Plaintes répétées de clients. " * 30  # 900 characters
    path = f"/operator/partners/{world.partner.id}/suspend"

    page = await operator.post(path, data={"reason": reason}, headers=FRENCH)

    assert page.status_code == 422, page.text
    assert field_error(page.text, f"reason-{world.partner.id}") == "Au plus 500 caractères."
    assert reason.strip() in page.text
    listed = (await operator.get("/api/v1/operator/partners?status=accredited")).json()["items"]
    assert world.partner.id in [p["id"] for p in listed]


async def test_the_api_answers_a_problem_document_past_the_same_limits(world: World, client_for: ClientFactory) -> None:
    brand = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    key = await brand.post("/api/v1/api-keys", json={"name": "E" * 81})
    assert key.status_code == 422 and key.headers["content-type"] == "application/problem+json"
    assert key.json()["code"] == "validation_error"
    profile = await brand.patch(f"/api/v1/brands/{world.brand.id}/profile", json={"name_zh": "德" * 121})
    assert profile.status_code == 422 and profile.json()["code"] == "validation_error"


def test_the_api_schema_states_the_lengths_the_forms_and_services_enforce(app: FastAPI) -> None:
    from comptoir.identity.domain import TEXT_FIELDS

    schemas = app.openapi()["components"]["schemas"]
    stated = {
        "api_key_name": schemas["ApiKeyIn"]["properties"]["name"],
        "decision_reason": schemas["SuspensionIn"]["properties"]["reason"],
        "description_fr": schemas["PartnerApplicationIn"]["properties"]["description_fr"],
        "story_fr": schemas["BrandProfileIn"]["properties"]["story_fr"]["anyOf"][0],
        "name_zh": schemas["BrandProfileIn"]["properties"]["name_zh"]["anyOf"][0],
    }
    for field, schema in stated.items():
        spec = TEXT_FIELDS[field]
        assert schema["maxLength"] == spec.max_length, field
        assert schema.get("minLength", 0) == spec.min_length, field
