"""The brand's space: choose a partner and delegate, its profile, its audit log, its API keys."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from comptoir.identity import services as identity
from comptoir.identity.api.models import ApiKeyIdPath, DelegationIdPath
from comptoir.identity.pages.audit_sentences import audit_sentence
from comptoir.identity.pages.common import error_flash, page, require_brand, see_other
from comptoir.identity.pages.forms import field_errors
from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.errors import ComptoirError, Conflict, InvalidInput
from comptoir.kernel.runtime import RuntimeDep

router = APIRouter()


async def _partners_page(
    request: Request, runtime: RuntimeDep, principal: CurrentPrincipal, *, error: ComptoirError | None = None
) -> HTMLResponse:
    partners = await identity.accredited_partners(runtime)
    delegations = await identity.delegations_of(runtime, principal)
    active = {d.partner_id: d for d in delegations if d.is_active}
    context: dict[str, Any] = {"partners": partners, "delegations": delegations, "active": active}
    if error is not None:
        context["flashes"] = error_flash(error)
    return page(request, "identity/brand_partners.html", context, status=error.status if error else 200)


@router.get("/brand/partners", response_class=HTMLResponse)
async def partners(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> HTMLResponse:
    require_brand(principal)
    return await _partners_page(request, runtime, principal)


@router.post("/brand/delegations")
async def grant(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    partner_id: str = Form(default="", max_length=40),
    scopes: list[str] = Form(default=[]),
) -> Response:
    require_brand(principal)
    try:
        await identity.grant_delegation(runtime, principal, partner_id=partner_id, scopes=scopes)
    except (InvalidInput, Conflict) as error:
        return await _partners_page(request, runtime, principal, error=error)
    return see_other(request, "/brand/partners", done="granted")


@router.post("/brand/delegations/{delegation_id}/scopes")
async def change_scopes(
    request: Request,
    delegation_id: DelegationIdPath,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    scopes: list[str] = Form(default=[]),
) -> Response:
    require_brand(principal)
    try:
        await identity.change_delegation_scopes(runtime, principal, delegation_id, scopes=scopes)
    except (InvalidInput, Conflict) as error:
        return await _partners_page(request, runtime, principal, error=error)
    return see_other(request, "/brand/partners", done="scopes_changed")


@router.post("/brand/delegations/{delegation_id}/revoke")
async def revoke(
    request: Request, delegation_id: DelegationIdPath, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    require_brand(principal)
    await identity.revoke_delegation(runtime, principal, delegation_id)
    return see_other(request, "/brand/partners", done="revoked")


def profile_page(
    request: Request,
    *,
    profile: Any,
    action: str,
    acting_for: str | None,
    values: dict[str, str] | None = None,
    error: ComptoirError | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "profile": profile,
        "values": values or {f: getattr(profile, f) for f in ("name_zh", "story_zh", "story_fr", "website")},
        "action": action,
        "acting_for": acting_for,
    }
    beside = field_errors(error) if error is not None else {}
    context["field_errors"] = beside
    if error is not None and not beside:
        context["flashes"] = error_flash(error)
    return page(request, "identity/brand_profile.html", context, status=error.status if error else 200)


@router.get("/brand/profile", response_class=HTMLResponse)
async def profile(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> HTMLResponse:
    require_brand(principal)
    found = await identity.brand_profile(runtime, principal, principal.organisation_id)
    return profile_page(request, profile=found, action="/brand/profile", acting_for=None)


@router.post("/brand/profile")
async def save_profile(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    name_zh: str = Form(default="", max_length=1000),
    story_zh: str = Form(default="", max_length=10000),
    story_fr: str = Form(default="", max_length=10000),
    website: str = Form(default="", max_length=1000),
) -> Response:
    require_brand(principal)
    values = {"name_zh": name_zh, "story_zh": story_zh, "story_fr": story_fr, "website": website}
    try:
        await identity.update_brand_profile(runtime, principal, principal.organisation_id, changes=values)
    except InvalidInput as error:
        found = await identity.brand_profile(runtime, principal, principal.organisation_id)
        return profile_page(
            request, profile=found, action="/brand/profile", acting_for=None, values=values, error=error
        )
    return see_other(request, "/brand/profile", done="saved")


@router.get("/brand/audit", response_class=HTMLResponse)
async def audit(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    cursor: str | None = Query(default=None, max_length=200),
) -> HTMLResponse:
    require_brand(principal)
    entries, next_cursor = await identity.audit_log(runtime, principal, cursor=cursor, limit=50)
    context = {"entries": entries, "next_cursor": next_cursor, "audit_sentence": audit_sentence}
    return page(request, "identity/brand_audit.html", context)


async def _keys_page(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    *,
    created: identity.CreatedApiKey | None = None,
    error: ComptoirError | None = None,
) -> HTMLResponse:
    keys = await identity.api_keys_of(runtime, principal)
    context: dict[str, Any] = {"keys": keys, "created": created}
    if error is not None:
        context["flashes"] = error_flash(error)
    return page(request, "identity/api_keys.html", context, status=error.status if error else 200)


@router.get("/brand/api-keys", response_class=HTMLResponse)
async def api_keys(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> HTMLResponse:
    return await _keys_page(request, runtime, principal)


@router.post("/brand/api-keys", response_class=HTMLResponse)
async def create_api_key(
    request: Request, runtime: RuntimeDep, principal: CurrentPrincipal, name: str = Form(default="", max_length=200)
) -> HTMLResponse:
    """The new key is shown in this answer only (no redirect: the secret must not travel in a URL)."""
    try:
        created = await identity.create_api_key(runtime, principal, name=name)
    except InvalidInput as error:
        return await _keys_page(request, runtime, principal, error=error)
    response = await _keys_page(request, runtime, principal, created=created)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/brand/api-keys/{key_id}/revoke")
async def revoke_api_key(
    request: Request, key_id: ApiKeyIdPath, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    await identity.revoke_api_key(runtime, principal, key_id)
    return see_other(request, "/brand/api-keys", done="key_revoked")
