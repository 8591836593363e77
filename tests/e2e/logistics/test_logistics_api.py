"""The logistics HTTP API: importing the network, reading it, asking for promises."""

from __future__ import annotations

from datetime import UTC, datetime

from comptoir.kernel.clock import FrozenClock
from tests.e2e.logistics.conftest import ClientFactory
from tests.unit.logistics.network_sample import sample_document


async def _import(client_as: ClientFactory) -> None:
    response = await client_as("logistics").post("/api/v1/logistics/network", json=sample_document())
    assert response.status_code == 200, response.text
    assert response.json() == {"version": 1, "hubs": 5, "services": 4, "connections": 1, "clearance": 1, "last_mile": 4}


async def test_a_logistics_operator_imports_and_anyone_signed_in_reads(client_as: ClientFactory) -> None:
    await _import(client_as)
    brand = client_as("brand")
    summary = (await brand.get("/api/v1/logistics/network")).json()
    assert summary["version"] == 1
    assert [h["code"] for h in summary["hubs"]] == ["HGH", "LGG", "MAD", "FRPAR", "CNSHA"]
    first = summary["lanes"][0]
    assert (first["from"], first["to"], first["weekly_departures"], first["weekly_capacity_kg"]) == (
        "HGH",
        "LGG",
        2,
        200000,
    )
    assert first["services"][0]["cost_per_kg"] == {"currency": "EUR", "value": "1.85"}
    assert summary["last_mile_zones"] == ["CN-31", "FR-13", "FR-69", "FR-75"]
    hubs = (await brand.get("/api/v1/logistics/hubs")).json()
    assert hubs[1] == {
        "code": "LGG",
        "name": "Liège eHub",
        "country": "BE",
        "tz": "Europe/Brussels",
        "kind": "gateway",
        "lat": 50.637,
        "lon": 5.443,
    }


async def test_only_operators_import_and_anonymous_callers_read_nothing(client_as: ClientFactory) -> None:
    refused = await client_as("brand").post("/api/v1/logistics/network", json=sample_document())
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    assert (await client_as("operator").post("/api/v1/logistics/network", json=sample_document())).status_code == 200
    anonymous = await client_as(None).get("/api/v1/logistics/network")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")


async def test_an_invalid_network_lists_every_problem_and_changes_nothing(client_as: ClientFactory) -> None:
    await _import(client_as)
    broken = sample_document()
    broken["hubs"][0]["tz"] = "Mars/Olympus"
    broken["services"][1]["departs"] = "25:00"
    broken["connections"][0]["arrives_at"] = "2026-12-20T07:00:00Z"
    response = await client_as("operator").post("/api/v1/logistics/network", json=broken)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "network_invalid"
    entries = {p["entry"] for p in body["problems"]}
    assert {"hubs[0] (HGH)", "services[1] (LGG-FRPAR)", "connections[0] (X1)"} <= entries
    assert all(p["message"] for p in body["problems"])
    assert (await client_as("brand").get("/api/v1/logistics/network")).json()["version"] == 1


async def test_a_promise_with_legs_milestones_and_the_buyers_words(client_as: ClientFactory) -> None:
    await _import(client_as)
    response = await client_as("brand").post(
        "/api/v1/logistics/promises",
        json={
            "origin": "HGH",
            "zone": "FR-75",
            "ready_at": "2026-12-01T08:00:00+08:00",
            "locale": "zh-Hans",
            "time_zone": "Asia/Shanghai",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["found"] is True
    assert [leg["connection"] for leg in body["legs"]] == ["HGH-LGG@2026-12-03", "LGG-FRPAR@2026-12-05"]
    assert body["legs"][0]["from"] == "HGH"
    assert [m["kind"] for m in body["milestones"]] == [
        "departed",
        "arrived_at_gateway",
        "cleared",
        "departed",
        "at_delivery_station",
        "out_for_delivery",
        "delivered_by",
    ]
    assert body["delivered_by"] == "2026-12-06T22:59:59Z"
    assert body["text"] == "预计 12月7日 前送达"
    assert body["order_within"] is None


async def test_a_promise_for_now_says_how_long_to_order(client_as: ClientFactory, clock: FrozenClock) -> None:
    await _import(client_as)
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    response = await client_as("brand").post(
        "/api/v1/logistics/promises", json={"origin": "HGH", "zone": "CN-31", "locale": "en"}
    )
    body = response.json()
    assert body["ready_at"] == "2026-12-01T10:00:00Z"
    assert body["order_within"] == {
        "order_by": "2026-12-01T11:00:00Z",
        "remaining_minutes": 60,
        "text": "Order within 1 h 0 min to receive it by Thursday",
    }


async def test_promise_refusals_have_stable_codes(client_as: ClientFactory) -> None:
    brand = client_as("brand")
    before = await brand.post("/api/v1/logistics/promises", json={"origin": "HGH", "zone": "FR-75"})
    assert (before.status_code, before.json()["code"]) == (404, "network_not_loaded")
    await _import(client_as)
    cases = [
        ({"origin": "XXX", "zone": "FR-75", "ready_at": "2026-12-01T00:00:00Z"}, 422, "unknown_hub"),
        ({"origin": "HGH", "zone": "FR-99", "ready_at": "2026-12-01T00:00:00Z"}, 422, "unknown_zone"),
        ({"origin": "HGH", "zone": "FR-75", "ready_at": "2026-12-01T00:00:00"}, 422, "validation_error"),
        ({"origin": "HGH", "zone": "FR-75", "time_zone": "Mars/Olympus"}, 422, "validation_error"),
        ({"origin": "HGH", "zone": "FR-75", "colour": "red"}, 422, "validation_error"),
        ({"origin": "HGH", "zone": "FR-75", "locale": "de"}, 422, "validation_error"),
        ({"origin": "HGH", "zone": "FR-75", "locale": "zh_Hans"}, 422, "validation_error"),
        ({"origin": "HGH", "zone": "FR-75", "ready_at": "9999-12-01T00:00:00Z"}, 422, "promise_query_invalid"),
    ]
    for payload, status, code in cases:
        response = await brand.post("/api/v1/logistics/promises", json=payload)
        assert (response.status_code, response.json()["code"]) == (status, code), payload


def test_the_schema_names_the_buyer_languages_a_promise_is_written_in() -> None:
    from comptoir.kernel.i18n import SUPPORTED_LOCALES
    from comptoir.logistics.api import PromiseIn

    locale = PromiseIn.model_json_schema()["properties"]["locale"]
    assert locale["enum"] == [code.replace("_", "-") for code in SUPPORTED_LOCALES] == ["zh-Hans", "fr", "en"]
    assert locale["default"] == "fr"
