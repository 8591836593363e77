"""The search API for partners' and retailers' tools: ``GET /api/v1/search?q=&limit=&cursor=``.

Answers the storefront's products matching ``q``, best first, a page at a time with the edge kit's
cursors (``next_cursor`` back as ``cursor``); each item is the product's storefront card and its score
(comparable within one answer only). For callers with an API key or a session.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from comptoir import catalog
from comptoir.intelligence.errors import SearchUnavailableNow
from comptoir.intelligence.indexes import search_index
from comptoir.intelligence.search.port import SearchHit, SearchUnavailable
from comptoir.intelligence.services import MAX_RESULTS, SearchResults, search_storefront
from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.http import Page, PageCursor
from comptoir.kernel.money_json import MoneyBody
from comptoir.kernel.paging import cursor_position, encode_cursor
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact

router = APIRouter(tags=["search"])

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class SearchResultOut(BaseModel):
    """A product the query found: its storefront card, and how well it matches."""

    product_id: str
    score: float
    title_zh: str
    brand_name: str
    brand_name_zh: str | None
    store_name_zh: str | None
    price: MoneyBody
    image_url: str | None
    url: str

    @classmethod
    def of(cls, hit: SearchHit, card: catalog.StorefrontCard) -> SearchResultOut:
        return cls(
            product_id=card.product_id,
            score=round(hit.score, 4),
            title_zh=card.title_zh,
            brand_name=card.brand_name,
            brand_name_zh=card.brand_name_zh,
            store_name_zh=card.store_name_zh,
            price=MoneyBody.of(card.price),
            image_url=card.image_url,
            url=card.url,
        )


class SearchPage(Page[SearchResultOut]):
    """One page of results, best first; ``query`` is the text searched."""

    query: str


@router.get("/search", response_model=SearchPage)
async def search(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    q: Annotated[
        str, Query(min_length=1, max_length=200, description="What a shopper typed: 面霜, mianshuang, Lancôme")
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"results per page, 1 to {MAX_LIMIT}")] = DEFAULT_LIMIT,
    cursor: PageCursor = None,
) -> SearchPage:
    """The storefront's products matching ``q``, best first."""
    offset = cursor_position(cursor, key="after_rank", kind=int) or 0
    index = search_index(runtime)
    try:
        results: SearchResults = await transact(
            runtime, lambda uow: search_storefront(uow, index, q=q, offset=min(offset, MAX_RESULTS), limit=limit)
        )
    except SearchUnavailable as exc:
        raise SearchUnavailableNow(str(exc)) from exc
    next_cursor = encode_cursor({"after_rank": results.next_offset}) if results.next_offset is not None else None
    items = [SearchResultOut.of(hit, card) for hit, card in results.hits]
    return SearchPage(query=q, items=items, next_cursor=next_cursor)
