"""The brand profile (as the brand, or as a partner holding ``content``) and audit logs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from comptoir.identity import services as identity
from comptoir.identity.api.models import AuditEntryOut, BrandIdPath, BrandProfileIn, BrandProfileOut, OrganisationIdPath
from comptoir.identity.scopes import CONTENT
from comptoir.kernel.auth import CurrentPrincipal, acting_for_brand
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.paging import DEFAULT_PAGE
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact

router = APIRouter(tags=["brands"])

# Declared before the idempotency guard, so that it runs first: a replay is refused like a first attempt.
ProfileEditor = Annotated[Principal, Depends(acting_for_brand(CONTENT.name))]


@router.get("/brands/{brand_id}/profile", response_model=BrandProfileOut)
async def get_profile(brand_id: BrandIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> BrandProfileOut:
    """The brand's profile, for the brand itself or a partner holding ``content`` for it."""
    profile = await transact(runtime, lambda uow: identity.brand_profile(uow, principal, brand_id=brand_id))
    return BrandProfileOut.of(profile)


@router.patch("/brands/{brand_id}/profile", response_model=BrandProfileOut)
async def update_profile(
    brand_id: BrandIdPath, body: BrandProfileIn, principal: ProfileEditor, runtime: RuntimeDep, _: Idempotent
) -> BrandProfileOut:
    """Change the fields sent; a partner's change is logged as "partner X for brand Y"."""
    profile = await transact(
        runtime, lambda uow: identity.update_brand_profile(uow, principal, brand_id=brand_id, changes=body.changes())
    )
    return BrandProfileOut.of(profile)


@router.get("/audit", response_model=Page[AuditEntryOut])
async def my_audit_log(
    principal: CurrentPrincipal, runtime: RuntimeDep, cursor: PageCursor = None, limit: PageLimit = DEFAULT_PAGE
) -> Page[AuditEntryOut]:
    """The caller's organisation's audit log, newest first."""
    entries, next_cursor = await transact(
        runtime, lambda uow: identity.audit_log(uow, principal, cursor=cursor, limit=limit)
    )
    return Page[AuditEntryOut](items=[AuditEntryOut.of(e) for e in entries], next_cursor=next_cursor)


@router.get("/organisations/{organisation_id}/audit", response_model=Page[AuditEntryOut])
async def organisation_audit_log(
    organisation_id: OrganisationIdPath,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[AuditEntryOut]:
    """An organisation's audit log: its own, or any for the platform operator."""
    entries, next_cursor = await transact(
        runtime,
        lambda uow: identity.audit_log(uow, principal, organisation_id=organisation_id, cursor=cursor, limit=limit),
    )
    return Page[AuditEntryOut](items=[AuditEntryOut.of(e) for e in entries], next_cursor=next_cursor)
