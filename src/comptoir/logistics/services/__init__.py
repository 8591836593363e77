"""Use cases of the logistics capability: the stored network, the delivery promise, shipments booked onto
capacity, disruptions that re-plan them, and the SLA monitor.

Each runs inside the caller's unit of work and never commits: an entry point runs one with
``transact(runtime, lambda uow: ...)``. The promise use cases take the :class:`PromiseEngines` of
the database (``PromiseEngines.of(runtime.database)``), which keeps one engine per network version.
"""

from __future__ import annotations

from comptoir.logistics.services.control_tower import control_tower, parcel_progress, promise_change
from comptoir.logistics.services.disruptions import disrupt_connection, list_disruptions
from comptoir.logistics.services.network import (
    export_network,
    import_network,
    load_stored_network,
    stored_network_version,
)
from comptoir.logistics.services.promises import PromiseEngines, order_within, promise_delivery
from comptoir.logistics.services.shipments import (
    book_shipment,
    erase_consignee,
    get_shipment,
    list_shipments,
    record_delivery,
    shipment_for_order,
)
from comptoir.logistics.services.sla import promise_health_by_lane

__all__ = [
    "PromiseEngines",
    "book_shipment",
    "control_tower",
    "disrupt_connection",
    "erase_consignee",
    "export_network",
    "get_shipment",
    "import_network",
    "list_disruptions",
    "list_shipments",
    "load_stored_network",
    "order_within",
    "parcel_progress",
    "promise_change",
    "promise_delivery",
    "promise_health_by_lane",
    "record_delivery",
    "shipment_for_order",
    "stored_network_version",
]
