"""Shops signing up to accept the wallet, and tourists finding them, on SQLite and PostgreSQL: every refused
sign-up (a duplicate, coordinates outside France, an unknown address or brand, a bad IBAN, an organisation that
is not a shop) changes nothing, not even a till."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from comptoir import payments, tourism
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.tourism.domain.geo import parse_coordinates
from tests.integration.identity.world import member
from tests.integration.tourism.world import build_tourism_world, shop_form

LOUVRE = parse_coordinates("48.860611", "2.337644")


async def _tills(runtime: Runtime, principal: Principal) -> int:
    return len(await transact(runtime, partial(payments.tills_of, principal=principal)))


async def test_a_shop_signs_up_once_with_its_till_entry_code_and_arrondissement(runtime: Runtime) -> None:
    w = await build_tourism_world(runtime)
    shop = w.shop
    assert shop.arrondissement == 1 and shop.brand_org_id == w.brand_id and shop.entry_code
    tills = await transact(runtime, partial(payments.tills_of, principal=w.shop_member.principal))
    assert shop.point_of_sale_id in {t.id for t in tills}
    mine = await transact(runtime, partial(tourism.my_shop, principal=w.shop_member.principal))
    assert mine == shop
    before = await _tills(runtime, w.shop_member.principal)
    with pytest.raises(tourism.ShopExists):
        await transact(
            runtime, partial(tourism.sign_up_shop, principal=w.shop_member.principal, form=shop_form("Encore"))
        )
    assert await _tills(runtime, w.shop_member.principal) == before


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"latitude": "51.507400", "longitude": "-0.127800"}, "coordinates_outside_france", "latitude"),  # London
        ({"latitude": "31.230400", "longitude": "121.473700"}, "coordinates_outside_france", "latitude"),  # Shanghai
        ({"latitude": "north", "longitude": "2.3"}, "shop_invalid", "latitude"),
        ({"latitude": None, "longitude": None, "street": "Rue qui n'existe pas"}, "address_not_found", "street"),
        ({"brand_org_id": "org_nobody"}, "shop_invalid", "brand_org_id"),
        ({"category": "casino"}, "shop_invalid", "category"),
        ({"hours": "Mo-Sa 25:00-19:00"}, "shop_invalid", "hours"),
        ({"postcode": "7500"}, "shop_invalid", "postcode"),
        ({"name": "   "}, "shop_invalid", "name"),
        ({"house_number": "douze"}, "shop_invalid", "house_number"),
    ],
)
async def test_a_refused_sign_up_leaves_no_shop_and_no_till(
    runtime: Runtime, changes: dict[str, object], code: str, field: str
) -> None:
    newcomer = await member(runtime, OrganisationKind.SHOP, "Maison Nouvelle", "nouvelle@example.com")
    fields = dict(changes)
    form = shop_form(str(fields.pop("name", "Maison Nouvelle")), **fields)
    with pytest.raises(tourism.ShopInvalid) as refused:
        await transact(runtime, partial(tourism.sign_up_shop, principal=newcomer.principal, form=form))
    assert (refused.value.code, refused.value.field) == (code, field)
    assert await transact(runtime, partial(tourism.my_shop, principal=newcomer.principal)) is None
    assert await _tills(runtime, newcomer.principal) == 0


async def test_a_bad_iban_or_a_partner_signs_up_nothing(runtime: Runtime) -> None:
    newcomer = await member(runtime, OrganisationKind.SHOP, "Maison Nouvelle", "nouvelle@example.com")
    with pytest.raises(ComptoirError) as refused:
        await transact(
            runtime,
            partial(
                tourism.sign_up_shop,
                principal=newcomer.principal,
                form=shop_form("Maison Nouvelle", iban="FR7630006000011234567890188"),
            ),
        )
    assert refused.value.code == "iban_invalid" and refused.value.status == 422
    assert await transact(runtime, partial(tourism.my_shop, principal=newcomer.principal)) is None
    assert await _tills(runtime, newcomer.principal) == 0
    partner = await member(runtime, OrganisationKind.PARTNER, "Agence", "agence@example.com")
    with pytest.raises(tourism.NotAShop):
        await transact(runtime, partial(tourism.sign_up_shop, principal=partner.principal, form=shop_form("Agence")))


async def test_an_address_is_placed_from_the_street_table(runtime: Runtime) -> None:
    newcomer = await member(runtime, OrganisationKind.SHOP, "Parfums Haussmann", "haussmann@example.com")
    shop = await transact(
        runtime,
        partial(
            tourism.sign_up_shop,
            principal=newcomer.principal,
            form=shop_form(
                "Parfums Haussmann",
                category="cosmetics",
                street="bd Haussmann",
                house_number="40",
                postcode="75009",
                latitude=None,
                longitude=None,
            ),
        ),
    )
    assert shop.arrondissement == 9 and shop.street == "Boulevard Haussmann"


async def test_tourists_find_shops_nearest_first_by_category_and_open_now(runtime: Runtime, clock: FrozenClock) -> None:
    w = await build_tourism_world(runtime)
    clock.set(datetime(2026, 1, 5, 9, 30, tzinfo=UTC))  # Monday 10:30 in Paris
    found = await transact(runtime, partial(tourism.nearby_shops, near=LOUVRE, at=clock.now()))
    assert [n.shop.id for n in found] == [w.shop.id, w.other_shop.id]
    assert found[0].distance_m < found[1].distance_m and all(n.open_now for n in found)
    pharmacies = await transact(
        runtime,
        partial(tourism.nearby_shops, near=LOUVRE, at=clock.now(), category=tourism.ShopCategory.SOUVENIRS),
    )
    assert [n.shop.id for n in pharmacies] == [w.other_shop.id]
    sunday = datetime(2026, 1, 4, 12, 0, tzinfo=UTC)
    closed = await transact(runtime, partial(tourism.nearby_shops, near=LOUVRE, at=sunday, open_now=True))
    assert closed == []
    far = await transact(runtime, partial(tourism.nearby_shops, near=LOUVRE, at=clock.now(), radius_m=100))
    assert [n.shop.id for n in far] == [w.shop.id]
