"""The catalog's forms, as a browser posts them: each refusal shows its sentence in the reader's language, keeps
what was typed, and writes nothing."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from comptoir.kernel.database import metadata
from comptoir.kernel.runtime import Runtime
from tests.e2e.identity.conftest import ClientFactory
from tests.integration.catalog.world import CatalogWorld, build_catalog_world
from tests.integration.identity.world import Member

FR = {"accept": "text/html", "accept-language": "fr"}


async def count(runtime: Runtime, table: str) -> int:
    async with runtime.database.session() as session:
        return int((await session.execute(select(func.count()).select_from(metadata.tables[table]))).scalar_one())


@pytest.fixture
async def world(runtime: Runtime) -> CatalogWorld:
    return await build_catalog_world(runtime)


def signed(client_for: ClientFactory, member: Member) -> tuple[httpx.AsyncClient, str]:
    client = client_for(session=member.token)
    client.headers.update(FR)
    return client, member.principal.csrf_token or ""


def product_form(csrf: str, **changes: str) -> dict[str, str]:
    form = {
        "csrf_token": csrf,
        "title_fr": "Savon au miel",
        "description_fr": "Savon doux.",
        "category": "cosmetics_skincare",
        "hs_code": "34011100",
        "origin": "FR",
        "gtin": "",
        "sku": "MIEL-1",
        "label_fr": "",
        "price_eur": "7.50",
        "stock": "10",
        "net_value": "100",
        "net_unit": "g",
        "pieces": "",
    }
    form.update(changes)
    return form


async def test_a_product_form_with_a_bad_price_and_barcode_says_so_in_french_and_saves_nothing(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime
) -> None:
    client, csrf = signed(client_for, world.identity.merchant)
    page = await client.post(
        f"/stores/{world.pavilion.id}/products", data=product_form(csrf, price_eur="7.505", gtin="3760001230001")
    )
    assert page.status_code == 422
    assert "au plus 2 décimales" in page.text or "2 décimales" in page.text
    assert 'data-testid="gtin-error"' in page.text and 'value="Savon au miel"' in page.text
    assert await count(runtime, "catalog_products") == 0
    made = await client.post(f"/stores/{world.pavilion.id}/products", data=product_form(csrf))
    assert made.status_code == 303 and made.headers["location"].endswith("?done=created")


async def test_a_photo_that_is_not_an_image_is_refused_on_the_product_page(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime
) -> None:
    client, csrf = signed(client_for, world.identity.merchant)
    made = await client.post(f"/stores/{world.pavilion.id}/products", data=product_form(csrf))
    product_path = made.headers["location"].split("?")[0]
    refused = await client.post(
        f"{product_path}/photos", data={"csrf_token": csrf}, files={"photo": ("photo.jpg", b"<html></html>")}
    )
    assert refused.status_code == 422 and "JPEG, PNG ou WebP" in refused.text
    assert await count(runtime, "catalog_media") == 0


async def test_an_import_with_bad_rows_lists_them_on_the_store_page(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime
) -> None:
    client, csrf = signed(client_for, world.identity.merchant)
    csv = b"sku,title_fr,price_eur,stock,hs_code,category\nA-1,Savon,0,3,34011100,cosmetics_skincare\n"
    page = await client.post(
        f"/stores/{world.pavilion.id}/import", data={"csrf_token": csrf}, files={"file": ("lot.csv", csv, "text/csv")}
    )
    assert page.status_code == 422
    assert 'data-testid="import-problems"' in page.text and "price_eur" in page.text
    assert await count(runtime, "catalog_products") == 0


async def test_a_second_store_for_a_brand_and_a_pavilion_without_accreditation_are_refused(
    world: CatalogWorld, client_for: ClientFactory, runtime: Runtime
) -> None:
    partner, csrf = signed(client_for, world.identity.partner)
    opened = await partner.post(
        "/partner/pavilions", data={"csrf_token": csrf, "name": "Goûts de France", "description_fr": "Épicerie fine."}
    )
    assert opened.status_code == 303
    pending, pending_csrf = signed(client_for, world.identity.pending_partner)
    refused = await pending.post(
        "/partner/pavilions", data={"csrf_token": pending_csrf, "name": "Autre", "description_fr": "Rien."}
    )
    assert refused.status_code == 403 and 'value="Autre"' in refused.text
    brand, brand_csrf = signed(client_for, world.identity.brand)
    again = await brand.post(
        "/brand/store", data={"csrf_token": brand_csrf, "name": "Deuxième", "description_fr": "Encore."}
    )
    assert again.status_code == 409 and 'value="Deuxième"' in again.text  # its partner opened its one store
    assert await count(runtime, "catalog_stores") == 3


async def test_joining_without_a_story_is_refused_and_joining_twice_too(
    runtime: Runtime, client_for: ClientFactory
) -> None:
    from tests.integration.identity.world import build_world

    world = await build_world(runtime)
    from comptoir import catalog
    from comptoir.kernel.unit_of_work import transact

    pavilion = await transact(
        runtime,
        lambda uow: catalog.open_pavilion(uow, world.partner.principal, name="Sélection", description_fr="Choix."),
    )
    client, csrf = signed(client_for, world.merchant)
    form = {"csrf_token": csrf, "pavilion_id": pavilion.id, "display_name": "Savonnerie", "profile_fr": "  "}
    refused = await client.post("/merchant/join", data=form)
    assert refused.status_code == 422
    assert await count(runtime, "catalog_pavilion_members") == 0
    joined = await client.post("/merchant/join", data={**form, "profile_fr": "Savons depuis 1952."})
    assert joined.status_code == 303
    twice = await client.post("/merchant/join", data={**form, "profile_fr": "Encore."})
    assert twice.status_code == 409
    assert await count(runtime, "catalog_pavilion_members") == 1
