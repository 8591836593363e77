"""The stock a merchant types reaches inventory in the same unit of work, and what people are shown comes back
from inventory: on hand for the merchant (sales taken off), available for the storefront (carts' holds too)."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import text

from comptoir import catalog, inventory
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from tests.integration.catalog.world import build_catalog_world, soap


async def _levels(runtime: Runtime, *sku_ids: str) -> dict[str, inventory.StockLevel]:
    return await transact(runtime, partial(inventory.stock_levels, sku_ids=list(sku_ids)))


async def test_listing_and_changing_stock_keeps_inventory_in_step(runtime: Runtime) -> None:
    w = await build_catalog_world(runtime)
    merchant, partner = w.identity.merchant.principal, w.identity.partner.principal
    made = await transact(
        runtime, lambda uow: catalog.create_product(uow, merchant, store_id=w.pavilion.id, draft=soap(stock=12))
    )
    sku_id = made.variants[0].id
    assert (await _levels(runtime, sku_id))[sku_id] == inventory.StockLevel(sku_id, "main", on_hand=12, reserved=0)
    more = await transact(
        runtime,
        lambda uow: catalog.add_variants(
            uow, merchant, product_id=made.id, variants=[catalog.VariantDraft(sku="SAV-002", price_eur="9.00", stock=3)]
        ),
    )
    second = more.variants[1].id
    assert (await _levels(runtime, second))[second].on_hand == 3
    await transact(runtime, lambda uow: catalog.submit_for_translation(uow, merchant, product_id=made.id))
    await transact(
        runtime,
        lambda uow: catalog.approve_chinese_content(
            uow, partner, product_id=made.id, title="马赛橄榄油手工皂", description="传统釜制。", source_version=1
        ),
    )

    async def buy(uow: UnitOfWork, quantity: int, cart: str, *, commit: bool) -> None:
        expires = uow.clock.now() + timedelta(minutes=15)
        await inventory.reserve(uow, reservation_id=cart, owner="buyer", lines=[(sku_id, quantity)], expires_at=expires)
        if commit:
            await inventory.commit_reservation(uow, reservation_id=cart)

    await transact(runtime, partial(buy, quantity=5, cart="cart_sold", commit=True))
    await transact(runtime, partial(buy, quantity=4, cart="cart_held", commit=False))
    seen = await transact(runtime, lambda uow: catalog.product(uow, merchant, product_id=made.id))
    assert seen.variants[0].stock == 7  # 12 typed, 5 sold
    shown = await transact(runtime, lambda uow: catalog.storefront_product(uow, product_id=made.id))
    assert shown.product.variants[0].stock == 3  # 4 more held in a cart
    page, _ = await transact(runtime, lambda uow: catalog.products_page(uow, merchant))
    assert page[0].variants[0].stock == 7

    with pytest.raises(inventory.StockBelowReserved):  # the merchant counts 2, but a cart holds 4
        await transact(
            runtime, lambda uow: catalog.update_variant(uow, merchant, product_id=made.id, sku="SAV-001", stock=2)
        )
    assert (await _levels(runtime, sku_id))[sku_id] == inventory.StockLevel(sku_id, "main", on_hand=7, reserved=4)
    changed = await transact(
        runtime, lambda uow: catalog.update_variant(uow, merchant, product_id=made.id, sku="SAV-001", stock=20)
    )
    assert changed.variants[0].stock == 20
    assert (await _levels(runtime, sku_id))[sku_id] == inventory.StockLevel(sku_id, "main", on_hand=20, reserved=4)
    history = await transact(runtime, lambda uow: catalog.product_history(uow, merchant, product_id=made.id))
    assert [json.loads(h.detail)["stock"] for h in history if h.action == "sku_changed"] == [[7, 20]]


async def test_an_import_refused_by_the_catalog_writes_no_stock(runtime: Runtime) -> None:
    w = await build_catalog_world(runtime)
    merchant = w.identity.merchant.principal
    drafts = [soap(f"SAV-{i:03}") for i in range(20)]
    made = await transact(
        runtime, lambda uow: catalog.create_products(uow, merchant, store_id=w.pavilion.id, drafts=drafts)
    )
    assert len(await _levels(runtime, *[p.variants[0].id for p in made])) == 20
    with pytest.raises(catalog.LiteListingFull):
        await transact(
            runtime, lambda uow: catalog.create_product(uow, merchant, store_id=w.pavilion.id, draft=soap("SAV-999"))
        )
    async with runtime.database.session() as session:
        rows = (await session.execute(text("SELECT count(*) FROM inventory_stock"))).scalar_one()
    assert rows == 20
