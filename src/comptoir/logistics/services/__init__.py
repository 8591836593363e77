"""Use cases of the logistics capability: the stored network and the delivery promise.

Each runs inside the caller's unit of work and never commits: an entry point runs one with
``transact(runtime, lambda uow: ...)``. The promise use cases take the :class:`PromiseEngines` of
the database (``PromiseEngines.of(runtime.database)``), which keeps one engine per network version.
"""

from __future__ import annotations

from comptoir.logistics.services.network import (
    export_network,
    import_network,
    load_stored_network,
    stored_network_version,
)
from comptoir.logistics.services.promises import PromiseEngines, order_within, promise_delivery

__all__ = [
    "PromiseEngines",
    "export_network",
    "import_network",
    "load_stored_network",
    "order_within",
    "promise_delivery",
    "stored_network_version",
]
