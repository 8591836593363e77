"""Every persona manages its API keys on one page of its account, in its own language."""

from __future__ import annotations

import re

import pytest

from comptoir.kernel.runtime import Runtime
from tests.integration.identity.world import World, build_world

from .conftest import ClientFactory

FR = {"accept": "text/html", "accept-language": "fr-FR"}


@pytest.fixture
async def world(runtime: Runtime) -> World:
    return await build_world(runtime)


@pytest.mark.parametrize("who", ["partner", "brand", "operator"])
async def test_every_persona_creates_and_revokes_its_keys_on_its_account_page(
    world: World, client_for: ClientFactory, who: str
) -> None:
    member = getattr(world, who)
    client = client_for(session=member.token, csrf=member.principal.csrf_token)

    created = await client.post("/account/api-keys", data={"name": "ERP"}, headers=FR)

    assert created.status_code == 200, created.text
    assert 'data-testid="secret"' in created.text and 'action="/account/api-keys"' in created.text
    row = re.search(r'<tr data-key="ERP">(.*?)</tr>', created.text, re.S)
    assert row and 'data-testid="key-status">en service<' in row.group(1)
    revoke = re.search(r'action="(/account/api-keys/key_\w+/revoke)"', row.group(1))
    assert revoke
    revoked = await client.post(revoke.group(1))
    assert revoked.status_code == 303 and revoked.headers["location"] == "/account/api-keys?done=key_revoked"
    page = await client.get("/account/api-keys", headers=FR)
    row = re.search(r'<tr data-key="ERP">(.*?)</tr>', page.text, re.S)
    assert row and 'data-testid="key-status">révoquée<' in row.group(1)


async def test_the_old_address_under_the_brand_space_leads_to_the_account_page(
    world: World, client_for: ClientFactory
) -> None:
    partner = client_for(session=world.partner.token, csrf=world.partner.principal.csrf_token)

    old = await partner.get("/brand/api-keys")

    assert old.status_code in (301, 308) and old.headers["location"] == "/account/api-keys"
    posted = await partner.post("/brand/api-keys", data={"name": "ERP"})
    assert posted.status_code == 308 and posted.headers["location"] == "/account/api-keys"
