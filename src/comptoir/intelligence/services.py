"""The storefront's search: the cards of the products a query finds, best first, a page at a time.

A use case ``verb(uow, index, *, ...)`` inside the caller's unit of work: the index answers ids and scores,
the catalog draws their cards (``catalog.storefront_cards``) in the same unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass

from comptoir import catalog
from comptoir.intelligence.search.port import SearchHit, SearchIndex
from comptoir.kernel.unit_of_work import UnitOfWork

#: The most results a query pages through: past that, shoppers rephrase.
MAX_RESULTS = 500


@dataclass(frozen=True, slots=True)
class SearchResults:
    """One page of a storefront search: the cards in rank order, each with its hit, and the next offset."""

    query: str
    hits: list[tuple[SearchHit, catalog.StorefrontCard]]
    next_offset: int | None


async def search_storefront(
    uow: UnitOfWork, index: SearchIndex, *, q: str, offset: int = 0, limit: int = 24
) -> SearchResults:
    """The storefront cards of the products matching ``q``, best first, from rank ``offset`` on.

    Products the catalog no longer shows (an event not yet applied to the index) are skipped, so a page may
    hold fewer than ``limit``; ``next_offset`` is None on the last page.
    """
    offset = max(0, offset)
    wanted = min(MAX_RESULTS, offset + limit + 1)
    hits = await index.search(q, wanted) if q.strip() and offset < MAX_RESULTS else []
    page, more = hits[offset : offset + limit], len(hits) > offset + limit
    cards = {c.product_id: c for c in await catalog.storefront_cards(uow, product_ids=[h.id for h in page])}
    shown = [(hit, cards[hit.id]) for hit in page if hit.id in cards]
    return SearchResults(q, shown, offset + limit if more else None)
