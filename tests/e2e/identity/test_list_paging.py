"""Every list of identity's API is a cursor page: ``?limit=``, ``?cursor=``, stable order, one tenant's items."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from comptoir.identity import services as identity
from comptoir.kernel.paging import encode_cursor
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from tests.integration.identity.world import World, build_world

from .conftest import ClientFactory

#: The lists of a brand's own items.
OWN_LISTS = ["/api/v1/delegations", "/api/v1/api-keys", "/api/v1/audit"]
#: Every list a brand reads: its own, and the directory of accredited partners (the same for every brand).
BRAND_LISTS = ["/api/v1/partners", *OWN_LISTS]


@pytest.fixture
async def world(runtime: Runtime) -> World:
    """The shared world, with the pending partner accredited too and three keys and delegations per brand side."""
    world = await build_world(runtime)

    async def more(uow: UnitOfWork) -> None:
        await identity.accredit_partner(uow, world.operator.principal, partner_id=world.pending_partner.id)
        for partner in (world.other_partner, world.pending_partner):
            await identity.grant_delegation(uow, world.brand.principal, partner_id=partner.id, scopes=["content"])
        await identity.grant_delegation(
            uow, world.other_brand.principal, partner_id=world.partner.id, scopes=["content"]
        )
        for name in ("erp", "warehouse", "accounting"):
            await identity.create_api_key(uow, world.brand.principal, name=f"paris {name}")
            await identity.create_api_key(uow, world.other_brand.principal, name=f"bordeaux {name}")

    await transact(runtime, more)
    return world


def _brand(world: World, client_for: ClientFactory) -> httpx.AsyncClient:
    return client_for(session=world.brand.token, csrf=world.brand.principal.csrf_token)


async def _walk(
    client: httpx.AsyncClient, path: str, *, limit: int, query: dict[str, str] | None = None
) -> list[list[dict[str, Any]]]:
    """Every page of ``path``, following ``next_cursor`` until it is null."""
    pages: list[list[dict[str, Any]]] = []
    params: dict[str, str | int] = {**(query or {}), "limit": limit}
    while True:
        response = await client.get(path, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"items", "next_cursor"}
        pages.append(body["items"])
        assert len(pages) <= 10, f"{path} never reaches its last page"
        if body["next_cursor"] is None:
            return pages
        params = {**(query or {}), "limit": limit, "cursor": body["next_cursor"]}


async def test_three_accredited_partners_come_two_by_two_each_once_by_id(
    world: World, client_for: ClientFactory
) -> None:
    pages = await _walk(_brand(world, client_for), "/api/v1/partners", limit=2)
    assert [len(p) for p in pages] == [2, 1]
    expected = sorted([world.partner.id, world.other_partner.id, world.pending_partner.id])
    assert [p["id"] for page in pages for p in page] == expected
    assert all(p["status"] == "accredited" for page in pages for p in page)


async def test_the_operator_pages_through_applications_and_filters_keep_their_cursor(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    operator = client_for(session=world.operator.token, csrf=world.operator.principal.csrf_token)
    await transact(
        runtime,
        lambda uow: identity.suspend_partner(
            uow, world.operator.principal, partner_id=world.other_partner.id, reason="audit pending"
        ),
    )
    pages = await _walk(operator, "/api/v1/operator/partners", limit=2)
    assert [len(p) for p in pages] == [2, 1]
    everyone = sorted([world.partner.id, world.other_partner.id, world.pending_partner.id])
    assert [p["id"] for page in pages for p in page] == everyone
    accredited = await _walk(operator, "/api/v1/operator/partners", limit=1, query={"status": "accredited"})
    assert [p["id"] for page in accredited for p in page] == [i for i in everyone if i != world.other_partner.id]


async def test_a_brand_pages_through_its_own_delegations_newest_first_and_never_another_brands(
    world: World, client_for: ClientFactory
) -> None:
    pages = await _walk(_brand(world, client_for), "/api/v1/delegations", limit=2)
    assert [len(p) for p in pages] == [2, 1]
    seen = [d["id"] for page in pages for d in page]
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == 3
    assert world.delegation.id in seen and world.other_delegation.id not in seen
    assert {d["brand_id"] for page in pages for d in page} == {world.brand.id}

    # The Hangzhou partner received two delegations (Paris and Bordeaux); it sees both, nothing else.
    partner = client_for(session=world.partner.token, csrf=world.partner.principal.csrf_token)
    received = await _walk(partner, "/api/v1/delegations", limit=1)
    assert [len(p) for p in received] == [1, 1]
    assert {d["brand_id"] for page in received for d in page} == {world.brand.id, world.other_brand.id}
    assert {d["partner_id"] for page in received for d in page} == {world.partner.id}


async def test_a_brand_pages_through_its_own_api_keys_and_never_sees_another_organisations(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    pages = await _walk(_brand(world, client_for), "/api/v1/api-keys", limit=2)
    assert [len(p) for p in pages] == [2, 1]
    names = [k["name"] for page in pages for k in page]
    assert names == ["paris accounting", "paris warehouse", "paris erp"]
    own = await transact(runtime, lambda uow: identity.api_keys_of(uow, world.brand.principal))
    assert [k["id"] for page in pages for k in page] == [k.id for k in own]
    text = " ".join(str(page) for page in pages)
    foreign = await transact(runtime, lambda uow: identity.api_keys_of(uow, world.other_brand.principal))
    assert all(k.id not in text and k.prefix not in text for k in foreign)
    assert all("secret" not in k for page in pages for k in page)


async def test_no_page_of_any_list_holds_another_organisations_items(world: World, client_for: ClientFactory) -> None:
    brand = _brand(world, client_for)
    foreign = [world.other_delegation.id, world.other_brand.id, "Lestage", "bordeaux"]
    for path in OWN_LISTS:
        pages = await _walk(brand, path, limit=1)
        assert len(pages) >= 3, path
        for page in pages:
            leaked = [marker for marker in foreign for item in page if marker in str(item)]
            assert leaked == [], (path, leaked)


@pytest.mark.parametrize("path", [*BRAND_LISTS, "/api/v1/operator/partners"])
async def test_a_limit_outside_1_to_200_is_refused_and_200_is_served(
    path: str, world: World, client_for: ClientFactory
) -> None:
    caller = (
        client_for(session=world.operator.token, csrf=world.operator.principal.csrf_token)
        if path.startswith("/api/v1/operator")
        else _brand(world, client_for)
    )
    for limit in ("0", "201", "-1", "many"):
        response = await caller.get(path, params={"limit": limit})
        assert response.status_code == 422, (limit, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "validation_error"
    widest = await caller.get(path, params={"limit": 200})
    assert widest.status_code == 200 and widest.json()["next_cursor"] is None


@pytest.mark.parametrize("path", [*BRAND_LISTS, "/api/v1/operator/partners"])
async def test_a_tampered_or_foreign_cursor_is_refused_as_invalid_cursor(
    path: str, world: World, client_for: ClientFactory
) -> None:
    caller = (
        client_for(session=world.operator.token, csrf=world.operator.principal.csrf_token)
        if path.startswith("/api/v1/operator")
        else _brand(world, client_for)
    )
    first = (await caller.get(path, params={"limit": 1})).json()
    assert first["next_cursor"] is not None
    # Not even shaped like a cursor: the schema's pattern refuses it.
    for malformed in ("not a cursor!", first["next_cursor"][:-3] + "~~~"):
        response = await caller.get(path, params={"cursor": malformed})
        assert (response.status_code, response.json()["code"]) == (422, "validation_error"), response.text
    tampered = [
        encode_cursor({}),
        encode_cursor({"before": "aud_' OR 1=1 --"}),
        encode_cursor({"after": "x", "before": "y"}),
        encode_cursor({"before": world.delegation.id, "after": world.partner.id}),
        encode_cursor({"before": 12}),
        encode_cursor({"after": 12}),
        "WzEsMiwzXQ",  # a JSON array, not an object
    ]
    # Another list's cursor (its id has another prefix) is not this list's.
    other = "/api/v1/delegations" if path != "/api/v1/delegations" else "/api/v1/api-keys"
    foreign = (await _brand(world, client_for).get(other, params={"limit": 1})).json()["next_cursor"]
    tampered.append(foreign)
    for cursor in tampered:
        response = await caller.get(path, params={"cursor": cursor})
        assert response.status_code == 422, (cursor, response.text)
        assert response.json()["code"] == "invalid_cursor", (cursor, response.text)
