"""The logistics capability's public names are pinned: checkout, tracking and pages reach it through these."""

from __future__ import annotations

import comptoir.logistics

PUBLIC = [
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


def test_the_logistics_public_names_are_exactly_these() -> None:
    assert sorted(comptoir.logistics.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(comptoir.logistics, name) is not None
