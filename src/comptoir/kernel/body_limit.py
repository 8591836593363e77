"""Request body limits, as one pure ASGI middleware installed outside everything that reads bodies.

The promise: a request whose body is larger than its limit is answered ``413 payload_too_large``
(a problem document naming ``max_bytes``) and never read whole, whoever sends it:

- a ``Content-Length`` over the limit is refused at once, before a byte of the body is read
  (a client waiting on ``Expect: 100-continue`` is never asked to send it);
- a body without a length (chunked) is counted as the application reads it, and refused as soon as
  the count passes the limit; whatever the application was answering is replaced by the refusal.

The limit is chosen from the path alone, so that nothing needs the route resolved first (the
idempotency middleware reads bodies before routing): ``default`` everywhere, or the limit of the
longest prefix in ``routes`` (a prefix matches itself and the paths under it, ``/a`` covers
``/a/b`` but not ``/ab``). The web assembly gives the routes that take files a larger limit.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from comptoir.kernel.errors import N_
from comptoir.kernel.http import problem_response

MiB = 1024 * 1024
CODE = "payload_too_large"


class _BodyTooLarge(Exception):
    """Raised into the application when the body it is reading passes the limit."""


class BodyLimitMiddleware:
    """Keeps the promise of the module docstring."""

    def __init__(self, app: ASGIApp, *, default: int, routes: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.default = default
        # Longest prefix first, so "/api/v1/x/y" wins over "/api/v1/x".
        self.routes = sorted((routes or {}).items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.routes:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(Headers(scope=scope))
        if declared is not None and declared > limit:
            await _refuse(scope, receive, send, limit)
            return

        received = 0
        exceeded = False
        started = False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                raise _BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the application's answer to a cut-off body is replaced by the refusal below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            # Whatever the application made of the cut-off body (a parse error, a wrapped group...),
            # the refusal is the answer; anything else, or after the answer began, goes on up.
            if not exceeded or started:
                raise
        if exceeded and not started:
            await _refuse(scope, receive, send, limit)


def _content_length(headers: Headers) -> int | None:
    value = headers.get("content-length")
    if value is None or not value.strip().isdigit():
        return None  # absent, or malformed (the server refuses those itself)
    return int(value)


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    refusal = problem_response(
        status=413,
        code=CODE,
        title=N_("Payload too large"),
        detail=f"the request body is larger than {limit} bytes, the most this address takes",
        instance=scope["path"],
        # The rest of the body is never read, so the connection cannot carry another request.
        headers={"Connection": "close"},
        max_bytes=limit,
    )
    await refusal(scope, receive, send)
