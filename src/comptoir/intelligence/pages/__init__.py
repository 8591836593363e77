"""The storefront's search page: ``/shop/search?q=`` (where the storefront's search box sends), and
``/zh/search?q=``, the same page in Chinese unless ``?lang=`` asks for French or English.

The query stays in the box; the hits are drawn as the storefront draws products (``catalog/_shop.html``),
with the indicative price in yuan; nothing found, the page says so and suggests how else to ask.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from comptoir import catalog, pricing
from comptoir.intelligence.indexes import search_index
from comptoir.intelligence.search.port import SearchUnavailable
from comptoir.intelligence.services import MAX_RESULTS, search_storefront
from comptoir.kernel import i18n
from comptoir.kernel.pages import render
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact

router = APIRouter(include_in_schema=False)

SEARCH_PATH = "/shop/search"
CHINESE_SEARCH_PATH = "/zh/search"
PAGE_SIZE = 24

SearchText = Annotated[str, Query(max_length=200)]
Offset = Annotated[int, Query(ge=0, le=MAX_RESULTS)]


async def _in_yuan(uow: UnitOfWork, cards: list[catalog.StorefrontCard]) -> dict[int, Any]:
    """The indicative yuan amount of each card's euro price (by minor units), from today's reference rate."""
    today = uow.clock.now().date()
    found: dict[int, Any] = {}
    for price in {c.price.minor: c.price for c in cards}.values():
        try:
            found[price.minor] = await pricing.indicative_price(uow, amount=price, to_currency="CNY", on=today)
        except pricing.NoFxRate:
            return {}
    return found


async def _page(request: Request, runtime: Any, *, q: str, offset: int, action: str) -> HTMLResponse:
    q = q.strip()
    index = search_index(runtime)

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        results = await search_storefront(uow, index, q=q, offset=offset, limit=PAGE_SIZE)
        cards = [card for _, card in results.hits]
        return {"cards": cards, "yuan": await _in_yuan(uow, cards), "next_offset": results.next_offset}

    try:
        context = await transact(runtime, read)
        unavailable = False
    except SearchUnavailable:
        context, unavailable = {"cards": [], "yuan": {}, "next_offset": None}, True
    return render(
        request,
        "intelligence/search.html",
        {
            **context,
            "q": q,
            "action": action,
            "previous_offset": max(0, offset - PAGE_SIZE) if offset else None,
            "unavailable": unavailable,
        },
        status=503 if unavailable else 200,
    )


@router.get(SEARCH_PATH, response_class=HTMLResponse)
async def storefront_search(
    request: Request, runtime: RuntimeDep, q: SearchText = "", offset: Offset = 0
) -> HTMLResponse:
    return await _page(request, runtime, q=q, offset=offset, action=SEARCH_PATH)


@router.get(CHINESE_SEARCH_PATH, response_class=HTMLResponse)
async def chinese_search(request: Request, runtime: RuntimeDep, q: SearchText = "", offset: Offset = 0) -> HTMLResponse:
    if "lang" not in request.query_params:
        i18n.current_locale.set("zh_Hans")  # this request only: the middleware keeps the reader's own choice
    return await _page(request, runtime, q=q, offset=offset, action=CHINESE_SEARCH_PATH)
