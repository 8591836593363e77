"""The catalog API: a lite listing from the small merchant's side, and every bad input answered clearly
with nothing written (wrong codes, prices, images, files, the 21st SKU, other tenants' ids, replays)."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy import func, select

from comptoir.kernel.database import metadata
from comptoir.kernel.runtime import Runtime
from tests.e2e.identity.conftest import ClientFactory
from tests.integration.catalog.world import CatalogWorld, build_catalog_world

GOOD_GTIN = "3760001230000"


def product(sku: str = "SAV-1", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title_fr": "Savon au lait d'ânesse",
        "description_fr": "Savon doux, cuit au chaudron.",
        "category": "cosmetics_skincare",
        "hs_code": "34011100",
        "gtin": GOOD_GTIN,
        "variants": [{"sku": sku, "price_eur": "8.50", "stock": 30, "net_content": {"value": 100, "unit": "g"}}],
    }
    body.update(changes)
    return body


def png(width: int = 4, height: int = 4) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, format="PNG")
    return out.getvalue()


async def count(runtime: Runtime, table: str) -> int:
    async with runtime.database.session() as session:
        return int((await session.execute(select(func.count()).select_from(metadata.tables[table]))).scalar_one())


@pytest.fixture
async def world(runtime: Runtime) -> CatalogWorld:
    return await build_catalog_world(runtime)


def merchant(world: CatalogWorld, client_for: ClientFactory) -> httpx.AsyncClient:
    m = world.identity.merchant
    return client_for(session=m.token, csrf=m.principal.csrf_token)


async def test_a_merchant_lists_a_product_and_sees_why_it_is_a_draft(
    world: CatalogWorld, client_for: ClientFactory
) -> None:
    client = merchant(world, client_for)
    made = await client.post(f"/api/v1/catalog/stores/{world.pavilion.id}/products", json=product())
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["status"] == "draft" and body["status_reason"] == "not yet sent for its Chinese page"
    assert body["variants"][0]["price"] == {"currency": "EUR", "value": "8.50"}
    photo = await client.post(
        f"/api/v1/catalog/products/{body['id']}/photos", content=png(), headers={"content-type": "image/png"}
    )
    assert photo.status_code == 201 and len(photo.json()["photos"]) == 1
    sent = await client.post(f"/api/v1/catalog/products/{body['id']}/submit")
    assert sent.json()["status"] == "in_translation"
    again = await client.post(f"/api/v1/catalog/products/{body['id']}/submit")
    assert again.status_code == 409 and again.json()["code"] == "product_not_submittable"
    mine = await client.get("/api/v1/catalog/products", params={"limit": 1})
    assert [p["id"] for p in mine.json()["items"]] == [body["id"]]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"gtin": "3760001230001"}, "gtin", "invalid_gtin"),
        ({"gtin": "37600012"}, "gtin", "invalid_gtin"),
        ({"hs_code": "3401110"}, "hs_code", "invalid_hs_code"),
        ({"hs_code": "77000000"}, "hs_code", "unknown_hs_code"),
        ({"hs_code": "93020000"}, "hs_code", "not_on_positive_list"),
        ({"variants": [{"sku": "A", "price_eur": "-3.00", "stock": 1}]}, "variants[0].price", "invalid_price"),
        ({"variants": [{"sku": "A", "price_eur": "0", "stock": 1}]}, "variants[0].price", "invalid_price"),
        ({"variants": [{"sku": "A", "price_eur": "12.345", "stock": 1}]}, "variants[0].price", "invalid_price"),
        ({"variants": [{"sku": "A", "price_eur": "250000.00", "stock": 1}]}, "variants[0].price", "invalid_price"),
        ({"variants": [{"sku": "A", "price_eur": "douze", "stock": 1}]}, "variants[0].price", "invalid_price"),
        ({"category": "phones"}, "category", "category_not_on_lane"),
        (
            {
                "variants": [
                    {"sku": "A", "price_eur": "1.00", "stock": 1},
                    {"sku": "A", "price_eur": "2.00", "stock": 1},
                ]
            },
            "variants[1].sku",
            "duplicate_sku",
        ),
    ],
)
async def test_a_bad_product_is_refused_with_its_field_and_nothing_is_written(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime, changes: dict[str, Any], field: str, code: str
) -> None:
    refused = await merchant(world, client_for).post(
        f"/api/v1/catalog/stores/{world.pavilion.id}/products", json=product(**changes)
    )
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["code"] == "product_invalid"
    assert {"field": field, "code": code} in [{"field": p["field"], "code": p["code"]} for p in body["problems"]]
    assert await count(runtime, "catalog_products") == 0 and await count(runtime, "catalog_variants") == 0


async def test_the_twenty_first_sku_is_refused_with_an_offer_to_open_a_store(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime
) -> None:
    client = merchant(world, client_for)
    for i in range(10):
        variants = [{"sku": f"S{i}-{j}", "price_eur": "5.00", "stock": 3} for j in range(2)]
        made = await client.post(
            f"/api/v1/catalog/stores/{world.pavilion.id}/products", json=product(variants=variants)
        )
        assert made.status_code == 201
    refused = await client.post(f"/api/v1/catalog/stores/{world.pavilion.id}/products", json=product("S21"))
    assert refused.status_code == 422 and refused.json()["code"] == "lite_listing_full"
    assert refused.json()["current"] == 20 and refused.json()["limit"] == 20
    assert await count(runtime, "catalog_variants") == 20
    store = await client.post("/api/v1/catalog/membership/convert", json={})
    assert store.status_code == 201 and store.json()["kind"] == "brand_store"
    now = await client.post(f"/api/v1/catalog/stores/{store.json()['id']}/products", json=product("S21"))
    assert now.status_code == 201
    moved = await client.get(f"/api/v1/catalog/products/{now.json()['id']}/history")
    assert moved.status_code == 200
    first = (await client.get("/api/v1/catalog/products", params={"limit": 1})).json()["items"][0]
    history = await client.get(f"/api/v1/catalog/products/{first['id']}/history")
    assert [h["action"] for h in history.json()["items"]] == ["created", "moved_to_store"]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"<html><script>alert(1)</script></html>", "image/jpeg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/png"),
        (b"GIF89a" + b"\0" * 40, "image/png"),
        (png()[:30], "image/png"),
    ],
)
async def test_an_upload_that_is_not_a_photo_is_refused_by_its_bytes(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime, data: bytes, content_type: str
) -> None:
    client = merchant(world, client_for)
    made = (await client.post(f"/api/v1/catalog/stores/{world.pavilion.id}/products", json=product())).json()
    refused = await client.post(
        f"/api/v1/catalog/products/{made['id']}/photos", content=data, headers={"content-type": content_type}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "image_refused"
    assert await count(runtime, "catalog_media") == 0


async def test_another_tenant_neither_sees_nor_changes_a_product(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime
) -> None:
    made = (
        await merchant(world, client_for).post(f"/api/v1/catalog/stores/{world.pavilion.id}/products", json=product())
    ).json()
    other = world.identity.other_partner
    stranger = client_for(session=other.token, csrf=other.principal.csrf_token)
    assert (await stranger.get(f"/api/v1/catalog/products/{made['id']}")).status_code == 404
    patched = await stranger.patch(f"/api/v1/catalog/products/{made['id']}", json={"title_fr": "Volé"})
    assert patched.status_code == 404 and patched.json()["code"] == "product_not_found"
    priced = await stranger.patch(f"/api/v1/catalog/products/{made['id']}/variants/SAV-1", json={"price_eur": "0.01"})
    assert priced.status_code == 404
    # a partner editing a brand store it does not run
    listed = await stranger.post(f"/api/v1/catalog/stores/{world.brand_store.id}/products", json=product("X-1"))
    assert listed.status_code == 403 and listed.json()["code"] == "store_not_operated"
    brand = world.identity.other_brand
    other_brand = client_for(session=brand.token, csrf=brand.principal.csrf_token)
    page = await other_brand.patch(f"/api/v1/catalog/stores/{world.brand_store.id}", json={"name": "Pris"})
    assert page.status_code == 403
    mine = await client_for(session=world.identity.merchant.token).get(f"/api/v1/catalog/products/{made['id']}")
    assert mine.json()["content"]["fr"]["title"] == "Savon au lait d'ânesse"
    assert mine.json()["variants"][0]["price"]["value"] == "8.50"


async def test_a_replayed_listing_creates_one_product(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime
) -> None:
    client = merchant(world, client_for)
    headers = {"Idempotency-Key": "list-soap-once"}
    first = await client.post(f"/api/v1/catalog/stores/{world.pavilion.id}/products", json=product(), headers=headers)
    second = await client.post(f"/api/v1/catalog/stores/{world.pavilion.id}/products", json=product(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert await count(runtime, "catalog_products") == 1
    again = await client.post(f"/api/v1/catalog/stores/{world.pavilion.id}/products", json=product())
    assert again.status_code == 409 and again.json()["code"] == "sku_taken"


async def test_an_import_with_bad_rows_lists_every_one_and_writes_nothing(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime
) -> None:
    client = merchant(world, client_for)
    csv = (
        b"sku,title_fr,price_eur,stock,hs_code,category,gtin\n"
        b"A-1,Savon lavande,6.50,10,34011100,cosmetics_skincare,3760001230000\n"
        b"A-2,Savon rose,6.505,10,34011100,cosmetics_skincare,\n"
        b"A-3,Savon miel,6.50,-2,34011100,cosmetics_skincare,3760001230001\n"
    )
    refused = await client.post(
        f"/api/v1/catalog/stores/{world.pavilion.id}/import", content=csv, headers={"content-type": "text/csv"}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "import_refused"
    where = {(p["row"], p["column"]) for p in refused.json()["problems"]}
    assert {(3, "price_eur"), (4, "stock"), (4, "gtin")} <= where
    assert await count(runtime, "catalog_products") == 0
    latin1 = "sku,title_fr,price_eur,stock,hs_code,category\nB-1,Crème brûlée,4.00,3,19053100,food_wine\n"
    wrong = await client.post(
        f"/api/v1/catalog/stores/{world.pavilion.id}/import",
        content=latin1.encode("latin-1"),
        headers={"content-type": "text/csv"},
    )
    assert wrong.status_code == 422 and "UTF-8" in wrong.json()["problems"][0]["reason"]
    missing = await client.post(
        f"/api/v1/catalog/stores/{world.pavilion.id}/import",
        content=b"sku,title_fr\nC-1,Savon\n",
        headers={"content-type": "text/csv"},
    )
    assert missing.status_code == 422 and missing.json()["problems"][0]["row"] == 1
    assert await count(runtime, "catalog_products") == 0


async def test_an_export_imports_back_into_another_store(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime
) -> None:
    client = merchant(world, client_for)
    csv = (
        b"sku,title_fr,price_eur,stock,hs_code,category,product_ref,variant_label_fr\n"
        b"A-1,Savon lavande,6.50,10,34011100,cosmetics_skincare,lavande,100 g\n"
        b"A-2,Savon lavande,11.00,4,34011100,cosmetics_skincare,lavande,250 g\n"
        b"B-1,Savon miel,7.00,8,34011100,cosmetics_skincare,miel,\n"
    )
    made = await client.post(
        f"/api/v1/catalog/stores/{world.pavilion.id}/import", content=csv, headers={"content-type": "text/csv"}
    )
    assert made.status_code == 201 and made.json()["imported"] == 2
    exported = await client.get(f"/api/v1/catalog/stores/{world.pavilion.id}/export", params={"format": "xlsx"})
    assert exported.status_code == 200
    partner = world.identity.partner
    operator = client_for(session=partner.token, csrf=partner.principal.csrf_token)
    again = await operator.post(
        f"/api/v1/catalog/stores/{world.brand_store.id}/import",
        content=exported.content,
        headers={"content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    )
    assert again.status_code == 201, again.text
    assert again.json()["imported"] == 2
    assert await count(runtime, "catalog_variants") == 6
