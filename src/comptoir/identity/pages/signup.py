"""Opening an account: the sign-up form, then the link sent to the address.

The form answers "check your inbox" whatever the address, so it cannot be used to learn who
has an account; the account is opened when its owner follows the link (see
:mod:`comptoir.identity.services.sign_up`).
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.identity import services as identity
from comptoir.identity.errors import SignUpLinkInvalid
from comptoir.identity.pages.common import home_of, page
from comptoir.identity.pages.forms import field_of
from comptoir.identity.pages.lengths import sentence_beside
from comptoir.identity.principals import (
    LOGIN_CSRF_COOKIE,
    login_csrf_is_valid,
    new_login_csrf,
    set_login_csrf_cookie,
    set_session_cookie,
)
from comptoir.kernel.errors import InvalidInput
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.mail import MailNotSent
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact

router = APIRouter()

SIGN_UP_KINDS = (
    OrganisationKind.BRAND,
    OrganisationKind.SMALL_MERCHANT,
    OrganisationKind.PARTNER,
    OrganisationKind.SELLER,
)


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
        OrganisationKind.SELLER.value: _("A Chinese merchant selling to consumers in France"),
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
    # No length here: the body limit bounds memory, and the service's limits come back beside the field.
    kind: str = Form(default=""),
    organisation_name: str = Form(default=""),
    email: str = Form(default=""),
    password: str = Form(default=""),
    csrf_token: str = Form(default=""),
) -> Response:
    """Ask to open an account for a new brand, small merchant or partner: a link goes to the address."""
    values = {"kind": kind, "organisation_name": organisation_name, "email": email}
    if not login_csrf_is_valid(runtime.settings, cookie=request.cookies.get(LOGIN_CSRF_COOKIE), submitted=csrf_token):
        error = _("This form has expired; please try again.")
        return _sign_up_form(request, runtime, values=values, error=error, status=400)
    if kind not in {k.value for k in SIGN_UP_KINDS}:
        error = _("Choose what kind of organisation you are.")
        return _sign_up_form(request, runtime, values=values, error=error, status=422)
    try:
        requested = await transact(
            runtime,
            lambda uow: identity.sign_up(
                uow,
                kind=kind,
                organisation_name=organisation_name,
                email=email,
                password=password,
                settings=runtime.settings,
                mailer=runtime.mailer,
            ),
        )
        requested.mail.raise_if_not_sent()  # it left after the commit, or the form says it could not
    except MailNotSent:
        error = _("We could not send the message to your address just now; please try again in a few minutes.")
        return _sign_up_form(request, runtime, values=values, error=error, status=503)
    except InvalidInput as exc:
        field = field_of(exc, default="organisation_name")
        beside = {field: sentence_beside(exc)}
        return _sign_up_form(request, runtime, values=values, field_errors=beside, status=exc.status)
    # The same page whether or not the address has an account: only its mailbox tells.
    response = page(request, "identity/signup_sent.html", {"email": requested.email})
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


def _confirm_form(
    request: Request, runtime: RuntimeDep, *, token: str, error: str | None = None, status: int = 200
) -> HTMLResponse:
    csrf = new_login_csrf(runtime.settings)
    request.state.csrf_token = ""
    context = {"login_csrf": csrf, "token": token, "error": error}
    response = page(request, "identity/signup_confirm.html", context, status=status)
    set_login_csrf_cookie(runtime.settings, response, csrf)
    return response


@router.get("/signup/confirm", response_class=HTMLResponse)
async def confirm_page(
    request: Request, runtime: RuntimeDep, token: str = Query(default="", max_length=500)
) -> Response:
    """The link of the confirmation message: a button, so that a mail scanner opening links opens no account."""
    return _confirm_form(request, runtime, token=token)


@router.post("/signup/confirm", response_class=HTMLResponse)
async def confirm(
    request: Request,
    runtime: RuntimeDep,
    token: str = Form(default="", max_length=500),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    """Open the account the link stands for and sign its owner in."""
    if not login_csrf_is_valid(runtime.settings, cookie=request.cookies.get(LOGIN_CSRF_COOKIE), submitted=csrf_token):
        error = _("This form has expired; please try again.")
        return _confirm_form(request, runtime, token=token, error=error, status=400)
    try:
        signed_in = await transact(
            runtime, lambda uow: identity.confirm_sign_up(uow, token=token, settings=runtime.settings)
        )
    except SignUpLinkInvalid as exc:
        error = (
            _("This link was already used: your account is open, sign in.")
            if exc.code == "sign_up_link_used"
            else _("This link is not valid any more (it works for 24 hours). Sign up again to get a new one.")
        )
        return _confirm_form(request, runtime, token="", error=error, status=exc.status)
    principal = await transact(runtime, lambda uow: identity.principal_for_session(uow, token=signed_in.token))
    response = RedirectResponse(home_of(request, principal) if principal else "/", status_code=303)
    set_session_cookie(runtime.settings, response, signed_in.token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response
