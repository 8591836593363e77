"""The account pages every signed-in organisation has, whatever its space: its API keys."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from comptoir.identity import services as identity
from comptoir.identity.api.models import ApiKeyIdPath
from comptoir.identity.pages.common import error_flash, page, see_other
from comptoir.identity.pages.lengths import errors_beside
from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.errors import ComptoirError, InvalidInput
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact

router = APIRouter()


async def _keys_page(
    request: Request,
    runtime: RuntimeDep,
    principal: Principal,
    *,
    created: identity.CreatedApiKey | None = None,
    error: ComptoirError | None = None,
    name: str = "",
) -> HTMLResponse:
    keys = await transact(runtime, lambda uow: identity.api_keys_of(uow, principal))
    beside = errors_beside(error, shown=("name",))
    context: dict[str, Any] = {"keys": keys, "created": created, "name": name, "field_errors": beside}
    if error is not None and not beside:
        context["flashes"] = error_flash(error)
    return page(request, "identity/api_keys.html", context, status=error.status if error else 200)


@router.get("/account/api-keys", response_class=HTMLResponse)
async def api_keys(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> HTMLResponse:
    return await _keys_page(request, runtime, principal)


@router.post("/account/api-keys", response_class=HTMLResponse)
async def create_api_key(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    # No length here: the body limit bounds memory, and the key name's limit comes back beside the field.
    name: str = Form(default=""),
) -> HTMLResponse:
    """The new key is shown in this answer only (no redirect: the secret must not travel in a URL)."""
    try:
        created = await transact(runtime, lambda uow: identity.create_api_key(uow, principal, name=name))
    except InvalidInput as error:
        return await _keys_page(request, runtime, principal, error=error, name=name)
    response = await _keys_page(request, runtime, principal, created=created)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/api-keys/{key_id}/revoke")
async def revoke_api_key(
    request: Request, key_id: ApiKeyIdPath, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    await transact(runtime, lambda uow: identity.revoke_api_key(uow, principal, key_id=key_id))
    return see_other(request, "/account/api-keys", done="key_revoked")
