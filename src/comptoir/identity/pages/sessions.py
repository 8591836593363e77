"""Signing in and out."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.identity import services as identity
from comptoir.identity.domain import OrganisationKind
from comptoir.identity.errors import InvalidCredentials
from comptoir.identity.pages.common import home_of, page
from comptoir.identity.principals import (
    LOGIN_CSRF_COOKIE,
    clear_session_cookie,
    login_csrf_is_valid,
    new_login_csrf,
    set_login_csrf_cookie,
    set_session_cookie,
)
from comptoir.identity.services import SESSION_COOKIE
from comptoir.kernel.auth import OptionalPrincipal
from comptoir.kernel.errors import Conflict, InvalidInput
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.runtime import RuntimeDep

router = APIRouter()


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host (``//evil``, ``https://...``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def _login_form(
    request: Request,
    runtime: RuntimeDep,
    *,
    next_url: str,
    email: str = "",
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    token = new_login_csrf(runtime.settings)
    request.state.csrf_token = ""
    response = page(
        request,
        "identity/login.html",
        {"login_csrf": token, "next_url": next_url, "email": email, "error": error},
        status=status,
    )
    set_login_csrf_cookie(runtime.settings, response, token)
    return response


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, runtime: RuntimeDep, principal: OptionalPrincipal, next: str = "") -> Response:
    if principal is not None and _safe_next(next):
        return RedirectResponse(next, status_code=303)
    return _login_form(request, runtime, next_url=_safe_next(next) or "")


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    runtime: RuntimeDep,
    email: str = Form(default="", max_length=254),
    password: str = Form(default="", max_length=1024),
    csrf_token: str = Form(default="", max_length=200),
    next: str = Form(default="", max_length=2000),
) -> Response:
    next_url = _safe_next(next) or ""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not login_csrf_is_valid(runtime.settings, cookie=cookie, submitted=csrf_token):
        error = _("This sign-in form has expired; please try again.")
        return _login_form(request, runtime, next_url=next_url, email=email, error=error, status=400)
    try:
        signed_in = await identity.sign_in(runtime, email=email, password=password)
    except InvalidCredentials:
        error = _("Wrong email or password.")
        return _login_form(request, runtime, next_url=next_url, email=email, error=error, status=401)
    principal = await identity.principal_for_session(runtime, signed_in.token)
    target = next_url or (home_of(principal) if principal else "/")
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(runtime.settings, response, signed_in.token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(request: Request, runtime: RuntimeDep, principal: OptionalPrincipal) -> Response:
    """End the session (its CSRF token was checked while resolving the principal)."""
    token = request.cookies.get(SESSION_COOKIE)
    if principal is not None and token:
        await identity.sign_out(runtime, token=token)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(runtime.settings, response)
    return response


SIGN_UP_KINDS = (OrganisationKind.BRAND, OrganisationKind.SMALL_MERCHANT, OrganisationKind.PARTNER)


def _sign_up_form(
    request: Request, runtime: RuntimeDep, *, values: dict[str, str], error: str | None = None, status: int = 200
) -> HTMLResponse:
    token = new_login_csrf(runtime.settings)
    request.state.csrf_token = ""
    kinds = {
        OrganisationKind.BRAND.value: _("A brand with a range to sell in China"),
        OrganisationKind.SMALL_MERCHANT.value: _("A small merchant listing a few products in a pavilion"),
        OrganisationKind.PARTNER.value: _("A partner running stores for brands (accreditation needed)"),
    }
    context = {"login_csrf": token, "values": values, "kinds": kinds, "error": error}
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
    except (InvalidInput, Conflict) as exc:
        return _sign_up_form(request, runtime, values=values, error=f"{exc.detail} ({exc.code})", status=exc.status)
    signed_in = await identity.sign_in(runtime, email=email, password=password)
    principal = await identity.principal_for_session(runtime, signed_in.token)
    response = RedirectResponse(home_of(principal) if principal else "/", status_code=303)
    set_session_cookie(runtime.settings, response, signed_in.token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response
