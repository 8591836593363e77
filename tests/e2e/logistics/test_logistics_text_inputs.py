"""Text typed into the logistics API (a network document's names, a promise query) never answers 500."""

from __future__ import annotations

import pytest

from tests.e2e.logistics.conftest import ClientFactory
from tests.unit.logistics.network_sample import sample_document

NUL = "\u0000"


@pytest.mark.parametrize(
    ("section", "index", "attribute", "value"),
    [
        ("hubs", 1, "name", f"Liège{NUL}eHub"),
        ("hubs", 1, "name", "Liège \u202eeHub"),
        ("hubs", 1, "name", "\u200b\u200b"),
        ("connections", 0, "trip", f"X{NUL}1"),
        ("clearance", 0, "regime", f"cbec{NUL}"),
    ],
)
async def test_a_network_document_with_unprintable_text_is_refused_and_nothing_changes(
    client_as: ClientFactory, section: str, index: int, attribute: str, value: str
) -> None:
    logistics = client_as("logistics")
    assert (await logistics.post("/api/v1/logistics/network", json=sample_document())).status_code == 200
    broken = sample_document()
    broken[section][index][attribute] = value

    refused = await logistics.post("/api/v1/logistics/network", json=broken)

    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "network_invalid"
    assert any(p["entry"].startswith(f"{section}[{index}]") for p in refused.json()["problems"])
    assert (await client_as("brand").get("/api/v1/logistics/network")).json()["version"] == 1


@pytest.mark.parametrize("field", ["origin", "zone", "regime", "locale"])
async def test_a_promise_query_with_a_nul_is_refused_not_a_500(client_as: ClientFactory, field: str) -> None:
    await client_as("logistics").post("/api/v1/logistics/network", json=sample_document())
    query = {"origin": "HGH", "zone": "FR-75", "ready_at": "2026-12-01T08:00:00+08:00", "locale": "fr"}
    answer = await client_as("brand").post("/api/v1/logistics/promises", json=query | {field: f"HG{NUL}H"})
    assert answer.status_code == 422, answer.text
