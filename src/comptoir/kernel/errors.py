"""The root of every Comptoir exception, with a stable code and an HTTP status.

ComptoirError
 ├── InvalidInput          422  the request is well-formed but its values are refused
 ├── NotAuthenticated      401  no valid session or API key
 ├── PermissionDenied      403  authenticated, but not allowed to do this
 ├── NotFound              404  no such thing visible to the caller
 ├── Conflict              409  the current state forbids it (duplicate, already done)
 └── TooManyRequests       429  too many attempts; ``retry_after`` says when to come back

Each capability subclasses these in its own ``errors.py`` with its own codes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType
from typing import Any, ClassVar


def N_(message: str) -> str:
    """Mark a title for the translation catalogs; pages show it in the reader's language."""
    return message


@dataclass(frozen=True, slots=True)
class ErrorCode:
    """One entry of the error catalogue: a stable code, its HTTP status, and what people are told."""

    code: str
    status: int
    title: str
    sentence: str  # for people, translated where shown; may name ``%(placeholders)s`` of the error's extra
    declared_by: str  # the exception class (or edge) that answers it


#: Every code Comptoir answers, declared once: by an exception class (its ``code`` and its ``codes``) or,
#: for answers the edge makes without an exception, by :func:`declare_edge_code`.
CATALOGUE: dict[str, ErrorCode] = {}


def _declare(entry: ErrorCode) -> None:
    existing = CATALOGUE.get(entry.code)
    if existing is not None and existing.declared_by != entry.declared_by:
        raise TypeError(f"error code {entry.code!r} declared twice: {existing.declared_by} and {entry.declared_by}")
    CATALOGUE[entry.code] = entry


def declare_edge_code(code: str, *, status: int, title: str, sentence: str, declared_by: str) -> None:
    """Declare a code that the HTTP edge answers without raising (middleware refusals, 405, 500)."""
    _declare(ErrorCode(code, status, title, sentence, declared_by))


def declared(**sentences: str) -> Mapping[str, str]:
    """The ``codes`` of an error class: each further code it answers, with its sentence for people."""
    return MappingProxyType(sentences)


class ComptoirError(Exception):
    """A refusal with a stable machine-readable ``code``, an English ``detail`` and a sentence for people.

    A subclass declares its ``code`` with its ``sentence``; where one class answers several codes
    (``raise IdentityNotFound("…", code="brand_not_found")``) it lists each in ``codes`` with its own
    sentence. Declaring is registering: :data:`CATALOGUE` holds them all, and ``docs/errors.md`` is
    drawn from it.
    """

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    title: ClassVar[str] = N_("Request refused")
    sentence: ClassVar[str] = N_("The request was refused.")
    codes: ClassVar[Mapping[str, str]] = {}

    def __init__(self, detail: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code  # type: ignore[misc]
        self.extra = extra

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = f"{cls.__module__}.{cls.__qualname__}"
        if "code" in cls.__dict__:
            _declare(ErrorCode(cls.code, cls.status, cls.title, cls.sentence, name))
        for code, sentence in cls.__dict__.get("codes", {}).items():
            _declare(ErrorCode(code, cls.status, cls.title, sentence, name))

    @property
    def people_sentence(self) -> str:
        """The untranslated sentence for people that this error's code declares."""
        entry = CATALOGUE.get(self.code)
        return entry.sentence if entry is not None else type(self).sentence

    @property
    def headers(self) -> dict[str, str]:
        """HTTP headers the answer to this refusal carries (none by default)."""
        return {}


class InvalidInput(ComptoirError):
    code = "invalid_input"
    status = 422
    title = N_("Invalid input")
    sentence = N_("Some of what was sent cannot be accepted; check the values and try again.")


class NotAuthenticated(ComptoirError):
    code = "not_authenticated"
    status = 401
    title = N_("Authentication required")
    sentence = N_("Sign in first, or send a valid API key.")


class PermissionDenied(ComptoirError):
    code = "permission_denied"
    status = 403
    title = N_("Permission denied")
    sentence = N_("Your organisation may not do this.")


class NotFound(ComptoirError):
    code = "not_found"
    status = 404
    title = N_("Not found")
    sentence = N_("There is nothing here that you may see.")


class Conflict(ComptoirError):
    code = "conflict"
    status = 409
    title = N_("Conflict")
    sentence = N_("This cannot be done in the current state; reload the page to see where things stand.")


class TooManyRequests(ComptoirError):
    code = "too_many_requests"
    status = 429
    title = N_("Too many requests")
    sentence = N_("Too many attempts; try again in %(retry_after_s)s seconds.")

    def __init__(self, detail: str, *, retry_after: timedelta, code: str | None = None, **extra: Any) -> None:
        self.retry_after_s = max(1, math.ceil(retry_after.total_seconds()))
        super().__init__(detail, code=code, retry_after_s=self.retry_after_s, **extra)

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_s)}


class InvalidCursor(InvalidInput):
    """A list's ``cursor`` that this API did not hand out (tampered, foreign, or from another list)."""

    code = "invalid_cursor"
    title = N_("Invalid cursor")
    sentence = N_("This page link is not valid any more; start again from the first page.")
