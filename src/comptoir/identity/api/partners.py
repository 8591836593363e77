"""Partners (apply, the accredited list), the operator's decisions, and delegations."""

from __future__ import annotations

from fastapi import APIRouter, Query, status

from comptoir.identity import services as identity
from comptoir.identity.api.models import (
    DelegationIdPath,
    DelegationIn,
    DelegationOut,
    PartnerApplicationIn,
    PartnerIdPath,
    PartnerOut,
    RejectionIn,
    ScopeOut,
    ScopesIn,
    SuspensionIn,
)
from comptoir.identity.domain import PartnerStatus
from comptoir.identity.errors import IdentityNotFound, InvalidPartnerTerms
from comptoir.kernel.auth import CurrentPrincipal, PlatformOperator
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.paging import DEFAULT_PAGE
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.scopes import DELEGATION_SCOPES
from comptoir.kernel.unit_of_work import transact

router = APIRouter(tags=["partners and delegations"])


@router.get("/partners", response_model=Page[PartnerOut])
async def list_accredited_partners(
    principal: CurrentPrincipal, runtime: RuntimeDep, cursor: PageCursor = None, limit: PageLimit = DEFAULT_PAGE
) -> Page[PartnerOut]:
    """Accredited partners a brand may choose from, by id: services, languages and fees."""
    found, next_cursor = await transact(
        runtime, lambda uow: identity.accredited_partners_page(uow, cursor=cursor, limit=limit)
    )
    return Page[PartnerOut](items=[PartnerOut.of(p) for p in found], next_cursor=next_cursor)


@router.post("/partners/application", response_model=PartnerOut, status_code=status.HTTP_201_CREATED)
async def apply_as_partner(
    body: PartnerApplicationIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> PartnerOut:
    """A partner organisation applies for accreditation (or updates its pending application)."""
    try:
        fee = Money.parse(body.monthly_fee.value, body.monthly_fee.currency)
    except MoneyError as exc:
        raise InvalidPartnerTerms(str(exc), code="invalid_fee", field="monthly_fee") from exc
    partner = await transact(
        runtime,
        lambda uow: identity.apply_as_partner(
            uow,
            principal,
            services=body.services,
            languages=body.languages,
            commission_bps=body.commission_bps,
            monthly_fee_minor=fee.minor,
            monthly_fee_currency=fee.currency,
            description_zh=body.description_zh,
            description_fr=body.description_fr,
        ),
    )
    return PartnerOut.of(partner)


@router.get("/partners/application", response_model=PartnerOut)
async def my_application(principal: CurrentPrincipal, runtime: RuntimeDep) -> PartnerOut:
    """The caller's own application and where it stands."""
    partner = await transact(runtime, lambda uow: identity.my_partner_application(uow, principal))
    if partner is None:
        raise IdentityNotFound("you have not applied yet", code="partner_not_found")
    return PartnerOut.of(partner)


@router.get("/operator/partners", response_model=Page[PartnerOut])
async def list_applications(
    operator: PlatformOperator,
    runtime: RuntimeDep,
    status: PartnerStatus | None = Query(default=None),
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[PartnerOut]:
    """Every partner application (or those in ``status``), by id, for the platform operator."""
    found, next_cursor = await transact(
        runtime,
        lambda uow: identity.partner_applications_page(uow, operator, status=status, cursor=cursor, limit=limit),
    )
    return Page[PartnerOut](items=[PartnerOut.of(p) for p in found], next_cursor=next_cursor)


@router.post("/operator/partners/{partner_id}/accredit", response_model=PartnerOut)
async def accredit(
    partner_id: PartnerIdPath, operator: PlatformOperator, runtime: RuntimeDep, _: Idempotent
) -> PartnerOut:
    """Accredit a partner: brands see it in the list from now on."""
    return PartnerOut.of(
        await transact(runtime, lambda uow: identity.accredit_partner(uow, operator, partner_id=partner_id))
    )


@router.post("/operator/partners/{partner_id}/suspend", response_model=PartnerOut)
async def suspend(
    partner_id: PartnerIdPath, body: SuspensionIn, operator: PlatformOperator, runtime: RuntimeDep, _: Idempotent
) -> PartnerOut:
    """Suspend a partner, with a reason: it leaves the list and its delegations stop working."""
    suspended = await transact(
        runtime, lambda uow: identity.suspend_partner(uow, operator, partner_id=partner_id, reason=body.reason)
    )
    return PartnerOut.of(suspended)


@router.post("/operator/partners/{partner_id}/reject", response_model=PartnerOut)
async def reject(
    partner_id: PartnerIdPath, body: RejectionIn, operator: PlatformOperator, runtime: RuntimeDep, _: Idempotent
) -> PartnerOut:
    """Reject a pending application, with a reason the partner reads; it may apply again."""
    rejected = await transact(
        runtime, lambda uow: identity.reject_partner(uow, operator, partner_id=partner_id, reason=body.reason)
    )
    return PartnerOut.of(rejected)


@router.get("/scopes", response_model=list[ScopeOut])
async def list_scopes(principal: CurrentPrincipal) -> list[ScopeOut]:
    """The scopes a brand can grant a partner."""
    return [ScopeOut(name=s.name, description=s.description) for s in DELEGATION_SCOPES.definitions()]


@router.post("/delegations", response_model=DelegationOut, status_code=status.HTTP_201_CREATED)
async def grant(body: DelegationIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent) -> DelegationOut:
    """The caller's brand grants an accredited partner a delegation with scopes."""
    found = await transact(
        runtime, lambda uow: identity.grant_delegation(uow, principal, partner_id=body.partner_id, scopes=body.scopes)
    )
    return DelegationOut.of(found)


@router.get("/delegations", response_model=Page[DelegationOut])
async def list_delegations(
    principal: CurrentPrincipal, runtime: RuntimeDep, cursor: PageCursor = None, limit: PageLimit = DEFAULT_PAGE
) -> Page[DelegationOut]:
    """Delegations the caller granted (a brand) or received (a partner), revoked ones too, newest first."""
    found, next_cursor = await transact(
        runtime, lambda uow: identity.delegations_page(uow, principal, cursor=cursor, limit=limit)
    )
    return Page[DelegationOut](items=[DelegationOut.of(d) for d in found], next_cursor=next_cursor)


@router.get("/delegations/{delegation_id}", response_model=DelegationOut)
async def get_delegation(
    delegation_id: DelegationIdPath, principal: CurrentPrincipal, runtime: RuntimeDep
) -> DelegationOut:
    """One delegation the caller granted or received."""
    found = await transact(runtime, lambda uow: identity.delegation(uow, principal, delegation_id=delegation_id))
    return DelegationOut.of(found)


@router.patch("/delegations/{delegation_id}", response_model=DelegationOut)
async def change_scopes(
    delegation_id: DelegationIdPath, body: ScopesIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> DelegationOut:
    """Change what an active delegation allows."""
    changed = await transact(
        runtime,
        lambda uow: identity.change_delegation_scopes(uow, principal, delegation_id=delegation_id, scopes=body.scopes),
    )
    return DelegationOut.of(changed)


@router.post("/delegations/{delegation_id}/revoke", response_model=DelegationOut)
async def revoke(
    delegation_id: DelegationIdPath, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> DelegationOut:
    """Revoke a delegation; the partner's next request for this brand is refused."""
    revoked = await transact(
        runtime, lambda uow: identity.revoke_delegation(uow, principal, delegation_id=delegation_id)
    )
    return DelegationOut.of(revoked)
