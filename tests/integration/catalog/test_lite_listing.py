"""A small merchant lists in a pavilion; the partner approves the Chinese page; the storefront shows it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from comptoir import catalog
from comptoir.kernel.outbox import outbox_table
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.catalog.world import build_catalog_world, soap


async def _count(runtime: Runtime, table_name: str) -> int:
    from comptoir.kernel.database import metadata

    table = metadata.tables[table_name]
    async with runtime.database.session() as session:
        return int((await session.execute(select(func.count()).select_from(table))).scalar_one())


async def test_a_listing_goes_from_draft_to_published(runtime: Runtime) -> None:
    w = await build_catalog_world(runtime)
    merchant, partner = w.identity.merchant.principal, w.identity.partner.principal
    made = await transact(
        runtime, lambda uow: catalog.create_product(uow, merchant, store_id=w.pavilion.id, draft=soap())
    )
    assert made.status is catalog.ProductStatus.DRAFT
    assert made.variants[0].price.minor == 850
    submitted = await transact(runtime, lambda uow: catalog.submit_for_translation(uow, merchant, product_id=made.id))
    assert submitted.status is catalog.ProductStatus.IN_TRANSLATION
    source = await transact(runtime, lambda uow: catalog.translation_source(uow, product_id=made.id))
    assert source.operator_org_id == w.identity.partner.id and source.source_version == 1
    visible = await transact(
        runtime,
        lambda uow: catalog.approve_chinese_content(
            uow, partner, product_id=made.id, title="马赛橄榄油手工皂", description="传统釜制。", source_version=1
        ),
    )
    assert visible is True
    cards = await transact(runtime, lambda uow: catalog.storefront_cards(uow, product_ids=[made.id, "prd_x"]))
    assert [c.title_zh for c in cards] == ["马赛橄榄油手工皂"]
    docs = await transact(runtime, lambda uow: catalog.search_documents(uow))
    assert docs[0].as_json()["brand"] == {"name": "Savonnerie du Port", "name_zh": None}
    async with runtime.database.session() as session:
        names = [r[0] for r in (await session.execute(select(outbox_table.c.name))).all()]
    assert names.count("catalog.ProductSubmitted") == 1 and names.count("catalog.ProductPublished") == 1


async def test_the_twenty_first_sku_is_refused_and_nothing_is_written(runtime: Runtime) -> None:
    w = await build_catalog_world(runtime)
    merchant = w.identity.merchant.principal
    drafts = [soap(f"SAV-{i:03}") for i in range(20)]
    await transact(runtime, lambda uow: catalog.create_products(uow, merchant, store_id=w.pavilion.id, drafts=drafts))
    with pytest.raises(catalog.LiteListingFull):
        await transact(
            runtime, lambda uow: catalog.create_product(uow, merchant, store_id=w.pavilion.id, draft=soap("SAV-999"))
        )
    assert await _count(runtime, "catalog_variants") == 20


async def test_every_problem_of_a_draft_is_listed(runtime: Runtime) -> None:
    w = await build_catalog_world(runtime)
    bad = soap(price="12.345", gtin="3760001230001", hs_code="1234567")
    with pytest.raises(catalog.ProductInvalid) as refused:
        await transact(
            runtime,
            lambda uow: catalog.create_product(uow, w.identity.merchant.principal, store_id=w.pavilion.id, draft=bad),
        )
    codes = {(p.field, p.code) for p in refused.value.problems}
    assert ("variants[0].price", "invalid_price") in codes
    assert ("gtin", "invalid_gtin") in codes
    assert ("hs_code", "invalid_hs_code") in codes
    assert await _count(runtime, "catalog_products") == 0


async def test_concurrent_listings_never_take_a_lite_listing_past_twenty_skus(runtime: Runtime) -> None:
    import asyncio

    w = await build_catalog_world(runtime)
    merchant = w.identity.merchant.principal
    drafts = [soap(f"SAV-{i:03}") for i in range(15)]
    await transact(runtime, lambda uow: catalog.create_products(uow, merchant, store_id=w.pavilion.id, drafts=drafts))

    async def one(i: int) -> bool:
        try:
            await transact(
                runtime,
                lambda uow: catalog.create_product(uow, merchant, store_id=w.pavilion.id, draft=soap(f"RACE-{i}")),
            )
        except catalog.LiteListingFull:
            return False
        return True

    results = await asyncio.gather(*(one(i) for i in range(12)))
    assert sum(results) == 5
    assert await _count(runtime, "catalog_variants") == 20
