"""The Chinese storefront (zh-Hans first): home, categories, brand stores, the pavilion, product pages.

Only products visible on the storefront show (approved Chinese page, HS code on the positive list). Prices
are in euros with the indicative amount in yuan from the day's reference rate; checkout locks the real quote.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from comptoir import pricing
from comptoir.catalog import services as catalog
from comptoir.catalog.api.models import ProductIdPath
from comptoir.catalog.domain import Category, StorefrontCard
from comptoir.catalog.errors import CatalogNotFound
from comptoir.catalog.pages.panels import panels_for
from comptoir.catalog.pages.words import category_names, lane_categories
from comptoir.kernel.money import Money
from comptoir.kernel.pages import render
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact

router = APIRouter(include_in_schema=False)

SEARCH_PATH = "/shop/search"


async def _in_yuan(uow: UnitOfWork, amounts: list[Money]) -> dict[int, Any]:
    """The indicative yuan amount of each euro amount (by minor units), from today's reference rate."""
    today = uow.clock.now().date()
    found: dict[int, Any] = {}
    for amount in amounts:
        if amount.minor in found:
            continue
        try:
            found[amount.minor] = await pricing.indicative_price(uow, amount=amount, to_currency="CNY", on=today)
        except pricing.NoFxRate:
            return {}
    return found


def shop_categories() -> dict[str, str]:
    """The categories the Chinese storefront sells, by code, in the reader's language."""
    return lane_categories("FR-CN")


async def with_yuan(uow: UnitOfWork, cards: list[StorefrontCard]) -> dict[str, Any]:
    """Cards and their yuan prices, for a template."""
    return {"cards": cards, "yuan": await _in_yuan(uow, [c.price for c in cards])}


@router.get("/shop", response_class=HTMLResponse)
async def home(request: Request, runtime: RuntimeDep) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        shown = await catalog.storefront_home(uow)
        return {"home": shown, **await with_yuan(uow, shown.newest)}

    context = await transact(runtime, read)
    panels = await panels_for(request, runtime)
    return render(
        request,
        "catalog/shop_home.html",
        {**context, "categories": shop_categories(), "search_path": SEARCH_PATH, "panels": panels},
    )


@router.get("/shop/categories/{category}", response_class=HTMLResponse)
async def category(
    request: Request,
    category: Annotated[str, Path(max_length=40)],
    runtime: RuntimeDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    if category not in {c.value for c in Category}:
        raise CatalogNotFound("no such category", code="store_not_found")

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        cards, next_cursor = await catalog.storefront_products(uow, category=category, cursor=cursor, limit=24)
        return {**await with_yuan(uow, cards), "next_cursor": next_cursor}

    context = await transact(runtime, read)
    names = category_names()
    return render(
        request,
        "catalog/shop_list.html",
        {**context, "heading": names[category], "categories": shop_categories(), "search_path": SEARCH_PATH},
    )


@router.get("/shop/stores/{slug}", response_class=HTMLResponse)
async def store(
    request: Request,
    slug: Annotated[str, Path(max_length=80, pattern="^[a-z0-9-]+$")],
    runtime: RuntimeDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        found = await catalog.store(uow, slug=slug)
        cards, next_cursor = await catalog.storefront_products(uow, store_id=found.id, cursor=cursor, limit=24)
        members = await catalog.pavilion_members(uow, pavilion_id=found.id) if found.is_pavilion else []
        return {"store": found, "members": members, **await with_yuan(uow, cards), "next_cursor": next_cursor}

    context = await transact(runtime, read)
    return render(
        request, "catalog/shop_store.html", {**context, "categories": shop_categories(), "search_path": SEARCH_PATH}
    )


@router.get("/shop/products/{product_id}", response_class=HTMLResponse)
async def product(request: Request, product_id: ProductIdPath, runtime: RuntimeDep) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        shown = await catalog.storefront_product(uow, product_id=product_id)
        yuan = await _in_yuan(uow, [v.price for v in shown.product.variants])
        return {"shown": shown, "yuan": yuan}

    context = await transact(runtime, functools.partial(read))
    return render(
        request, "catalog/shop_product.html", {**context, "categories": shop_categories(), "search_path": SEARCH_PATH}
    )
