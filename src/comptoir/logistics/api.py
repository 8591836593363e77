"""HTTP API of the logistics capability: the stored network and delivery promises.

Reads are open to any authenticated principal; importing a network is for the platform operator or
a logistics operator organisation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from fastapi import APIRouter, Body, Depends, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, JsonValue, field_validator

from comptoir import identity
from comptoir.kernel.auth import CurrentPrincipal, require_kind
from comptoir.kernel.errors import NotFound, PermissionDenied
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.text import SingleLine
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.logistics.domain import WEEKDAYS, Hub, Leg, OrderWithin, Promise, Service, format_instant, lanes
from comptoir.logistics.errors import NetworkInvalid, NetworkNotLoaded, NetworkOwnerInvalid
from comptoir.logistics.promise_text import buyer_locale, order_within_text, promise_text
from comptoir.logistics.services import (
    PromiseEngines,
    import_network,
    load_stored_network,
    order_within,
    promise_delivery,
)
from comptoir.logistics.tracking_api import router as tracking_router

router = APIRouter(tags=["logistics"])
router.include_router(tracking_router)  # carriers' tracking events, states and counts (tracking_api.py)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HubOut(Strict):
    code: str
    name: str
    country: str
    tz: str
    kind: str
    lat: float | None
    lon: float | None


class MoneyOut(Strict):
    currency: str
    value: str


class ServiceOut(Strict):
    id: str
    mode: str
    days: list[str]
    departs: str = Field(description="Local departure time at the origin hub (HH:MM).")
    duration_minutes: int
    cutoff_minutes: int
    ready_minutes: int
    capacity_kg: int | None
    cost_per_kg: MoneyOut | None
    stops: list[str]


class LaneOut(Strict):
    origin: str = Field(serialization_alias="from")
    destination: str = Field(serialization_alias="to")
    weekly_departures: int
    weekly_capacity_kg: int | None
    services: list[ServiceOut]


class NetworkSummaryOut(Strict):
    version: int
    imported_at: str
    hubs: list[HubOut]
    lanes: list[LaneOut]
    connections: int
    clearance: int
    last_mile_zones: list[str]


class ImportOut(Strict):
    version: int
    hubs: int
    services: int
    connections: int
    clearance: int
    last_mile: int


_TIME_ZONES: list[JsonValue] = list(sorted(available_timezones()))
#: The languages a promise is written in (the kernel's SUPPORTED_LOCALES as language tags); others are refused.
BuyerLanguage = Literal["zh-Hans", "fr", "en"]


class PromiseIn(Strict):
    origin: SingleLine = Field(min_length=1, max_length=16, description="Hub code where the parcel is ready.")
    zone: SingleLine = Field(min_length=1, max_length=40, description="Last-mile zone of the buyer, e.g. FR-75.")
    ready_at: AwareDatetime | None = Field(default=None, description="When the parcel is ready; default now.")
    locale: BuyerLanguage = Field(default="fr", description="Buyer's language: zh-Hans, fr or en.")
    time_zone: str | None = Field(
        default=None,
        max_length=64,
        description="Buyer's IANA zone; default station's.",
        json_schema_extra={"enum": _TIME_ZONES},
    )
    regime: SingleLine | None = Field(default=None, max_length=40, description="Restrict import clearance to a regime.")

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        # The same list the schema states: ZoneInfo alone also opens files such as "posixrules".
        if value not in available_timezones():
            raise ValueError(f"unknown time zone {value!r}")
        return value


class LegOut(Strict):
    connection: str
    trip: str
    origin: str = Field(serialization_alias="from")
    destination: str = Field(serialization_alias="to")
    departs_at: str
    arrives_at: str


class MilestoneOut(Strict):
    kind: str
    at: str
    hub: str


class OrderWithinOut(Strict):
    order_by: str
    remaining_minutes: int
    text: str


class PromiseOut(Strict):
    origin: str
    zone: str
    ready_at: str
    found: bool
    station: str | None = None
    gateway: str | None = None
    regime: str | None = None
    clearance_minutes: int | None = None
    delivery_date: str | None = None
    delivered_by: str | None = None
    legs: list[LegOut] = []
    milestones: list[MilestoneOut] = []
    locale: str
    text: str | None = None
    order_within: OrderWithinOut | None = None


def _hub(hub: Hub) -> HubOut:
    return HubOut(
        code=hub.code, name=hub.name, country=hub.country, tz=hub.tz, kind=hub.kind.value, lat=hub.lat, lon=hub.lon
    )


def _service(service: Service) -> ServiceOut:
    cost = service.cost_per_kg
    return ServiceOut(
        id=service.id,
        mode=service.mode.value,
        days=[WEEKDAYS[d] for d in service.days],
        departs=service.departs.strftime("%H:%M"),
        duration_minutes=service.duration_minutes,
        cutoff_minutes=service.cutoff_minutes,
        ready_minutes=service.ready_minutes,
        capacity_kg=service.capacity_kg,
        cost_per_kg=None if cost is None else MoneyOut(**cost.as_json()),
        stops=[s.hub for s in service.stops],
    )


def _leg(leg: Leg) -> LegOut:
    return LegOut(
        connection=leg.connection,
        trip=leg.trip,
        origin=leg.origin,
        destination=leg.destination,
        departs_at=format_instant(leg.departs_at),
        arrives_at=format_instant(leg.arrives_at),
    )


@router.get("/logistics/network", response_model=NetworkSummaryOut, response_model_by_alias=True)
async def network_summary(runtime: RuntimeDep, _: CurrentPrincipal) -> NetworkSummaryOut:
    """The stored network: its hubs and its services grouped by lane."""
    stored = await transact(runtime, load_stored_network)
    if stored is None:
        raise NetworkNotLoaded()
    network = stored.network
    return NetworkSummaryOut(
        version=stored.version,
        imported_at=format_instant(stored.imported_at),
        hubs=[_hub(h) for h in network.hubs],
        lanes=[
            LaneOut(
                origin=lane.origin.code,
                destination=lane.destination.code,
                weekly_departures=lane.weekly_departures,
                weekly_capacity_kg=lane.weekly_capacity_kg,
                services=[_service(s) for s in lane.services],
            )
            for lane in lanes(network)
        ],
        connections=len(network.connections),
        clearance=len(network.clearance),
        last_mile_zones=sorted({z.zone for z in network.last_mile}),
    )


@router.get("/logistics/hubs", response_model=list[HubOut])
async def list_hubs(runtime: RuntimeDep, _: CurrentPrincipal) -> list[HubOut]:
    """Every hub of the stored network, in the order of the network file."""
    stored = await transact(runtime, load_stored_network)
    if stored is None:
        raise NetworkNotLoaded()
    return [_hub(h) for h in stored.network.hubs]


# A dependency, so that it runs before the idempotency guard: a replay is refused like a first attempt.
NetworkImporter = Annotated[
    Principal,
    Depends(
        require_kind(
            OrganisationKind.PLATFORM,
            OrganisationKind.LOGISTICS_OPERATOR,
            refusal=lambda: PermissionDenied(
                "only the platform operator or a logistics operator may import the network"
            ),
        )
    ),
]
OWNER_PATTERN = "^org_[0-9A-HJKMNP-TV-Z]{26}$"


async def _logistics_operator_name(runtime: RuntimeDep, operator: Principal, organisation_id: str) -> str:
    """The name of the logistics operator organisation the platform operator hands the network to."""
    try:
        found = await transact(
            runtime, lambda uow: identity.organisation(uow, operator, organisation_id=organisation_id)
        )
    except NotFound:
        found = None
    if found is None or found.kind is not OrganisationKind.LOGISTICS_OPERATOR:
        raise NetworkOwnerInvalid("the network's owner is a logistics operator organisation")
    return found.name


@router.post("/logistics/network", response_model=ImportOut)
async def import_network_document(
    runtime: RuntimeDep,
    principal: NetworkImporter,
    document: Annotated[dict[str, Any], Body()],
    _: Idempotent,
    owner: Annotated[
        str | None,
        Query(
            pattern=OWNER_PATTERN,
            description=("Platform operator only: the logistics operator organisation the network is handed to."),
        ),
    ] = None,
) -> ImportOut:
    """Replace the stored network by ``document`` (the network file format); with any problem nothing changes
    and the answer is ``422 network_invalid`` listing every problem under ``problems``.

    The first logistics operator to import the network owns it; from then on only the owner or the platform
    operator imports a new version, and another logistics operator is answered ``403
    network_owned_by_another_operator`` with nothing changed."""
    owner_name = None
    if owner is not None and principal.is_platform_operator:
        owner_name = await _logistics_operator_name(runtime, principal, owner)
    try:
        stored = await transact(
            runtime,
            lambda uow: import_network(
                uow,
                principal,
                network=document,
                operator_org_id=owner,
                operator_name=owner_name,
                imported_by=principal.actor_id,
            ),
        )
    except NetworkInvalid as exc:
        exc.extra = {**exc.extra, "problems": [{"entry": p.entry, "message": p.message} for p in exc.problems]}
        raise
    network = stored.network
    return ImportOut(
        version=stored.version,
        hubs=len(network.hubs),
        services=len(network.services),
        connections=len(network.connections),
        clearance=len(network.clearance),
        last_mile=len(network.last_mile),
    )


def promise_answer(
    promise: Promise | None,
    *,
    origin: str,
    zone: str,
    ready_at: datetime,
    locale: str,
    tz: str | None,
    offer: OrderWithin | None = None,
) -> PromiseOut:
    """The API shape of a promise (``found`` false when no path delivers), with the buyer's text."""
    lang = buyer_locale(locale)
    if promise is None:
        return PromiseOut(origin=origin, zone=zone, ready_at=format_instant(ready_at), found=False, locale=lang)
    return PromiseOut(
        origin=origin,
        zone=zone,
        ready_at=format_instant(ready_at),
        found=True,
        station=promise.station,
        gateway=promise.gateway,
        regime=promise.regime,
        clearance_minutes=promise.clearance_minutes,
        delivery_date=promise.delivery_date.isoformat(),
        delivered_by=format_instant(promise.delivered_by),
        legs=[_leg(leg) for leg in promise.legs],
        milestones=[MilestoneOut(kind=m.kind.value, at=format_instant(m.at), hub=m.hub) for m in promise.milestones],
        locale=lang,
        text=promise_text(promise, locale=lang, tz=tz),
        order_within=None
        if offer is None
        else OrderWithinOut(
            order_by=format_instant(offer.order_by),
            remaining_minutes=int(offer.remaining.total_seconds()) // 60,
            text=order_within_text(offer, locale=lang, tz=tz),
        ),
    )


