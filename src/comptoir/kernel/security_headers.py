"""Browser protections on every answer, as one pure ASGI middleware.

What every answer carries (a route that sets one of these headers itself keeps its own):

- ``Content-Security-Policy``: :data:`STRICT_POLICY`. Scripts, styles, images and requests come from
  Comptoir only; no inline script, no inline style, no ``eval``; no page may frame Comptoir's. Pages
  therefore keep their scripts and styles in ``/static``, the API docs' Swagger UI included.
- ``X-Frame-Options: DENY`` for browsers that predate ``frame-ancestors``;
  ``X-Content-Type-Options: nosniff``; ``Referrer-Policy: same-origin``.
- ``Strict-Transport-Security`` in production only: a development server on plain http must stay
  reachable, and a browser would remember HSTS for the host long after.
- ``Cache-Control: no-store`` on the answer to any request with credentials (an ``Authorization``
  header or the session cookie) and on any answer that sets a cookie, so that no shared or browser
  cache keeps a caller's data, a session or a secret such as a new API key. Static assets
  (``cacheable_prefixes``) are left cacheable even when the browser sends its cookies along.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STRICT_DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}


def content_security_policy(directives: dict[str, str]) -> str:
    """The header value for ``directives`` (directive name -> its sources)."""
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


STRICT_POLICY = content_security_policy(STRICT_DIRECTIVES)
HSTS = "max-age=63072000; includeSubDomains"  # two years, as the HSTS preload list asks


class SecurityHeadersMiddleware:
    """Adds the headers of the module docstring to every HTTP answer."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        session_cookie: str,
        hsts: bool = False,
        cacheable_prefixes: Sequence[str] = ("/static/",),
    ) -> None:
        self.app = app
        self.session_cookie = session_cookie
        self.cacheable_prefixes = tuple(cacheable_prefixes)
        self.always: list[tuple[str, str]] = [
            ("Content-Security-Policy", STRICT_POLICY),
            ("X-Frame-Options", "DENY"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
        ]
        if hsts:
            self.always.append(("Strict-Transport-Security", HSTS))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = str(scope.get("path", "")).startswith(self.cacheable_prefixes)
        credentials = not cacheable and self._has_credentials(Headers(scope=scope))

        async def send_protected(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", []))
                headers = MutableHeaders(scope=message)
                for name, value in self.always:
                    headers.setdefault(name, value)
                secret = credentials or "set-cookie" in headers
                if secret and not cacheable and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_protected)

    def _has_credentials(self, headers: Headers) -> bool:
        if "authorization" in headers:
            return True
        return self.session_cookie in cookie_parser(headers.get("cookie", ""))
