"""The platform operator's partner accreditation page: accredit or reject an application, suspend a partner."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from comptoir.identity import services as identity
from comptoir.identity.api.models import PartnerIdPath
from comptoir.identity.domain import PartnerStatus
from comptoir.identity.pages.common import InOperatorSpace, error_flash, page, see_other
from comptoir.identity.pages.lengths import errors_beside
from comptoir.kernel.errors import ComptoirError, Conflict, InvalidInput
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact

router = APIRouter()


async def _applications_page(
    request: Request,
    runtime: RuntimeDep,
    principal: Principal,
    *,
    flashes: list[tuple[str, str]] | None = None,
    status: int = 200,
    reason_for: tuple[str, str, ComptoirError] | None = None,
) -> HTMLResponse:
    """The applications; ``reason_for`` (partner id, typed reason, its refusal) puts the refusal beside that reason."""
    partners = await transact(runtime, lambda uow: identity.partner_applications(uow, principal))
    order = {PartnerStatus.PENDING: 0, PartnerStatus.ACCREDITED: 1, PartnerStatus.SUSPENDED: 2}
    partners.sort(key=lambda p: (order.get(p.status, 3), p.name))
    context: dict[str, Any] = {"partners": partners, "reasons": {}, "field_errors": {}}
    if reason_for is not None:
        partner_id, reason, error = reason_for
        beside = errors_beside(error, shown=("reason",), under=f"reason-{partner_id}")
        context.update(reasons={partner_id: reason}, field_errors=beside)
        flashes = None if beside else error_flash(error)
    if flashes is not None:
        context["flashes"] = flashes
    return page(request, "identity/operator_partners.html", context, status=status)


@router.get("/operator/partners", response_class=HTMLResponse)
async def applications(request: Request, runtime: RuntimeDep, principal: InOperatorSpace) -> HTMLResponse:
    return await _applications_page(request, runtime, principal)


@router.post("/operator/partners/{partner_id}/accredit")
async def accredit(
    request: Request, partner_id: PartnerIdPath, runtime: RuntimeDep, principal: InOperatorSpace
) -> Response:
    try:
        await transact(runtime, lambda uow: identity.accredit_partner(uow, principal, partner_id=partner_id))
    except (InvalidInput, Conflict) as error:
        return await _applications_page(request, runtime, principal, flashes=error_flash(error), status=error.status)
    return see_other(request, "/operator/partners", done="accredited")


@router.post("/operator/partners/{partner_id}/suspend")
async def suspend(
    request: Request,
    partner_id: PartnerIdPath,
    runtime: RuntimeDep,
    principal: InOperatorSpace,
    reason: str = Form(default=""),  # its length is the service's to check, so that it comes back beside the field
) -> Response:
    try:
        await transact(
            runtime, lambda uow: identity.suspend_partner(uow, principal, partner_id=partner_id, reason=reason)
        )
    except (InvalidInput, Conflict) as error:
        return await _applications_page(
            request, runtime, principal, reason_for=(partner_id, reason, error), status=error.status
        )
    return see_other(request, "/operator/partners", done="suspended")


@router.post("/operator/partners/{partner_id}/reject")
async def reject(
    request: Request,
    partner_id: PartnerIdPath,
    runtime: RuntimeDep,
    principal: InOperatorSpace,
    reason: str = Form(default=""),
) -> Response:
    try:
        await transact(
            runtime, lambda uow: identity.reject_partner(uow, principal, partner_id=partner_id, reason=reason)
        )
    except (InvalidInput, Conflict) as error:
        return await _applications_page(
            request, runtime, principal, reason_for=(partner_id, reason, error), status=error.status
        )
    return see_other(request, "/operator/partners", done="rejected")
