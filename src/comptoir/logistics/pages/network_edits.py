"""Editing one hub (name, time zone) or one service (capacity, departure time, duration, cut-off, ready time)
from the control tower.

An edit is a new version of the network: the stored network is written out as its document, the one entry
is changed with the values *as typed*, and the document goes through :func:`import_network`, so it is checked
by exactly the rules of the network file (a number that is not one, ``25:00``, an unknown time zone, an
arrival before departure...). Any problem leaves the stored network as it was.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from comptoir.kernel import i18n
from comptoir.kernel.error_catalogue import sentence_for
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.logistics.errors import NetworkInvalid
from comptoir.logistics.network_file.writing import network_to_document
from comptoir.logistics.pages.control_tower import PATH, FormRefused, LogisticsDesk, page
from comptoir.logistics.services import export_network, import_network

router = APIRouter(include_in_schema=False)


def _typed(text: str) -> Any:
    """A whole number as a number, anything else as the text typed (the network file's rules judge it)."""
    cleaned = text.strip()
    try:
        return int(cleaned)
    except ValueError:
        return cleaned


async def _edit(uow: UnitOfWork, principal: Principal, *, key: str, ident: str, changes: dict[str, Any]) -> None:
    document = network_to_document(await export_network(uow))
    entries = document.get("hubs" if key == "code" else "services", [])
    entry = next((e for e in entries if e.get(key) == ident), None)
    if entry is None:
        raise FormRefused(
            i18n.gettext("Choose a hub of the network.")
            if key == "code"
            else i18n.gettext("Choose a service of the network.")
        )
    entry.update(changes)
    await import_network(uow, principal, network=document)


async def _apply(
    request: Request, runtime: RuntimeDep, principal: Principal, *, key: str, ident: str, changes: dict[str, Any]
) -> Response:
    values = {f"edit_{k}": str(v) for k, v in changes.items()} | {f"edit_{key}": ident}
    try:
        await transact(runtime, lambda uow: _edit(uow, principal, key=key, ident=ident, changes=changes))
    except FormRefused as refused:
        return await page(request, runtime, principal, flashes=[("error", refused.message)], values=values, status=422)
    except ComptoirError as error:
        flashes = [("error", sentence_for(error))]
        if isinstance(error, NetworkInvalid):
            flashes += [("error", str(problem)) for problem in error.problems[:10]]
        return await page(request, runtime, principal, flashes=flashes, values=values, status=error.status)
    return RedirectResponse(f"{PATH}?edited={ident}", status_code=303)


@router.post(f"{PATH}/hubs")
async def edit_hub(
    request: Request,
    runtime: RuntimeDep,
    principal: LogisticsDesk,
    code: str = Form(default="", max_length=16),
    name: str = Form(default="", max_length=200),
    tz: str = Form(default="", max_length=64),
) -> Response:
    """Rename a hub or change its time zone: a new version of the network."""
    return await _apply(
        request, runtime, principal, key="code", ident=code, changes={"name": name.strip(), "tz": tz.strip()}
    )


@router.post(f"{PATH}/services")
async def edit_service(
    request: Request,
    runtime: RuntimeDep,
    principal: LogisticsDesk,
    service: str = Form(default="", max_length=120),
    capacity_kg: str = Form(default="", max_length=12),
    departs: str = Form(default="", max_length=8),
    duration_minutes: str = Form(default="", max_length=8),
    cutoff_minutes: str = Form(default="", max_length=8),
    ready_minutes: str = Form(default="", max_length=8),
) -> Response:
    """Change a service's capacity or times (empty: as it is): a new version of the network."""
    typed = {
        "capacity_kg": capacity_kg,
        "departs": departs,
        "duration_minutes": duration_minutes,
        "cutoff_minutes": cutoff_minutes,
        "ready_minutes": ready_minutes,
    }
    changes = {k: (v.strip() if k == "departs" else _typed(v)) for k, v in typed.items() if v.strip()}
    return await _apply(request, runtime, principal, key="id", ident=service, changes=changes)
