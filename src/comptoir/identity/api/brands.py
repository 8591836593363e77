"""The brand profile (as the brand, or as a partner holding ``content``) and audit logs."""

from __future__ import annotations

from fastapi import APIRouter, Query

from comptoir.identity import services as identity
from comptoir.identity.api.models import (
    AuditEntryOut,
    BrandIdPath,
    BrandProfileIn,
    BrandProfileOut,
    OrganisationIdPath,
)
from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.http import Page
from comptoir.kernel.runtime import RuntimeDep

router = APIRouter(tags=["brands"])

Cursor = Query(default=None, max_length=200, description="next_cursor of the previous page")
Limit = Query(default=50, ge=1, le=100)


@router.get("/brands/{brand_id}/profile", response_model=BrandProfileOut)
async def get_profile(brand_id: BrandIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> BrandProfileOut:
    """The brand's profile, for the brand itself or a partner holding ``content`` for it."""
    return BrandProfileOut.of(await identity.brand_profile(runtime, principal, brand_id))


@router.patch("/brands/{brand_id}/profile", response_model=BrandProfileOut)
async def update_profile(
    brand_id: BrandIdPath, body: BrandProfileIn, principal: CurrentPrincipal, runtime: RuntimeDep
) -> BrandProfileOut:
    """Change the fields sent; a partner's change is logged as "partner X for brand Y"."""
    profile = await identity.update_brand_profile(runtime, principal, brand_id, changes=body.changes())
    return BrandProfileOut.of(profile)


@router.get("/audit", response_model=Page[AuditEntryOut])
async def my_audit_log(
    principal: CurrentPrincipal, runtime: RuntimeDep, cursor: str | None = Cursor, limit: int = Limit
) -> Page[AuditEntryOut]:
    """The caller's organisation's audit log, newest first."""
    entries, next_cursor = await identity.audit_log(runtime, principal, cursor=cursor, limit=limit)
    return Page[AuditEntryOut](items=[AuditEntryOut.of(e) for e in entries], next_cursor=next_cursor)


@router.get("/organisations/{organisation_id}/audit", response_model=Page[AuditEntryOut])
async def organisation_audit_log(
    organisation_id: OrganisationIdPath,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    cursor: str | None = Cursor,
    limit: int = Limit,
) -> Page[AuditEntryOut]:
    """An organisation's audit log: its own, or any for the platform operator."""
    entries, next_cursor = await identity.audit_log(
        runtime, principal, organisation_id=organisation_id, cursor=cursor, limit=limit
    )
    return Page[AuditEntryOut](items=[AuditEntryOut.of(e) for e in entries], next_cursor=next_cursor)
