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
from datetime import timedelta
from typing import Any, ClassVar


def N_(message: str) -> str:
    """Mark a title for the translation catalogs; pages show it in the reader's language."""
    return message


class ComptoirError(Exception):
    """A refusal with a stable machine-readable ``code`` and a human ``detail``."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    title: ClassVar[str] = N_("Request refused")

    def __init__(self, detail: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code  # type: ignore[misc]
        self.extra = extra

    @property
    def headers(self) -> dict[str, str]:
        """HTTP headers the answer to this refusal carries (none by default)."""
        return {}


class InvalidInput(ComptoirError):
    code = "invalid_input"
    status = 422
    title = N_("Invalid input")


class NotAuthenticated(ComptoirError):
    code = "not_authenticated"
    status = 401
    title = N_("Authentication required")


class PermissionDenied(ComptoirError):
    code = "permission_denied"
    status = 403
    title = N_("Permission denied")


class NotFound(ComptoirError):
    code = "not_found"
    status = 404
    title = N_("Not found")


class Conflict(ComptoirError):
    code = "conflict"
    status = 409
    title = N_("Conflict")


class TooManyRequests(ComptoirError):
    code = "too_many_requests"
    status = 429
    title = N_("Too many requests")

    def __init__(self, detail: str, *, retry_after: timedelta, code: str | None = None, **extra: Any) -> None:
        self.retry_after_s = max(1, math.ceil(retry_after.total_seconds()))
        super().__init__(detail, code=code, retry_after_s=self.retry_after_s, **extra)

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_s)}
