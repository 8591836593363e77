"""Who is calling: a session cookie or an API key resolved into a kernel Principal, with CSRF checks.

``resolve_principal`` is installed by the web assembly as ``app.state.principal_resolver``.
A request authenticated by its session cookie that changes something (any method but
GET/HEAD/OPTIONS) must also prove it comes from one of our pages: the session's CSRF token
in the ``X-CSRF-Token`` header (HTMX sends it from the layout) or a ``csrf_token`` form field.
The sign-in form, which has no session yet, uses a signed double-submit cookie instead.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from comptoir.identity.errors import CsrfFailed
from comptoir.identity.services import SESSION_COOKIE, principal_for_api_key, principal_for_session
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
API_PREFIX = "/api/"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LOGIN_CSRF_COOKIE = "comptoir_login_csrf"
LOGIN_CSRF_MAX_AGE_S = 2 * 3600


async def resolve_principal(request: Request) -> Principal | None:
    """The caller behind an ``Authorization: Bearer`` API key (API routes only) or the session cookie, or None.

    On an API route, an Authorization header that is present but wrong never falls back to the cookie;
    on a page, an Authorization header is not a credential at all.
    Raises :class:`CsrfFailed` for a session-authenticated change without the session's token.
    """
    runtime: Runtime = request.app.state.runtime
    authorization = request.headers.get("authorization")
    # API keys are for machine clients of the API; pages (and their forms, which have no other
    # protection against cross-site posts than the session's CSRF token) take only a session.
    if authorization is not None and request.url.path.startswith(API_PREFIX):
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            return None
        key = value.strip()
        return await transact(runtime, lambda uow: principal_for_api_key(uow, key=key))
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    principal = await transact(runtime, lambda uow: principal_for_session(uow, token=token))
    if principal is not None and request.method not in SAFE_METHODS:
        await check_csrf(request, principal.csrf_token or "")
    return principal


async def submitted_csrf_token(request: Request) -> str:
    """The CSRF token a request carries, in the header or in a form field ('' when none)."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def check_csrf(request: Request, expected: str) -> None:
    submitted = await submitted_csrf_token(request)
    if not expected or not submitted or not hmac.compare_digest(submitted, expected):
        raise CsrfFailed("this form has expired or did not come from Comptoir; reload the page and try again")


def _login_serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="comptoir.login-csrf")


def new_login_csrf(settings: Settings) -> str:
    """A fresh signed token for the sign-in and sign-up forms; set it as a cookie with :func:`set_login_csrf_cookie`."""
    return _login_serializer(settings).dumps(secrets.token_urlsafe(16))


def set_login_csrf_cookie(settings: Settings, response: Response, token: str) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=LOGIN_CSRF_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
        path="/",
    )


def login_csrf_is_valid(settings: Settings, *, cookie: str | None, submitted: str | None) -> bool:
    """Whether the sign-in form sent back the signed token of its own cookie, recently enough."""
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        return False
    try:
        _login_serializer(settings).loads(submitted, max_age=LOGIN_CSRF_MAX_AGE_S)
    except BadSignature:
        return False
    return True


def set_session_cookie(settings: Settings, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
        path="/",
    )


def clear_session_cookie(settings: Settings, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.environment == "production"
    )
