"""Booking a parcel onto the network's capacity, and reading shipments back.

:func:`book_shipment` is idempotent by (seller, order reference): booking the same order again answers the
shipment already booked and consumes nothing more. The plan is the promise engine's earliest delivery
around cancelled connections (delays applied) and the connections already full for this parcel; each
leg then consumes the parcel's weight with one conditional UPDATE (``booked_g + w <= capacity_g``). A leg
that turns out full (a concurrent booking took the room) is closed too, what this booking took is given
back, and the next path is planned, until one books or none is left (the shipment is then
``unplanned``).

A shipment belongs to the logistics operator that owns the network when it is booked: an operator
sees only its own (another's id is not found); the platform operator and internal callers see all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from comptoir.kernel.clock import utc
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.ids import new_id
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.text import TextRefused, check_text
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.logistics import repository
from comptoir.logistics import shipment_repository as store
from comptoir.logistics._engine import PromiseEngine
from comptoir.logistics._engine.adjusted import AdjustedRoutes, capacity_kg, connection_index
from comptoir.logistics.domain import (
    Leg,
    Milestone,
    MilestoneKind,
    Network,
    Promise,
    compute_promise,
    make_s10,
    parcel_id,
)
from comptoir.logistics.domain.shipments import (
    S10_SERVICE,
    DisruptionKind,
    Shipment,
    ShipmentBooked,
    ShipmentStatus,
    Waybill,
    capacity_grams,
    full_reason,
    mask_name,
    weight_problem,
)
from comptoir.logistics.errors import (
    ParcelSerialsExhausted,
    ShipmentInvalid,
    ShipmentNotFound,
    UnknownHub,
    UnknownZone,
)
from comptoir.logistics.services.network import stored_network_version
from comptoir.logistics.services.promises import PromiseEngines, _check_within_a_year

MAX_ATTEMPTS = 12
"""Paths tried for one parcel before it is left unplanned (each full connection closes one more)."""
SERIAL_LIMIT = 99_999_999


@dataclass(frozen=True, slots=True)
class Plan:
    """What planning found: the promise booked (None: no path with room), the first one found, and why they differ."""

    promise: Promise | None
    first: Promise | None
    reason: str | None


def _text(value: str, name: str, limit: int, *, required: bool = True) -> str:
    if len(value) > limit:
        raise ShipmentInvalid(f"{name} is longer than {limit} characters")
    try:
        check_text(value, required=required)
    except TextRefused as exc:
        raise ShipmentInvalid(f"{name} {exc}") from None
    return value


async def disruption_view(uow: UnitOfWork) -> tuple[set[str], dict[str, int]]:
    """The connections cancelled, and those delayed with their minutes, as declared by the operator."""
    cancelled: set[str] = set()
    delayed: dict[str, int] = {}
    for row in await store.all_disruptions(uow.session):
        if row["kind"] == DisruptionKind.CANCELLED.value:
            cancelled.add(row["connection_id"])
        else:
            delayed[row["connection_id"]] = int(row["delay_minutes"])
    return cancelled, delayed


def load_rows(engine: PromiseEngine, legs: tuple[Leg, ...]) -> list[dict[str, Any]]:
    """The load rows of ``legs``' connections, with each one's capacity in grams from the network."""
    rows = []
    for leg in legs:
        index = connection_index(engine.timetable, leg.connection)
        capacity = None if index is None else capacity_grams(capacity_kg(engine.timetable, index))
        rows.append({"connection_id": leg.connection, "departs_at": leg.departs_at, "capacity_g": capacity})
    return rows


async def book_legs(uow: UnitOfWork, legs: tuple[Leg, ...], *, grams: int, parcels: int = 1) -> str | None:
    """Consume ``grams`` on every leg's connection (in id order, so concurrent bookings lock rows alike);
    None when all fit, else the id of the first that did not, with what was taken here given back."""
    taken: list[str] = []
    for connection in sorted({leg.connection for leg in legs}):
        if not await store.book_load(uow.session, connection, grams=grams, parcels=parcels):
            await store.release_loads(uow.session, {c: (grams, parcels) for c in taken})
            return connection
        taken.append(connection)
    return None


async def plan_parcel(
    uow: UnitOfWork,
    *,
    engine: PromiseEngine,
    network: Network,
    origin: str,
    zone: str,
    regime: str | None,
    ready_at: datetime,
    grams: int,
) -> Plan:
    """Plan and book one parcel (see the module doc); the caller stores the plan."""
    cancelled, delayed = await disruption_view(uow)
    first = compute_promise(
        AdjustedRoutes(engine, closed=cancelled, delayed=delayed), network, origin, zone, ready_at, regime=regime
    )
    if first is None:
        return Plan(None, None, "no path")
    closed = await store.full_connections(uow.session, grams=grams, departing_from=ready_at)
    for _ in range(MAX_ATTEMPTS):
        promise: Promise | None = first
        if closed:
            routes = AdjustedRoutes(engine, closed=cancelled | closed, delayed=delayed)
            promise = compute_promise(routes, network, origin, zone, ready_at, regime=regime)
        if promise is None:
            return Plan(None, first, full_reason(first.legs, closed) or "every path full")
        await store.ensure_loads(uow.session, load_rows(engine, promise.legs))
        failed = await book_legs(uow, promise.legs, grams=grams)
        if failed is None:
            return Plan(promise, first, full_reason(first.legs, closed))
        closed.add(failed)
    return Plan(None, first, "every path full")


async def _allocate_parcel_id(uow: UnitOfWork, *, issuer: str, service: str, country: str) -> str:
    """A fresh S10 id of the issuer's series (skipping any a caller already gave a shipment)."""
    while True:
        serial = await store.next_serial(uow.session, issuer=issuer, service=service, country=country)
        if serial > SERIAL_LIMIT:
            raise ParcelSerialsExhausted(f"every serial of {service}…{country} is used")
        candidate = str(make_s10(service, serial, country))
        if await store.shipment_by_key(uow.session, candidate) is None:
            return candidate


