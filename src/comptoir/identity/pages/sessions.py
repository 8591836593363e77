"""Signing in and out (opening an account is in ``signup``)."""

from __future__ import annotations

import math

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.identity import services as identity
from comptoir.identity.errors import InvalidCredentials, TooManySignInAttempts
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
from comptoir.kernel.http import client_address
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.i18n import ngettext
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact

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
    client = client_address(request, trusted_proxies=runtime.settings.trusted_proxies)
    try:
        signed_in = await transact(
            runtime,
            lambda uow: identity.sign_in(
                uow, email=email, password=password, client=client, settings=runtime.settings, throttle=runtime.throttle
            ),
        )
    except InvalidCredentials:
        error = _("Wrong email or password.")
        return _login_form(request, runtime, next_url=next_url, email=email, error=error, status=401)
    except TooManySignInAttempts as exc:
        minutes = math.ceil(exc.retry_after_s / 60)
        error = ngettext(
            "Too many attempts; try again in %(minutes)d minute.",
            "Too many attempts; try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
        form = _login_form(request, runtime, next_url=next_url, email=email, error=error, status=429)
        form.headers.update(exc.headers)
        return form
    principal = await transact(runtime, lambda uow: identity.principal_for_session(uow, token=signed_in.token))
    target = next_url or (home_of(request, principal) if principal else "/")
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(runtime.settings, response, signed_in.token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(request: Request, runtime: RuntimeDep, principal: OptionalPrincipal) -> Response:
    """End the session (its CSRF token was checked while resolving the principal)."""
    token = request.cookies.get(SESSION_COOKIE)
    if principal is not None and token:
        await transact(runtime, lambda uow: identity.sign_out(uow, token=token))
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(runtime.settings, response)
    return response
