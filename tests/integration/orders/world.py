"""An orders world for tests: the payments world, a brand store and a pavilion with published products,
customs rules loaded, and a Chinese buyer whose wallet is topped up and whose identity is known."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from comptoir import catalog, customs, orders
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics import PromiseEngines
from tests.integration.catalog.world import build_catalog_world
from tests.integration.payments.world import PaymentsWorld, build_payments_world, open_wallet

#: A valid resident ID number (the check digit is X) and one whose check digit is wrong.
GOOD_ID = "11010519491231002X"
BAD_ID = "110105194912310021"


@dataclass
class OrdersWorld:
    payments: PaymentsWorld
    brand_store: catalog.Store
    pavilion: catalog.Store
    perfume: catalog.Product  # 50 ml, 95.00 EUR: high-end cosmetics
    scarf: catalog.Product  # silk scarf, 120.00 EUR
    soap: catalog.Product  # the pavilion merchant's soap, 8.50 EUR
    vault: orders.BuyerVault
    engines: PromiseEngines

    @property
    def buyer(self) -> str:
        return self.payments.tourist.id

    @property
    def other_buyer(self) -> str:
        return self.payments.other_tourist.id


async def publish(
    runtime: Runtime, operator: Principal, seller: Principal, store_id: str, draft: catalog.ProductDraft, zh: str
) -> catalog.Product:
    made = await transact(runtime, lambda uow: catalog.create_product(uow, seller, store_id=store_id, draft=draft))
    await transact(runtime, lambda uow: catalog.submit_for_translation(uow, seller, product_id=made.id))
    await transact(
        runtime,
        lambda uow: catalog.approve_chinese_content(
            uow,
            operator,
            product_id=made.id,
            title=zh,
            description=f"{zh}，法国直邮。",
            source_version=1,
        ),
    )
    return await transact(runtime, lambda uow: catalog.product(uow, seller, product_id=made.id))


def draft(
    sku: str, *, title: str, hs: str, category: str, price: str, stock: int, ml: int | None = None
) -> catalog.ProductDraft:
    variant = catalog.VariantDraft(
        sku=sku, price_eur=price, stock=stock, net_content_value=ml, net_content_unit="ml" if ml else None
    )
    return catalog.ProductDraft(
        title_fr=title,
        description_fr=f"{title}, fabriqué en France.",
        category=category,
        hs_code=hs,
        variants=[variant],
    )


async def build_orders_world(runtime: Runtime, *, perfume_stock: int = 40) -> OrdersWorld:
    pw = await build_payments_world(runtime, partner_scopes=("content", "payments", "orders"))
    cw = await build_catalog_world_on(runtime, pw)
    ident = pw.identity
    partner, merchant = ident.partner.principal, ident.merchant.principal
    perfume = await publish(
        runtime,
        partner,
        partner,
        cw[0].id,
        draft(
            "PARF-50",
            title="Eau de parfum Lumière",
            hs="33030000",
            category="cosmetics_skincare",
            price="95.00",
            stock=perfume_stock,
            ml=50,
        ),
        "光之香水",
    )
    scarf = await publish(
        runtime,
        partner,
        partner,
        cw[0].id,
        draft("FOUL-01", title="Foulard en soie", hs="62141000", category="fashion", price="120.00", stock=10),
        "真丝围巾",
    )
    soap = await publish(
        runtime,
        partner,
        merchant,
        cw[1].id,
        draft(
            "SAV-001",
            title="Savon au lait d'ânesse",
            hs="34011100",
            category="cosmetics_skincare",
            price="8.50",
            stock=100,
        ),
        "驴奶皂",
    )
    await transact(runtime, customs.load_rules)
    vault = orders.BuyerVault.of(runtime.settings)
    await transact(
        runtime,
        partial(orders.set_buyer_identity, vault=vault, holder_id=pw.tourist.id, real_name="王芳", id_number=GOOD_ID),
    )
    await transact(
        runtime,
        partial(
            orders.set_delivery,
            vault=vault,
            holder_id=pw.tourist.id,
            zone="CN-31",
            address="上海市黄浦区南京东路 100 号",
            phone="13800000001",
        ),
    )
    return OrdersWorld(pw, cw[0], cw[1], perfume, scarf, soap, vault, PromiseEngines.of(runtime.database))


async def build_catalog_world_on(runtime: Runtime, pw: PaymentsWorld) -> tuple[catalog.Store, catalog.Store]:
    """The catalog world's stores, opened in the payments world's identity world."""
    ident = pw.identity
    pavilion = await transact(
        runtime,
        lambda uow: catalog.open_pavilion(
            uow,
            ident.partner.principal,
            name="Sélection française",
            name_zh="法国精选馆",
            description_fr="Les petits producteurs français.",
            description_zh="精选法国小众好物。",
        ),
    )
    await transact(
        runtime,
        lambda uow: catalog.join_pavilion(
            uow,
            ident.merchant.principal,
            pavilion_id=pavilion.id,
            display_name="Savonnerie du Port",
            region="Provence",
            profile_fr="Savons au lait d'ânesse depuis 1952.",
        ),
    )
    brand_store = await transact(
        runtime,
        lambda uow: catalog.open_brand_store(
            uow,
            ident.partner.principal,
            brand_id=ident.brand.id,
            name="Maison Lumière",
            name_zh="光之屋",
            description_fr="Maison de couture parisienne.",
        ),
    )
    return brand_store, pavilion


__all__ = ["BAD_ID", "GOOD_ID", "OrdersWorld", "build_catalog_world", "build_orders_world", "open_wallet"]
