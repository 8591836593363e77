"""HTTP API of shipments: booking parcels, their plans, labels and waybills, disruptions and the SLA monitor.

For the logistics operator that runs the network (API key or session) and the platform operator; any
other organisation is refused. An operator sees only the shipments booked on its network: another's id
is not found. Included in the capability's router by ``logistics/api.py``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from comptoir.kernel.auth import require_kind
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.text import SingleLine
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.domain import Leg, format_instant
from comptoir.logistics.domain.shipments import MAX_PARCEL_G, Disruption, LaneHealth, Shipment
from comptoir.logistics.errors import QueryInvalid
from comptoir.logistics.labels import label_svg
from comptoir.logistics.services import (
    PromiseEngines,
    book_shipment,
    disrupt_connection,
    get_shipment,
    list_disruptions,
    list_shipments,
    promise_health_by_lane,
)

router = APIRouter(tags=["logistics"])

Operator = Annotated[
    Principal,
    Depends(
        require_kind(
            OrganisationKind.PLATFORM,
            OrganisationKind.LOGISTICS_OPERATOR,
            refusal=lambda: PermissionDenied("only a logistics operator or the platform operator handles shipments"),
        )
    ),
]
INSTANT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$"
"""An ISO 8601 instant with its UTC offset, as a query parameter writes it (a number is not one)."""
ShipmentKey = Annotated[
    str,
    Path(
        pattern=r"^(shp_[0-9A-HJKMNP-TV-Z]{26}|prc_[0-9A-HJKMNP-TV-Z]{26}|[A-Za-z]{2}[0-9]{9}[A-Za-z]{2})$",
        description="The shipment's id (shp_…) or its parcel id (S10 or prc_…).",
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlannedLegOut(Strict):
    """One connection of the plan (the promise's legs, with ``from``/``to`` as in the network file)."""

    connection: str
    trip: str
    origin: str = Field(serialization_alias="from")
    destination: str = Field(serialization_alias="to")
    departs_at: str
    arrives_at: str

    @classmethod
    def of(cls, leg: Leg) -> PlannedLegOut:
        return cls(
            connection=leg.connection,
            trip=leg.trip,
            origin=leg.origin,
            destination=leg.destination,
            departs_at=format_instant(leg.departs_at),
            arrives_at=format_instant(leg.arrives_at),
        )


class PlannedMilestoneOut(Strict):
    kind: str
    at: str
    hub: str


class ShipmentIn(Strict):
    seller_org_id: SingleLine = Field(min_length=1, max_length=40, description="The seller organisation.")
    order_reference: SingleLine = Field(
        min_length=1, max_length=80, description="The seller's order; booking it again answers the same shipment."
    )
    origin: SingleLine = Field(min_length=1, max_length=16, description="Hub code where the parcel is ready.")
    zone: SingleLine = Field(min_length=1, max_length=40, description="The buyer's last-mile zone, e.g. FR-75.")
    weight_g: int = Field(ge=1, le=MAX_PARCEL_G, description="Gross weight in grams.")
    ready_at: AwareDatetime | None = Field(default=None, description="When the parcel is ready; default now.")
    regime: SingleLine | None = Field(default=None, max_length=40)
    parcel_id: SingleLine | None = Field(
        default=None, max_length=40, description="An S10 id already printed; default the next of the series."
    )
    s10_service: str = Field(default="EB", pattern="^[A-Z]{2}$", description="S10 service indicator.")
    shipper: SingleLine = Field(default="", max_length=200)
    consignee_name: SingleLine = Field(default="", max_length=100, description="Stored masked only.")
    contents: SingleLine = Field(default="", max_length=400)


class WaybillOut(Strict):
    parcel_id: str
    shipper: str
    consignee: str
    weight_g: int
    contents: str
    order_reference: str


class ShipmentOut(Strict):
    id: str
    parcel_id: str
    status: str
    seller_org_id: str
    order_reference: str
    origin: str
    zone: str
    station: str | None
    gateway: str | None
    weight_g: int
    ready_at: str
    promised_date: date | None
    promised_by: str | None
    first_promised_date: date | None
    promise_reason: str | None
    replans: int
    legs: list[PlannedLegOut]
    milestones: list[PlannedMilestoneOut]
    waybill: WaybillOut

    @classmethod
    def of(cls, s: Shipment) -> ShipmentOut:
        return cls(
            id=s.id,
            parcel_id=s.parcel_id,
            status=s.status.value,
            seller_org_id=s.seller_org_id,
            order_reference=s.order_reference,
            origin=s.origin,
            zone=s.zone,
            station=s.station,
            gateway=s.gateway,
            weight_g=s.weight_g,
            ready_at=format_instant(s.ready_at),
            promised_date=s.promised_date,
            promised_by=None if s.promised_by is None else format_instant(s.promised_by),
            first_promised_date=s.first_promised_date,
            promise_reason=s.promise_reason,
            replans=s.replans,
            legs=[PlannedLegOut.of(leg) for leg in s.legs],
            milestones=[
                PlannedMilestoneOut(kind=m.kind.value, at=format_instant(m.at), hub=m.hub) for m in s.milestones
            ],
            waybill=WaybillOut(
                parcel_id=s.waybill.parcel_id,
                shipper=s.waybill.shipper,
                consignee=s.waybill.consignee,
                weight_g=s.waybill.weight_g,
                contents=s.waybill.contents,
                order_reference=s.waybill.order_reference,
            ),
        )


class DisruptionIn(Strict):
    connection: SingleLine = Field(
        min_length=1, max_length=120, description="The connection: <service>@<local date>[#leg], or an explicit id."
    )
    kind: Literal["cancelled", "delayed"]
    delay_minutes: int = Field(default=0, ge=0, le=7 * 24 * 60)
    reason: SingleLine = Field(default="", max_length=200)


class DisruptionOut(Strict):
    connection: str
    kind: str
    delay_minutes: int
    reason: str
    declared_at: str
    replanned: int | None = None
    later: int | None = None
    unplanned: int | None = None

    @classmethod
    def of(cls, d: Disruption) -> DisruptionOut:
        return cls(
            connection=d.connection_id,
            kind=d.kind.value,
            delay_minutes=d.delay_minutes,
            reason=d.reason,
            declared_at=format_instant(d.declared_at),
        )


class LaneHealthOut(Strict):
    origin: str
    station: str | None
    on_track: int
    at_risk: int
    broken: int
    total: int

    @classmethod
    def of(cls, lane: LaneHealth) -> LaneHealthOut:
        return cls(
            origin=lane.origin,
            station=lane.station,
            on_track=lane.on_track,
            at_risk=lane.at_risk,
            broken=lane.broken,
            total=lane.total,
        )


@router.post("/logistics/shipments", response_model=ShipmentOut, response_model_by_alias=True, status_code=201)
async def create_shipment(runtime: RuntimeDep, principal: Operator, body: ShipmentIn, _: Idempotent) -> ShipmentOut:
    """Book a parcel on the network: its plan takes the earliest path with room on every connection.

    Booking the same ``order_reference`` of the same seller again answers the shipment already booked.
    Without a network, or with no path left, the shipment is ``unplanned``."""
    engines = PromiseEngines.of(runtime.database)
    shipment = await transact(
        runtime,
        lambda uow: book_shipment(
            uow,
            principal,
            engines=engines,
            seller_org_id=body.seller_org_id,
            order_reference=body.order_reference,
            origin=body.origin,
            zone=body.zone,
            weight_g=body.weight_g,
            ready_at=body.ready_at,
            regime=body.regime,
            parcel=body.parcel_id,
            s10_service=body.s10_service,
            shipper=body.shipper,
            consignee_name=body.consignee_name,
            contents=body.contents,
        ),
    )
    return ShipmentOut.of(shipment)


@router.get("/logistics/shipments", response_model=Page[ShipmentOut], response_model_by_alias=True)
async def shipments(
    runtime: RuntimeDep, principal: Operator, cursor: PageCursor = None, limit: PageLimit = DEFAULT_PAGE
) -> Page[ShipmentOut]:
    """The caller's shipments in booking order (the platform operator sees every one)."""
    after = cursor_position(cursor, key="after", kind=str, prefix="shp")
    found = await transact(runtime, lambda uow: list_shipments(uow, principal, after=after, limit=limit + 1))
    page, next_cursor = cut_page(found, limit, key="after", position_of=lambda s: s.id)
    return Page[ShipmentOut](items=[ShipmentOut.of(s) for s in page], next_cursor=next_cursor)


@router.get("/logistics/shipments/{shipment_id}", response_model=ShipmentOut, response_model_by_alias=True)
async def shipment(runtime: RuntimeDep, principal: Operator, shipment_id: ShipmentKey) -> ShipmentOut:
    """One shipment with its plan (legs, milestones), promise and waybill."""
    return ShipmentOut.of(await transact(runtime, lambda uow: get_shipment(uow, principal, key=shipment_id)))


@router.get(
    "/logistics/shipments/{shipment_id}/label.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}, "description": "The label, 100 x 150 mm."}},
)
async def shipment_label(runtime: RuntimeDep, principal: Operator, shipment_id: ShipmentKey) -> Response:
    """The parcel's label: its id as a Code 128 barcode, the route, zone, masked consignee and weight."""
    found = await transact(runtime, lambda uow: get_shipment(uow, principal, key=shipment_id))
    return Response(label_svg(found), media_type="image/svg+xml")


@router.post("/logistics/disruptions", response_model=DisruptionOut, status_code=201)
async def disrupt(runtime: RuntimeDep, principal: Operator, body: DisruptionIn, _: Idempotent) -> DisruptionOut:
    """Cancel or delay a connection: every shipment planned on it is re-planned and re-promised."""
    engines = PromiseEngines.of(runtime.database)
    outcome = await transact(
        runtime,
        lambda uow: disrupt_connection(
            uow,
            principal,
            engines=engines,
            connection_id=body.connection,
            kind=body.kind,
            delay_minutes=body.delay_minutes,
            reason=body.reason,
        ),
    )
    answer = DisruptionOut.of(outcome.disruption)
    return answer.model_copy(
        update={"replanned": outcome.replanned, "later": outcome.later, "unplanned": outcome.unplanned}
    )


@router.get("/logistics/disruptions", response_model=list[DisruptionOut])
async def disruptions(runtime: RuntimeDep, _: Operator) -> list[DisruptionOut]:
    """Every connection cancelled or delayed."""
    return [DisruptionOut.of(d) for d in await transact(runtime, list_disruptions)]


@router.get("/logistics/sla", response_model=list[LaneHealthOut])
async def sla(
    runtime: RuntimeDep,
    principal: Operator,
    at: Annotated[str | None, Query(pattern=INSTANT, description="When, ISO 8601 with its offset; default now.")] = (
        None
    ),
) -> list[LaneHealthOut]:
    """Per lane (origin hub to delivery station), promises on track, at risk and broken (at ``at``, default now)."""
    try:
        moment = None if at is None else datetime.fromisoformat(at)
    except ValueError:
        raise QueryInvalid(f"at {at!r} is not a date and time") from None
    lanes = await transact(runtime, lambda uow: promise_health_by_lane(uow, principal, now=moment))
    return [LaneHealthOut.of(lane) for lane in lanes]
