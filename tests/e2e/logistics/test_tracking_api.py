"""Carriers send tracking events over the API: outcomes, refusals that store nothing, another carrier's parcel."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.logistics import tracking_repository as store
from tests.e2e.logistics.conftest import ClientFactory
from tests.integration.logistics.tracking_support import OTHER_PARCEL, PARCEL, ship

EVENTS: list[dict[str, Any]] = [
    {"parcel": PARCEL, "at": "2026-12-05T11:40:00+01:00", "hub": "FRPAR", "status": "delivered", "code": "EMI",
     "id": "fr-9"},
    {"parcel": PARCEL, "at": "2026-12-03T23:30:00+08:00", "hub": "HGH", "status": "in_transit", "code": "EMC",
     "step": "departing"},
    {"parcel": PARCEL, "at": "2026-12-03T21:05:00+08:00", "hub": "HGH", "status": "in_transit", "code": "EMB",
     "step": "urn:epcglobal:cbv:bizstep:receiving", "id": "cn-1"},
    {"parcel": PARCEL, "at": "2026-12-05T15:00:00+01:00", "hub": "HGH", "status": "in_transit"},
    {"parcel": PARCEL, "at": "2026-12-03T21:05:00+08:00", "hub": "HGH", "status": "in_transit", "code": "EMB",
     "step": "receiving", "id": "cn-1"},
]  # fmt: skip
URL = "/api/v1/logistics/tracking/events"


@pytest.fixture(autouse=True)
async def _shipped(runtime: Runtime, clock: FrozenClock) -> None:
    clock.set(datetime(2026, 12, 6, tzinfo=UTC))
    await ship(runtime, PARCEL, carrier="org_ops")
    await ship(runtime, OTHER_PARCEL, carrier="org_rival")


async def rows(runtime: Runtime) -> int:
    async with runtime.uow() as uow:
        return int((await uow.execute(select(func.count()).select_from(store.tracking_events))).scalar_one())


async def test_a_carrier_sends_events_and_reads_its_parcel(client_as: ClientFactory) -> None:
    carrier = client_as("logistics")
    answer = await carrier.post(URL, json=EVENTS)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["received"], body["applied"], body["rejected"], body["duplicates"]) == (5, 3, 1, 1)
    assert [e["outcome"] for e in body["events"]] == ["applied", "applied", "applied", "rejected", "duplicate"]
    assert body["events"][3]["reason"] == (
        "in_transit after delivered at FRPAR 2026-12-05T11:40:00+01:00: delivered is final"
    )
    parcel = (await carrier.get(f"/api/v1/logistics/tracking/parcels/{PARCEL}")).json()
    assert parcel["status"] == "delivered" and parcel["events_applied"] == 3 and parcel["events_rejected"] == 1
    assert parcel["last_event"] == {"at": "2026-12-05T11:40:00+01:00", "hub": "FRPAR", "status": "delivered",
                                    "code": "EMI"}  # fmt: skip
    assert len(parcel["events"]) == 5
    # sent again, everything is a duplicate and nothing changes
    again = (await carrier.post(URL, json=EVENTS)).json()
    assert [e["outcome"] for e in again["events"]] == ["duplicate"] * 5
    assert (await carrier.get(f"/api/v1/logistics/tracking/parcels/{PARCEL}")).json()["status"] == "delivered"
    counts = (await carrier.get("/api/v1/logistics/tracking/counts")).json()
    assert counts["delivered"] == 1 and sum(counts.values()) == 1
    listed = (await carrier.get("/api/v1/logistics/tracking/parcels", params={"status": "delivered"})).json()
    assert [p["parcel"] for p in listed["items"]] == [PARCEL]
    days = (
        await carrier.get(
            "/api/v1/logistics/tracking/throughput",
            params={"since": "2026-12-01T00:00:00Z", "until": "2026-12-06T00:00:00Z"},
        )
    ).json()
    assert days == [
        {"hub": "HGH", "day": "2026-12-03", "events": 2, "parcels": 1},
        {"hub": "FRPAR", "day": "2026-12-05", "events": 1, "parcels": 1},
    ]


async def test_another_carriers_parcel_is_not_found_and_nothing_changes(
    client_as: ClientFactory, runtime: Runtime
) -> None:
    rival = client_as("other_logistics")
    answer = (await rival.post(URL, json=EVENTS[:1])).json()
    assert answer["events"][0]["rejection"] == "unknown_parcel"
    missing = await rival.get(f"/api/v1/logistics/tracking/parcels/{PARCEL}")
    assert missing.status_code == 404 and missing.json()["code"] == "tracked_parcel_not_found"
    owner = (await client_as("logistics").get(f"/api/v1/logistics/tracking/parcels/{PARCEL}")).json()
    assert (owner["status"], owner["events"]) == ("pending", [])


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("[{", "validation_error"),  # malformed JSON
        ({"parcel": PARCEL}, "validation_error"),  # not a list
        ([{**EVENTS[0], "hub": 7}], "validation_error"),  # wrong type
        ([{**EVENTS[0], "status": "lost"}], "validation_error"),
        ([{**EVENTS[0], "colour": "red"}], "validation_error"),
        ([EVENTS[1], {**EVENTS[0], "at": "2026-12-05T11:40:00"}], "tracking_events_invalid"),  # no offset
        ([EVENTS[1], {**EVENTS[0], "parcel": "RR473124828GB"}], "tracking_events_invalid"),  # check digit
        ([EVENTS[1], {**EVENTS[0], "step": "dancing"}], "tracking_events_invalid"),
        ([EVENTS[1]] * 1001, "validation_error"),  # more than 1,000
    ],
)
async def test_bad_input_is_refused_whole_and_stores_nothing(
    client_as: ClientFactory, runtime: Runtime, body: Any, code: str
) -> None:
    content = body if isinstance(body, str) else json.dumps(body)
    answer = await client_as("logistics").post(URL, content=content, headers={"content-type": "application/json"})
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == code
    if code == "tracking_events_invalid":
        assert [p["index"] for p in answer.json()["problems"]] == [1]
    assert await rows(runtime) == 0


async def test_only_carriers_and_the_platform_may_send(client_as: ClientFactory, runtime: Runtime) -> None:
    assert (await client_as(None).post(URL, json=EVENTS)).status_code == 401
    refused = await client_as("brand").post(URL, json=EVENTS)
    assert refused.status_code == 403 and refused.json()["code"] == "tracking_not_allowed"
    assert (await client_as("brand").get("/api/v1/logistics/tracking/counts")).status_code == 403
    assert await rows(runtime) == 0
    platform = (await client_as("operator").get(f"/api/v1/logistics/tracking/parcels/{OTHER_PARCEL}")).json()
    assert platform["status"] == "pending"


async def test_a_batch_file_is_ingested_with_outcomes_by_line(client_as: ClientFactory, runtime: Runtime) -> None:
    text = "\n".join(json.dumps(e) for e in EVENTS[:2]) + "\n\n" + json.dumps(EVENTS[3]) + "\n"
    answer = await client_as("logistics").post(
        "/api/v1/logistics/tracking/batches", content=text, headers={"content-type": "application/x-ndjson"}
    )
    assert answer.status_code == 200, answer.text
    assert [(e["index"], e["outcome"]) for e in answer.json()["events"]] == [
        (0, "applied"),
        (1, "applied"),
        (3, "rejected"),
    ]
    broken = text + '{"parcel": "RR473124829GB"}\n'
    ndjson = {"content-type": "application/x-ndjson"}
    refused = await client_as("logistics").post("/api/v1/logistics/tracking/batches", content=broken, headers=ndjson)
    assert refused.status_code == 422
    assert refused.json()["detail"] == "the batch file line 5: missing at, hub, status; nothing was stored"
    assert await rows(runtime) == 3
    not_text = await client_as("logistics").post(
        "/api/v1/logistics/tracking/batches", content=b"\xff\xfe", headers=ndjson
    )
    assert not_text.status_code == 422 and not_text.json()["code"] == "tracking_events_invalid"
    empty = await client_as("logistics").post("/api/v1/logistics/tracking/batches", content=b"", headers=ndjson)
    assert empty.status_code == 422 and empty.json()["code"] == "tracking_events_invalid"
    as_json = await client_as("logistics").post(
        "/api/v1/logistics/tracking/batches", content=text, headers={"content-type": "application/json"}
    )
    assert as_json.status_code == 422 and as_json.json()["code"] == "invalid_input"


@pytest.mark.parametrize(
    "params",
    [
        {"until": "0.5"},
        {"since": "2026-12-01T00:00:00"},
        {"since": "2026-02-30T00:00:00Z"},
        {"since": "2026-12-05T00:00:00Z", "until": "2026-12-01T00:00:00Z"},
        {"since": "2026-01-01T00:00:00Z", "until": "2026-12-01T00:00:00Z"},
    ],
)
async def test_a_throughput_window_that_is_not_one_is_refused(client_as: ClientFactory, params: dict[str, str]) -> None:
    answer = await client_as("logistics").get("/api/v1/logistics/tracking/throughput", params=params)
    assert answer.status_code == 422, answer.text
