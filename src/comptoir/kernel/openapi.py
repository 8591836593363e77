"""The OpenAPI document tells the truth about errors: every refusal is an RFC 9457 problem.

FastAPI documents only the success answer and a 422 in its own shape. Every Comptoir operation
can also be refused by the edge before or after the route runs, always as
``application/problem+json``: :func:`document_problems` adds those answers to every operation
of the schema, and replaces FastAPI's 422 by the problem document the API really sends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from comptoir.kernel.http import PROBLEM_MEDIA_TYPE, Problem

_CHANGING = frozenset({"post", "put", "patch", "delete"})

#: Refusals any operation can meet, with why.
_EVERY_OPERATION = {
    "400": "The request is malformed (a bad Idempotency-Key, a body that is not JSON).",
    "401": "No valid session or API key.",
    "403": "Authenticated, but not allowed to do this (or the page's CSRF token is missing).",
    "404": "Nothing at this address that the caller may see.",
    "413": "The request body is larger than this route accepts.",
    "415": "The body is not in a media type this route reads.",
    "422": "The request is well-formed but its values are refused; `errors` lists each field.",
    "429": "Too many requests; `Retry-After` says when to try again.",
}
#: Refusals only operations that change something meet.
_CHANGING_OPERATIONS = {
    "409": "The current state forbids it, or the same Idempotency-Key is still in flight.",
}


def _problem_answer(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def with_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the problem answers added to every operation (changed in place and returned)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            answers: dict[str, Any] = operation["responses"]
            refusals = dict(_EVERY_OPERATION)
            if method in _CHANGING:
                refusals.update(_CHANGING_OPERATIONS)
            for status, description in refusals.items():
                existing = answers.get(status)
                if existing is None or "HTTPValidationError" in str(existing):
                    answers[status] = _problem_answer(description)
    return schema


def document_problems(app: FastAPI) -> None:
    """Make ``app.openapi()`` describe every problem answer; built once, on first request."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                openapi_version=app.openapi_version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = with_problems(schema)
        return app.openapi_schema

    replace: Callable[[], dict[str, Any]] = openapi
    app.openapi = replace  # type: ignore[method-assign]
