"""The catalog's SKUs and the inventory's stock kept in step.

The catalog owns a SKU and the number its merchant types; inventory owns what is on hand, what carts hold
and what is left. Every write of a SKU's stock here tells inventory in the same unit of work
(:func:`record_stock`), and every read shown to people takes inventory's figure (:func:`with_stock`): on
hand for the merchant (sales taken off), available for the storefront (carts' holds taken off too).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from comptoir import inventory
from comptoir.catalog.domain import Product
from comptoir.kernel.unit_of_work import UnitOfWork


async def record_stock(uow: UnitOfWork, levels: Iterable[tuple[str, int]]) -> None:
    """Tell inventory how many units of each SKU (by variant id) the merchant has on hand."""
    for sku_id, on_hand in levels:
        await inventory.set_stock(uow, sku_id=sku_id, on_hand=on_hand)


async def with_stock(uow: UnitOfWork, products: Sequence[Product], *, available: bool = False) -> list[Product]:
    """``products`` with each SKU's ``stock`` as inventory counts it: on hand, or ``available`` to buyers.

    A SKU inventory has no row for (listed before inventory kept stock) keeps the number its merchant typed.
    """
    ids = [v.id for p in products for v in p.variants]
    if not ids:
        return list(products)
    levels = await inventory.stock_levels(uow, sku_ids=ids)
    if not levels:
        return list(products)

    def counted(product: Product) -> Product:
        variants = tuple(
            dataclasses.replace(
                v, stock=(levels[v.id].available if available else levels[v.id].on_hand) if v.id in levels else v.stock
            )
            for v in product.variants
        )
        return dataclasses.replace(product, variants=variants)

    return [counted(p) for p in products]
