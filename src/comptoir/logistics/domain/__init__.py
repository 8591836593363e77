"""The logistics domain, pure Python: the network, the delivery promise rules, parcel ids and tracking, the event.

- :mod:`.network`: hubs, weekly services and their unrolling into connections, clearance, last mile,
  the journeys a route finder answers, and the stored network with its lanes;
- :mod:`.promise`: the delivery promise (customs territories, last mile, milestones) over any
  :class:`RouteFinder`, the port the promise engine (``logistics._engine``) implements;
- :mod:`.parcel_ids`: UPU S10 parcel ids and internal ``prc_…`` ones;
- :mod:`.tracking`: tracking events, their EMSEVT codes and EPCIS steps, and the state of a parcel folded
  from the set of its events (the state machine is drawn there);
- :mod:`.events`: :class:`NetworkImported`.
"""

from __future__ import annotations

from comptoir.logistics.domain.events import NetworkImported
from comptoir.logistics.domain.network import (
    RUN_SEPARATOR,
    WEEKDAYS,
    Clearance,
    Connection,
    Hub,
    HubKind,
    Journey,
    Lane,
    LastMileZone,
    LatestDeparture,
    Leg,
    Mode,
    Network,
    Service,
    Stop,
    StoredNetwork,
    format_instant,
    lanes,
    leg_id,
    local_instant,
    run_id,
    service_departures,
    unroll_service,
)
from comptoir.logistics.domain.parcel_ids import (
    S10Id,
    is_internal_parcel_id,
    is_s10,
    make_s10,
    parcel_id,
    parse_s10,
    s10_check_digit,
)
from comptoir.logistics.domain.promise import (
    Milestone,
    MilestoneKind,
    OrderWithin,
    Promise,
    RouteFinder,
    compute_promise,
    customs_territory,
    latest_ready_for,
)
from comptoir.logistics.domain.tracking import (
    DEFAULT_FUTURE_TOLERANCE,
    TRANSITIONS,
    EmsevtCode,
    ParcelTracking,
    RejectedEvent,
    TrackingEvent,
    TrackingStatus,
    business_step,
    emsevt_codes,
    replay_tracking,
    track_parcel,
)

__all__ = [
    "DEFAULT_FUTURE_TOLERANCE",
    "RUN_SEPARATOR",
    "TRANSITIONS",
    "WEEKDAYS",
    "Clearance",
    "Connection",
    "EmsevtCode",
    "Hub",
    "HubKind",
    "Journey",
    "Lane",
    "LastMileZone",
    "LatestDeparture",
    "Leg",
    "Milestone",
    "MilestoneKind",
    "Mode",
    "Network",
    "NetworkImported",
    "OrderWithin",
    "ParcelTracking",
    "Promise",
    "RejectedEvent",
    "RouteFinder",
    "S10Id",
    "Service",
    "Stop",
    "StoredNetwork",
    "TrackingEvent",
    "TrackingStatus",
    "business_step",
    "compute_promise",
    "customs_territory",
    "emsevt_codes",
    "format_instant",
    "is_internal_parcel_id",
    "is_s10",
    "lanes",
    "latest_ready_for",
    "leg_id",
    "local_instant",
    "make_s10",
    "parcel_id",
    "parse_s10",
    "replay_tracking",
    "run_id",
    "s10_check_digit",
    "service_departures",
    "track_parcel",
    "unroll_service",
]
