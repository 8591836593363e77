"""Who a route serves, declared as typed dependencies: a kind of organisation, or the platform operator."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, Request

from comptoir.kernel.auth import PlatformOperator, require_kind
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.http import install_problem_handlers
from comptoir.kernel.principal import OrganisationKind, Principal

Importer = Annotated[
    Principal,
    Depends(
        require_kind(
            OrganisationKind.PLATFORM,
            OrganisationKind.LOGISTICS_OPERATOR,
            refusal=lambda: PermissionDenied("only operators import networks"),
        )
    ),
]


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    async def resolve(request: Request) -> Principal | None:
        kind = request.headers.get("x-kind")
        if kind is None:
            return None
        return Principal(
            organisation_id="org_1", organisation_kind=OrganisationKind(kind), organisation_name="X", via="api_key"
        )

    app.state.principal_resolver = resolve

    @app.get("/import")
    async def importing(principal: Importer) -> str:
        return principal.organisation_kind

    @app.get("/operate")
    async def operating(principal: PlatformOperator) -> str:
        return principal.organisation_kind

    return app


async def _answers(path: str) -> dict[str | None, tuple[int, str]]:
    answers: dict[str | None, tuple[int, str]] = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://t") as client:
        for kind in (None, "platform", "logistics_operator", "brand"):
            response = await client.get(path, headers={"x-kind": kind} if kind else {})
            body = response.json()
            answers[kind] = (
                response.status_code,
                body if isinstance(body, str) else f"{body['code']}: {body['detail']}",
            )
    return answers


async def test_a_route_of_some_kinds_refuses_the_others_in_its_own_words_and_asks_visitors_to_sign_in() -> None:
    assert await _answers("/import") == {
        None: (401, "not_authenticated: sign in, or send 'Authorization: Bearer <api key>'"),
        "platform": (200, "platform"),
        "logistics_operator": (200, "logistics_operator"),
        "brand": (403, "permission_denied: only operators import networks"),
    }


async def test_the_platform_operators_routes_refuse_everyone_else_with_permission_denied() -> None:
    assert await _answers("/operate") == {
        None: (401, "not_authenticated: sign in, or send 'Authorization: Bearer <api key>'"),
        "platform": (200, "platform"),
        "logistics_operator": (403, "permission_denied: only the platform operator may do this"),
        "brand": (403, "permission_denied: only the platform operator may do this"),
    }
