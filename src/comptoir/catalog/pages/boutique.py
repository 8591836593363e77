"""The French storefront (French first, on a phone or a desk): the Chinese sellers' stores of lane CN -> FR,
their categories, the newest products, and each product's page, which is the seller's own French page with
its price in euros, the stock buyers may still take and the add-to-cart form.

The cart, the checkout and the buyer's orders are the orders capability's (``/boutique/cart`` …): the
add-to-cart form posts there, as the Chinese storefront's does to ``/shop/cart``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from comptoir.catalog import services as catalog
from comptoir.catalog.api.models import ProductIdPath
from comptoir.catalog.domain import StoreKind
from comptoir.catalog.errors import CatalogNotFound
from comptoir.catalog.pages.words import lane_categories
from comptoir.kernel.pages import render
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact

router = APIRouter(include_in_schema=False)

LANE = "CN-FR"
PAGE = 24
#: The home shows this many of the newest products (the storefront's first page is read, newest first).
NEWEST = 12


def _page(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    return render(request, template, {**context, "categories": lane_categories(LANE)})


@router.get("/boutique", response_class=HTMLResponse)
async def home(request: Request, runtime: RuntimeDep) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        # Products are paged oldest first; the home shows the newest of the first pages it reads.
        shown, _ = await catalog.french_storefront_products(uow, limit=100)
        return {"stores": await catalog.seller_stores(uow), "items": list(reversed(shown))[:NEWEST]}

    return _page(request, "catalog/boutique_home.html", await transact(runtime, read))


@router.get("/boutique/categories/{category}", response_class=HTMLResponse)
async def category(
    request: Request,
    category: Annotated[str, Path(max_length=40)],
    runtime: RuntimeDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    names = lane_categories(LANE)
    if category not in names:  # a category of the Chinese storefront, or none
        raise CatalogNotFound("no such category", code="store_not_found")

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        shown, next_cursor = await catalog.french_storefront_products(uow, category=category, cursor=cursor, limit=PAGE)
        return {"items": shown, "next_cursor": next_cursor, "heading": names[category]}

    return _page(request, "catalog/boutique_list.html", await transact(runtime, read))


@router.get("/boutique/stores/{slug}", response_class=HTMLResponse)
async def store(
    request: Request,
    slug: Annotated[str, Path(max_length=80, pattern="^[a-z0-9-]+$")],
    runtime: RuntimeDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        found = await catalog.store(uow, slug=slug)
        if found.kind is not StoreKind.SELLER_STORE:  # a brand store or a pavilion is the Chinese storefront's
            raise CatalogNotFound("no such store", code="store_not_found")
        shown, next_cursor = await catalog.french_storefront_products(uow, store_id=found.id, cursor=cursor, limit=PAGE)
        return {"store": found, "items": shown, "next_cursor": next_cursor}

    return _page(request, "catalog/boutique_list.html", await transact(runtime, read))


@router.get("/boutique/products/{product_id}", response_class=HTMLResponse)
async def product(request: Request, product_id: ProductIdPath, runtime: RuntimeDep) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return {"shown": await catalog.storefront_product(uow, product_id=product_id, lane=LANE)}

    return _page(request, "catalog/boutique_product.html", await transact(runtime, read))
