"""A world for localization tests, built through the public services of identity and the catalog.

The identity world's partner runs a pavilion (where the small merchant sells) and holds the ``content``
scope of the Paris brand, whose store it opened; the other partner runs nothing of theirs. The global
glossary knows Bordeaux and AOC.
"""

from __future__ import annotations

from dataclasses import dataclass

from comptoir import catalog, localization
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import World, build_world


@dataclass
class LocalizationWorld:
    identity: World
    pavilion: catalog.Store
    brand_store: catalog.Store

    @property
    def partner(self) -> Principal:
        return self.identity.partner.principal

    @property
    def other_partner(self) -> Principal:
        return self.identity.other_partner.principal

    @property
    def merchant(self) -> Principal:
        return self.identity.merchant.principal

    @property
    def brand(self) -> Principal:
        return self.identity.brand.principal


def wine(**changes: object) -> catalog.ProductDraft:
    values: dict[str, object] = {
        "title_fr": "Château des Pins 2019, Bordeaux AOC",
        "description_fr": "Un vin rouge souple et fruité. Élevé douze mois en fût de chêne.",
        "category": "food_wine",
        "hs_code": "22042100",
        "variants": [catalog.VariantDraft(sku="PINS-19", price_eur="24.00", stock=60, net_content_value=750,
                                          net_content_unit="ml")],
    }  # fmt: skip
    values.update(changes)
    return catalog.ProductDraft(**values)  # type: ignore[arg-type]


async def build_localization_world(runtime: Runtime) -> LocalizationWorld:
    world = await build_world(runtime)
    partner = world.partner.principal
    pavilion = await transact(
        runtime,
        lambda uow: catalog.open_pavilion(
            uow, partner, name="Sélection française", name_zh="法国精选馆", description_fr="Les petits producteurs."
        ),
    )
    await transact(
        runtime,
        lambda uow: catalog.join_pavilion(
            uow,
            world.merchant.principal,
            pavilion_id=pavilion.id,
            display_name="Château des Pins",
            name_zh="松林酒庄",
            region="Gironde",
            profile_fr="Vignerons depuis 1890.",
        ),
    )
    brand_store = await transact(
        runtime,
        lambda uow: catalog.open_brand_store(
            uow, partner, brand_id=world.brand.id, name="Maison Lumière", name_zh="光之屋", description_fr="Couture."
        ),
    )
    await transact(
        runtime,
        lambda uow: localization.seed_glossary(
            uow, terms=[localization.SeedTerm("Bordeaux", "波尔多"), localization.SeedTerm("AOC", "法定产区")]
        ),
    )
    return LocalizationWorld(world, pavilion, brand_store)


async def submitted(runtime: Runtime, w: LocalizationWorld, draft: catalog.ProductDraft | None = None) -> str:
    """A product the merchant lists in the pavilion and submits for its Chinese page; its id."""
    made = await transact(
        runtime, lambda uow: catalog.create_product(uow, w.merchant, store_id=w.pavilion.id, draft=draft or wine())
    )
    await transact(runtime, lambda uow: catalog.submit_for_translation(uow, w.merchant, product_id=made.id))
    return made.id


async def opened(
    runtime: Runtime, w: LocalizationWorld, draft: catalog.ProductDraft | None = None, **kw: object
) -> str:
    """A submitted product whose job is open (the handler run as the outbox would); the job's id."""
    product_id = await submitted(runtime, w, draft)
    job = await localization.open_job_for(runtime, product_id=product_id, **kw)  # type: ignore[arg-type]
    assert job is not None
    return job.id