def _operator_of(principal: Principal | None, owner: str | None) -> None:
    """Only the network's owner (or the platform, or an internal caller) books onto the network."""
    if principal is None or principal.is_platform_operator:
        return
    if principal.organisation_kind != OrganisationKind.LOGISTICS_OPERATOR or principal.organisation_id != owner:
        raise PermissionDenied("only the logistics operator that runs the network books shipments on it")


async def book_shipment(
    uow: UnitOfWork,
    principal: Principal | None = None,
    *,
    engines: PromiseEngines,
    seller_org_id: str,
    order_reference: str,
    origin: str,
    zone: str,
    weight_g: int,
    ready_at: datetime | None = None,
    regime: str | None = None,
    parcel: str | None = None,
    s10_service: str = S10_SERVICE,
    s10_country: str | None = None,
    shipper: str = "",
    consignee_name: str = "",
    consignee_key: str | None = None,
    contents: str = "",
    strict: bool = True,
) -> Shipment:
    """Book the parcel of ``order_reference`` (once per seller and reference) and answer its shipment.

    The parcel id is ``parcel`` when given (an S10 or ``prc_`` id, refused if another shipment has it),
    else the next S10 id of the network owner's series for ``s10_service`` and ``s10_country`` (default:
    the origin hub's country); without either country (no network) an internal ``prc_`` id. Without a
    stored network the shipment is recorded ``unplanned``. Refuses (:class:`ShipmentInvalid`,
    :class:`UnknownHub`, :class:`UnknownZone`, :class:`QueryInvalid`) with nothing written; with ``strict``
    False (a paid order must get its parcel whatever the network says) an origin or zone the network does
    not serve leaves the shipment ``unplanned`` with the reason instead. Publishes :class:`ShipmentBooked`
    for a new shipment.
    """
    problem = weight_problem(weight_g)
    if problem is not None:
        raise ShipmentInvalid(problem)
    _text(seller_org_id, "seller_org_id", 40)
    _text(order_reference, "order_reference", 80)
    _text(shipper, "shipper", 200, required=False)
    _text(consignee_name, "consignee_name", 100, required=False)
    _text(contents, "contents", 400, required=False)
    if consignee_key is not None:
        _text(consignee_key, "consignee_key", 64)
    existing = await store.shipment_by_order(uow.session, seller_org_id=seller_org_id, order_reference=order_reference)
    if existing is not None:
        foreign = principal is not None and not principal.is_platform_operator
        if foreign and principal is not None and existing["operator_org_id"] != principal.organisation_id:
            raise ShipmentInvalid("this order already has a shipment with another operator")
        return (await _shipments_of(uow, [existing]))[0]
    ready = utc(ready_at) if ready_at is not None else uow.clock.now()
    _check_within_a_year(uow, ready)
    version = await stored_network_version(uow)
    plan = Plan(None, None, "no network loaded")
    owner: str | None = None
    country = s10_country
    if version is not None:
        stored_network, engine = await engines.engine_for(uow, ready)
        owner = await _network_owner(uow)
        _operator_of(principal, owner)
        hub = stored_network.hub(origin)
        country = country or (hub.country if hub is not None else None)
        try:
            plan = await plan_parcel(
                uow,
                engine=engine,
                network=stored_network,
                origin=origin,
                zone=zone,
                regime=regime,
                ready_at=ready,
                grams=weight_g,
            )
        except (UnknownHub, UnknownZone) as refused:  # raised before anything is booked
            if strict:
                raise
            plan = Plan(None, None, str(refused)[:200])
    elif principal is not None and not principal.is_platform_operator:
        _operator_of(principal, None)
    if parcel is not None:
        try:
            chosen = parcel_id(parcel)
        except ValueError as exc:
            raise ShipmentInvalid(f"parcel: {exc}") from None
        if await store.shipment_by_key(uow.session, chosen) is not None:
            raise ShipmentInvalid(f"another shipment already has the parcel id {chosen}")
    elif country is not None:
        try:
            make_s10(s10_service, 0, country)
        except ValueError as exc:
            raise ShipmentInvalid(str(exc)) from None
        chosen = await _allocate_parcel_id(uow, issuer=owner or "", service=s10_service, country=country)
    else:
        chosen = new_id("prc")
    now = uow.clock.now()
    promise = plan.promise
    shipment_id = new_id("shp")
    status = ShipmentStatus.PLANNED if promise is not None else ShipmentStatus.UNPLANNED
    row: dict[str, Any] = {
        "id": shipment_id,
        "parcel_id": chosen,
        "operator_org_id": owner,
        "seller_org_id": seller_org_id,
        "order_reference": order_reference,
        "origin": origin,
        "zone": zone,
        "regime": regime,
        "weight_g": weight_g,
        "ready_at": ready,
        "status": status.value,
        "station": promise.station if promise else None,
        "gateway": promise.gateway if promise else None,
        "promised_date": promise.delivery_date if promise else None,
        "promised_by": promise.delivered_by if promise else None,
        "first_promised_date": promise.delivery_date if promise else None,
        "first_promised_by": promise.delivered_by if promise else None,
        "promise_reason": plan.reason,
        "replans": 0,
        "delivered_at": None,
        "shipper_name": shipper,
        "consignee_masked": mask_name(consignee_name),
        "consignee_key": consignee_key,
        "contents": contents,
        "created_at": now,
        "updated_at": now,
    }
    await store.insert_shipment(uow.session, row)
    if promise is not None:
        legs, milestones = plan_rows(shipment_id, promise.legs, promise.milestones)
        await store.write_plans(uow.session, legs, milestones)
    uow.publish(
        ShipmentBooked(
            shipment_id=shipment_id,
            parcel_id=chosen,
            order_reference=order_reference,
            seller_org_id=seller_org_id,
            status=status.value,
            promised_by=promise.delivered_by if promise else None,
            reason=plan.reason,
        )
    )
    return shipment_of(row, promise.legs if promise else (), promise.milestones if promise else ())


