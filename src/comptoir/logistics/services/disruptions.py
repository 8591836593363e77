"""Disruptions: a connection cancelled or delayed, and every shipment planned on it re-planned and re-promised.

A shipment keeps the legs it rides before the disrupted connection and is re-planned from that
connection's origin, ready there when it was (its own ready time, or its previous leg's arrival plus the
ready time), or now if that is later. What it had booked from the disrupted leg on is given back, and the
new legs are booked.

Built for a cancelled flight carrying many thousands of parcels: the shipments are read, released and
written back with a few set-based statements, and the engine is asked once per group of parcels that must
get the same answer: parcels waiting at the same hub, for the same zone and regime, between the same two
board-by times of connections leaving that hub can board exactly the same connections. Each group is
booked as one block with one conditional UPDATE per connection; a block that does not fit is split in
two, so a flight with room for some is filled with as many as fit, and the rest go on the next path.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from comptoir.kernel.clock import utc
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.principal import Principal
from comptoir.kernel.text import TextRefused, check_text
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.logistics import repository
from comptoir.logistics import shipment_repository as store
from comptoir.logistics._engine import PromiseEngine
from comptoir.logistics._engine.adjusted import AdjustedRoutes, connection_index, next_board_by
from comptoir.logistics._engine.timetable import from_seconds, to_seconds
from comptoir.logistics.domain import Leg, Milestone, MilestoneKind, Network, Promise, compute_promise
from comptoir.logistics.domain.shipments import (
    ConnectionDisrupted,
    Disruption,
    DisruptionKind,
    DisruptionOutcome,
    ShipmentRepromised,
    ShipmentStatus,
    disruption_reason,
)
from comptoir.logistics.errors import NetworkNotLoaded, ShipmentInvalid, UnknownConnection
from comptoir.logistics.services.promises import PromiseEngines
from comptoir.logistics.services.shipments import (
    book_legs,
    disruption_view,
    leg_of,
    load_rows,
    milestone_of,
    plan_rows,
)

MAX_DELAY_MINUTES = 7 * 24 * 60
ROUNDS = 8
"""Paths tried per group before its remaining parcels are left unplanned."""
_KEPT_KINDS = frozenset(
    {MilestoneKind.DEPARTED, MilestoneKind.ARRIVED, MilestoneKind.ARRIVED_AT_GATEWAY, MilestoneKind.CLEARED}
)


@dataclass(slots=True)
class _Parcel:
    row: Any
    kept: tuple[Leg, ...]
    kept_milestones: tuple[Milestone, ...]
    hub: str
    ready_at: datetime


async def disrupt_connection(
    uow: UnitOfWork,
    principal: Principal | None = None,
    *,
    engines: PromiseEngines,
    connection_id: str,
    kind: DisruptionKind | str,
    delay_minutes: int = 0,
    reason: str = "",
) -> DisruptionOutcome:
    """Cancel or delay ``connection_id`` and re-plan every shipment planned on it (see the module doc).

    Only the network's owner or the platform operator (or an internal caller, ``principal`` None) may.
    Refuses an unknown connection (:class:`UnknownConnection`), a delay of 0 or more than a week, a
    cancellation with a delay (:class:`ShipmentInvalid`), with nothing changed. Declaring the same
    disruption again re-plans nothing more (nothing is on a cancelled connection any more). Publishes a
    :class:`ShipmentRepromised` for each shipment re-planned and one :class:`ConnectionDisrupted`.
    """
    try:
        kind = DisruptionKind(kind)
    except ValueError:
        raise ShipmentInvalid(f"a disruption is cancelled or delayed, not {kind!r}") from None
    if isinstance(delay_minutes, bool) or not isinstance(delay_minutes, int):
        raise ShipmentInvalid("delay_minutes is a whole number of minutes")
    if kind is DisruptionKind.DELAYED and not 0 < delay_minutes <= MAX_DELAY_MINUTES:
        raise ShipmentInvalid(f"a delay is 1 to {MAX_DELAY_MINUTES} minutes, not {delay_minutes}")
    if kind is DisruptionKind.CANCELLED and delay_minutes != 0:
        raise ShipmentInvalid("a cancelled connection has no delay")
    if len(reason) > 200:
        raise ShipmentInvalid("reason is longer than 200 characters")
    try:
        check_text(reason, required=False)
    except TextRefused as exc:
        raise ShipmentInvalid(f"reason {exc}") from None
    record = await repository.network_record(uow.session)
    if record is None:
        raise NetworkNotLoaded()
    foreign = principal is not None and not principal.is_platform_operator
    if foreign and principal is not None and principal.organisation_id != record["operator_org_id"]:
        raise PermissionDenied("only the logistics operator that runs the network disrupts its connections")
    now = uow.clock.now()
    network, engine = await engines.engine_for(uow, now - timedelta(days=2))
    if not isinstance(connection_id, str) or connection_index(engine.timetable, connection_id) is None:
        raise UnknownConnection(str(connection_id))
    previous = await store.disruption(uow.session, connection_id)
    cancelled_before = previous is not None and previous["kind"] == DisruptionKind.CANCELLED.value
    if cancelled_before and kind is DisruptionKind.DELAYED:
        raise ShipmentInvalid(f"connection {connection_id} is cancelled; it cannot be delayed")
    disruption = Disruption(
        connection_id=connection_id,
        kind=kind,
        delay_minutes=delay_minutes,
        reason=reason or disruption_reason(kind, connection_id, delay_minutes),
        declared_at=now,
        declared_by=None if principal is None else principal.actor_id,
    )
    await store.record_disruption(
        uow.session,
        {
            "connection_id": connection_id,
            "kind": kind.value,
            "delay_minutes": delay_minutes,
            "reason": disruption.reason,
            "declared_by": disruption.declared_by,
            "declared_at": now,
        },
    )
    rows = [
        r for r in await store.shipments_on(uow.session, connection_id) if r["status"] == ShipmentStatus.PLANNED.value
    ]
    outcome = await replan(
        uow, engine=engine, network=network, rows=rows, disrupted=connection_id, reason=disruption.reason
    )
    uow.publish(
        ConnectionDisrupted(
            connection_id=connection_id,
            kind=kind.value,
            delay_minutes=delay_minutes,
            reason=disruption.reason,
            replanned=outcome[0],
        )
    )
    return DisruptionOutcome(disruption=disruption, replanned=outcome[0], later=outcome[1], unplanned=outcome[2])


async def replan(
    uow: UnitOfWork, *, engine: PromiseEngine, network: Network, rows: list[Any], disrupted: str, reason: str
) -> tuple[int, int, int]:
    """Re-plan shipments ``rows`` (all planned on ``disrupted``): (re-planned, later than before, left unplanned)."""
    if not rows:
        return 0, 0, 0
    ids = [r["id"] for r in rows]
    legs_of, milestones_of = await store.plans_of(uow.session, ids)
    now = uow.clock.now()
    released: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    parcels: list[_Parcel] = []
    t = engine.timetable
    for row in rows:
        legs = [leg_of(x) for x in legs_of[row["id"]]]
        cut = next(i for i, leg in enumerate(legs) if leg.connection == disrupted)
        for leg in legs[cut:]:
            released[leg.connection][0] += int(row["weight_g"])
            released[leg.connection][1] += 1
        if cut == 0:
            ready = utc(row["ready_at"])
        else:
            index = connection_index(t, legs[cut - 1].connection)
            ready = legs[cut - 1].arrives_at if index is None else from_seconds(int(t.ready_at[index]))
        cutoff = legs[cut].departs_at
        kept_milestones = (
            tuple(
                m
                for m in (milestone_of(x) for x in milestones_of[row["id"]])
                if m.kind in _KEPT_KINDS and m.at < cutoff
            )
            if cut
            else ()
        )
        parcels.append(_Parcel(row, tuple(legs[:cut]), kept_milestones, legs[cut].origin, max(ready, now)))
    await store.release_loads(uow.session, {c: (g, p) for c, (g, p) in released.items()})
    cancelled, delayed = await disruption_view(uow)
    groups: dict[tuple[str, str, str | None, int], list[_Parcel]] = defaultdict(list)
    fixed = _hubs_answering_on_their_own(network)
    for parcel in parcels:
        seconds = to_seconds(parcel.ready_at)
        if parcel.hub not in fixed:
            snapped = next_board_by(t, engine.hub_index(parcel.hub), seconds)
            seconds = snapped if snapped is not None else seconds
        groups[(parcel.hub, parcel.row["zone"], parcel.row["regime"], seconds)].append(parcel)
    plans: dict[str, Promise | None] = {}
    for (hub, zone, regime, seconds), members in sorted(groups.items(), key=lambda item: item[0][3]):
        await _plan_group(
            uow, engine, network, hub, zone, regime, from_seconds(seconds), members, cancelled, delayed, plans
        )
    return await _write_back(uow, parcels, plans, reason, now)


def _hubs_answering_on_their_own(network: Network) -> frozenset[str]:
    """Hubs where a parcel's own ready time matters beyond which connections it can board: delivery
    stations (it may need no leg at all) and clearance gateways (clearance starts from it)."""
    return frozenset({z.hub for z in network.last_mile} | {c.hub for c in network.clearance})


async def _plan_group(
    uow: UnitOfWork,
    engine: PromiseEngine,
    network: Network,
    hub: str,
    zone: str,
    regime: str | None,
    ready_at: datetime,
    members: list[_Parcel],
    cancelled: set[str],
    delayed: dict[str, int],
    plans: dict[str, Promise | None],
) -> None:
    """Find the group's path and book as many of its parcels on it as fit; the rest try the next path."""
    waiting = sorted(members, key=lambda p: p.row["id"])
    closed: set[str] = set()
    for _ in range(ROUNDS):
        if not waiting:
            return
        routes = AdjustedRoutes(engine, closed=cancelled | closed, delayed=delayed)
        promise = compute_promise(routes, network, hub, zone, ready_at, regime=regime)
        if promise is None:
            break
        await store.ensure_loads(uow.session, load_rows(engine, promise.legs))
        booked, waiting, failed = await _book_block(uow, promise.legs, waiting)
        for parcel in booked:
            plans[parcel.row["id"]] = promise
        if failed is None:
            break
        closed.add(failed)
    for parcel in waiting:
        plans[parcel.row["id"]] = None


