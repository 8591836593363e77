"""A revocation racing a partner's write: the write completes before the revocation, or is refused.

The partner's change is held open just after its delegation was checked, while the brand
revokes. The revocation must not commit in between: either it waits for the write (PostgreSQL
locks the delegation until the write commits; SQLite serialises writers), so the audit log reads
"changed" then "revoked", or the write is refused. Never "revoked" then "changed".
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from comptoir.identity import repository as identity_repository
from comptoir.identity import services as identity
from comptoir.identity.errors import DelegationDenied
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import World, build_world


@pytest.fixture
async def world(runtime: Runtime) -> World:
    return await build_world(runtime)


async def test_a_revocation_never_lands_between_a_partners_check_and_its_write(
    runtime: Runtime, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = asyncio.Event()
    release = asyncio.Event()
    real_brand_profile = identity_repository.brand_profile

    async def hold_after_the_check(session: Any, brand: Any) -> Any:
        # Called by the write once the delegation was checked: hold the write open there.
        if not checked.is_set():
            checked.set()
            await release.wait()
        return await real_brand_profile(session, brand)

    monkeypatch.setattr(identity_repository, "brand_profile", hold_after_the_check)

    async def partner_writes() -> str:
        try:
            await transact(
                runtime,
                lambda uow: identity.update_brand_profile(
                    uow, world.partner.principal, brand_id=world.brand.id, changes={"name_zh": "德劳内之家"}
                ),
            )
        except DelegationDenied as refused:
            return refused.code
        return "written"

    write = asyncio.create_task(partner_writes())
    await asyncio.wait_for(checked.wait(), timeout=30)
    revoke = asyncio.create_task(
        transact(
            runtime,
            lambda uow: identity.revoke_delegation(uow, world.brand.principal, delegation_id=world.delegation.id),
        )
    )
    # Give the revocation every chance to commit while the write is held (it must not).
    done, _ = await asyncio.wait({revoke}, timeout=1.0)
    revoked_while_held = revoke in done
    release.set()
    outcome = await asyncio.wait_for(write, timeout=30)
    await asyncio.wait_for(revoke, timeout=30)

    log, _ = await transact(runtime, lambda uow: identity.audit_log(uow, world.brand.principal, limit=50))
    actions = [entry.action for entry in reversed(log)]  # oldest first
    assert not revoked_while_held, "the revocation committed while the partner's checked write was still open"
    if outcome == "written":
        changed = max(i for i, a in enumerate(actions) if a == "brand_profile.updated")
        revoked = max(i for i, a in enumerate(actions) if a == "delegation.revoked")
        assert changed < revoked, f"the write was applied after the revocation: {actions}"
    else:
        assert outcome == "delegation_revoked"
    after = await transact(
        runtime, lambda uow: identity.delegation(uow, world.brand.principal, delegation_id=world.delegation.id)
    )
    assert after.status.value == "revoked"
