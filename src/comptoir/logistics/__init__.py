"""Logistics: the hub-and-schedule network, the delivery promise engine, and parcel tracking.

Other capabilities and the demo reach logistics through these names only:

- the use cases, each ``verb(uow, ...)`` inside the caller's unit of work (an entry point runs one with
  ``comptoir.kernel.unit_of_work.transact``): :func:`import_network`, :func:`load_stored_network`,
  :func:`promise_delivery` and :func:`order_within`
  (:func:`promise_text` writes a promise in a buyer's words), the last two with the database's
  :class:`PromiseEngines` (``PromiseEngines.of(runtime.database)``);
- what they take and give: :class:`Network` (read from a document by :func:`parse_network`),
  :class:`StoredNetwork`, :class:`Promise`, :class:`OrderWithin`;
- parcel ids: :func:`parse_s10`, :func:`is_s10` and :func:`make_s10` (UPU S10, :class:`S10Id`), and
  :func:`parcel_id`, which also takes internal ``prc_…`` ids;
- tracking, pure: a :class:`TrackingEvent` in a :class:`TrackingStatus`, and the :class:`ParcelTracking`
  that :func:`replay_tracking` (every parcel) or :func:`track_parcel` (one) folds from a set of events,
  with each :class:`RejectedEvent` and its reason (docs/tracking.md);
- the event :class:`NetworkImported`.

Refusals are the kernel's ``ComptoirError`` subclasses with stable codes, drawn as a tree in
``logistics/errors.py``. The entry points assemble ``api_router``, ``pages_router``, ``SPACES``,
``cli_app`` and ``bench_command``; no capability uses those.
"""

from comptoir.logistics.api import router as api_router
from comptoir.logistics.bench import promise as bench_command
from comptoir.logistics.cli import app as cli_app
from comptoir.logistics.domain import (
    Network,
    NetworkImported,
    OrderWithin,
    ParcelTracking,
    Promise,
    RejectedEvent,
    S10Id,
    StoredNetwork,
    TrackingEvent,
    TrackingStatus,
    is_s10,
    make_s10,
    parcel_id,
    parse_s10,
    replay_tracking,
    track_parcel,
)
from comptoir.logistics.network_file import parse_network
from comptoir.logistics.pages import SPACES
from comptoir.logistics.pages import router as pages_router
from comptoir.logistics.promise_text import promise_text
from comptoir.logistics.services import (
    PromiseEngines,
    import_network,
    load_stored_network,
    order_within,
    promise_delivery,
)

__all__ = [
    "SPACES",
    "Network",
    "NetworkImported",
    "OrderWithin",
    "ParcelTracking",
    "Promise",
    "PromiseEngines",
    "RejectedEvent",
    "S10Id",
    "StoredNetwork",
    "TrackingEvent",
    "TrackingStatus",
    "api_router",
    "bench_command",
    "cli_app",
    "import_network",
    "is_s10",
    "load_stored_network",
    "make_s10",
    "order_within",
    "pages_router",
    "parcel_id",
    "parse_network",
    "parse_s10",
    "promise_delivery",
    "promise_text",
    "replay_tracking",
    "track_parcel",
]
