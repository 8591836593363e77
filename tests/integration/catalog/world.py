"""A catalog world for tests: the identity world, a pavilion its partner runs, a member merchant, a brand store."""

from __future__ import annotations

from dataclasses import dataclass

from comptoir import catalog
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import World, build_world


@dataclass
class CatalogWorld:
    identity: World
    pavilion: catalog.Store
    brand_store: catalog.Store


def soap(sku: str = "SAV-001", *, price: str = "8.50", stock: int = 40, **changes: object) -> catalog.ProductDraft:
    values: dict[str, object] = {
        "title_fr": "Savon de Marseille à l'huile d'olive",
        "description_fr": "Savon cuit au chaudron, 72 % d'huile d'olive.",
        "category": "cosmetics_skincare",
        "hs_code": "34011100",
        "gtin": "3760001230000",
        "variants": [
            catalog.VariantDraft(sku=sku, price_eur=price, stock=stock, net_content_value=100, net_content_unit="g")
        ],
    }
    values.update(changes)
    return catalog.ProductDraft(**values)  # type: ignore[arg-type]


async def build_catalog_world(runtime: Runtime) -> CatalogWorld:
    world = await build_world(runtime)
    pavilion = await transact(
        runtime,
        lambda uow: catalog.open_pavilion(
            uow,
            world.partner.principal,
            name="Sélection française",
            name_zh="法国精选馆",
            description_fr="Les petits producteurs français, choisis pour la Chine.",
            description_zh="精选法国小众好物。",
        ),
    )
    await transact(
        runtime,
        lambda uow: catalog.join_pavilion(
            uow,
            world.merchant.principal,
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
            world.partner.principal,
            brand_id=world.brand.id,
            name="Maison Lumière",
            name_zh="光之屋",
            description_fr="Maison de couture parisienne.",
        ),
    )
    return CatalogWorld(world, pavilion, brand_store)
