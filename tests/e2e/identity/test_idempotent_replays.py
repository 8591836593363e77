"""A retried request is replayed only to a caller who could still make it, and never leaks a secret.

Each test makes a request with an Idempotency-Key, takes away the caller's right to make it
(revokes the API key, signs out, revokes the delegation), then retries: the retry must be
refused as a first attempt would be, not answered with the stored response.
"""

from __future__ import annotations

import pytest

from comptoir.identity import services as identity
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import World, build_world

from .conftest import ClientFactory


@pytest.fixture
async def world(runtime: Runtime) -> World:
    return await build_world(runtime)


def _key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


async def test_a_revoked_api_key_cannot_replay_what_it_did(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    created = await transact(
        runtime, lambda uow: identity.create_api_key(uow, world.brand.principal, name="storefront")
    )
    machine = client_for(api_key=created.secret)
    grant = {"partner_id": world.other_partner.id, "scopes": ["content"]}
    first = await machine.post("/api/v1/delegations", json=grant, headers=_key("grant-1"))
    assert first.status_code == 201, first.text

    await transact(runtime, lambda uow: identity.revoke_api_key(uow, world.brand.principal, key_id=created.key.id))
    retry = await machine.post("/api/v1/delegations", json=grant, headers=_key("grant-1"))

    assert retry.status_code == 401
    assert "idempotent-replayed" not in retry.headers
    assert first.json()["id"] not in retry.text


async def test_a_signed_out_session_cannot_replay_a_new_api_key_and_its_secret(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    csrf = world.brand.principal.csrf_token
    browser = client_for(session=world.brand.token, csrf=csrf)
    first = await browser.post("/api/v1/api-keys", json={"name": "caisse"}, headers=_key("key-1"))
    assert first.status_code == 201, first.text
    secret = first.json()["secret"]

    await transact(runtime, lambda uow: identity.sign_out(uow, token=world.brand.token))
    with_token = await browser.post("/api/v1/api-keys", json={"name": "caisse"}, headers=_key("key-1"))
    without_token = await client_for(session=world.brand.token).post(
        "/api/v1/api-keys", json={"name": "caisse"}, headers=_key("key-1")
    )

    for retry in (with_token, without_token):
        assert retry.status_code == 401, retry.text
        assert secret not in retry.text and "idempotent-replayed" not in retry.headers


async def test_a_live_session_without_its_csrf_token_cannot_replay_either(
    world: World, client_for: ClientFactory
) -> None:
    browser = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    first = await browser.post("/api/v1/api-keys", json={"name": "caisse"}, headers=_key("key-2"))
    assert first.status_code == 201
    forged = await client_for(session=world.brand.token).post(
        "/api/v1/api-keys", json={"name": "caisse"}, headers=_key("key-2")
    )
    assert (forged.status_code, forged.json()["code"]) == (403, "csrf_failed")
    assert first.json()["secret"] not in forged.text


async def test_a_partner_cannot_replay_a_profile_change_after_its_delegation_is_revoked(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    partner = client_for(session=world.partner.token, csrf=world.partner.principal.csrf_token)
    change = {"name_zh": "德劳内之家"}
    path = f"/api/v1/brands/{world.brand.id}/profile"
    first = await partner.patch(path, json=change, headers=_key("profile-1"))
    assert first.status_code == 200, first.text

    await transact(
        runtime, lambda uow: identity.revoke_delegation(uow, world.brand.principal, delegation_id=world.delegation.id)
    )
    retry = await partner.patch(path, json=change, headers=_key("profile-1"))

    assert (retry.status_code, retry.json()["code"]) == (403, "delegation_revoked")
    assert "idempotent-replayed" not in retry.headers


async def test_a_secret_bearing_answer_is_not_kept_in_the_clear(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    from sqlalchemy import select

    from comptoir.kernel.idempotency import idempotency_keys_table

    browser = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    first = await browser.post("/api/v1/api-keys", json={"name": "caisse"}, headers=_key("key-3"))
    secret = first.json()["secret"]
    async with runtime.database.engine.connect() as conn:
        rows = (await conn.execute(select(idempotency_keys_table))).all()
    assert len(rows) == 1
    assert all(secret.encode() not in bytes(value) for value in rows[0] if isinstance(value, bytes | bytearray))
    assert secret not in repr(tuple(rows[0]))

    replay = await browser.post("/api/v1/api-keys", json={"name": "caisse"}, headers=_key("key-3"))
    assert replay.json()["secret"] == secret and replay.headers["idempotent-replayed"] == "true"


async def test_an_api_key_is_no_credential_on_pages_nor_their_forms(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    created = await transact(
        runtime, lambda uow: identity.create_api_key(uow, world.brand.principal, name="storefront")
    )
    machine = client_for(api_key=created.secret)
    page = await machine.get("/brand/partners", headers={"accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"].startswith("/login")

    posted = await machine.post(
        "/brand/delegations",
        data={"partner_id": world.other_partner.id, "scopes": ["content"]},
        headers={"accept": "text/html"},
    )
    assert posted.status_code == 303 and posted.headers["location"].startswith("/login")
    delegations = await transact(runtime, lambda uow: identity.delegations_of(uow, world.brand.principal))
    assert world.other_partner.id not in {d.partner_id for d in delegations}
    # The same key still works where it belongs.
    assert (await machine.get("/api/v1/organisations/me")).status_code == 200
