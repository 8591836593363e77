"""``/organisations/me`` and ``/api-keys``."""

from __future__ import annotations

from fastapi import APIRouter, status

from comptoir.identity import services as identity
from comptoir.identity.api.models import (
    ApiKeyIdPath,
    ApiKeyIn,
    ApiKeyOut,
    CreatedApiKeyOut,
    MeOut,
    OrganisationIdPath,
    OrganisationOut,
)
from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.paging import DEFAULT_PAGE
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact

router = APIRouter(tags=["identity"])


@router.get("/organisations/me", response_model=MeOut)
async def who_am_i(principal: CurrentPrincipal, runtime: RuntimeDep) -> MeOut:
    """The caller's organisation, and who is calling (a user by session, or an API key)."""
    org = await transact(
        runtime, lambda uow: identity.organisation(uow, principal, organisation_id=principal.organisation_id)
    )
    return MeOut(
        organisation=OrganisationOut.of(org),
        via=principal.via,
        user_id=principal.user_id,
        user_email=principal.user_email,
        api_key_id=principal.api_key_id,
        roles=sorted(principal.roles),
    )


@router.get("/organisations/{organisation_id}", response_model=OrganisationOut)
async def get_organisation(
    organisation_id: OrganisationIdPath, principal: CurrentPrincipal, runtime: RuntimeDep
) -> OrganisationOut:
    """One organisation: the caller's own, or any for the platform operator (others are not found)."""
    org = await transact(runtime, lambda uow: identity.organisation(uow, principal, organisation_id=organisation_id))
    return OrganisationOut.of(org)


@router.post("/api-keys", response_model=CreatedApiKeyOut, status_code=status.HTTP_201_CREATED)
async def create_api_key(
    body: ApiKeyIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> CreatedApiKeyOut:
    """A new API key for the caller's organisation. ``secret`` is shown in this answer only."""
    created = await transact(runtime, lambda uow: identity.create_api_key(uow, principal, name=body.name))
    return CreatedApiKeyOut(**ApiKeyOut.of(created.key).model_dump(), secret=created.secret)


@router.get("/api-keys", response_model=Page[ApiKeyOut])
async def list_api_keys(
    principal: CurrentPrincipal, runtime: RuntimeDep, cursor: PageCursor = None, limit: PageLimit = DEFAULT_PAGE
) -> Page[ApiKeyOut]:
    """The caller's organisation's keys, newest first: names and visible prefixes, never secrets."""
    keys, next_cursor = await transact(
        runtime, lambda uow: identity.api_keys_page(uow, principal, cursor=cursor, limit=limit)
    )
    return Page[ApiKeyOut](items=[ApiKeyOut.of(k) for k in keys], next_cursor=next_cursor)


@router.post("/api-keys/{key_id}/revoke", response_model=ApiKeyOut)
async def revoke_api_key(
    key_id: ApiKeyIdPath, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> ApiKeyOut:
    """Revoke a key of the caller's organisation; requests with it are refused from now on."""
    return ApiKeyOut.of(await transact(runtime, lambda uow: identity.revoke_api_key(uow, principal, key_id=key_id)))