async def _network_owner(uow: UnitOfWork) -> str | None:
    record = await repository.network_record(uow.session)
    return None if record is None else record["operator_org_id"]


def plan_rows(
    shipment_id: str, legs: tuple[Leg, ...], milestones: tuple[Milestone, ...]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return (
        [
            {
                "shipment_id": shipment_id,
                "position": i,
                "connection_id": leg.connection,
                "trip": leg.trip,
                "origin": leg.origin,
                "destination": leg.destination,
                "departs_at": leg.departs_at,
                "arrives_at": leg.arrives_at,
            }
            for i, leg in enumerate(legs)
        ],
        [
            {"shipment_id": shipment_id, "position": i, "kind": m.kind.value, "hub": m.hub, "at": m.at}
            for i, m in enumerate(milestones)
        ],
    )


def shipment_of(row: Any, legs: tuple[Leg, ...], milestones: tuple[Milestone, ...]) -> Shipment:
    return Shipment(
        id=row["id"],
        parcel_id=row["parcel_id"],
        operator_org_id=row["operator_org_id"],
        seller_org_id=row["seller_org_id"],
        order_reference=row["order_reference"],
        origin=row["origin"],
        zone=row["zone"],
        regime=row["regime"],
        weight_g=int(row["weight_g"]),
        ready_at=row["ready_at"],
        status=ShipmentStatus(row["status"]),
        station=row["station"],
        gateway=row["gateway"],
        promised_date=row["promised_date"],
        promised_by=row["promised_by"],
        first_promised_date=row["first_promised_date"],
        first_promised_by=row["first_promised_by"],
        promise_reason=row["promise_reason"],
        replans=int(row["replans"]),
        legs=legs,
        milestones=milestones,
        waybill=Waybill(
            parcel_id=row["parcel_id"],
            shipper=row["shipper_name"],
            consignee=row["consignee_masked"],
            consignee_key=row["consignee_key"],
            weight_g=int(row["weight_g"]),
            contents=row["contents"],
            order_reference=row["order_reference"],
        ),
        created_at=row["created_at"],
        delivered_at=row["delivered_at"],
    )


def leg_of(row: Any) -> Leg:
    return Leg(
        row["connection_id"], row["trip"], row["origin"], row["destination"], row["departs_at"], row["arrives_at"]
    )


def milestone_of(row: Any) -> Milestone:
    return Milestone(MilestoneKind(row["kind"]), row["at"], row["hub"])


async def _shipments_of(uow: UnitOfWork, rows: list[Any]) -> list[Shipment]:
    legs, milestones = await store.plans_of(uow.session, [r["id"] for r in rows])
    return [
        shipment_of(
            r,
            tuple(leg_of(x) for x in legs[r["id"]]),
            tuple(milestone_of(x) for x in milestones[r["id"]]),
        )
        for r in rows
    ]


def _visible(principal: Principal | None, row: Any) -> bool:
    if principal is None or principal.is_platform_operator:
        return True
    return bool(row["operator_org_id"] == principal.organisation_id)


async def get_shipment(uow: UnitOfWork, principal: Principal | None = None, *, key: str) -> Shipment:
    """The shipment of id ``key`` (``shp_…``) or parcel id ``key``, with its plan.

    :class:`ShipmentNotFound` when there is none, or it is another operator's.
    """
    if not isinstance(key, str) or not key or len(key) > 40:
        raise ShipmentNotFound(f"no shipment {key!r}")
    lookup = key if key.startswith("shp_") else _normalised(key)
    row = await store.shipment_by_key(uow.session, lookup)
    if row is None or not _visible(principal, row):
        raise ShipmentNotFound(f"no shipment {key!r}")
    return (await _shipments_of(uow, [row]))[0]


def _normalised(key: str) -> str:
    try:
        return parcel_id(key)
    except ValueError:
        return key


async def shipment_for_order(uow: UnitOfWork, *, seller_org_id: str, order_reference: str) -> Shipment | None:
    """The shipment booked for a seller's order, None when none was (for the capability that owns the order)."""
    row = await store.shipment_by_order(uow.session, seller_org_id=seller_org_id, order_reference=order_reference)
    return None if row is None else (await _shipments_of(uow, [row]))[0]


async def list_shipments(
    uow: UnitOfWork, principal: Principal | None = None, *, after: str | None = None, limit: int = 50
) -> list[Shipment]:
    """Shipments in id order (booking order) after ``after``, at most ``limit``; an operator's own only."""
    operator = None if principal is None or principal.is_platform_operator else principal.organisation_id
    rows = await store.shipments_page(uow.session, operator_org_id=operator, after=after, limit=limit)
    return await _shipments_of(uow, rows)


async def record_delivery(uow: UnitOfWork, *, parcel: str, delivered_at: datetime) -> bool:
    """Mark the parcel delivered at ``delivered_at`` (for tracking, when it sees the parcel delivered);
    False when no shipment has that parcel id. The first delivery time is kept."""
    row = await store.shipment_by_key(uow.session, _normalised(parcel))
    if row is None:
        return False
    if row["delivered_at"] is None:
        await store.mark_delivered(uow.session, row["id"], utc(delivered_at), uow.clock.now())
    return True


async def erase_consignee(uow: UnitOfWork, *, seller_org_id: str, order_references: Sequence[str]) -> int:
    """Forget the consignee of the seller's shipments of ``order_references`` (the capability that owns the
    orders asks, when the buyer's personal data is erased): the masked name becomes that of a parcel booked
    without a name (``**``) and the person key goes. How many shipments changed; erasing again, or
    references with no shipment, change nothing. The parcel, its plan and its tracking stay."""
    return await store.erase_consignees(
        uow.session,
        seller_org_id=seller_org_id,
        order_references=list(order_references),
        masked=mask_name(""),
        now=uow.clock.now(),
    )
