"""The delegation journey and the refusals around it, through the HTTP API."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comptoir.identity import services as identity
from comptoir.identity.errors import WrongPartnerStatus
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.scopes import DelegationScope
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import PASSWORD, World, apply, build_world, member

from .conftest import ClientFactory

MISSING_ORG = "org_01JAAAAAAAAAAAAAAAAAAAAAAA"


@pytest.fixture
async def world(runtime: Runtime) -> World:
    return await build_world(runtime)


async def test_the_delegation_journey_over_the_api(
    runtime: Runtime, client_for: ClientFactory, orders_scope: DelegationScope
) -> None:
    # The operator and a Hangzhou partner exist; the partner applies over the API.
    await transact(
        runtime,
        lambda uow: identity.create_platform_operator(
            uow, email="ops@comptoir.test", password=PASSWORD, settings=runtime.settings
        ),
    )
    ops = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email="ops@comptoir.test", password=PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    operator = client_for(session=ops.token, csrf=ops.csrf_token)
    from comptoir.kernel.principal import OrganisationKind

    tp = await member(runtime, OrganisationKind.PARTNER, "Hangzhou Xihu Digital", "tp@xihu.test")
    tp_key = (await transact(runtime, lambda uow: identity.create_api_key(uow, tp.principal, name="console"))).secret
    partner = client_for(api_key=tp_key)
    applied = await partner.post(
        "/api/v1/partners/application",
        json={
            "services": ["store_setup", "chinese_content"],
            "languages": ["zh-Hans", "fr"],
            "commission_bps": 850,
            "monthly_fee": {"currency": "EUR", "value": "1500.00"},
            "description_zh": "杭州天猫国际代运营",
            "description_fr": "Opérateur Tmall Global basé à Hangzhou",
        },
    )
    assert applied.status_code == 201, applied.text
    assert applied.json()["status"] == "pending" and applied.json()["monthly_fee"] == {
        "currency": "EUR",
        "value": "1500.00",
    }

    brand_org, _ = await transact(
        runtime,
        lambda uow: identity.open_account(
            uow,
            kind="brand",
            organisation_name="Maison Delaunay",
            email="owner@delaunay.test",
            password=PASSWORD,
            settings=runtime.settings,
        ),
    )
    brand_session = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email="owner@delaunay.test", password=PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    brand = client_for(session=brand_session.token, csrf=brand_session.csrf_token)
    assert (await brand.get("/api/v1/partners")).json() == {"items": [], "next_cursor": None}  # not accredited yet

    accredited = await operator.post(f"/api/v1/operator/partners/{tp.id}/accredit")
    assert accredited.status_code == 200 and accredited.json()["status"] == "accredited"

    listed = (await brand.get("/api/v1/partners")).json()["items"]
    assert [p["name"] for p in listed] == ["Hangzhou Xihu Digital"]
    granted = await brand.post(
        "/api/v1/delegations",
        json={"partner_id": listed[0]["id"], "scopes": ["content", "orders"]},
        headers={"Idempotency-Key": "grant-1"},
    )
    assert granted.status_code == 201, granted.text
    delegation = granted.json()
    assert delegation["scopes"] == ["content", "orders"]

    received = (await partner.get("/api/v1/delegations")).json()["items"]
    assert [(d["brand_name"], d["scopes"]) for d in received] == [("Maison Delaunay", ["content", "orders"])]
    edited = await partner.patch(
        f"/api/v1/brands/{brand_org.id}/profile", json={"name_zh": "德洛奈之家", "story_zh": "1921年创立于巴黎。"}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["story_zh"] == "1921年创立于巴黎。"

    log = (await brand.get("/api/v1/audit")).json()["items"]
    assert log[0]["summary"] == "Hangzhou Xihu Digital for Maison Delaunay"
    assert log[0]["action"] == "brand_profile.updated" and log[0]["actor_api_key_id"]

    revoked = await brand.post(f"/api/v1/delegations/{delegation['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    refused = await partner.patch(f"/api/v1/brands/{brand_org.id}/profile", json={"story_zh": "再改一次"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "delegation_revoked"
    assert (await brand.get(f"/api/v1/brands/{brand_org.id}/profile")).json()["story_zh"] == "1921年创立于巴黎。"


async def test_unknown_fields_wrong_types_and_bad_ids_are_refused(world: World, client_for: ClientFactory) -> None:
    brand = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    bad = [
        ("/api/v1/delegations", {"partner_id": world.other_partner.id, "scopes": ["content"], "admin": True}),
        ("/api/v1/delegations", {"partner_id": world.other_partner.id, "scopes": "content"}),
        ("/api/v1/delegations", {"partner_id": "12", "scopes": ["content"]}),
        ("/api/v1/api-keys", {"name": 12}),
    ]
    for path, body in bad:
        response = await brand.post(path, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["code"] == "validation_error"
    unknown_scope = await brand.post(
        "/api/v1/delegations", json={"partner_id": world.other_partner.id, "scopes": ["root"]}
    )
    assert unknown_scope.status_code == 422 and unknown_scope.json()["code"] == "unknown_scope"
    bad_id = await brand.get("/api/v1/brands/not-an-id/profile")
    assert bad_id.status_code == 422
    other = await brand.get(f"/api/v1/brands/{world.other_brand.id}/profile")
    missing = await brand.get(f"/api/v1/brands/{MISSING_ORG}/profile")
    assert other.status_code == missing.status_code == 404
    assert other.json()["code"] == missing.json()["code"] == "brand_not_found"
    assert (await brand.get("/api/v1/delegations")).json()["items"][0]["partner_name"] == "Hangzhou Xihu Digital"


async def test_a_session_change_without_its_csrf_token_is_refused_and_changes_nothing(
    world: World, client_for: ClientFactory
) -> None:
    no_csrf = client_for(session=world.brand.token)
    response = await no_csrf.post(f"/api/v1/delegations/{world.delegation.id}/revoke")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    wrong = await no_csrf.post(f"/api/v1/delegations/{world.delegation.id}/revoke", headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    still = (await no_csrf.get(f"/api/v1/delegations/{world.delegation.id}")).json()
    assert still["status"] == "active"


async def test_an_expired_session_and_a_revoked_key_are_not_authenticated(
    runtime: Runtime, world: World, client_for: ClientFactory, clock: FrozenClock
) -> None:
    created = await transact(runtime, lambda uow: identity.create_api_key(uow, world.brand.principal, name="erp"))
    keyed = client_for(api_key=created.secret)
    assert (await keyed.get("/api/v1/organisations/me")).json()["organisation"]["name"] == "Maison Delaunay"
    await transact(runtime, lambda uow: identity.revoke_api_key(uow, world.brand.principal, key_id=created.key.id))
    revoked = await keyed.get("/api/v1/organisations/me")
    assert revoked.status_code == 401 and revoked.json()["code"] == "not_authenticated"
    session = client_for(session=world.brand.token)
    assert (await session.get("/api/v1/organisations/me")).status_code == 200
    clock.advance(timedelta(seconds=runtime.settings.session_max_age_s + 1))
    assert (await session.get("/api/v1/organisations/me")).status_code == 401
    assert (await client_for(api_key="cpt_garbage").get("/api/v1/organisations/me")).status_code == 401


async def test_an_api_key_of_another_organisation_reaches_none_of_this_ones_data(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    other_key = (
        await transact(runtime, lambda uow: identity.create_api_key(uow, world.other_brand.principal, name="erp"))
    ).secret
    own_key = await transact(runtime, lambda uow: identity.create_api_key(uow, world.brand.principal, name="erp"))
    intruder = client_for(api_key=other_key)
    for method, path in (
        ("GET", f"/api/v1/delegations/{world.delegation.id}"),
        ("POST", f"/api/v1/delegations/{world.delegation.id}/revoke"),
        ("POST", f"/api/v1/api-keys/{own_key.key.id}/revoke"),
        ("GET", f"/api/v1/organisations/{world.brand.id}/audit"),
        ("PATCH", f"/api/v1/brands/{world.brand.id}/profile"),
    ):
        response = await intruder.request(method, path, json={"story_zh": "x"} if method == "PATCH" else None)
        assert response.status_code == 404, (path, response.text)
    assert (await transact(runtime, lambda uow: identity.principal_for_api_key(uow, key=own_key.secret))) is not None


async def test_a_replayed_grant_answers_the_first_response_and_a_duplicate_grant_conflicts(
    world: World, client_for: ClientFactory
) -> None:
    brand = client_for(session=world.other_brand.token, csrf=world.other_brand.principal.csrf_token)
    body = {"partner_id": world.partner.id, "scopes": ["content"]}
    first = await brand.post("/api/v1/delegations", json=body, headers={"Idempotency-Key": "k-1"})
    replay = await brand.post("/api/v1/delegations", json=body, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == replay.status_code == 201
    assert replay.json()["id"] == first.json()["id"] and replay.headers.get("idempotent-replayed") == "true"
    duplicate = await brand.post("/api/v1/delegations", json=body, headers={"Idempotency-Key": "k-2"})
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "delegation_exists"


async def test_only_the_operator_accredits_and_a_pending_partner_cannot_be_chosen(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    brand = client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)
    refused = await brand.post(f"/api/v1/operator/partners/{world.pending_partner.id}/accredit")
    assert refused.status_code == 403
    pending = await brand.post(
        "/api/v1/delegations", json={"partner_id": world.pending_partner.id, "scopes": ["content"]}
    )
    assert pending.status_code == 404 and pending.json()["code"] == "partner_not_found"
    operator = client_for(session=world.operator.token, csrf=world.operator.principal.csrf_token)
    no_reason = await operator.post(f"/api/v1/operator/partners/{world.partner.id}/suspend", json={})
    assert no_reason.status_code == 422
    suspended = await operator.post(
        f"/api/v1/operator/partners/{world.partner.id}/suspend", json={"reason": "audit pending"}
    )
    assert suspended.json()["status"] == "suspended"
    partner = client_for(session=world.partner.token, csrf=world.partner.principal.csrf_token)
    response = await partner.get(f"/api/v1/brands/{world.brand.id}/profile")
    assert response.status_code == 403 and response.json()["code"] == "partner_suspended"
    with pytest.raises(WrongPartnerStatus):  # a suspended partner cannot re-apply its way back to pending
        await apply(runtime, world.partner)
    pending_now = (await operator.get("/api/v1/operator/partners?status=pending")).json()["items"]
    assert [p["id"] for p in pending_now] == [world.pending_partner.id]
