"""The logistics domain, pure Python: the network, the delivery promise rules, and the capability's event.

- :mod:`.network`: hubs, weekly services and their unrolling into connections, clearance, last mile,
  the journeys a route finder answers, and the stored network with its lanes;
- :mod:`.promise`: the delivery promise (customs territories, last mile, milestones) over any
  :class:`RouteFinder`, the port the promise engine (``logistics._engine``) implements;
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

__all__ = [
    "RUN_SEPARATOR",
    "WEEKDAYS",
    "Clearance",
    "Connection",
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
    "Promise",
    "RouteFinder",
    "Service",
    "Stop",
    "StoredNetwork",
    "compute_promise",
    "customs_territory",
    "format_instant",
    "lanes",
    "latest_ready_for",
    "leg_id",
    "local_instant",
    "run_id",
    "service_departures",
    "unroll_service",
]
