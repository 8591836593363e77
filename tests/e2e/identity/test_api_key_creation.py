"""Who may create API keys: a signed-in owner or admin, never a key (so a revoked key leaves none behind)."""

from __future__ import annotations

import pytest

from comptoir.identity import services as identity
from comptoir.identity.errors import ApiKeyCannotCreateKeys
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import World, build_world

from .conftest import ClientFactory


@pytest.fixture
async def world(runtime: Runtime) -> World:
    return await build_world(runtime)


async def test_a_key_created_by_a_signed_in_owner_works_but_cannot_create_keys(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    owner = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    created = await owner.post("/api/v1/api-keys", json={"name": "ERP sync"})
    assert created.status_code == 201, created.text
    machine = client_for(api_key=created.json()["secret"])
    me = await machine.get("/api/v1/organisations/me")
    assert me.status_code == 200 and me.json()["organisation"]["id"] == world.brand.id
    assert (await machine.get("/api/v1/delegations")).status_code == 200

    minted = await machine.post("/api/v1/api-keys", json={"name": "shadow key"})
    assert minted.status_code == 403, minted.text
    assert minted.json()["code"] == "api_key_cannot_create_keys"
    names = [k["name"] for k in (await owner.get("/api/v1/api-keys")).json()["items"]]
    assert names == ["ERP sync"]

    await owner.post(f"/api/v1/api-keys/{created.json()['id']}/revoke")
    assert (await machine.get("/api/v1/organisations/me")).status_code == 401


async def test_the_key_service_refuses_a_key_principal_whatever_its_roles(runtime: Runtime, world: World) -> None:
    created = await transact(
        runtime, lambda uow: identity.create_api_key(uow, world.brand.principal, name="storefront")
    )
    principal = await transact(runtime, lambda uow: identity.principal_for_api_key(uow, key=created.secret))
    assert principal is not None and "admin" in principal.roles
    with pytest.raises(ApiKeyCannotCreateKeys) as refused:
        await transact(runtime, lambda uow: identity.create_api_key(uow, principal, name="child"))
    assert (refused.value.status, refused.value.code) == (403, "api_key_cannot_create_keys")
    assert [k.name for k in await transact(runtime, lambda uow: identity.api_keys_of(uow, world.brand.principal))] == [
        "storefront"
    ]
