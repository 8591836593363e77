"""The brand's public profile: the first thing a partner does for a brand is write it in Chinese."""

from __future__ import annotations

from collections.abc import Mapping

from comptoir.identity import repository as repo
from comptoir.identity.domain import DELEGATING_KINDS, BrandProfile, Organisation
from comptoir.identity.errors import IdentityNotFound
from comptoir.identity.scopes import CONTENT
from comptoir.identity.services.audit import actor_for, record
from comptoir.identity.services.delegations import authorize_for_brand
from comptoir.kernel.principal import Principal
from comptoir.kernel.unit_of_work import UnitOfWork


async def _brand(uow: UnitOfWork, brand_id: str) -> Organisation:
    brand = await repo.organisation_by_id(uow.session, brand_id)
    if brand is None or brand.kind not in DELEGATING_KINDS:
        raise IdentityNotFound("no such brand", code="brand_not_found")
    return brand


async def _may_act(uow: UnitOfWork, principal: Principal, brand_id: str, *, reading: bool) -> None:
    """The brand itself, the platform operator (reading only) or a partner holding ``content`` for it.

    Runs in the unit of work of what it guards: a revocation cannot slip between check and change.
    """
    if reading and principal.is_platform_operator:
        return
    await authorize_for_brand(uow, principal, brand_id=brand_id, scope=CONTENT.name)


async def brand_profile(uow: UnitOfWork, principal: Principal, *, brand_id: str) -> BrandProfile:
    """The brand's profile, for the brand, the platform operator or a partner holding ``content``."""
    await _may_act(uow, principal, brand_id, reading=True)
    brand = await _brand(uow, brand_id)
    return await repo.brand_profile(uow.session, brand)


async def update_brand_profile(
    uow: UnitOfWork, principal: Principal, *, brand_id: str, changes: Mapping[str, str]
) -> BrandProfile:
    """Apply ``changes`` to the brand's profile, as the brand or as a partner holding ``content``.

    The change is written to the brand's audit log in the same transaction, naming the
    partner when a partner acts ("partner X for brand Y"). A change that changes nothing
    is not written and not logged.
    """
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
    return await repo.brand_profile(uow.session, brand)
