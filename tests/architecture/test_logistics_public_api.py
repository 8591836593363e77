"""The logistics capability's public names are pinned: checkout, tracking, the demo and the entry points
reach it through these, and through nothing else (import-linter's protected contract says so)."""

from __future__ import annotations

import comptoir.logistics

PUBLIC = [
    # what the entry points assemble
    "SPACES",
    "api_router",
    "bench_command",
    "cli_app",
    "pages_router",
    "tracking_bench_command",
    # the use cases, and the engines the promise ones are handed
    "PromiseEngines",
    "import_network",
    "load_stored_network",
    "order_within",
    "promise_delivery",
    "promise_text",
    # what they take and give
    "Network",
    "OrderWithin",
    "Promise",
    "StoredNetwork",
    "parse_network",
    # parcel ids
    "S10Id",
    "is_s10",
    "make_s10",
    "parcel_id",
    "parse_s10",
    # tracking, folded from the set of a parcel's events
    "ParcelTracking",
    "RejectedEvent",
    "TrackingEvent",
    "TrackingStatus",
    "replay_tracking",
    "track_parcel",
    # tracking, stored: ingestion, what became of each event, and the queries of the control tower
    "EventOutcome",
    "EventRejection",
    "EventSource",
    "HubDay",
    "IngestedEvent",
    "ParcelHistory",
    "ParcelState",
    "ParcelTrackingPage",
    "StoredEvent",
    "hub_throughput",
    "ingest_tracking_events",
    "parcel_history",
    "parcel_states",
    "parcels_by_status",
    "tracking_status_counts",
    # the carrier port, its fake, and the worker's chore that pulls tracking through it
    "Carrier",
    "CarrierUnavailable",
    "FakeCarrier",
    "Label",
    "LabelRequest",
    "PickupBooking",
    "TrackingPull",
    "configured_carrier",
    "pull_carrier_tracking",
    "use_carrier",
    # shipments booked onto capacity, disruptions, the SLA monitor (docs/shipments.md)
    "book_shipment",
    "get_shipment",
    "list_shipments",
    "shipment_for_order",
    "record_delivery",
    "erase_consignee",
    "disrupt_connection",
    "list_disruptions",
    "promise_health_by_lane",
    "measure_repromise",
    "label_svg",
    "Shipment",
    "ShipmentStatus",
    "Waybill",
    "Disruption",
    "DisruptionKind",
    "DisruptionOutcome",
    "LaneHealth",
    "PromiseHealth",
    # a buyer's parcel, for the buyer's tracking page that orders serves
    "ParcelProgress",
    "parcel_progress",
    "milestone_name",
    "promise_change_text",
    # the events
    "NetworkImported",
    "ShipmentBooked",
    "ShipmentRepromised",
    "ConnectionDisrupted",
]


def test_the_logistics_public_names_are_exactly_these() -> None:
    assert sorted(comptoir.logistics.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(comptoir.logistics, name) is not None
