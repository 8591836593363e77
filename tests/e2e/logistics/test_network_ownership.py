"""Who may replace the installation's one network: its owner, a logistics operator, or the platform operator."""

from __future__ import annotations

from comptoir.identity import services as identity
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.services import import_network, load_stored_network
from tests.e2e.logistics.conftest import CALLERS, ClientFactory
from tests.unit.logistics.network_sample import sample_document

NETWORK = "/api/v1/logistics/network"


def _smaller() -> dict:  # type: ignore[type-arg]
    document = sample_document()
    document["services"] = document["services"][:1]
    document["connections"] = []
    return document


async def test_the_first_logistics_operator_owns_the_network_and_a_rival_cannot_replace_it(
    runtime: Runtime, client_as: ClientFactory
) -> None:
    assert (await client_as("logistics").post(NETWORK, json=sample_document())).status_code == 200

    rival = await client_as("other_logistics").post(NETWORK, json=_smaller())

    assert rival.status_code == 403, rival.text
    assert rival.json()["code"] == "network_owned_by_another_operator"
    summary = (await client_as("brand").get(NETWORK)).json()
    assert summary["version"] == 1
    assert sum(len(lane["services"]) for lane in summary["lanes"]) == 4
    async with runtime.uow() as uow:
        stored = await load_stored_network(uow)
    assert stored is not None
    assert (stored.operator_org_id, stored.operator_name) == ("org_ops", "Liège Cargo")


async def test_the_owner_and_the_platform_operator_import_new_versions_and_the_owner_stays(
    runtime: Runtime, client_as: ClientFactory
) -> None:
    assert (await client_as("logistics").post(NETWORK, json=sample_document())).status_code == 200
    assert (await client_as("logistics").post(NETWORK, json=_smaller())).json()["version"] == 2
    assert (await client_as("operator").post(NETWORK, json=sample_document())).json()["version"] == 3
    # The command line (no principal) keeps the owner too.
    await transact(runtime, lambda uow: import_network(uow, None, network=_smaller(), imported_by="cli"))
    async with runtime.uow() as uow:
        stored = await load_stored_network(uow)
    assert stored is not None and stored.version == 4
    assert stored.operator_org_id == "org_ops"
    assert (await client_as("other_logistics").post(NETWORK, json=sample_document())).status_code == 403


async def test_only_the_platform_operator_hands_the_network_to_another_logistics_operator(
    runtime: Runtime, client_as: ClientFactory
) -> None:
    rival = await transact(
        runtime, lambda uow: identity.create_organisation(uow, kind="logistics_operator", name="Rival Freight")
    )
    brand = await transact(runtime, lambda uow: identity.create_organisation(uow, kind="brand", name="Maison Dupont"))
    assert (await client_as("logistics").post(NETWORK, json=sample_document())).status_code == 200

    grab = await client_as("logistics").post(f"{NETWORK}?owner={rival.id}", json=sample_document())
    assert (grab.status_code, grab.json()["code"]) == (403, "network_owner_assigned_by_operator")
    to_a_brand = await client_as("operator").post(f"{NETWORK}?owner={brand.id}", json=sample_document())
    assert (to_a_brand.status_code, to_a_brand.json()["code"]) == (422, "invalid_network_owner")
    handed = await client_as("operator").post(f"{NETWORK}?owner={rival.id}", json=sample_document())
    assert handed.status_code == 200, handed.text

    async with runtime.uow() as uow:
        stored = await load_stored_network(uow)
    assert stored is not None and (stored.operator_org_id, stored.operator_name) == (rival.id, "Rival Freight")
    former = await client_as("logistics").post(NETWORK, json=sample_document())
    assert (former.status_code, former.json()["code"]) == (403, "network_owned_by_another_operator")
    assert (await client_as("brand").get(NETWORK)).json()["version"] == 2


async def test_the_network_page_names_the_operator_that_runs_it(client_as: ClientFactory) -> None:
    assert (await client_as("logistics").post(NETWORK, json=sample_document())).status_code == 200

    page = await client_as("brand").get("/logistics/network", headers={"accept": "text/html", "accept-language": "fr"})

    assert page.status_code == 200
    owner = page.text.split('data-testid="network-owner"', 1)[1].split("</p>", 1)[0]
    assert CALLERS["logistics"].organisation_name in owner
    assert "Exploité par" in owner
