"""Delegations: a brand lets an accredited partner act for it within scopes, and can revoke that at any time.

The scopes are those the capabilities registered in the kernel's :data:`DELEGATION_SCOPES`. A
grant sent twice at the same moment meets the first one's row when its unit of work runs again,
and is answered :class:`DelegationExists` like any second grant.
"""

from __future__ import annotations

from collections.abc import Iterable

from comptoir.identity import repository as repo
from comptoir.identity.domain import DELEGATING_KINDS, Delegation, DelegationStatus, PartnerStatus, check_scopes
from comptoir.identity.errors import DelegationDenied, DelegationExists, IdentityNotFound
from comptoir.identity.services.audit import actor_for, record, require_manager, require_organisation_kind
from comptoir.kernel.ids import new_id
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.scopes import DELEGATION_SCOPES
from comptoir.kernel.unit_of_work import UnitOfWork


async def grant_delegation(
    uow: UnitOfWork, principal: Principal, *, partner_id: str, scopes: Iterable[str]
) -> Delegation:
    """The caller's brand grants an accredited partner a delegation with ``scopes``.

    A partner that is not accredited is not found (brands only see accredited partners);
    granting twice is refused with ``delegation_exists`` (change the scopes instead);
    granting again after a revocation re-activates the delegation with the new scopes.
    """
    require_organisation_kind(principal, *DELEGATING_KINDS)
    require_manager(principal)
    chosen = sorted(check_scopes(scopes))
    brand = await repo.organisation_by_id(uow.session, principal.organisation_id)
    partner = await repo.partner_by_id(uow.session, partner_id)
    if brand is None or partner is None or partner.status is not PartnerStatus.ACCREDITED:
        raise IdentityNotFound("no accredited partner with this id", code="partner_not_found")
    existing = await repo.delegation_between(uow.session, brand_id=brand.id, partner_id=partner_id)
    now = uow.clock.now()
    if existing is not None and existing.is_active:
        raise DelegationExists(
            f"{partner.name} already holds a delegation from {brand.name}; change its scopes instead",
            delegation_id=existing.id,
        )
    if existing is not None:
        delegation_id = existing.id
        await repo.save_delegation_state(
            uow.session,
            delegation_id,
            scopes=chosen,
            status=DelegationStatus.ACTIVE,
            now=now,
            revoked_at=None,
            granted_by=principal.actor_id,
        )
    else:
        delegation_id = new_id("dlg")
        await uow.execute(
            repo.delegations.insert().values(
                id=delegation_id,
                brand_id=brand.id,
                partner_id=partner_id,
                scopes=chosen,
                status=DelegationStatus.ACTIVE.value,
                granted_by=principal.actor_id,
                granted_at=now,
                updated_at=now,
                revoked_at=None,
            )
        )
    await record(
        uow,
        actor_for(principal, brand),
        action="delegation.granted",
        target=delegation_id,
        details={"partner_id": partner_id, "partner_name": partner.name, "scopes": chosen},
    )
    delegation = await repo.delegation_by_id(uow.session, delegation_id)
    assert delegation is not None
    return delegation


async def _own_delegation(uow: UnitOfWork, principal: Principal, delegation_id: str) -> Delegation:
    """A delegation the caller's brand granted; anyone else's is not found."""
    delegation = await repo.delegation_by_id(uow.session, delegation_id)
    if delegation is None or delegation.brand_id != principal.organisation_id:
        raise IdentityNotFound("no such delegation", code="delegation_not_found")
    return delegation


async def change_delegation_scopes(
    uow: UnitOfWork, principal: Principal, *, delegation_id: str, scopes: Iterable[str]
) -> Delegation:
    """The brand changes what an active delegation allows; the next request of the partner sees it."""
    require_organisation_kind(principal, *DELEGATING_KINDS)
    require_manager(principal)
    chosen = sorted(check_scopes(scopes))
    delegation = await _own_delegation(uow, principal, delegation_id)
    if not delegation.is_active:
        raise DelegationDenied("this delegation was revoked; grant a new one", code="delegation_revoked")
    brand = await repo.organisation_by_id(uow.session, delegation.brand_id)
    assert brand is not None
    await repo.save_delegation_state(
        uow.session,
        delegation.id,
        scopes=chosen,
        status=DelegationStatus.ACTIVE,
        now=uow.clock.now(),
        revoked_at=None,
    )
    await record(
        uow,
        actor_for(principal, brand),
        action="delegation.scopes_changed",
        target=delegation.id,
        details={"partner_name": delegation.partner_name, "from": delegation.sorted_scopes(), "to": chosen},
    )
    changed = await repo.delegation_by_id(uow.session, delegation.id)
    assert changed is not None
    return changed


