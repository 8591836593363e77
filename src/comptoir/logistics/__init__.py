"""Logistics: the hub-and-schedule network, the delivery promise engine, shipments booked onto capacity,
disruptions and the SLA monitor, and parcel tracking.

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
- tracking, stored: :func:`ingest_tracking_events` keeps every event a carrier sends (from an
  :class:`EventSource`) and answers an :class:`IngestedEvent` per event (an :class:`EventOutcome`, with
  its :class:`EventRejection` and reason); each parcel's :class:`ParcelState` is the fold of its set of
  events. Queries for the control tower and the buyer's page: :func:`parcel_history` (a
  :class:`ParcelHistory`: the state and every :class:`StoredEvent`), :func:`parcel_states`,
  :func:`parcels_by_status` (a :class:`ParcelTrackingPage`), :func:`tracking_status_counts` and
  :func:`hub_throughput` (a :class:`HubDay` per hub and day);
- the carrier port: :class:`Carrier` (a :class:`Label` for a :class:`LabelRequest`, a
  :class:`PickupBooking`, a :class:`TrackingPull`; :class:`CarrierUnavailable`), the in-memory
  :class:`FakeCarrier` that reports late, twice and out of order, :func:`use_carrier` and
  :func:`configured_carrier`, and the worker's chore :func:`pull_carrier_tracking`;
- shipments (docs/shipments.md): :func:`book_shipment` (idempotent per seller and order reference),
  :func:`get_shipment`, :func:`list_shipments`, :func:`shipment_for_order`, :func:`record_delivery`,
  :func:`erase_consignee` (the buyer's personal data erased), giving a
  :class:`Shipment` in a :class:`ShipmentStatus` with its :class:`Waybill` (customs' third document) and a
  label (:func:`label_svg`); :func:`disrupt_connection` (a :class:`DisruptionKind` of a connection, giving a
  :class:`DisruptionOutcome` of its :class:`Disruption`) and :func:`list_disruptions`; the SLA monitor
  :func:`promise_health_by_lane` (a :class:`LaneHealth` per lane, in :class:`PromiseHealth` terms); and
  :func:`measure_repromise`, the bench of a cancelled flight's re-planning;
- a buyer's parcel (for the capability that owns the order, once it has checked the reader is the buyer):
  :func:`parcel_progress` gives a :class:`ParcelProgress` (planned milestones, the tracking events seen, the
  promise and whether it holds), written in the reader's words with :func:`milestone_name` and
  :func:`promise_change_text` (why the promise moved);
- the events :class:`NetworkImported`, :class:`ShipmentBooked`, :class:`ShipmentRepromised` (orders moves the
  buyer's promised date) and :class:`ConnectionDisrupted`.

Refusals are the kernel's ``ComptoirError`` subclasses with stable codes, drawn as a tree in
``logistics/errors.py``. The entry points assemble ``api_router``, ``pages_router``, ``SPACES``,
``cli_app``, ``bench_command`` and ``tracking_bench_command``; no capability uses those.
"""

from comptoir.logistics.api import router as api_router
from comptoir.logistics.bench import promise as bench_command
from comptoir.logistics.bench_repromise import measure_repromise
from comptoir.logistics.carriers import (
    Carrier,
    CarrierUnavailable,
    FakeCarrier,
    Label,
    LabelRequest,
    PickupBooking,
    TrackingPull,
    configured_carrier,
    use_carrier,
)
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
from comptoir.logistics.domain.control_tower import ParcelProgress
from comptoir.logistics.domain.ingestion import (
    EventOutcome,
    EventRejection,
    EventSource,
    HubDay,
    IngestedEvent,
    ParcelState,
    ParcelTrackingPage,
    StoredEvent,
)
from comptoir.logistics.domain.shipments import (
    ConnectionDisrupted,
    Disruption,
    DisruptionKind,
    DisruptionOutcome,
    LaneHealth,
    PromiseHealth,
    Shipment,
    ShipmentBooked,
    ShipmentRepromised,
    ShipmentStatus,
    Waybill,
)
from comptoir.logistics.labels import label_svg
from comptoir.logistics.network_file import parse_network
from comptoir.logistics.pages import SPACES
from comptoir.logistics.pages import router as pages_router
from comptoir.logistics.pages.tower_words import milestone_name, promise_change_text
from comptoir.logistics.promise_text import promise_text
from comptoir.logistics.services import (
    PromiseEngines,
    book_shipment,
    disrupt_connection,
    erase_consignee,
    get_shipment,
    import_network,
    list_disruptions,
    list_shipments,
    load_stored_network,
    order_within,
    parcel_progress,
    promise_delivery,
    promise_health_by_lane,
    record_delivery,
    shipment_for_order,
)
from comptoir.logistics.services.tracking import ingest_tracking_events
from comptoir.logistics.services.tracking_pull import pull_carrier_tracking
from comptoir.logistics.services.tracking_queries import (
    ParcelHistory,
    hub_throughput,
    parcel_history,
    parcel_states,
    parcels_by_status,
    tracking_status_counts,
)
from comptoir.logistics.tracking_bench import tracking as tracking_bench_command

__all__ = [
    "SPACES",
    "Carrier",
    "CarrierUnavailable",
    "ConnectionDisrupted",
    "Disruption",
    "DisruptionKind",
    "DisruptionOutcome",
    "EventOutcome",
    "EventRejection",
    "EventSource",
    "FakeCarrier",
    "HubDay",
    "IngestedEvent",
    "Label",
    "LabelRequest",
    "LaneHealth",
    "Network",
    "NetworkImported",
    "OrderWithin",
    "ParcelHistory",
    "ParcelProgress",
    "ParcelState",
    "ParcelTracking",
    "ParcelTrackingPage",
    "PickupBooking",
    "Promise",
    "PromiseEngines",
    "PromiseHealth",
    "RejectedEvent",
    "S10Id",
    "Shipment",
    "ShipmentBooked",
    "ShipmentRepromised",
    "ShipmentStatus",
    "StoredEvent",
    "StoredNetwork",
    "TrackingEvent",
    "TrackingPull",
    "TrackingStatus",
    "Waybill",
    "api_router",
    "bench_command",
    "book_shipment",
    "cli_app",
    "configured_carrier",
    "disrupt_connection",
    "erase_consignee",
    "get_shipment",
    "hub_throughput",
    "import_network",
    "ingest_tracking_events",
    "is_s10",
    "label_svg",
    "list_disruptions",
    "list_shipments",
    "load_stored_network",
    "make_s10",
    "measure_repromise",
    "milestone_name",
    "order_within",
    "pages_router",
    "parcel_history",
    "parcel_id",
    "parcel_progress",
    "parcel_states",
    "parcels_by_status",
    "parse_network",
    "parse_s10",
    "promise_change_text",
    "promise_delivery",
    "promise_health_by_lane",
    "promise_text",
    "pull_carrier_tracking",
    "record_delivery",
    "replay_tracking",
    "shipment_for_order",
    "track_parcel",
    "tracking_bench_command",
    "tracking_status_counts",
    "use_carrier",
]
