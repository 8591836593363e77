"""The control tower's figures, and one parcel's progress for its buyer.

Both read the shipments' own tables (plans, promises, loads, disruptions); a hub's throughput here is the
parcels *planned* through it per local day (the page adds tracking's counts of events seen). A buyer's
parcel also lists the tracking events applied to it; a planned milestone counts as reached only when the
shipment records it (its delivery), since carriers' events do not name the milestone they meet.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from comptoir.kernel.clock import utc
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.logistics import repository
from comptoir.logistics import tower_repository as tower
from comptoir.logistics.domain import MilestoneKind, Network
from comptoir.logistics.domain.control_tower import (
    ChangeKind,
    ConnectionLoad,
    ControlTower,
    HubDay,
    KeptRate,
    ParcelAtRisk,
    ParcelProgress,
    ProgressStep,
    PromiseChange,
    iso_week,
)
from comptoir.logistics.domain.ingestion import EventOutcome
from comptoir.logistics.domain.shipments import (
    Disruption,
    DisruptionKind,
    PromiseHealth,
    ShipmentStatus,
    promise_health,
)
from comptoir.logistics.services.disruptions import list_disruptions
from comptoir.logistics.services.network import load_stored_network
from comptoir.logistics.services.shipments import shipment_for_order
from comptoir.logistics.services.tracking_queries import parcel_history

AT_RISK_SHOWN = 100
LOADS_SHOWN = 40
WINDOW_BEFORE = timedelta(days=3)
WINDOW_AFTER = timedelta(days=14)
_FULL = re.compile(r"(?:first flight full \((?P<first>[^)]+)\)|connection (?P<other>\S+) full)")


def _operator_scope(principal: Principal | None) -> str | None:
    """The operator whose shipments are read (None: all, for the platform or an internal caller)."""
    if principal is None or principal.is_platform_operator:
        return None
    if principal.organisation_kind != OrganisationKind.LOGISTICS_OPERATOR:
        raise PermissionDenied("only a logistics operator or the platform operator watches the control tower")
    return principal.organisation_id


def _health(row: Any, now: datetime) -> PromiseHealth:
    return promise_health(
        now=now,
        promised_by=row["promised_by"],
        first_promised_by=row["first_promised_by"],
        planned_delivery=row["planned_delivery"],
        delivered_at=row["delivered_at"],
    )


def _kept_rates(rows: list[Any], now: datetime) -> tuple[KeptRate, ...]:
    kept: Counter[tuple[str, str | None, str]] = Counter()
    broken: Counter[tuple[str, str | None, str]] = Counter()
    for row in rows:
        if row["promised_date"] is None:
            continue
        health = _health(row, now)
        decided = row["delivered_at"] is not None or now > row["promised_by"]
        if not decided:
            continue
        key = (row["origin"], row["station"], iso_week(row["promised_date"]))
        if health is PromiseHealth.BROKEN:
            broken[key] += 1
        else:
            kept[key] += 1
    keys = sorted(set(kept) | set(broken), key=lambda k: (k[0], k[1] or "", k[2]))
    return tuple(KeptRate(o, s, w, kept[(o, s, w)], broken[(o, s, w)]) for o, s, w in keys)


def _local_day(moment: datetime, tz: str) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()


def _throughput(legs: list[Any], network: Network | None, since: datetime, until: datetime) -> tuple[HubDay, ...]:
    def tz(code: str) -> str:
        hub = network.hub(code) if network is not None else None
        return hub.tz if hub is not None else "UTC"

    departing: Counter[tuple[str, date]] = Counter()
    arriving: Counter[tuple[str, date]] = Counter()
    for leg in legs:
        if since <= leg["departs_at"] < until:
            departing[(leg["origin"], _local_day(leg["departs_at"], tz(leg["origin"])))] += 1
        if since <= leg["arrives_at"] < until:
            arriving[(leg["destination"], _local_day(leg["arrives_at"], tz(leg["destination"])))] += 1
    keys = sorted(set(departing) | set(arriving))
    return tuple(HubDay(hub, day, departing[(hub, day)], arriving[(hub, day)]) for hub, day in keys)


async def control_tower(
    uow: UnitOfWork, principal: Principal | None = None, *, now: datetime | None = None
) -> ControlTower:
    """The control tower at ``now`` (default the clock): a logistics operator sees its own shipments, and the
    loads and disruptions of the network only when it runs it; the platform operator sees everything.
    Refuses any other organisation (:class:`PermissionDenied`). Reads only."""
    operator = _operator_scope(principal)
    moment = utc(now) if now is not None else uow.clock.now()
    record = await repository.network_record(uow.session)
    runs_network = record is not None and (operator is None or record["operator_org_id"] == operator)
    counts = await tower.status_counts(uow.session, operator_org_id=operator)
    rows = await tower.promise_rows(uow.session, operator_org_id=operator)
    at_risk = []
    for row in rows:
        health = _health(row, moment)
        if health is PromiseHealth.ON_TRACK or row["status"] == ShipmentStatus.DELIVERED.value:
            continue
        at_risk.append(
            ParcelAtRisk(
                shipment_id=row["id"],
                parcel_id=row["parcel_id"],
                origin=row["origin"],
                station=row["station"],
                health=health,
                promised_date=row["promised_date"],
                first_promised_date=row["first_promised_date"],
                reason=row["promise_reason"],
            )
        )
    since, until = moment - WINDOW_BEFORE, moment + WINDOW_AFTER
    stored = await load_stored_network(uow) if record is not None else None
    network = None if stored is None else stored.network
    legs = await tower.legs_between(uow.session, operator_org_id=operator, since=since, until=until)
    loads: tuple[ConnectionLoad, ...] = ()
    disruptions: tuple[Disruption, ...] = ()
    if runs_network:
        loads = tuple(
            ConnectionLoad(
                connection_id=r["connection_id"],
                departs_at=r["departs_at"],
                booked_g=int(r["booked_g"]),
                capacity_g=None if r["capacity_g"] is None else int(r["capacity_g"]),
                parcels=int(r["parcels"]),
            )
            for r in await tower.loads_between(uow.session, since=since, until=until, limit=LOADS_SHOWN)
        )
        disruptions = tuple(await list_disruptions(uow))
    return ControlTower(
        at=moment,
        statuses=tuple((s, counts.get(s.value, 0)) for s in ShipmentStatus),
        kept=_kept_rates(rows, moment),
        throughput=_throughput(legs, network, since, until),
        loads=loads,
        at_risk=tuple(at_risk[:AT_RISK_SHOWN]),
        at_risk_total=len(at_risk),
        disruptions=disruptions,
    )


def promise_change(reason: str | None, disruptions: list[Disruption]) -> PromiseChange | None:
    """What ``reason`` (a shipment's ``promise_reason``) says happened, read against the disruptions declared."""
    if not reason:
        return None
    for d in disruptions:
        if d.reason == reason:
            kind = ChangeKind.CANCELLED if d.kind is DisruptionKind.CANCELLED else ChangeKind.DELAYED
            return PromiseChange(kind, d.connection_id, d.delay_minutes)
    full = _FULL.search(reason)
    if full is not None:
        return PromiseChange(ChangeKind.FULL, full.group("first") or full.group("other"))
    return PromiseChange(ChangeKind.OTHER)


async def parcel_progress(
    uow: UnitOfWork, *, seller_org_id: str, order_reference: str, now: datetime | None = None
) -> ParcelProgress | None:
    """The parcel of a seller's order as its buyer follows it; None when none was booked.

    For the capability that owns the order (it checks the buyer is the order's): nothing here is filtered
    by who asks."""
    shipment = await shipment_for_order(uow, seller_org_id=seller_org_id, order_reference=order_reference)
    if shipment is None:
        return None
    moment = utc(now) if now is not None else uow.clock.now()
    planned_delivery = max((m.at for m in shipment.milestones if m.kind is MilestoneKind.DELIVERED_BY), default=None)
    health = promise_health(
        now=moment,
        promised_by=shipment.promised_by,
        first_promised_by=shipment.first_promised_by,
        planned_delivery=planned_delivery,
        delivered_at=shipment.delivered_at,
    )
    stored = await load_stored_network(uow)

    def tz(code: str | None) -> str:
        hub = None if stored is None or code is None else stored.network.hub(code)
        return "UTC" if hub is None else hub.tz

    steps = tuple(
        ProgressStep(
            m.kind,
            m.hub,
            m.at,
            shipment.delivered_at if m.kind is MilestoneKind.DELIVERED_BY else None,
            tz(m.hub),
        )
        for m in shipment.milestones
    )
    change = promise_change(shipment.promise_reason, await list_disruptions(uow))
    history = await parcel_history(uow, None, parcel=shipment.parcel_id)
    seen = tuple(sorted((e.event for e in history.events if e.outcome is EventOutcome.APPLIED), key=lambda e: e.at))
    return ParcelProgress(
        parcel_id=shipment.parcel_id,
        status=shipment.status,
        health=health,
        promised_date=shipment.promised_date,
        first_promised_date=shipment.first_promised_date,
        station_tz=tz(shipment.station),
        steps=steps,
        change=change,
        delivered_at=shipment.delivered_at,
        seen=seen,
        tracking_status=history.state.status if seen else None,
    )
