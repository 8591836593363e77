"""Opening an account: the sign-up form."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.identity import services as identity
from comptoir.identity.domain import OrganisationKind
from comptoir.identity.pages.common import home_of, page
from comptoir.identity.pages.forms import field_of, message_for
from comptoir.identity.principals import (
    LOGIN_CSRF_COOKIE,
    login_csrf_is_valid,
    new_login_csrf,
    set_login_csrf_cookie,
    set_session_cookie,
)
from comptoir.kernel.errors import Conflict, InvalidInput
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.runtime import RuntimeDep

router = APIRouter()

SIGN_UP_KINDS = (OrganisationKind.BRAND, OrganisationKind.SMALL_MERCHANT, OrganisationKind.PARTNER)


def _sign_up_form(
    request: Request,
    runtime: RuntimeDep,
    *,
    values: dict[str, str],
    error: str | None = None,
    field_errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    token = new_login_csrf(runtime.settings)
    request.state.csrf_token = ""
    kinds = {
        OrganisationKind.BRAND.value: _("A brand with a range to sell in China"),
        OrganisationKind.SMALL_MERCHANT.value: _("A small merchant listing a few products in a pavilion"),
        OrganisationKind.PARTNER.value: _("A partner running stores for brands (accreditation needed)"),
    }
    context = {
        "login_csrf": token,
        "values": values,
        "kinds": kinds,
        "error": error,
        "field_errors": field_errors or {},
    }
    response = page(request, "identity/signup.html", context, status=status)
    set_login_csrf_cookie(runtime.settings, response, token)
    return response


@router.get("/signup", response_class=HTMLResponse)
async def sign_up_page(request: Request, runtime: RuntimeDep) -> HTMLResponse:
    return _sign_up_form(request, runtime, values={"kind": OrganisationKind.BRAND.value})


@router.post("/signup", response_class=HTMLResponse)
async def sign_up(
    request: Request,
    runtime: RuntimeDep,
    kind: str = Form(default="", max_length=40),
    organisation_name: str = Form(default="", max_length=500),
    email: str = Form(default="", max_length=254),
    password: str = Form(default="", max_length=1024),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    """Open an account for a new brand, small merchant or partner, and sign its owner in."""
    values = {"kind": kind, "organisation_name": organisation_name, "email": email}
    if not login_csrf_is_valid(runtime.settings, cookie=request.cookies.get(LOGIN_CSRF_COOKIE), submitted=csrf_token):
        error = _("This form has expired; please try again.")
        return _sign_up_form(request, runtime, values=values, error=error, status=400)
    if kind not in {k.value for k in SIGN_UP_KINDS}:
        error = _("Choose what kind of organisation you are.")
        return _sign_up_form(request, runtime, values=values, error=error, status=422)
    try:
        await identity.sign_up(runtime, kind=kind, organisation_name=organisation_name, email=email, password=password)
    except InvalidInput as exc:
        field = field_of(exc, default="organisation_name")
        return _sign_up_form(request, runtime, values=values, field_errors={field: message_for(exc)}, status=exc.status)
    except Conflict as exc:
        return _sign_up_form(request, runtime, values=values, error=f"{exc.detail} ({exc.code})", status=exc.status)
    signed_in = await identity.sign_in(runtime, email=email, password=password)
    principal = await identity.principal_for_session(runtime, signed_in.token)
    response = RedirectResponse(home_of(principal) if principal else "/", status_code=303)
    set_session_cookie(runtime.settings, response, signed_in.token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response