async def _book_block(
    uow: UnitOfWork, legs: tuple[Leg, ...], parcels: list[_Parcel]
) -> tuple[list[_Parcel], list[_Parcel], str | None]:
    """Book ``parcels`` on ``legs`` as one block, halving what does not fit: (booked, not booked, the full
    connection). Once a single parcel does not fit, the connection counts as full for the rest of the
    block, so a full flight costs a few statements, not one per parcel."""
    booked: list[_Parcel] = []
    left: list[_Parcel] = []
    failed: str | None = None
    full = False

    async def attempt(block: list[_Parcel]) -> None:
        nonlocal failed, full
        if full:
            left.extend(block)
            return
        grams = sum(int(p.row["weight_g"]) for p in block)
        refused = await book_legs(uow, legs, grams=grams, parcels=len(block))
        if refused is None:
            booked.extend(block)
            return
        failed = refused
        if len(block) == 1:
            full = True
            left.extend(block)
            return
        half = len(block) // 2
        await attempt(block[:half])
        await attempt(block[half:])

    if parcels and legs:
        await attempt(parcels)
    else:
        booked.extend(parcels)
    return booked, left, failed


async def _write_back(
    uow: UnitOfWork, parcels: list[_Parcel], plans: dict[str, Promise | None], reason: str, now: datetime
) -> tuple[int, int, int]:
    """Store every new plan and promise in a few statements, and publish each shipment's new promise."""
    ids = [p.row["id"] for p in parcels]
    await store.delete_plans(uow.session, ids)
    leg_rows: list[dict[str, Any]] = []
    milestone_rows: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    later = unplanned = 0
    for parcel in parcels:
        row = parcel.row
        promise = plans.get(row["id"])
        if promise is None:
            unplanned += 1
            legs: tuple[Leg, ...] = ()
            milestones: tuple[Milestone, ...] = ()
        else:
            legs = parcel.kept + promise.legs
            milestones = parcel.kept_milestones + promise.milestones
            if row["promised_by"] is None or promise.delivered_by > row["promised_by"]:
                later += 1
        new_legs, new_milestones = plan_rows(row["id"], legs, milestones)
        leg_rows.extend(new_legs)
        milestone_rows.extend(new_milestones)
        updates.append(
            {
                "b_id": row["id"],
                "b_status": (ShipmentStatus.PLANNED if promise else ShipmentStatus.UNPLANNED).value,
                "b_station": promise.station if promise else None,
                "b_gateway": promise.gateway if promise else row["gateway"],
                "b_promised_date": promise.delivery_date if promise else None,
                "b_promised_by": promise.delivered_by if promise else None,
                "b_promise_reason": reason,
                "b_replans": int(row["replans"]) + 1,
                "b_updated_at": now,
            }
        )
        uow.publish(
            ShipmentRepromised(
                shipment_id=row["id"],
                order_reference=row["order_reference"],
                seller_org_id=row["seller_org_id"],
                parcel_id=row["parcel_id"],
                promised_by=promise.delivered_by if promise else None,
                promised_date=promise.delivery_date.isoformat() if promise else None,
                reason=reason,
            )
        )
    await store.write_plans(uow.session, leg_rows, milestone_rows)
    await store.update_promises(uow.session, updates)
    return len(parcels), later, unplanned


async def list_disruptions(uow: UnitOfWork) -> list[Disruption]:
    """Every disruption declared, by connection id."""
    return [
        Disruption(
            connection_id=r["connection_id"],
            kind=DisruptionKind(r["kind"]),
            delay_minutes=int(r["delay_minutes"]),
            reason=r["reason"],
            declared_at=r["declared_at"],
            declared_by=r["declared_by"],
        )
        for r in await store.all_disruptions(uow.session)
    ]