async def revoke_delegation(uow: UnitOfWork, principal: Principal, *, delegation_id: str) -> Delegation:
    """The brand revokes a delegation; the partner's very next request for this brand is refused.

    Revoking an already revoked delegation changes nothing and answers it as it is.
    """
    require_organisation_kind(principal, *DELEGATING_KINDS)
    require_manager(principal)
    delegation = await _own_delegation(uow, principal, delegation_id)
    if not delegation.is_active:
        return delegation
    brand = await repo.organisation_by_id(uow.session, delegation.brand_id)
    assert brand is not None
    now = uow.clock.now()
    await repo.save_delegation_state(
        uow.session,
        delegation.id,
        scopes=sorted(delegation.scopes),
        status=DelegationStatus.REVOKED,
        now=now,
        revoked_at=now,
    )
    await record(
        uow,
        actor_for(principal, brand),
        action="delegation.revoked",
        target=delegation.id,
        details={"partner_name": delegation.partner_name, "scopes": delegation.sorted_scopes()},
    )
    revoked = await repo.delegation_by_id(uow.session, delegation.id)
    assert revoked is not None
    return revoked


async def delegations_of(uow: UnitOfWork, principal: Principal, *, include_revoked: bool = True) -> list[Delegation]:
    """Delegations the caller granted (a brand) or received (a partner), newest first."""
    return await repo.delegations_of(uow.session, principal.organisation_id, include_revoked=include_revoked)


async def delegations_page(
    uow: UnitOfWork, principal: Principal, *, cursor: str | None = None, limit: int = DEFAULT_PAGE
) -> tuple[list[Delegation], str | None]:
    """One page of the delegations the caller granted or received, newest first, and the next page's cursor.

    Revoked delegations are listed too; another organisation's never are.
    """
    before = cursor_position(cursor, key="before", kind=str, prefix="dlg")
    size = page_size(limit)
    found = await repo.delegations_page(uow.session, principal.organisation_id, before_id=before, limit=size + 1)
    return cut_page(found, size, key="before", position_of=lambda d: d.id)


async def delegation(uow: UnitOfWork, principal: Principal, *, delegation_id: str) -> Delegation:
    """One delegation the caller granted or received; anyone else's is not found."""
    found = await repo.delegation_by_id(uow.session, delegation_id)
    if found is None or principal.organisation_id not in (found.brand_id, found.partner_id):
        raise IdentityNotFound("no such delegation", code="delegation_not_found")
    return found


async def authorize_delegate(uow: UnitOfWork, principal: Principal, *, brand_id: str, scope: str) -> Delegation:
    """The delegation under which the caller, a partner, may act for ``brand_id`` within ``scope``.

    Every capability calls this for "partner acting for a brand", inside the unit of work of the
    change it guards. It reads the current state, so a revocation, a narrowed scope or a suspension
    holds from the next request; and it holds the delegation's and the partner's rows until that
    unit of work ends (PostgreSQL locks them; SQLite serialises writers anyway), so a revocation or
    a suspension either commits before the check, which then refuses, or waits for the guarded
    change to commit: never in between. Refusals are :class:`DelegationDenied` with the code
    ``not_a_partner``, ``no_delegation`` (also for brands that do not exist: nothing is revealed),
    ``delegation_revoked``, ``scope_not_granted`` (also for a scope no capability registered) or
    ``partner_suspended``.
    """
    if principal.organisation_kind != OrganisationKind.PARTNER:
        raise DelegationDenied("only a partner acts for a brand", code="not_a_partner")
    if scope not in DELEGATION_SCOPES:
        raise DelegationDenied(f"unknown scope {scope!r}", code="scope_not_granted")
    found = await repo.delegation_between(
        uow.session, brand_id=brand_id, partner_id=principal.organisation_id, for_update=True
    )
    if found is None:
        raise DelegationDenied("this brand has not delegated to you", code="no_delegation")
    if not found.is_active:
        raise DelegationDenied(f"{found.brand_name} revoked your delegation", code="delegation_revoked")
    if scope not in found.scopes:
        raise DelegationDenied(f"{found.brand_name} has not granted you the '{scope}' scope", code="scope_not_granted")
    partner = await repo.partner_by_id(uow.session, principal.organisation_id, for_update=True)
    if partner is None or partner.status is not PartnerStatus.ACCREDITED:
        raise DelegationDenied("your accreditation is suspended", code="partner_suspended")
    return found


async def authorize_for_brand(uow: UnitOfWork, principal: Principal, *, brand_id: str, scope: str) -> None:
    """Refuse unless the caller is the brand ``brand_id`` itself or a partner holding ``scope`` from it.

    A partner is checked by :func:`authorize_delegate` (and refused with its codes); anyone else
    (another brand, a shop...) is told nothing about whether the brand exists: ``brand_not_found``.
    This is the kernel's :class:`~comptoir.kernel.auth.BrandGuard` the web assembly installs.
    """
    if principal.organisation_id == brand_id:
        return
    if principal.organisation_kind == OrganisationKind.PARTNER:
        await authorize_delegate(uow, principal, brand_id=brand_id, scope=scope)
        return
    raise IdentityNotFound("no such brand", code="brand_not_found")
