"""The shipments API: a logistics operator books parcels, reads their plans, labels and waybills, disrupts a
connection and watches the SLA monitor; another operator's shipment is not found; bad input changes nothing."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import httpx

from comptoir.identity import services as identity
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.domain.code128 import PATTERNS, code128_values
from comptoir.logistics.services import import_network
from comptoir.web.app import create_app
from tests.e2e.logistics.conftest import ClientFactory
from tests.integration.logistics.shipment_world import NOW, THU_FLIGHT, small_flight_network

SHIPMENTS = "/api/v1/logistics/shipments"


def _body(reference: str, **more: Any) -> dict[str, Any]:
    return {
        "seller_org_id": "org_seller",
        "order_reference": reference,
        "origin": "HGH",
        "zone": "FR-75",
        "weight_g": 900,
        "ready_at": "2026-12-01T00:00:00Z",
        "shipper": "Hangzhou Silk Co.",
        "consignee_name": "Camille Martin",
        "contents": "1 silk scarf (HS 6214)",
        **more,
    }


async def _world(runtime: Runtime, clock: FrozenClock, client_as: ClientFactory) -> None:
    clock.advance(NOW - clock.now())
    assert (
        await client_as("logistics").post("/api/v1/logistics/network", json=small_flight_network(2))
    ).status_code == 200


async def test_an_operator_books_a_parcel_and_reads_its_plan_label_and_waybill(
    runtime: Runtime, clock: FrozenClock, client_as: ClientFactory
) -> None:
    await _world(runtime, clock, client_as)
    ops = client_as("logistics")
    made = await ops.post(SHIPMENTS, json=_body("ord-1"), headers={"Idempotency-Key": "k-1"})
    assert made.status_code == 201, made.text
    shipment = made.json()
    assert shipment["status"] == "planned" and shipment["legs"][0]["connection"] == THU_FLIGHT
    assert shipment["legs"][0]["from"] == "HGH" and shipment["station"] == "FRPAR"
    assert shipment["waybill"] == {
        "parcel_id": shipment["parcel_id"],
        "shipper": "Hangzhou Silk Co.",
        "consignee": "C**",
        "weight_g": 900,
        "contents": "1 silk scarf (HS 6214)",
        "order_reference": "ord-1",
    }
    replay = await ops.post(SHIPMENTS, json=_body("ord-1"), headers={"Idempotency-Key": "k-1"})
    assert replay.json() == shipment
    again = await ops.post(SHIPMENTS, json=_body("ord-1"))
    assert again.json()["id"] == shipment["id"], "the same order books nothing more"

    one = await ops.get(f"{SHIPMENTS}/{shipment['id']}")
    assert one.json() == shipment
    by_parcel = await ops.get(f"{SHIPMENTS}/{shipment['parcel_id']}")
    assert by_parcel.json()["id"] == shipment["id"]
    listed = await ops.get(SHIPMENTS)
    assert [s["id"] for s in listed.json()["items"]] == [shipment["id"]]

    label = await ops.get(f"{SHIPMENTS}/{shipment['id']}/label.svg")
    assert label.status_code == 200 and label.headers["content-type"].startswith("image/svg+xml")
    assert "Camille" not in label.text and "C**" in label.text
    bars = re.findall(r'<rect x="[0-9.]+" y="62" width="([0-9.]+)"', label.text)
    assert len(bars) == 3 * len(code128_values(shipment["parcel_id"])) + 1  # the stop symbol has four bars
    assert sum(int(w) for w in PATTERNS[code128_values(shipment["parcel_id"])[0]][0::2]) == 4


async def test_another_operators_shipment_is_not_found_and_other_organisations_are_refused(
    runtime: Runtime, clock: FrozenClock, client_as: ClientFactory
) -> None:
    await _world(runtime, clock, client_as)
    shipment = (await client_as("logistics").post(SHIPMENTS, json=_body("ord-1"))).json()
    rival = client_as("other_logistics")
    for path in (f"{SHIPMENTS}/{shipment['id']}", f"{SHIPMENTS}/{shipment['parcel_id']}/label.svg"):
        answer = await rival.get(path)
        assert answer.status_code == 404 and answer.json()["code"] == "shipment_not_found"
    assert (await rival.get(SHIPMENTS)).json()["items"] == []
    assert (await rival.post(SHIPMENTS, json=_body("ord-2"))).status_code == 403
    assert (await client_as("brand").get(SHIPMENTS)).status_code == 403
    assert (await client_as(None).get(SHIPMENTS)).status_code == 401
    assert (await client_as("operator").get(f"{SHIPMENTS}/{shipment['id']}")).status_code == 200


async def test_bad_shipments_are_refused_with_their_reason_and_nothing_is_booked(
    runtime: Runtime, clock: FrozenClock, client_as: ClientFactory
) -> None:
    await _world(runtime, clock, client_as)
    ops = client_as("logistics")
    cases = [
        (_body("a", weight_g=0), 422, None),
        (_body("a", weight_g=10**9), 422, None),
        (_body("a", origin="XXX"), 422, "unknown_hub"),
        (_body("a", zone="FR-99"), 422, "unknown_zone"),
        (_body("a", parcel_id="RR473124820GB"), 422, "shipment_invalid"),  # a wrong check digit
        (_body("a", unexpected=1), 422, None),
    ]
    for body, status, code in cases:
        answer = await ops.post(SHIPMENTS, json=body)
        assert answer.status_code == status, (body, answer.text)
        if code is not None:
            assert answer.json()["code"] == code
    assert (await ops.get(SHIPMENTS)).json()["items"] == []


async def test_a_cancelled_flight_re_promises_its_parcels_and_the_sla_monitor_shows_them_at_risk(
    runtime: Runtime, clock: FrozenClock, client_as: ClientFactory
) -> None:
    await _world(runtime, clock, client_as)
    ops = client_as("logistics")
    shipment = (await ops.post(SHIPMENTS, json=_body("ord-1"))).json()
    unknown = await ops.post(
        "/api/v1/logistics/disruptions", json={"connection": "HGH-LGG@2026-12-04", "kind": "cancelled"}
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_connection"
    rival = await client_as("other_logistics").post(
        "/api/v1/logistics/disruptions", json={"connection": THU_FLIGHT, "kind": "cancelled"}
    )
    assert rival.status_code == 403
    done = await ops.post("/api/v1/logistics/disruptions", json={"connection": THU_FLIGHT, "kind": "cancelled"})
    assert done.status_code == 201, done.text
    assert (done.json()["replanned"], done.json()["later"]) == (1, 1)
    moved = (await ops.get(f"{SHIPMENTS}/{shipment['id']}")).json()
    assert moved["promised_date"] > shipment["promised_date"]
    assert moved["first_promised_date"] == shipment["promised_date"]
    assert moved["promise_reason"] == f"connection {THU_FLIGHT} cancelled"
    assert [d["connection"] for d in (await ops.get("/api/v1/logistics/disruptions")).json()] == [THU_FLIGHT]
    lanes = (await ops.get("/api/v1/logistics/sla", params={"at": "2026-12-01T00:00:00Z"})).json()
    assert lanes == [{"origin": "HGH", "station": "FRPAR", "on_track": 0, "at_risk": 1, "broken": 0, "total": 1}]
    for bad in ("0.5", "2026-13-01T00:00:00Z", "2026-12-01T00:00:00"):
        assert (await ops.get("/api/v1/logistics/sla", params={"at": bad})).status_code == 422, bad


async def test_a_logistics_operators_api_key_books_shipments(runtime: Runtime, clock: FrozenClock) -> None:
    clock.advance(NOW - clock.now())
    settings = runtime.settings
    await transact(
        runtime,
        partial(
            identity.open_account,
            kind=OrganisationKind.LOGISTICS_OPERATOR,
            organisation_name="Liège Cargo",
            email="ops@liege-cargo.test",
            password="a long enough password",
            settings=settings,
        ),
    )
    session = await transact(
        runtime,
        partial(
            identity.sign_in,
            email="ops@liege-cargo.test",
            password="a long enough password",
            settings=settings,
            throttle=runtime.throttle,
        ),
    )
    principal = await transact(runtime, partial(identity.principal_for_session, token=session.token))
    assert principal is not None
    await transact(
        runtime,
        lambda uow: import_network(
            uow, None, network=small_flight_network(2), operator_org_id=principal.organisation_id
        ),
    )
    key = (await transact(runtime, lambda uow: identity.create_api_key(uow, principal, name="wms"))).secret
    transport = httpx.ASGITransport(app=create_app(runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        made = await client.post(SHIPMENTS, json=_body("ord-key"), headers={"Authorization": f"Bearer {key}"})
        assert made.status_code == 201, made.text
        assert made.json()["parcel_id"].endswith("CN")
        anonymous = await client.get(f"{SHIPMENTS}/{made.json()['id']}")
        assert anonymous.status_code == 401
