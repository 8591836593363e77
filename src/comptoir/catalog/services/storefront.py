"""What the storefronts show (only visible products), and what the search index is fed.

The Chinese storefront (and its search) shows brand stores' and pavilions' products, lane FR -> CN; the
French storefront shows Chinese sellers' products, lane CN -> FR, with the sellers' own French pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from comptoir.catalog import repository
from comptoir.catalog.domain import (
    LANE_CATEGORIES,
    Category,
    PavilionMember,
    Product,
    SearchDocument,
    Store,
    StorefrontCard,
    StoreKind,
)
from comptoir.catalog.errors import CatalogNotFound
from comptoir.catalog.services.stock import with_stock
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.unit_of_work import UnitOfWork


def product_url(product_id: str) -> str:
    return f"/shop/products/{product_id}"


def _card(product: Product, store: Store | None) -> StorefrontCard:
    assert product.zh is not None
    price = product.lowest_price
    assert price is not None
    return StorefrontCard(
        product_id=product.id,
        title_zh=product.zh.title,
        brand_name=product.brand_name,
        brand_name_zh=product.brand_name_zh,
        store_name_zh=(store.name_zh or store.name) if store else None,
        price=price,
        image_url=product.media[0].url if product.media else None,
        url=product_url(product.id),
    )


async def _cards(uow: UnitOfWork, found: Sequence[Product]) -> list[StorefrontCard]:
    stores = {s.id: s for s in await repository.all_stores(uow.session)}
    return [_card(p, stores.get(p.store_id)) for p in found if p.visible and p.zh is not None and p.variants]


async def storefront_cards(uow: UnitOfWork, *, product_ids: Sequence[str]) -> list[StorefrontCard]:
    """Cards of ``product_ids`` in the order given, skipping any no longer visible."""
    found = {p.id: p for p in await repository.products_by_ids(uow.session, product_ids, visible_only=True)}
    return await _cards(uow, [found[i] for i in product_ids if i in found])


def search_document(product: Product) -> SearchDocument:
    title = {"fr": product.title_fr}
    description = {"fr": product.description_fr} if product.description_fr else {}
    if product.zh is not None:
        title["zh-Hans"] = product.zh.title
        if product.zh.description:
            description["zh-Hans"] = product.zh.description
    if product.en is not None:
        title["en"] = product.en.title
    return SearchDocument(
        id=product.id,
        brand_name=product.brand_name,
        brand_name_zh=product.brand_name_zh,
        title=title,
        description=description,
        category=product.category.value,
    )


async def search_documents(uow: UnitOfWork, *, product_ids: Sequence[str] | None = None) -> list[SearchDocument]:
    """The visible products as the search index takes them (all of them, or those of ``product_ids``)."""
    ids = list(product_ids) if product_ids is not None else await repository.visible_ids(uow.session)
    found: list[Product] = []
    for start in range(0, len(ids), 500):
        found += await repository.products_by_ids(uow.session, ids[start : start + 500], visible_only=True)
    return [search_document(p) for p in sorted(found, key=lambda p: p.id)]


async def glossary_seed_terms(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(name, Chinese name) of every store and pavilion member that has one, for glossaries and search."""
    terms = [(s.name, s.name_zh) for s in await repository.all_stores(uow.session) if s.name_zh]
    for pavilion in await repository.all_stores(uow.session, StoreKind.PAVILION):
        terms += [
            (m.display_name, m.name_zh) for m in await repository.members_of(uow.session, pavilion.id) if m.name_zh
        ]
    seen: set[str] = set()
    unique = []
    for fr, zh in terms:
        if fr not in seen and zh:
            seen.add(fr)
            unique.append((fr, zh))
    return unique


@dataclass(frozen=True, slots=True)
class StorefrontHome:
    categories: list[tuple[Category, int]]
    brand_stores: list[Store]
    pavilions: list[Store]
    newest: list[StorefrontCard]


async def storefront_home(uow: UnitOfWork, *, newest: int = 12) -> StorefrontHome:
    counts = await repository.visible_counts_by_category(uow.session)
    stores = await repository.all_stores(uow.session)
    ids = await repository.visible_ids(uow.session)
    latest = await repository.products_by_ids(uow.session, ids[-newest:], visible_only=True)
    return StorefrontHome(
        categories=[(c, counts[c.value]) for c in Category if counts.get(c.value)],
        brand_stores=[s for s in stores if s.kind is StoreKind.BRAND_STORE],
        pavilions=[s for s in stores if s.kind is StoreKind.PAVILION],
        newest=await _cards(uow, sorted(latest, key=lambda p: p.id, reverse=True)),
    )


async def storefront_products(
    uow: UnitOfWork,
    *,
    category: str | None = None,
    store_id: str | None = None,
    seller_org_id: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE,
) -> tuple[list[StorefrontCard], str | None]:
    """A page of visible products, by category, store or pavilion member."""
    if category is not None and category not in {c.value for c in Category}:
        raise CatalogNotFound("no such category", code="store_not_found")
    after = cursor_position(cursor, key="after", kind=str, prefix="prd")
    size = page_size(limit)
    rows = await repository.products_page(
        uow.session,
        store_ids=[store_id] if store_id else None,
        seller_org_id=seller_org_id,
        visible_only=True,
        category=category,
        after_id=after,
        limit=size + 1,
    )
    page, next_cursor = cut_page(rows, size, key="after", position_of=lambda p: p.id)
    return await _cards(uow, page), next_cursor


@dataclass(frozen=True, slots=True)
class StorefrontProduct:
    product: Product
    store: Store
    member: PavilionMember | None


async def storefront_product(uow: UnitOfWork, *, product_id: str, lane: str = "FR-CN") -> StorefrontProduct:
    """A product visible on ``lane``'s storefront with its store (and, in a pavilion, its small merchant's
    profile); a product of the other storefront is not found here."""
    found = await repository.product_by_id(uow.session, product_id)
    if found is None or not found.visible:
        raise CatalogNotFound("no such product", code="product_not_found")
    store = await repository.store_by_id(uow.session, found.store_id)
    assert store is not None
    if store.lane != lane:
        raise CatalogNotFound("no such product", code="product_not_found")
    member = await repository.member(uow.session, found.seller_org_id) if store.is_pavilion else None
    [shown] = await with_stock(uow, [found], available=True)  # what buyers may still take
    return StorefrontProduct(shown, store, member)


async def french_storefront_products(
    uow: UnitOfWork,
    *,
    category: str | None = None,
    store_id: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE,
) -> tuple[list[StorefrontProduct], str | None]:
    """A page of the products on the French storefront (Chinese sellers' stores, lane CN -> FR), with the
    stock buyers may still take."""
    if category is not None and category not in {c.value for c in LANE_CATEGORIES["CN-FR"]}:
        raise CatalogNotFound("no such category", code="store_not_found")
    after = cursor_position(cursor, key="after", kind=str, prefix="prd")
    size = page_size(limit)
    rows = await repository.products_page(
        uow.session,
        store_ids=[store_id] if store_id else None,
        visible_only=True,
        lane="CN-FR",
        category=category,
        after_id=after,
        limit=size + 1,
    )
    page, next_cursor = cut_page(rows, size, key="after", position_of=lambda p: p.id)
    stores = {s.id: s for s in await repository.all_stores(uow.session, StoreKind.SELLER_STORE)}
    shown = await with_stock(uow, page, available=True)
    return [StorefrontProduct(p, stores[p.store_id], None) for p in shown], next_cursor
