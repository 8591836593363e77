"""A suspended partner stays suspended until the operator says otherwise, and brands see it on its delegations."""

from __future__ import annotations

import re

import pytest

from comptoir.identity import services as identity
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import World, build_world

from .conftest import ClientFactory

REASON = "Plaintes répétées de clients : colis jamais livrés"
APPLICATION = {
    "services": ["store_setup", "chinese_content"],
    "languages": ["zh-Hans", "fr"],
    "commission_bps": 700,
    "monthly_fee": {"currency": "EUR", "value": "900.00"},
    "description_zh": "全新的申请",
    "description_fr": "Une toute nouvelle candidature",
}


@pytest.fixture
async def world(runtime: Runtime) -> World:
    return await build_world(runtime)


def _operator(world: World, client_for: ClientFactory):  # type: ignore[no-untyped-def]
    return client_for(session=world.operator.token, csrf=world.operator.principal.csrf_token)


async def _suspend(world: World, client_for: ClientFactory) -> None:
    suspended = await _operator(world, client_for).post(
        f"/api/v1/operator/partners/{world.partner.id}/suspend", json={"reason": REASON}
    )
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended", suspended.text


async def test_a_suspended_partner_cannot_reapply_its_way_out_of_suspension(
    world: World, client_for: ClientFactory
) -> None:
    await _suspend(world, client_for)
    partner = client_for(session=world.partner.token, csrf=world.partner.principal.csrf_token)

    again = await partner.post("/api/v1/partners/application", json=APPLICATION)

    assert again.status_code == 409, again.text
    assert again.json()["code"] == "partner_suspended_cannot_apply"
    mine = (await partner.get("/api/v1/partners/application")).json()
    assert (mine["status"], mine["status_reason"]) == ("suspended", REASON)
    assert mine["description_fr"] != APPLICATION["description_fr"]
    listed = (await _operator(world, client_for).get("/api/v1/operator/partners?status=suspended")).json()
    assert [(p["id"], p["status_reason"]) for p in listed["items"]] == [(world.partner.id, REASON)]
    pending = (await _operator(world, client_for).get("/api/v1/operator/partners?status=pending")).json()
    assert world.partner.id not in [p["id"] for p in pending["items"]]


async def test_a_suspended_partners_delegations_show_suspended_and_come_back_when_it_is_accredited_again(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    brand = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    partner = client_for(session=world.partner.token, csrf=world.partner.principal.csrf_token)
    path = f"/api/v1/delegations/{world.delegation.id}"
    assert (await brand.get(path)).json()["status"] == "active"

    await _suspend(world, client_for)

    assert (await brand.get(path)).json()["status"] == "suspended"
    assert [d["status"] for d in (await brand.get("/api/v1/delegations")).json()["items"]] == ["suspended"]
    assert (await partner.get(path)).json()["status"] == "suspended"
    edit = await partner.patch(f"/api/v1/brands/{world.brand.id}/profile", json={"story_zh": "暂停期间"})
    assert (edit.status_code, edit.json()["code"]) == (403, "partner_suspended")

    await transact(
        runtime, lambda uow: identity.accredit_partner(uow, world.operator.principal, partner_id=world.partner.id)
    )

    restored = (await brand.get(path)).json()
    assert (restored["status"], restored["scopes"]) == ("active", ["content"])
    assert (
        await partner.patch(f"/api/v1/brands/{world.brand.id}/profile", json={"story_zh": "恢复"})
    ).status_code == 200


async def test_the_brand_page_says_in_french_that_the_delegation_is_suspended_with_its_partner(
    world: World, client_for: ClientFactory
) -> None:
    await _suspend(world, client_for)
    brand = client_for(session=world.brand.token)

    page = await brand.get("/brand/partners", headers={"accept": "text/html", "accept-language": "fr-FR"})

    row = re.search(r'<tr data-partner="Hangzhou Xihu Digital">(.*?)</tr>', page.text, re.S)
    assert row, page.text
    status = re.search(r'data-testid="delegation-status"[^>]*>([^<]*)<', row.group(1))
    assert status and status.group(1) == "suspendue avec le partenaire"
    assert "Révoquer" in row.group(1)  # the brand can still end it for good


async def test_the_partner_console_shows_the_reason_and_no_application_form_while_suspended(
    world: World, client_for: ClientFactory
) -> None:
    await _suspend(world, client_for)
    partner = client_for(session=world.partner.token)

    console = await partner.get("/partner", headers={"accept": "text/html", "accept-language": "fr-FR"})

    assert console.status_code == 200
    assert REASON in console.text
    assert 'action="/partner/application"' not in console.text