@router.post("/logistics/promises", response_model=PromiseOut, response_model_by_alias=True)
async def request_promise(
    runtime: RuntimeDep, principal: CurrentPrincipal, query: PromiseIn, _: Idempotent
) -> PromiseOut:
    """The promised delivery for a parcel ready at ``origin`` to ``zone``, with legs, milestones and the buyer's text.

    Without ``ready_at`` the parcel is ready now, and the answer also says how long the buyer has to
    order and keep that date (``order_within``).
    """
    engines = PromiseEngines.of(runtime.database)

    async def answer(uow: UnitOfWork) -> tuple[Promise | None, datetime, OrderWithin | None]:
        if query.ready_at is None:
            offer = await order_within(uow, engines=engines, origin=query.origin, zone=query.zone, regime=query.regime)
            return (None, uow.clock.now(), None) if offer is None else (offer.promise, offer.now, offer)
        promise = await promise_delivery(
            uow, engines=engines, origin=query.origin, zone=query.zone, ready_at=query.ready_at, regime=query.regime
        )
        return promise, query.ready_at, None

    promise, ready_at, offer = await transact(runtime, answer)
    return promise_answer(
        promise,
        origin=query.origin,
        zone=query.zone,
        ready_at=ready_at,
        locale=query.locale,
        tz=query.time_zone,
        offer=offer,
    )


# Shipments, disruptions and the SLA monitor have their own module; their routes are this router's.
from comptoir.logistics.shipments_api import router as _shipment_routes  # noqa: E402

router.include_router(_shipment_routes)
