"""The SLA monitor: per lane, how many promises are on track, at risk and broken (the control tower draws it).

A lane is the origin hub and the delivery station of the plan (None while a parcel has no plan). The
rules are :func:`~comptoir.logistics.domain.shipments.promise_health`; the planned delivery compared with
the promise is the plan's ``delivered_by`` milestone.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from comptoir.kernel.clock import utc
from comptoir.kernel.principal import Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.logistics import shipment_repository as store
from comptoir.logistics.domain.shipments import LaneHealth, PromiseHealth, promise_health


async def promise_health_by_lane(
    uow: UnitOfWork, principal: Principal | None = None, *, now: datetime | None = None
) -> list[LaneHealth]:
    """The count of promises on track / at risk / broken per lane at ``now`` (default the clock), sorted by
    lane; a logistics operator sees its own shipments only. Reads only."""
    moment = utc(now) if now is not None else uow.clock.now()
    operator = None if principal is None or principal.is_platform_operator else principal.organisation_id
    counts: Counter[tuple[str, str | None, PromiseHealth]] = Counter()
    for row in await store.lane_rows(uow.session, operator_org_id=operator):
        health = promise_health(
            now=moment,
            promised_by=row["promised_by"],
            first_promised_by=row["first_promised_by"],
            planned_delivery=row["planned_delivery"],
            delivered_at=row["delivered_at"],
        )
        counts[(row["origin"], row["station"], health)] += 1
    lanes = sorted({(origin, station) for origin, station, _ in counts}, key=lambda k: (k[0], k[1] or ""))
    return [
        LaneHealth(
            origin=origin,
            station=station,
            on_track=counts[(origin, station, PromiseHealth.ON_TRACK)],
            at_risk=counts[(origin, station, PromiseHealth.AT_RISK)],
            broken=counts[(origin, station, PromiseHealth.BROKEN)],
        )
        for origin, station in lanes
    ]
