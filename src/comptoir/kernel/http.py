"""HTTP edge: RFC 9457 problem documents with stable codes, and the shape and parameters of cursor pages.

Every error any route raises ends here: a :class:`ComptoirError` becomes its
status and code, a validation error becomes ``422 validation_error`` listing
each field, and anything unexpected becomes ``500 internal_error`` without
leaking internals (and is logged).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import Annotated, Any, Generic, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, BeforeValidator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from comptoir.kernel.errors import N_, ComptoirError, declare_edge_code
from comptoir.kernel.paging import CURSOR_PATTERN, MAX_PAGE

log = logging.getLogger("comptoir.http")

PROBLEM_BASE = "https://comptoir.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class Problem(BaseModel):
    """An RFC 9457 problem document, as every error answer carries it."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


def problem_response(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    sent = dict(headers or {})
    if status == 401:
        sent.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=sent or None)


# The answers the edge makes without an exception, declared in the error catalogue with the rest:
# (code, status, title, sentence for people).
_EDGE_ANSWERS = (
    ("bad_request", 400, N_("Bad request"), N_("The request is malformed.")),
    ("http_error", 400, N_("Request refused"), N_("The request was refused.")),
    ("method_not_allowed", 405, N_("Method not allowed"),
     N_("This address does not answer this method; Allow lists those it does.")),
    ("payload_too_large", 413, N_("Payload too large"), N_("What was sent is too large for this address.")),
    ("unsupported_media_type", 415, N_("Unsupported media type"),
     N_("This address does not read this kind of content.")),
    ("validation_error", 422, N_("Invalid request"),
     N_("Some fields are missing or not in the expected form; errors lists each.")),
    ("internal_error", 500, N_("Internal error"), N_("Something went wrong on our side; it has been logged.")),
)  # fmt: skip
for _code, _status, _title, _sentence in _EDGE_ANSWERS:
    declare_edge_code(_code, status=_status, title=_title, sentence=_sentence, declared_by="comptoir.kernel.http")

_STATUS_CODES = {
    400: ("bad_request", N_("Bad request")),
    401: ("not_authenticated", N_("Authentication required")),
    403: ("permission_denied", N_("Permission denied")),
    404: ("not_found", N_("Not found")),
    405: ("method_not_allowed", N_("Method not allowed")),
    409: ("conflict", N_("Conflict")),
    413: ("payload_too_large", N_("Payload too large")),
    415: ("unsupported_media_type", N_("Unsupported media type")),
    422: ("validation_error", N_("Invalid request")),
    429: ("too_many_requests", N_("Too many requests")),
}


def _jsonable_errors(errors: Any) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        out.append(
            {
                "loc": [str(p) for p in err.get("loc", ())],
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
        )
    return out


def client_address(request: Request, *, trusted_proxies: int = 0) -> str | None:
    """The address this request came from, for throttling and security logs.

    With no trusted proxy it is the connecting peer: ``X-Forwarded-For`` is anyone's to write.
    Behind ``trusted_proxies`` reverse proxies that each append to that header, it is the entry
    that many places from the right (what the outermost proxy saw); entries further left are the
    client's own words and are never believed.
    """
    peer = request.client.host if request.client else None
    if trusted_proxies <= 0:
        return peer
    forwarded = [part.strip() for part in ",".join(request.headers.getlist("x-forwarded-for")).split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return peer
    return forwarded[-min(trusted_proxies, len(forwarded))]


def wants_html(request: Request) -> bool:
    """Pages get HTML error pages; the API (and any client not asking for HTML) gets problem documents."""
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _page_error(
    request: Request, *, status: int, code: str, title: str, detail: str, headers: Mapping[str, str] | None = None
) -> Response:
    from urllib.parse import quote

    from comptoir.kernel.pages import render

    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    from comptoir.kernel.i18n import gettext

    page = render(
        request,
        "kernel/error.html",
        {"status": status, "code": code, "title": gettext(title), "detail": detail},
        status=status,
    )
    page.headers.update(headers or {})
    return page


def error_response(
    request: Request,
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    """The right error answer for this request: an HTML page for a browser page, else a problem document."""
    if wants_html(request):
        return _page_error(request, status=status, code=code, title=title, detail=detail, headers=headers)
    return problem_response(
        status=status, code=code, title=title, detail=detail, instance=request.url.path, headers=headers, **extra
    )


def _routes(routes: Iterable[Any]) -> Iterator[Any]:
    for route in routes:
        # Included routers keep their routes as effective contexts (prefixes applied).
        contexts = getattr(route, "effective_route_contexts", None)
        yield from (contexts() if contexts is not None else [route])


def allowed_methods(request: Request) -> list[str]:
    """The methods some route of the app answers at this request's path."""
    scope = {**request.scope, "method": "GET"}
    methods: set[str] = set()
    for route in _routes(request.app.router.routes):
        match, _ = route.matches(scope)
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def install_problem_handlers(app: FastAPI) -> None:
    """Turn every exception into a problem document, or an error page for browser pages."""

    @app.exception_handler(ComptoirError)
    async def _comptoir_error(request: Request, exc: ComptoirError) -> Response:
        from comptoir.kernel.error_catalogue import sentence_for

        # People read the catalogue's sentence in their language; machines keep the English detail.
        return error_response(
            request,
            status=exc.status,
            code=exc.code,
            title=exc.title,
            detail=sentence_for(exc) if wants_html(request) else exc.detail,
            headers=exc.headers,
            **exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = _jsonable_errors(exc.errors())
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"] if p not in ("body", "query", "path"))
        message = str(first["msg"])
        detail = f"{where}: {message}" if where else message
        return error_response(
            request, status=422, code="validation_error", title=N_("Invalid request"), detail=detail, errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code, title = _STATUS_CODES.get(exc.status_code, ("http_error", N_("Request refused")))
        detail = exc.detail if isinstance(exc.detail, str) else title
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"nothing at {request.url.path}"
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Every method the path answers, not only the first route's that matched (RFC 9110 Allow).
            headers["Allow"] = ", ".join(allowed_methods(request))
        return error_response(request, status=exc.status_code, code=code, title=title, detail=detail, headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(
            request,
            status=500,
            code="internal_error",
            title=N_("Internal error"),
            detail="something went wrong on our side; it has been logged",
        )


T = TypeVar("T")


def _whole_number(value: Any) -> Any:
    # JSON Schema counts 850.0 as an integer; so do we, but never 850.5, "850" or true.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: An integer field of a strict model that also takes ``850.0``, as JSON Schema's ``integer`` does.
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


class Page(BaseModel, Generic[T]):
    """A cursor-paginated list: pass ``next_cursor`` back as ``cursor`` for the next page."""

    items: list[T]
    next_cursor: str | None = None


#: ``?cursor=`` and ``?limit=`` of every list (see :mod:`comptoir.kernel.paging`):
#: ``cursor: PageCursor = None, limit: PageLimit = DEFAULT_PAGE``.
PageCursor = Annotated[
    str | None,
    Query(min_length=1, max_length=200, pattern=CURSOR_PATTERN, description="next_cursor of the previous page"),
]
PageLimit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"items per page, 1 to {MAX_PAGE}")]
