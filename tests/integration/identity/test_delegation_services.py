"""Accreditation, delegation and the audited brand profile, through the services, on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comptoir.identity import services as identity
from comptoir.identity.domain import PartnerStatus
from comptoir.identity.errors import (
    DelegationDenied,
    DelegationExists,
    EmailTaken,
    IdentityNotFound,
    InvalidCredentials,
    InvalidPartnerTerms,
    UnknownScope,
    WrongOrganisationKind,
)
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.scopes import DelegationScope
from comptoir.kernel.unit_of_work import transact

from .world import PASSWORD, World, build_world


async def _authorize(runtime: Runtime, partner: Principal, *, brand_id: str, scope: str) -> None:
    await transact(runtime, lambda uow: identity.authorize_delegate(uow, partner, brand_id=brand_id, scope=scope))


@pytest.fixture
async def world(runtime: Runtime) -> World:
    return await build_world(runtime)


async def test_only_accredited_partners_are_listed_to_brands(runtime: Runtime, world: World) -> None:
    listed = await transact(runtime, identity.accredited_partners)
    assert [p.name for p in listed] == ["Hangzhou Xihu Digital", "Lyon Commerce Asie"]
    assert listed[0].terms.commission_bps == 800 and listed[0].terms.monthly_fee.minor == 150_000
    applications = await transact(runtime, lambda uow: identity.partner_applications(uow, world.operator.principal))
    assert {p.name: p.status for p in applications}["Shanghai Bund Services"] is PartnerStatus.PENDING


async def test_a_partner_for_a_brand_edits_its_chinese_profile_and_the_brand_sees_it_in_its_audit_log(
    runtime: Runtime, world: World
) -> None:
    profile = await transact(
        runtime,
        lambda uow: identity.update_brand_profile(
            uow, world.partner.principal, brand_id=world.brand.id, changes={"story_zh": "始于巴黎的高级时装屋。"}
        ),
    )
    assert profile.story_zh == "始于巴黎的高级时装屋。" and profile.version == 1
    entries, _ = await transact(runtime, lambda uow: identity.audit_log(uow, world.brand.principal))
    latest = entries[0]
    assert latest.action == "brand_profile.updated"
    assert latest.summary() == "Hangzhou Xihu Digital for Maison Delaunay"
    assert latest.actor_user_id == world.partner.principal.user_id
    assert latest.details["changes"]["story_zh"] == ["", "始于巴黎的高级时装屋。"]


async def test_revocation_holds_from_the_next_call(runtime: Runtime, world: World) -> None:
    await transact(
        runtime,
        lambda uow: identity.authorize_delegate(uow, world.partner.principal, brand_id=world.brand.id, scope="content"),
    )
    await transact(
        runtime, lambda uow: identity.revoke_delegation(uow, world.brand.principal, delegation_id=world.delegation.id)
    )
    with pytest.raises(DelegationDenied) as refused:
        await transact(
            runtime,
            lambda uow: identity.authorize_delegate(
                uow, world.partner.principal, brand_id=world.brand.id, scope="content"
            ),
        )
    assert refused.value.code == "delegation_revoked"
    with pytest.raises(DelegationDenied):
        await transact(
            runtime,
            lambda uow: identity.update_brand_profile(
                uow, world.partner.principal, brand_id=world.brand.id, changes={"story_zh": "x"}
            ),
        )


async def test_a_scope_not_granted_and_a_suspended_partner_are_refused(
    runtime: Runtime, world: World, orders_scope: DelegationScope
) -> None:
    for scope in (orders_scope.name, "money"):  # registered but not granted; registered by no capability
        with pytest.raises(DelegationDenied) as not_granted:
            await _authorize(runtime, world.partner.principal, brand_id=world.brand.id, scope=scope)
        assert not_granted.value.code == "scope_not_granted"
    await transact(
        runtime,
        lambda uow: identity.suspend_partner(
            uow, world.operator.principal, partner_id=world.partner.id, reason="contract breach"
        ),
    )
    with pytest.raises(DelegationDenied) as suspended:
        await transact(
            runtime,
            lambda uow: identity.authorize_delegate(
                uow, world.partner.principal, brand_id=world.brand.id, scope="content"
            ),
        )
    assert suspended.value.code == "partner_suspended"
    assert [p.name for p in await transact(runtime, identity.accredited_partners)] == ["Lyon Commerce Asie"]


async def test_a_partner_without_delegation_learns_nothing_about_the_brand(runtime: Runtime, world: World) -> None:
    for brand_id in (world.brand.id, "org_01JAAAAAAAAAAAAAAAAAAAAAAA"):
        with pytest.raises(DelegationDenied) as refused:
            await _authorize(runtime, world.other_partner.principal, brand_id=brand_id, scope="content")
        assert refused.value.code == "no_delegation"
    with pytest.raises(IdentityNotFound):
        await transact(
            runtime, lambda uow: identity.brand_profile(uow, world.other_brand.principal, brand_id=world.brand.id)
        )


async def test_granting_twice_is_refused_and_scopes_can_change(
    runtime: Runtime, world: World, orders_scope: DelegationScope
) -> None:
    with pytest.raises(DelegationExists):
        await transact(
            runtime,
            lambda uow: identity.grant_delegation(
                uow, world.brand.principal, partner_id=world.partner.id, scopes=["content"]
            ),
        )
    changed = await transact(
        runtime,
        lambda uow: identity.change_delegation_scopes(
            uow, world.brand.principal, delegation_id=world.delegation.id, scopes=["content", "orders"]
        ),
    )
    assert changed.scopes == {"content", "orders"}
    with pytest.raises(UnknownScope):
        await transact(
            runtime,
            lambda uow: identity.change_delegation_scopes(
                uow, world.brand.principal, delegation_id=world.delegation.id, scopes=["root"]
            ),
        )
    with pytest.raises(IdentityNotFound):
        await transact(
            runtime,
            lambda uow: identity.grant_delegation(
                uow, world.brand.principal, partner_id=world.pending_partner.id, scopes=["content"]
            ),
        )
    with pytest.raises(IdentityNotFound):
        await transact(
            runtime,
            lambda uow: identity.revoke_delegation(uow, world.brand.principal, delegation_id=world.other_delegation.id),
        )


async def test_a_revoked_delegation_is_granted_again_with_new_scopes(
    runtime: Runtime, world: World, orders_scope: DelegationScope
) -> None:
    await transact(
        runtime, lambda uow: identity.revoke_delegation(uow, world.brand.principal, delegation_id=world.delegation.id)
    )
    again = await transact(
        runtime,
        lambda uow: identity.grant_delegation(
            uow, world.brand.principal, partner_id=world.partner.id, scopes=["orders"]
        ),
    )
    assert again.id == world.delegation.id and again.is_active and again.scopes == {"orders"}


async def test_only_partners_apply_and_terms_are_checked(runtime: Runtime, world: World) -> None:
    with pytest.raises(WrongOrganisationKind):
        await transact(
            runtime,
            lambda uow: identity.apply_as_partner(
                uow,
                world.brand.principal,
                services=["marketing"],
                languages=["fr"],
                commission_bps=1,
                monthly_fee_minor=0,
                monthly_fee_currency="EUR",
                description_zh="中",
                description_fr="fr",
            ),
        )
    with pytest.raises(InvalidPartnerTerms):
        await transact(
            runtime,
            lambda uow: identity.apply_as_partner(
                uow,
                world.pending_partner.principal,
                services=["marketing"],
                languages=["fr"],
                commission_bps=90_000,
                monthly_fee_minor=0,
                monthly_fee_currency="EUR",
                description_zh="中",
                description_fr="fr",
            ),
        )
    with pytest.raises(PermissionDenied):
        await transact(
            runtime,
            lambda uow: identity.accredit_partner(uow, world.brand.principal, partner_id=world.pending_partner.id),
        )


async def test_sessions_expire_and_sign_out_ends_them(runtime: Runtime, world: World, clock: FrozenClock) -> None:
    session = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email="OWNER@delaunay.test ", password=PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    assert await transact(runtime, lambda uow: identity.principal_for_session(uow, token=session.token)) is not None
    clock.advance(timedelta(seconds=runtime.settings.session_max_age_s + 1))
    assert await transact(runtime, lambda uow: identity.principal_for_session(uow, token=session.token)) is None
    fresh = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email="owner@delaunay.test", password=PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    await transact(runtime, lambda uow: identity.sign_out(uow, token=fresh.token))
    assert await transact(runtime, lambda uow: identity.principal_for_session(uow, token=fresh.token)) is None
    with pytest.raises(InvalidCredentials):
        await transact(
            runtime,
            lambda uow: identity.sign_in(
                uow,
                email="owner@delaunay.test",
                password="wrong password",
                settings=runtime.settings,
                throttle=runtime.throttle,
            ),
        )
    with pytest.raises(EmailTaken):
        await transact(
            runtime,
            lambda uow: identity.open_account(
                uow,
                kind="brand",
                organisation_name="Dup",
                email="owner@delaunay.test",
                password=PASSWORD,
                settings=runtime.settings,
            ),
        )


async def test_api_keys_are_shown_once_stored_hashed_and_revocable(runtime: Runtime, world: World) -> None:
    created = await transact(runtime, lambda uow: identity.create_api_key(uow, world.brand.principal, name="ERP sync"))
    assert created.secret.startswith(created.key.prefix + "_")
    principal = await transact(runtime, lambda uow: identity.principal_for_api_key(uow, key=created.secret))
    assert principal is not None and principal.organisation_id == world.brand.id and principal.via == "api_key"
    assert (
        await transact(runtime, lambda uow: identity.principal_for_api_key(uow, key=created.secret[:-1] + "x")) is None
    )
    listed = await transact(runtime, lambda uow: identity.api_keys_of(uow, world.brand.principal))
    assert [k.prefix for k in listed] == [created.key.prefix]
    with pytest.raises(IdentityNotFound):
        await transact(
            runtime, lambda uow: identity.revoke_api_key(uow, world.other_brand.principal, key_id=created.key.id)
        )
    await transact(runtime, lambda uow: identity.revoke_api_key(uow, world.brand.principal, key_id=created.key.id))
    assert await transact(runtime, lambda uow: identity.principal_for_api_key(uow, key=created.secret)) is None


async def test_the_audit_log_pages_with_a_cursor_and_only_its_owner_or_the_operator_reads_it(
    runtime: Runtime, world: World
) -> None:
    for n in range(5):
        website = {"website": f"https://d{n}.fr"}
        await transact(
            runtime,
            lambda uow, changes=website: identity.update_brand_profile(
                uow, world.brand.principal, brand_id=world.brand.id, changes=changes
            ),
        )
    first, cursor = await transact(runtime, lambda uow: identity.audit_log(uow, world.brand.principal, limit=4))
    assert len(first) == 4 and cursor is not None
    rest, end = await transact(
        runtime, lambda uow: identity.audit_log(uow, world.brand.principal, limit=4, cursor=cursor)
    )
    assert end is None and {e.id for e in first}.isdisjoint(e.id for e in rest)
    assert len(first) + len(rest) == 6  # the grant and five profile changes
    seen, _ = await transact(
        runtime, lambda uow: identity.audit_log(uow, world.operator.principal, organisation_id=world.brand.id)
    )
    assert len(seen) == 6
    with pytest.raises(IdentityNotFound):
        await transact(
            runtime, lambda uow: identity.audit_log(uow, world.partner.principal, organisation_id=world.brand.id)
        )


async def test_a_member_edits_the_profile_but_only_owners_and_admins_delegate(runtime: Runtime, world: World) -> None:
    from comptoir.identity.errors import RoleRequired

    from .world import signed_in

    await transact(
        runtime,
        lambda uow: identity.add_user(
            uow,
            organisation_id=world.brand.id,
            email="stagiaire@delaunay.test",
            password=PASSWORD,
            role="member",
            settings=runtime.settings,
        ),
    )
    member, _ = await signed_in(runtime, "stagiaire@delaunay.test")
    await transact(
        runtime,
        lambda uow: identity.update_brand_profile(
            uow, member, brand_id=world.brand.id, changes={"story_fr": "Maison fondée en 1921"}
        ),
    )
    with pytest.raises(RoleRequired):
        await transact(runtime, lambda uow: identity.revoke_delegation(uow, member, delegation_id=world.delegation.id))
    with pytest.raises(RoleRequired):
        await transact(runtime, lambda uow: identity.create_api_key(uow, member, name="mine"))
    entries, _ = await transact(runtime, lambda uow: identity.audit_log(uow, world.brand.principal))
    assert entries[0].actor_user_id == member.user_id and not entries[0].on_behalf


async def test_two_simultaneous_grants_make_one_delegation(runtime: Runtime, world: World) -> None:
    import asyncio

    results = await asyncio.gather(
        *(
            transact(
                runtime,
                lambda uow: identity.grant_delegation(
                    uow, world.other_brand.principal, partner_id=world.partner.id, scopes=["content"]
                ),
            )
            for _ in range(2)
        ),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["Delegation", "DelegationExists"]
    granted = await transact(runtime, lambda uow: identity.delegations_of(uow, world.other_brand.principal))
    assert sorted(d.partner_name for d in granted) == ["Hangzhou Xihu Digital", "Lyon Commerce Asie"]
