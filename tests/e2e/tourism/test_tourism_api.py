"""The tourism API over ASGI, on SQLite and PostgreSQL: a shop signs up (and every refusal leaves nothing), reads
its own figures and no other shop's, a brand reads its shops' and sets its window, only the operator reads the
cashless-Paris dashboard, and anyone finds accepting shops near a place, nearest first."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest

from comptoir import payments
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.identity.conftest import ClientFactory
from tests.integration.identity.world import Member, member
from tests.integration.tourism.world import IBAN, TourismWorld, build_tourism_world, pay_in_shop

API = "/api/v1/tourism"


def body(shop_name: str, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": shop_name,
        "category": "cosmetics",
        "street": "Rue de Rivoli",
        "house_number": "99",
        "postcode": "75001",
        "iban": IBAN,
        "iban_holder": shop_name,
        "latitude": "48.860600",
        "longitude": "2.337600",
        "hours": "Mo-Sa 10:00-19:00",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def as_member(m: Member, client_for: ClientFactory) -> httpx.AsyncClient:
    return client_for(session=m.token, csrf=m.principal.csrf_token)


@pytest.fixture
async def world(runtime: Runtime) -> TourismWorld:
    return await build_tourism_world(runtime)


async def test_a_shop_signs_up_once_and_reads_its_profile(
    runtime: Runtime, world: TourismWorld, client_for: ClientFactory
) -> None:
    newcomer = await member(runtime, OrganisationKind.SHOP, "Maison Nouvelle", "nouvelle@example.com")
    client = as_member(newcomer, client_for)
    before = await client.get(f"{API}/shops/me")
    assert (before.status_code, before.json()["code"]) == (404, "shop_not_found")

    made = await client.post(
        f"{API}/shops",
        json=body("Maison Nouvelle", name_zh="新店", brand_org_id=world.brand_id),
        headers={"Idempotency-Key": "sign-up-1"},
    )
    assert made.status_code == 201, made.text
    shop = made.json()
    tills = await transact(runtime, partial(payments.tills_of, principal=newcomer.principal))
    assert [t.id for t in tills] == [shop["point_of_sale_id"]]
    assert shop["id"].startswith("shp_") and shop["entry_code"] == tills[0].entry_code
    assert (shop["latitude"], shop["longitude"], shop["arrondissement"]) == ("48.860600", "2.337600", 1)
    assert shop["brand"]["org_id"] == world.brand_id and shop["name_zh"] == "新店"
    assert shop["address"] == "99 Rue de Rivoli, 75001 Paris" and shop["hours"] == "Mo-Sa 10:00-19:00"
    assert (await client.get(f"{API}/shops/me")).json() == shop

    again = await client.post(f"{API}/shops", json=body("Encore"))
    assert (again.status_code, again.json()["code"]) == (409, "shop_exists")
    assert len(await transact(runtime, partial(payments.tills_of, principal=newcomer.principal))) == 1

    edited = await client.put(
        f"{API}/shops/me",
        json={
            k: v
            for k, v in body("Maison Nouvelle", hours="Mo-Su 09:00-21:00").items()
            if k not in ("iban", "iban_holder")
        },
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["hours"], edited.json()["brand"], edited.json()["id"]) == (
        "Mo-Su 09:00-21:00",
        None,
        shop["id"],
    )


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"latitude": "51.507400", "longitude": "-0.127800"}, 422, "coordinates_outside_france", "latitude"),
        ({"latitude": None, "longitude": None, "street": "Rue qui n'existe pas"}, 422, "address_not_found", "street"),
        ({"brand_org_id": "org_01JD3Q5X7Z8K9M2N4P6R8T0V2W"}, 422, "shop_invalid", "brand_org_id"),
        ({"hours": "Mo-Sa 25:00-19:00"}, 422, "shop_invalid", "hours"),
        ({"name": "   "}, 422, "validation_error", None),
        ({"category": "casino"}, 422, "validation_error", None),
        ({"postcode": "7500"}, 422, "validation_error", None),
        ({"latitude": "north"}, 422, "validation_error", None),
        ({"iban": "FR7630006000011234567890188"}, 422, "iban_invalid", None),
        ({"unknown": "x"}, 422, "validation_error", None),
    ],
)
async def test_every_refused_sign_up_answers_a_problem_and_leaves_no_shop_and_no_till(
    runtime: Runtime,
    client_for: ClientFactory,
    changes: dict[str, Any],
    status: int,
    code: str,
    field: str | None,
) -> None:
    newcomer = await member(runtime, OrganisationKind.SHOP, "Maison Nouvelle", "nouvelle@example.com")
    client = as_member(newcomer, client_for)
    values = body("Maison Nouvelle", **changes)
    for name, value in changes.items():
        if value is None:
            values.pop(name, None)
    refused = await client.post(f"{API}/shops", json=values)
    assert (refused.status_code, refused.json()["code"]) == (status, code), refused.text
    if field is not None:
        assert refused.json()["field"] == field
    assert (await client.get(f"{API}/shops/me")).status_code == 404
    assert await transact(runtime, partial(payments.tills_of, principal=newcomer.principal)) == []


async def test_a_partner_or_nobody_cannot_sign_up(runtime: Runtime, client_for: ClientFactory) -> None:
    partner = await member(runtime, OrganisationKind.PARTNER, "Agence", "agence@example.com")
    refused = await as_member(partner, client_for).post(f"{API}/shops", json=body("Agence"))
    assert (refused.status_code, refused.json()["code"]) == (403, "not_a_shop")
    anonymous = await client_for().post(f"{API}/shops", json=body("Agence"))
    assert anonymous.status_code == 401


async def test_a_shop_reads_its_statistics_and_no_other_shops(
    runtime: Runtime, world: TourismWorld, client_for: ClientFactory
) -> None:
    await pay_in_shop(runtime, world, "42.50")
    shop = as_member(world.shop_member, client_for)
    mine = await shop.get(f"{API}/shops/me/statistics", params={"days": 7})
    assert mine.status_code == 200, mine.text
    stats = mine.json()
    assert (stats["shop_id"], stats["payments"], stats["amount"]) == (
        world.shop.id,
        1,
        {"currency": "EUR", "value": "42.50"},
    )
    assert len(stats["days"]) == 7 and stats["days"][-1]["payments"] == 1 and stats["tourists"] == 1
    by_id = await shop.get(f"{API}/shops/{world.shop.id}/statistics", params={"days": 7})
    assert by_id.json() == stats

    other = as_member(world.other_member, client_for)
    hidden = await other.get(f"{API}/shops/{world.shop.id}/statistics")
    assert (hidden.status_code, hidden.json()["code"]) == (404, "shop_not_found")
    unknown = await other.get(f"{API}/shops/shp_01JD3Q5X7Z8K9M2N4P6R8T0V2W/statistics")
    assert unknown.status_code == 404
    brand = as_member(world.orders.payments.identity.brand, client_for)
    assert (await brand.get(f"{API}/shops/{world.shop.id}/statistics")).json()["payments"] == 1
    assert (await brand.get(f"{API}/shops/{world.other_shop.id}/statistics")).status_code == 404
    operator = as_member(world.orders.payments.identity.operator, client_for)
    assert (await operator.get(f"{API}/shops/{world.other_shop.id}/statistics")).status_code == 200
    for bad in ({"days": 0}, {"days": 367}, {"days": "many"}):
        assert (await shop.get(f"{API}/shops/me/statistics", params=bad)).status_code == 422


async def test_only_the_operator_reads_the_cashless_paris_dashboard(
    runtime: Runtime, world: TourismWorld, client_for: ClientFactory
) -> None:
    await pay_in_shop(runtime, world, "42.50")
    brand = as_member(world.orders.payments.identity.brand, client_for)
    refused = await brand.get(f"{API}/cashless-paris")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    assert (await as_member(world.shop_member, client_for).get(f"{API}/cashless-paris")).status_code == 403
    operator = as_member(world.orders.payments.identity.operator, client_for)
    board = await operator.get(f"{API}/cashless-paris", params={"days": 30})
    assert board.status_code == 200, board.text
    d = board.json()
    assert (d["shops"], d["shops_outside_paris"], len(d["days"]), len(d["arrondissements"])) == (2, 0, 30, 20)
    assert d["tourist_spend"] == {"currency": "EUR", "value": "42.50"} and d["share_permille"] == 0
    assert d["categories"]["pharmacy"] == 1 and d["categories"]["souvenirs"] == 1
    assert sum(a["shops"] for a in d["arrondissements"]) == 2
    assert sorted(p["shop_id"] for p in d["positions"]) == sorted([world.shop.id, world.other_shop.id])
    assert (await operator.get(f"{API}/cashless-paris", params={"days": 0})).status_code == 422


async def test_a_brand_reads_its_attribution_and_sets_its_window_and_a_shop_may_not(
    runtime: Runtime, world: TourismWorld, client_for: ClientFactory
) -> None:
    brand = as_member(world.orders.payments.identity.brand, client_for)
    report = await brand.get(f"{API}/attribution", params={"months": 6})
    assert report.status_code == 200, report.text
    assert (report.json()["orders"], report.json()["rows"], report.json()["window_days"]) == (0, [], 180)
    assert [b["up_to_days"] for b in report.json()["delay_buckets"]] == [7, 30, 90, 180, None]
    assert [b["from_days"] for b in report.json()["delay_buckets"]] == [0, 8, 31, 91, 181]
    set_ = await brand.put(f"{API}/attribution/window", json={"days": 30}, headers={"Idempotency-Key": "w-1"})
    assert (set_.status_code, set_.json()) == (200, {"days": 30})
    assert (await brand.get(f"{API}/attribution")).json()["window_days"] == 30
    for bad in ({"days": 0}, {"days": 731}, {"days": "30"}, {}):
        assert (await brand.put(f"{API}/attribution/window", json=bad)).status_code == 422
    shop = as_member(world.shop_member, client_for)
    refused = await shop.put(f"{API}/attribution/window", json={"days": 30})
    assert (refused.status_code, refused.json()["code"]) == (403, "not_a_shop")
    own = await shop.get(f"{API}/attribution")
    assert (own.status_code, own.json()["window_days"]) == (200, None)
    newcomer = await member(runtime, OrganisationKind.SHOP, "Maison Nouvelle", "nouvelle@example.com")
    assert (await as_member(newcomer, client_for).get(f"{API}/attribution")).status_code == 403
    assert (await brand.get(f"{API}/attribution", params={"months": 37})).status_code == 422


async def test_anyone_finds_shops_near_a_place_nearest_first_with_filters(
    runtime: Runtime, world: TourismWorld, client_for: ClientFactory, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 1, 5, 9, 30, tzinfo=UTC))  # Monday 10:30 in Paris
    anyone = client_for()
    found = await anyone.get(f"{API}/shops/nearby", params={"lat": "48.860611", "lon": "2.337644"})
    assert found.status_code == 200, found.text
    shops = found.json()["shops"]
    assert [s["id"] for s in shops] == [world.shop.id, world.other_shop.id]
    assert shops[0]["distance_m"] < shops[1]["distance_m"] and all(s["open_now"] for s in shops)
    assert (shops[0]["name"], shops[0]["name_zh"], shops[0]["category"]) == (
        "Pharmacie du Louvre",
        "卢浮宫药房",
        "pharmacy",
    )
    assert "entry_code" not in shops[0] and "point_of_sale_id" not in shops[0]
    assert found.json()["near"] == {"name": "48.860611, 2.337644", "latitude": "48.860611", "longitude": "2.337644"}
    souvenirs = await anyone.get(
        f"{API}/shops/nearby", params={"lat": "48.860611", "lon": "2.337644", "category": "souvenirs"}
    )
    assert [s["id"] for s in souvenirs.json()["shops"]] == [world.other_shop.id]
    close = await anyone.get(f"{API}/shops/nearby", params={"lat": "48.860611", "lon": "2.337644", "radius_m": 100})
    assert [s["id"] for s in close.json()["shops"]] == [world.shop.id]
    first = await anyone.get(f"{API}/shops/nearby", params={"lat": "48.860611", "lon": "2.337644", "limit": 1})
    assert [s["id"] for s in first.json()["shops"]] == [world.shop.id]
    clock.set(datetime(2026, 1, 4, 12, 0, tzinfo=UTC))  # Sunday: both are closed
    closed = await anyone.get(f"{API}/shops/nearby", params={"lat": "48.860611", "lon": "2.337644", "open_now": "true"})
    assert closed.json()["shops"] == []
    by_place = await anyone.get(f"{API}/shops/nearby", params={"place": "Louvre"})
    assert by_place.status_code == 200, by_place.text
    assert by_place.json()["shops"][0]["id"] == world.shop.id


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"place": "Atlantide"}, "place_not_found"),
        ({"lat": "51.507400", "lon": "-0.127800"}, "search_invalid"),  # London
        ({}, "search_invalid"),
        ({"lat": "48.86"}, "search_invalid"),
        ({"lat": "north", "lon": "2.3"}, "validation_error"),
        ({"lat": "48.86", "lon": "2.33", "radius_m": 0}, "validation_error"),
        ({"lat": "48.86", "lon": "2.33", "radius_m": 20001}, "validation_error"),
        ({"lat": "48.86", "lon": "2.33", "limit": 101}, "validation_error"),
        ({"lat": "48.86", "lon": "2.33", "category": "casino"}, "validation_error"),
        ({"lat": "48.86", "lon": "2.33", "open_now": "perhaps"}, "validation_error"),
        ({"lat": "123.0", "lon": "2.33"}, "search_invalid"),
    ],
)
async def test_a_bad_search_answers_422(client_for: ClientFactory, params: dict[str, Any], code: str) -> None:
    refused = await client_for().get(f"{API}/shops/nearby", params=params)
    assert (refused.status_code, refused.json()["code"]) == (422, code), refused.text


async def test_places_and_brands_are_public(world: TourismWorld, client_for: ClientFactory) -> None:
    anyone = client_for()
    places = await anyone.get(f"{API}/places", params={"q": "rivoli"})
    assert places.status_code == 200 and "Rue de Rivoli" in places.json()
    assert (await anyone.get(f"{API}/places", params={"q": ""})).status_code == 422
    brands = await anyone.get(f"{API}/brands")
    assert brands.status_code == 200
    assert [b["org_id"] for b in brands.json()] == [world.brand_id]
