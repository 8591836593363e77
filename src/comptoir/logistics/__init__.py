"""Logistics: the hub-and-schedule network and the delivery promise engine."""

from comptoir.logistics.network_summary import Lane, StoredNetwork, lanes
from comptoir.logistics.promise import Milestone, MilestoneKind, Promise
from comptoir.logistics.promise_errors import NetworkNotLoaded, UnknownZone
from comptoir.logistics.promise_text import OrderWithin, order_within_text, promise_text
from comptoir.logistics.services import (
    export_network,
    import_network,
    load_stored_network,
    order_within,
    promise_delivery,
)

__all__ = [
    "Lane",
    "Milestone",
    "MilestoneKind",
    "NetworkNotLoaded",
    "OrderWithin",
    "Promise",
    "StoredNetwork",
    "UnknownZone",
    "export_network",
    "import_network",
    "lanes",
    "load_stored_network",
    "order_within",
    "order_within_text",
    "promise_delivery",
    "promise_text",
]
