"""What a cart may hold: visible products' SKUs with their store, read in a few statements for a whole cart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from comptoir.catalog import repository
from comptoir.catalog.domain import Product, Store, StoreKind, Variant
from comptoir.kernel.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class SellableSku:
    """One SKU a buyer may put in a cart: its product (visible on the storefront), the SKU, and its store."""

    product: Product
    variant: Variant
    store: Store

    @property
    def merchant_of_record(self) -> str:
        """Who sells it in law: the brand for its store, the pavilion's partner for a small merchant's SKU."""
        return self.store.owner_org_id

    @property
    def beneficiary(self) -> str:
        """Who is paid the net: the brand, or the small merchant selling through the pavilion."""
        return self.product.seller_org_id

    @property
    def channel(self) -> str:
        """The payments channel whose fee rule applies: a pavilion, a brand store, or a seller's store."""
        return {StoreKind.PAVILION: "pavilion", StoreKind.SELLER_STORE: "marketplace"}.get(
            self.store.kind, "brand_store"
        )


async def sellable_skus(uow: UnitOfWork, *, sku_ids: Sequence[str], with_media: bool = True) -> dict[str, SellableSku]:
    """The SKUs among ``sku_ids`` whose product is visible on its lane's storefront, by SKU id; others absent.

    ``with_media=False`` leaves the products' photos out (a checkout prices, it draws nothing)."""
    wanted = sorted({s for s in sku_ids if isinstance(s, str)})
    if not wanted:
        return {}
    rows = (
        await uow.session.execute(
            select(repository.variants.c.id, repository.variants.c.product_id).where(
                repository.variants.c.id.in_(wanted)
            )
        )
    ).all()
    products = await repository.products_by_ids(
        uow.session, sorted({r.product_id for r in rows}), visible_only=True, lane=None, with_media=with_media
    )
    by_id = {p.id: p for p in products}
    stores: dict[str, Store] = {}
    for store_id in sorted({p.store_id for p in products}):
        found = await repository.store_by_id(uow.session, store_id)
        if found is not None:
            stores[store_id] = found
    sellable: dict[str, SellableSku] = {}
    for row in rows:
        product = by_id.get(row.product_id)
        if product is None or product.store_id not in stores:
            continue
        variant = next((v for v in product.variants if v.id == row.id), None)
        if variant is not None:
            sellable[row.id] = SellableSku(product, variant, stores[product.store_id])
    return sellable
