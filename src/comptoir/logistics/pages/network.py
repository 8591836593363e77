"""The network page and its promise form (templates in ``logistics/templates/logistics``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from comptoir.kernel import i18n
from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.pages import render
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.spaces import NavLink, Space
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.logistics.domain import Network, OrderWithin, Promise, lanes
from comptoir.logistics.errors import QueryInvalid
from comptoir.logistics.pages import network_words
from comptoir.logistics.pages.network_map import network_map
from comptoir.logistics.pages.tower_words import milestone_names
from comptoir.logistics.promise_text import order_within_text, promise_text
from comptoir.logistics.services import PromiseEngines, load_stored_network, order_within, promise_delivery

router = APIRouter(include_in_schema=False)

#: The logistics operator's space; the platform operator watches the network from it too.
SPACES = (
    Space(
        name="logistics",
        kinds=frozenset({OrganisationKind.LOGISTICS_OPERATOR, OrganisationKind.PLATFORM}),
        home="/logistics/network",
        persona=lambda: i18n.gettext("Logistics operator"),
        title=lambda: i18n.gettext("Network"),
        blurb=lambda: i18n.gettext("Hubs, scheduled services per lane and the delivery promise they make possible."),
        links=(
            NavLink("/logistics/network", lambda: i18n.gettext("Network")),
            NavLink("/logistics/control-tower", lambda: i18n.gettext("Control tower")),
        ),
        rank=40,
    ),
)


def _words() -> dict[str, Any]:
    """The helpers templates use to write the network in people's words (see :mod:`.network_words`)."""
    w = network_words
    return {
        "kind_name": w.kind_name, "mode_name": w.mode_name, "weekday_name": w.weekday_name,
        "country_name": w.country_name, "zone_label": w.zone_label, "duration": w.duration_text,
        "clearance_text": w.clearance_text, "last_mile_text": w.last_mile_text, "local_moment": w.local_moment,
    }  # fmt: skip


def _kg(value: int) -> str:
    return str(format_decimal(value, locale=i18n.babel_locale()))


@router.get("/logistics/network", response_class=HTMLResponse)
async def network_page(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> HTMLResponse:
    """The stored network: hubs, services per lane, a plot of hubs and lanes, and a promise form."""
    stored = await transact(runtime, load_stored_network)
    context: dict[str, Any] = {"stored": stored, **_words(), "kg": _kg}
    if stored is not None:
        network = stored.network
        context.update(
            hubs=network.hubs,
            hub_name=lambda code: network_words.hub_name(network, code),
            lanes=lanes(network),
            map=network_map(network),
            zones=sorted({z.zone for z in network.last_mile}),
            clearance=network.clearance,
            last_mile=network.last_mile,
            connections=len(network.connections),
        )
    return render(request, "logistics/network.html", context)


def _parse_local(text: str, tz: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise QueryInvalid(f"{text!r} is not a date and time (YYYY-MM-DDTHH:MM)") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment


@router.get("/logistics/network/promise", response_class=HTMLResponse)
async def promise_fragment(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    origin: Annotated[str, Query(max_length=16)],
    zone: Annotated[str, Query(max_length=40)],
    ready_at: Annotated[str, Query(max_length=32)] = "",
    buyer_locale: Annotated[str, Query(max_length=35)] = "",
) -> HTMLResponse:
    """The promise for the form's origin and zone, as an HTML fragment (refusals are shown in it)."""
    locale = buyer_locale or i18n.current_locale.get()
    context: dict[str, Any] = {"milestone_names": milestone_names(), "origin": origin, "zone": zone, **_words()}
    engines = PromiseEngines.of(runtime.database)

    async def answer(uow: UnitOfWork) -> tuple[Network, Promise | None, OrderWithin | None]:
        # The network its engine was built from: not read again from storage for each fragment.
        network = await engines.network(uow)
        hub = network.hub(origin)
        if ready_at.strip():
            moment = _parse_local(ready_at.strip(), hub.tz if hub else "UTC")
            return (
                network,
                await promise_delivery(uow, engines=engines, origin=origin, zone=zone, ready_at=moment),
                None,
            )
        offer = await order_within(uow, engines=engines, origin=origin, zone=zone)
        return network, None if offer is None else offer.promise, offer

    try:
        network, promise, offer = await transact(runtime, answer)
    except ComptoirError as exc:
        context.update(error=exc)
        return render(request, "logistics/promise_result.html", context)
    if promise is not None:
        context.update(
            hub_name=lambda code: network_words.hub_name(network, code),
            leg_text=lambda leg: network_words.leg_text(network, leg),
            hub_tz=lambda code: getattr(network.hub(code), "tz", "UTC"),
            promise=promise,
            text=promise_text(promise, locale=locale),
            order_within=None if offer is None else order_within_text(offer, locale=locale),
            tz=promise.station_tz,
        )
    return render(request, "logistics/promise_result.html", context)
