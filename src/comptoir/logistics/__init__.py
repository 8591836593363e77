"""Logistics: the hub-and-schedule network and the delivery promise engine.

The entry points assemble ``api_router``, ``pages_router``, ``SPACES``, ``cli_app``,
``bench_command`` and ``demo_world_network`` (the demo world's network); no capability uses those.
"""

from comptoir.logistics.api import router as api_router
from comptoir.logistics.bench import promise as bench_command
from comptoir.logistics.cli import app as cli_app
from comptoir.logistics.demo_network import demo_network as demo_world_network
from comptoir.logistics.domain import (
    Clearance,
    Connection,
    Hub,
    HubKind,
    Journey,
    LastMileZone,
    LatestDeparture,
    Leg,
    Mode,
    Network,
    NetworkImported,
    Service,
    Stop,
    unroll_service,
)
from comptoir.logistics.engine import PromiseEngine, journey_document, latest_document
from comptoir.logistics.errors import (
    NetworkInvalid,
    NetworkNotLoaded,
    NetworkProblem,
    QueryInvalid,
    UnknownHub,
    UnknownZone,
)
from comptoir.logistics.network_file import (
    format_instant,
    load_network,
    network_problems,
    network_to_document,
    parse_network,
)
from comptoir.logistics.network_summary import Lane, StoredNetwork, lanes
from comptoir.logistics.pages import SPACES
from comptoir.logistics.pages import router as pages_router
from comptoir.logistics.promise import Milestone, MilestoneKind, Promise
from comptoir.logistics.promise_text import OrderWithin, order_within_text, promise_text
from comptoir.logistics.services import (
    export_network,
    import_network,
    load_stored_network,
    order_within,
    promise_delivery,
)
from comptoir.logistics.timetable import Timetable

__all__ = [
    "SPACES",
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
    "NetworkInvalid",
    "NetworkNotLoaded",
    "NetworkProblem",
    "OrderWithin",
    "Promise",
    "PromiseEngine",
    "QueryInvalid",
    "Service",
    "Stop",
    "StoredNetwork",
    "Timetable",
    "UnknownHub",
    "UnknownZone",
    "api_router",
    "bench_command",
    "cli_app",
    "demo_world_network",
    "export_network",
    "format_instant",
    "import_network",
    "journey_document",
    "lanes",
    "latest_document",
    "load_network",
    "load_stored_network",
    "network_problems",
    "network_to_document",
    "order_within",
    "order_within_text",
    "pages_router",
    "parse_network",
    "promise_delivery",
    "promise_text",
    "unroll_service",
]
