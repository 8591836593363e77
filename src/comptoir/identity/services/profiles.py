"""The brand's public profile: the first thing a partner does for a brand is write it in Chinese."""

from __future__ import annotations

from collections.abc import Mapping

from comptoir.identity import repository as repo
from comptoir.identity.domain import DELEGATING_KINDS, BrandProfile, Organisation
from comptoir.identity.errors import IdentityNotFound
from comptoir.identity.services.audit import actor_for, record
from comptoir.identity.services.delegations import authorize_delegate_in
from comptoir.kernel.auth import Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork

CONTENT = "content"


async def _brand(uow: UnitOfWork, brand_id: str) -> Organisation:
    brand = await repo.organisation_by_id(uow.session, brand_id)
    if brand is None or brand.kind not in DELEGATING_KINDS:
        raise IdentityNotFound("no such brand", code="brand_not_found")
    return brand


async def _may_act(uow: UnitOfWork, principal: Principal, brand_id: str, *, reading: bool) -> None:
    """The brand itself, the platform operator (reading only) or a partner holding ``content`` for it.

    Runs in the unit of work of what it guards: a revocation cannot slip between check and change.
    """
    if principal.organisation_id == brand_id:
        return
    if reading and principal.is_platform_operator:
        return
    if principal.organisation_kind == "partner":
        await authorize_delegate_in(uow, principal, brand_id, CONTENT)
        return
    # Another brand, a shop... is told nothing about whether this brand exists.
    raise IdentityNotFound("no such brand", code="brand_not_found")


async def check_brand_profile_editor(runtime: Runtime, principal: Principal, brand_id: str) -> None:
    """Refuse unless the caller may change the brand's profile (the brand, or a partner holding ``content``).

    :func:`update_brand_profile` checks this itself; the API also checks it up front, so that a
    retried request whose delegation was revoked meanwhile is refused before anything is replayed.
    """
    async with runtime.uow() as uow:
        await _may_act(uow, principal, brand_id, reading=False)


async def brand_profile(runtime: Runtime, principal: Principal, brand_id: str) -> BrandProfile:
    """The brand's profile, for the brand, the platform operator or a partner holding ``content``."""
    async with runtime.uow() as uow:
        await _may_act(uow, principal, brand_id, reading=True)
        brand = await _brand(uow, brand_id)
        return await repo.brand_profile(uow.session, brand)


async def update_brand_profile(
    runtime: Runtime, principal: Principal, brand_id: str, *, changes: Mapping[str, str]
) -> BrandProfile:
    """Apply ``changes`` to the brand's profile, as the brand or as a partner holding ``content``.

    The change is written to the brand's audit log in the same transaction, naming the
    partner when a partner acts ("partner X for brand Y"). A change that changes nothing
    is not written and not logged.
    """
    async with runtime.uow() as uow:
        await _may_act(uow, principal, brand_id, reading=False)
        brand = await _brand(uow, brand_id)
        current = await repo.brand_profile(uow.session, brand)
        updated, diff = current.changed(changes)
        if not diff:
            return current
        version = await repo.save_brand_profile(uow.session, updated, now=uow.clock.now())
        await record(
            uow,
            actor_for(principal, brand),
            action="brand_profile.updated",
            target=brand.id,
            details={"fields": sorted(diff), "changes": diff, "version": version},
        )
        await uow.commit()
        return await repo.brand_profile(uow.session, brand)
