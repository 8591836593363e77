"""The partner's console: its application, the brands that delegated to it, and acting for them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from comptoir.identity import services as identity
from comptoir.identity.api.models import BrandIdPath
from comptoir.identity.domain import PARTNER_SERVICES, Delegation, Partner
from comptoir.identity.pages.brand import profile_page
from comptoir.identity.pages.common import InPartnerSpace, error_flash, page, see_other
from comptoir.identity.pages.lengths import errors_beside
from comptoir.kernel.errors import ComptoirError, Conflict, InvalidInput
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact

router = APIRouter()


def application_form(application: Partner | None) -> dict[str, Any]:
    """The application form's values: the partner's own terms when it has applied, else nothing chosen for it."""
    if application is None:
        return {"services": [], "languages": "", "currency": "EUR"}
    terms = application.terms
    return {
        "services": list(terms.services),
        "languages": ", ".join(terms.languages),
        # Basis points back to the percentage the form takes: 850 -> "8.5", 800 -> "8".
        "commission_percent": format((Decimal(terms.commission_bps) / 100).normalize(), "f"),
        "monthly_fee": terms.monthly_fee.to_major_string(),
        "currency": terms.monthly_fee.currency,
        "description_zh": terms.description_zh,
        "description_fr": terms.description_fr,
    }


async def _console(
    request: Request,
    runtime: RuntimeDep,
    principal: Principal,
    *,
    form: dict[str, Any] | None = None,
    error: ComptoirError | None = None,
) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> tuple[Partner | None, list[Delegation]]:
        return await identity.my_partner_application(uow, principal), await identity.delegations_of(uow, principal)

    application, delegations = await transact(runtime, read)
    context: dict[str, Any] = {
        "application": application,
        "delegations": delegations,
        "all_services": PARTNER_SERVICES,
        "form": form or application_form(application),
    }
    beside = errors_beside(error, shown=("description_zh", "description_fr"))
    context["field_errors"] = beside
    if error is not None and not beside:
        context["flashes"] = error_flash(error)
    return page(request, "identity/partner_console.html", context, status=error.status if error else 200)


@router.get("/partner", response_class=HTMLResponse)
async def console(request: Request, runtime: RuntimeDep, principal: InPartnerSpace) -> HTMLResponse:
    return await _console(request, runtime, principal)


@router.post("/partner/application")
async def apply(
    request: Request,
    runtime: RuntimeDep,
    principal: InPartnerSpace,
    services: list[str] = Form(default=[]),
    # No length here: the body limit bounds memory, and the terms' limits come back beside the field.
    languages: str = Form(default=""),
    commission_percent: str = Form(default=""),
    monthly_fee: str = Form(default=""),
    currency: str = Form(default="EUR"),
    description_zh: str = Form(default=""),
    description_fr: str = Form(default=""),
) -> Response:
    form = {
        "services": services,
        "languages": languages,
        "commission_percent": commission_percent,
        "monthly_fee": monthly_fee,
        "currency": currency,
        "description_zh": description_zh,
        "description_fr": description_fr,
    }
    try:
        # A percentage with up to two decimals is exactly a whole number of basis points.
        bps = Money.parse(commission_percent.strip() or "x", "EUR").minor
        fee = Money.parse(monthly_fee.strip() or "x", currency.strip().upper() or "EUR")
    except MoneyError as exc:
        error = InvalidInput(
            "the commission (e.g. 8.5) and monthly fee (e.g. 1500.00) are numbers", code="invalid_partner_terms"
        )
        error.__cause__ = exc
        return await _console(request, runtime, principal, form=form, error=error)
    spoken = [x.strip() for x in languages.replace(";", ",").split(",") if x.strip()]
    try:
        await transact(
            runtime,
            lambda uow: identity.apply_as_partner(
                uow,
                principal,
                services=services,
                languages=spoken,
                commission_bps=bps,
                monthly_fee_minor=fee.minor,
                monthly_fee_currency=fee.currency,
                description_zh=description_zh,
                description_fr=description_fr,
            ),
        )
    except (InvalidInput, Conflict) as error:
        return await _console(request, runtime, principal, form=form, error=error)
    return see_other(request, "/partner", done="applied")


@router.get("/partner/brands/{brand_id}/profile", response_class=HTMLResponse)
async def brand_profile(
    request: Request, brand_id: BrandIdPath, runtime: RuntimeDep, principal: InPartnerSpace
) -> HTMLResponse:
    found = await transact(runtime, lambda uow: identity.brand_profile(uow, principal, brand_id=brand_id))
    return profile_page(
        request, profile=found, action=f"/partner/brands/{brand_id}/profile", acting_for=principal.organisation_name
    )


@router.post("/partner/brands/{brand_id}/profile")
async def save_brand_profile(
    request: Request,
    brand_id: BrandIdPath,
    runtime: RuntimeDep,
    principal: InPartnerSpace,
    name_zh: str = Form(default=""),
    story_zh: str = Form(default=""),
    story_fr: str = Form(default=""),
    website: str = Form(default=""),
) -> Response:
    values = {"name_zh": name_zh, "story_zh": story_zh, "story_fr": story_fr, "website": website}
    action = f"/partner/brands/{brand_id}/profile"
    try:
        await transact(
            runtime, lambda uow: identity.update_brand_profile(uow, principal, brand_id=brand_id, changes=values)
        )
    except InvalidInput as error:
        found = await transact(runtime, lambda uow: identity.brand_profile(uow, principal, brand_id=brand_id))
        return profile_page(
            request, profile=found, action=action, acting_for=principal.organisation_name, values=values, error=error
        )
    return see_other(request, action, done="saved")
