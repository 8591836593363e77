"""Server-rendered pages: one Jinja2 environment over every capability's templates.

Templates are addressed by capability: ``identity/partners.html`` lives in
``comptoir/identity/templates/identity/partners.html``. Every page extends
``kernel/layout.html``. Static assets (HTMX, the stylesheet) are served from the
package under ``/static`` — no CDN, so pages work offline.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from comptoir.kernel import i18n
from comptoir.kernel.spaces import site_spaces

_PACKAGE = Path(__file__).resolve().parent.parent
STATIC_DIR = Path(__file__).resolve().parent / "static"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared Jinja environment, with gettext bound to the current request's language."""
    folders = sorted(str(p) for p in _PACKAGE.glob("*/templates") if p.is_dir())
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(folders)]),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["LOCALE_NAMES"] = i18n.LOCALE_NAMES
    env.filters["money"] = lambda minor, currency: i18n.format_money(minor, currency)
    env.filters["instant"] = lambda value, tz=None: i18n.format_instant(value, tz=tz) if value else ""
    return env


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """Render ``template`` for this request, with the caller, its navigation, CSRF token and language available."""
    principal = getattr(request.state, "principal", None)
    values: dict[str, Any] = {
        "request": request,
        "principal": principal,
        "nav": site_spaces(request).nav_for(principal),
        "csrf_token": getattr(principal, "csrf_token", None) or getattr(request.state, "csrf_token", ""),
        "locale": i18n.current_locale.get(),
        "html_lang": i18n.current_locale.get().replace("_", "-"),
        "path": request.url.path,
    }
    values.update(context or {})
    html = environment().get_template(template).render(values)
    return HTMLResponse(html, status_code=status)


class LocaleMiddleware(BaseHTTPMiddleware):
    """Pick the language of each request and remember an explicit ``?lang=`` choice in a cookie."""

    def __init__(self, app: Any, *, default: str = i18n.DEFAULT_LOCALE) -> None:
        super().__init__(app)
        self.default = default

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        query = request.query_params.get("lang")
        locale = i18n.negotiate(
            query=query,
            cookie=request.cookies.get(i18n.LANG_COOKIE),
            accept_language=request.headers.get("accept-language"),
            default=self.default,
        )
        token = i18n.current_locale.set(locale)
        try:
            response = await call_next(request)
        finally:
            i18n.current_locale.reset(token)
        response.headers.setdefault("Content-Language", locale.replace("_", "-"))
        if query and i18n.normalise_locale(query):
            response.set_cookie(i18n.LANG_COOKIE, locale, max_age=365 * 86400, samesite="lax", httponly=True)
        return response
