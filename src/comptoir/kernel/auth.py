"""Who is calling: the principal every API route and page receives, and who it may be to get in.

The kernel only defines the shape (:mod:`comptoir.kernel.principal`, pure, so that domain modules
may name it) and the FastAPI dependencies; the identity capability resolves
sessions and API keys into a :class:`Principal` (plugged in by the web assembly as
``app.state.principal_resolver``) and says whether a principal may act for a brand (plugged in as
``app.state.brand_guard``, a :class:`BrandGuard`).

Routes declare who they serve with typed ``Annotated`` aliases instead of checking in their body:
``CurrentPrincipal`` (anyone signed in), ``PlatformOperator``, a kind of organisation with
:func:`require_kind`, and "the brand in the path, or a partner holding this scope for it" with
:func:`acting_for_brand`. Being dependencies, they run before the idempotency guard, so a replayed
request is refused exactly like a first attempt.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Protocol

from fastapi import Depends, Path, Request

from comptoir.kernel.errors import ComptoirError, NotAuthenticated, PermissionDenied
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact


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


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]

PrincipalDependency = Callable[..., Awaitable[Principal]]


def require_kind(*kinds: OrganisationKind, refusal: Callable[[], ComptoirError]) -> PrincipalDependency:
    """A dependency answering the signed-in principal when its organisation is of one of ``kinds``.

    Anyone else is refused with ``refusal()`` (made when refusing, so a page's sentence is in the
    reader's language); nobody signed in is ``401 not_authenticated``, as for ``CurrentPrincipal``.
    """
    accepted = frozenset(kinds)

    async def principal_of_kind(principal: CurrentPrincipal) -> Principal:
        if principal.organisation_kind not in accepted:
            raise refusal()
        return principal

    return principal_of_kind


PlatformOperator = Annotated[
    Principal,
    Depends(
        require_kind(
            OrganisationKind.PLATFORM, refusal=lambda: PermissionDenied("only the platform operator may do this")
        )
    ),
]


class BrandGuard(Protocol):
    """Refuses, inside ``uow``, a principal that may not act for ``brand_id`` within ``scope``."""

    async def __call__(self, uow: UnitOfWork, principal: Principal, *, brand_id: str, scope: str) -> object: ...


#: The ``{brand_id}`` of a route's path: a brand's organisation id.
BrandIdPath = Annotated[str, Path(pattern=id_pattern("org"), description="the brand's organisation id")]


def acting_for_brand(scope: str) -> PrincipalDependency:
    """A dependency answering the principal when it may act for the brand of the path's ``{brand_id}``.

    That is the brand itself or a partner holding ``scope`` from it, as the installed
    :class:`BrandGuard` (``app.state.brand_guard``) decides, in a transaction of its own; its
    refusals answer as they are. The route's service checks again in the change's own transaction:
    this early check is what refuses a replayed request whose delegation was revoked meanwhile.
    """

    async def principal_acting_for_brand(
        request: Request, brand_id: BrandIdPath, principal: CurrentPrincipal, runtime: RuntimeDep
    ) -> Principal:
        guard: BrandGuard = request.app.state.brand_guard
        await transact(runtime, lambda uow: guard(uow, principal, brand_id=brand_id, scope=scope))
        return principal

    return principal_acting_for_brand
