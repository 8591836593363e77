"""Whether a product shows on its lane's storefront: one rule, applied whenever something it reads changes.

On FR -> CN (brand stores and pavilions) the Chinese storefront shows a product once its zh-Hans page is
approved and its HS code is on the positive list. On CN -> FR (a Chinese seller's store) the French
storefront shows the seller's own French page as soon as the product has a SKU with a price: there is no
Chinese page to approve, and the HS code was checked against the nomenclature when it was written.
"""

from __future__ import annotations

from comptoir.catalog import repository
from comptoir.catalog.domain import Product, ProductPublished, ProductWithdrawn, Store
from comptoir.catalog.domain.positive_list import PositiveList
from comptoir.catalog.services.positive_list import positive_list_in_force
from comptoir.kernel.unit_of_work import UnitOfWork


def not_sellable_reason(product: Product, store: Store, positive: PositiveList) -> str | None:
    """Why an approved product still cannot show on the Chinese storefront, in English, or None."""
    if not product.variants:
        return "it has no SKU with a price"
    if store.lane == "FR-CN" and not positive.contains(product.hs_code):
        return f"its HS code {product.hs_code} is not on the cross-border positive list ({positive.edition})"
    return None


def is_visible(product: Product, store: Store, positive: PositiveList) -> bool:
    """On FR -> CN: approved zh-Hans content, a SKU, an HS code on the positive list; on CN -> FR: a SKU."""
    if store.lane == "CN-FR":
        return not_sellable_reason(product, store, positive) is None
    approved = product.zh is not None and product.zh_version is not None
    return approved and not_sellable_reason(product, store, positive) is None


async def refresh_visibility(uow: UnitOfWork, product_id: str, *, content_changed: bool = False) -> bool:
    """Store whether the product is visible now, and tell the platform when that (or what shows) changed."""
    product = await repository.product_by_id(uow.session, product_id)
    if product is None:
        return False
    store = await repository.store_by_id(uow.session, product.store_id)
    if store is None:
        return False
    visible = is_visible(product, store, await positive_list_in_force(uow))
    if visible != product.visible:
        values: dict[str, object] = {"visible": visible}
        if visible:
            values["published_at"] = uow.clock.now()
        await repository.update_product(uow.session, product.id, **values)
        uow.publish(ProductPublished(product.id) if visible else ProductWithdrawn(product.id))
    elif visible and content_changed:
        uow.publish(ProductPublished(product.id))
    return visible
