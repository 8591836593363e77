"""Who is calling: the principal every API route and page receives.

The kernel only defines the shape and the FastAPI dependencies; the identity
capability resolves sessions and API keys into a :class:`Principal` and is
plugged in by the web assembly as ``app.state.principal_resolver``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Protocol

from fastapi import Depends, Request

from comptoir.kernel import i18n
from comptoir.kernel.errors import NotAuthenticated, PermissionDenied

PLATFORM = "platform"


@dataclass(frozen=True)
class Principal:
    """An authenticated user (session) or machine client (API key) of one organisation."""

    organisation_id: str
    organisation_kind: str
    organisation_name: str
    via: str  # "session" or "api_key"
    user_id: str | None = None
    user_email: str | None = None
    api_key_id: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    session_id: str | None = None
    csrf_token: str | None = None

    @property
    def is_platform_operator(self) -> bool:
        return self.organisation_kind == PLATFORM

    @property
    def display_organisation_name(self) -> str:
        """The organisation's name as a page shows it: the platform's own, in the reader's language."""
        return i18n.gettext("Comptoir platform") if self.is_platform_operator else self.organisation_name

    @property
    def actor_id(self) -> str:
        return self.user_id or self.api_key_id or self.organisation_id


class PrincipalResolver(Protocol):
    async def __call__(self, request: Request) -> Principal | None: ...


async def optional_principal(request: Request) -> Principal | None:
    cached = getattr(request.state, "principal", ...)
    if cached is not ...:
        return cached  # type: ignore[no-any-return]
    resolver: PrincipalResolver | None = getattr(request.app.state, "principal_resolver", None)
    principal = await resolver(request) if resolver is not None else None
    request.state.principal = principal
    return principal


async def reader_of_page(request: Request) -> None:
    """Resolve who reads a page, so that its header and navigation know, even on a page open to visitors.

    Only for reading (GET, HEAD): a form's POST resolves its principal itself, with its CSRF check.
    """
    if request.method in ("GET", "HEAD"):
        await optional_principal(request)


async def current_principal(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Principal:
    if principal is None:
        raise NotAuthenticated("sign in, or send 'Authorization: Bearer <api key>'")
    return principal


async def platform_operator(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    if not principal.is_platform_operator:
        raise PermissionDenied("only the platform operator may do this")
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
PlatformOperator = Annotated[Principal, Depends(platform_operator)]
