"""The brand's space: choose a partner and delegate, its profile, its audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.identity import services as identity
from comptoir.identity.api.models import DelegationIdPath
from comptoir.identity.domain import PROFILE_FIELDS, Delegation, Partner
from comptoir.identity.pages.audit_sentences import audit_sentence
from comptoir.identity.pages.common import InBrandSpace, error_flash, page, see_other
from comptoir.identity.pages.lengths import errors_beside
from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.errors import ComptoirError, Conflict, InvalidInput
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact

router = APIRouter()


async def _partners_page(
    request: Request, runtime: RuntimeDep, principal: Principal, *, error: ComptoirError | None = None
) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> tuple[list[Partner], list[Delegation]]:
        return await identity.accredited_partners(uow), await identity.delegations_of(uow, principal)

    partners, delegations = await transact(runtime, read)
    active = {d.partner_id: d for d in delegations if d.is_active}
    context: dict[str, Any] = {"partners": partners, "delegations": delegations, "active": active}
    if error is not None:
        context["flashes"] = error_flash(error)
    return page(request, "identity/brand_partners.html", context, status=error.status if error else 200)


@router.get("/brand/partners", response_class=HTMLResponse)
async def partners(request: Request, runtime: RuntimeDep, principal: InBrandSpace) -> HTMLResponse:
    return await _partners_page(request, runtime, principal)


@router.post("/brand/delegations")
async def grant(
    request: Request,
    runtime: RuntimeDep,
    principal: InBrandSpace,
    partner_id: str = Form(default="", max_length=40),
    scopes: list[str] = Form(default=[]),
) -> Response:
    try:
        await transact(
            runtime, lambda uow: identity.grant_delegation(uow, principal, partner_id=partner_id, scopes=scopes)
        )
    except (InvalidInput, Conflict) as error:
        return await _partners_page(request, runtime, principal, error=error)
    return see_other(request, "/brand/partners", done="granted")


@router.post("/brand/delegations/{delegation_id}/scopes")
async def change_scopes(
    request: Request,
    delegation_id: DelegationIdPath,
    runtime: RuntimeDep,
    principal: InBrandSpace,
    scopes: list[str] = Form(default=[]),
) -> Response:
    try:
        await transact(
            runtime,
            lambda uow: identity.change_delegation_scopes(uow, principal, delegation_id=delegation_id, scopes=scopes),
        )
    except (InvalidInput, Conflict) as error:
        return await _partners_page(request, runtime, principal, error=error)
    return see_other(request, "/brand/partners", done="scopes_changed")


@router.post("/brand/delegations/{delegation_id}/revoke")
async def revoke(
    request: Request, delegation_id: DelegationIdPath, runtime: RuntimeDep, principal: InBrandSpace
) -> Response:
    await transact(runtime, lambda uow: identity.revoke_delegation(uow, principal, delegation_id=delegation_id))
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
    beside = errors_beside(error, shown=PROFILE_FIELDS)
    context["field_errors"] = beside
    if error is not None and not beside:
        context["flashes"] = error_flash(error)
    return page(request, "identity/brand_profile.html", context, status=error.status if error else 200)


@router.get("/brand/profile", response_class=HTMLResponse)
async def profile(request: Request, runtime: RuntimeDep, principal: InBrandSpace) -> HTMLResponse:
    found = await transact(
        runtime, lambda uow: identity.brand_profile(uow, principal, brand_id=principal.organisation_id)
    )
    return profile_page(request, profile=found, action="/brand/profile", acting_for=None)


@router.post("/brand/profile")
async def save_profile(
    request: Request,
    runtime: RuntimeDep,
    principal: InBrandSpace,
    # No length here: the body limit bounds memory, and the profile's limits come back beside the field.
    name_zh: str = Form(default=""),
    story_zh: str = Form(default=""),
    story_fr: str = Form(default=""),
    website: str = Form(default=""),
) -> Response:
    values = {"name_zh": name_zh, "story_zh": story_zh, "story_fr": story_fr, "website": website}
    brand_id = principal.organisation_id
    try:
        await transact(
            runtime, lambda uow: identity.update_brand_profile(uow, principal, brand_id=brand_id, changes=values)
        )
    except InvalidInput as error:
        found = await transact(runtime, lambda uow: identity.brand_profile(uow, principal, brand_id=brand_id))
        return profile_page(
            request, profile=found, action="/brand/profile", acting_for=None, values=values, error=error
        )
    return see_other(request, "/brand/profile", done="saved")


@router.get("/brand/audit", response_class=HTMLResponse)
async def audit(
    request: Request,
    runtime: RuntimeDep,
    principal: InBrandSpace,
    cursor: str | None = Query(default=None, max_length=200),
) -> HTMLResponse:
    entries, next_cursor = await transact(
        runtime, lambda uow: identity.audit_log(uow, principal, cursor=cursor, limit=50)
    )
    context = {"entries": entries, "next_cursor": next_cursor, "audit_sentence": audit_sentence}
    return page(request, "identity/brand_audit.html", context)


@router.api_route("/brand/api-keys", methods=["GET", "POST"])
@router.api_route("/brand/api-keys/{rest:path}", methods=["GET", "POST"])
async def moved_api_keys(request: Request, principal: CurrentPrincipal, rest: str = "") -> Response:
    """API keys belong to every organisation's account, not to the brand space: the old address leads there.

    308 keeps a form's method and body, so an old bookmarked or scripted POST still lands.
    """
    return RedirectResponse("/account/api-keys" + (f"/{rest}" if rest else ""), status_code=308)
