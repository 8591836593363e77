"""The platform operator's partner accreditation page: accredit or reject an application, suspend a partner."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from comptoir.identity import services as identity
from comptoir.identity.api.models import PartnerIdPath
from comptoir.identity.domain import PartnerStatus
from comptoir.identity.pages.common import error_flash, page, require_operator, see_other
from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.errors import Conflict, InvalidInput
from comptoir.kernel.runtime import RuntimeDep

router = APIRouter()


async def _applications_page(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    *,
    flashes: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    partners = await identity.partner_applications(runtime, principal)
    order = {PartnerStatus.PENDING: 0, PartnerStatus.ACCREDITED: 1, PartnerStatus.SUSPENDED: 2}
    partners.sort(key=lambda p: (order.get(p.status, 3), p.name))
    context: dict[str, Any] = {"partners": partners}
    if flashes is not None:
        context["flashes"] = flashes
    return page(request, "identity/operator_partners.html", context, status=status)


@router.get("/operator/partners", response_class=HTMLResponse)
async def applications(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> HTMLResponse:
    require_operator(principal)
    return await _applications_page(request, runtime, principal)


@router.post("/operator/partners/{partner_id}/accredit")
async def accredit(
    request: Request, partner_id: PartnerIdPath, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    require_operator(principal)
    try:
        await identity.accredit_partner(runtime, principal, partner_id)
    except (InvalidInput, Conflict) as error:
        return await _applications_page(request, runtime, principal, flashes=error_flash(error), status=error.status)
    return see_other(request, "/operator/partners", done="accredited")


@router.post("/operator/partners/{partner_id}/suspend")
async def suspend(
    request: Request,
    partner_id: PartnerIdPath,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    reason: str = Form(default="", max_length=500),
) -> Response:
    require_operator(principal)
    try:
        await identity.suspend_partner(runtime, principal, partner_id, reason=reason)
    except (InvalidInput, Conflict) as error:
        return await _applications_page(request, runtime, principal, flashes=error_flash(error), status=error.status)
    return see_other(request, "/operator/partners", done="suspended")


@router.post("/operator/partners/{partner_id}/reject")
async def reject(
    request: Request,
    partner_id: PartnerIdPath,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    reason: str = Form(default="", max_length=500),
) -> Response:
    require_operator(principal)
    try:
        await identity.reject_partner(runtime, principal, partner_id, reason=reason)
    except (InvalidInput, Conflict) as error:
        return await _applications_page(request, runtime, principal, flashes=error_flash(error), status=error.status)
    return see_other(request, "/operator/partners", done="rejected")
