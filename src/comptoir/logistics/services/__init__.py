"""Use cases of the logistics capability: the stored network and the delivery promise."""

from __future__ import annotations

from comptoir.logistics.services.network import (
    export_network,
    import_network,
    load_stored_network,
    stored_network_version,
)
from comptoir.logistics.services.promises import order_within, promise_delivery, stored_promise_engine

__all__ = [
    "export_network",
    "import_network",
    "load_stored_network",
    "order_within",
    "promise_delivery",
    "stored_network_version",
    "stored_promise_engine",
]
