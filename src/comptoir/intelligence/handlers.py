"""Keeping the search index current: the outbox handler of the catalog's product events, and the rebuild.

What is indexed is what the catalog shows on the Chinese storefront, read through its public services.
A ``catalog.ProductPublished`` or ``catalog.ProductWithdrawn`` event only says which product changed:
:func:`refresh_products` asks the catalog for that product's current document and adds it if it shows,
removes it if not. Applying an event twice, late, or after a later one leaves the same index, as the
outbox's at-least-once delivery needs. Wired in ``web/subscriptions.py``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from comptoir import catalog
from comptoir.intelligence.indexes import search_index
from comptoir.intelligence.search.documents import ProductDocument
from comptoir.intelligence.search.port import SearchIndex
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact

ProductEventHandler = Callable[..., Awaitable[None]]


def product_document(document: catalog.SearchDocument) -> ProductDocument:
    """The catalog's search document of a product, as the index takes it."""
    return ProductDocument(
        document.id,
        document.brand_name,
        document.brand_name_zh,
        dict(document.title),
        dict(document.description),
        document.category,
    )


async def refresh_products(runtime: Runtime, index: SearchIndex, *, product_ids: Sequence[str]) -> int:
    """Bring these products up to date in ``index``: as the catalog shows them now, or gone. Return how many show.

    Reads the catalog in a unit of work of its own, then changes the index (which is not transactional);
    a failure of the index (``SearchUnavailable``) reaches the caller, so the outbox delivers again.
    """
    wanted = list(dict.fromkeys(product_ids))
    if not wanted:
        return 0
    found = await transact(runtime, lambda uow: catalog.search_documents(uow, product_ids=wanted))
    visible = [product_document(d) for d in found]
    shown = {d.id for d in visible}
    if visible:
        await index.add(visible)
    gone = [i for i in wanted if i not in shown]
    if gone:
        await index.delete(gone)
    return len(visible)


async def rebuild_index(runtime: Runtime, index: SearchIndex) -> int:
    """Index every product the storefront shows, and nothing else; return how many.

    The brands' and merchants' pairs of names (``catalog.glossary_seed_terms``) are learned first, so that
    their Chinese names stay whole and their French names find them.
    """

    async def read(uow: UnitOfWork) -> tuple[list[catalog.SearchDocument], list[tuple[str, str]]]:
        return await catalog.search_documents(uow), await catalog.glossary_seed_terms(uow)

    documents, glossary = await transact(runtime, read)
    await index.rebuild([product_document(d) for d in documents], glossary=glossary)
    return len(documents)


def product_changed_handler(runtime: Runtime) -> ProductEventHandler:
    """The handler of ``catalog.ProductPublished`` and ``catalog.ProductWithdrawn`` over ``runtime``'s index."""

    async def on_product_changed(event: catalog.ProductPublished | catalog.ProductWithdrawn, *, event_id: str) -> None:
        await refresh_products(runtime, search_index(runtime), product_ids=[event.product_id])

    return on_product_changed
