"""Tables and queries of the catalog capability (only it touches them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.catalog.domain import (
    Category,
    Content,
    HistoryEntry,
    Media,
    NetContent,
    NetUnit,
    PavilionMember,
    Product,
    ReviewState,
    Store,
    StoreKind,
    Variant,
)
from comptoir.catalog.domain.positive_list import PositiveList, PositiveListEntry
from comptoir.kernel.database import UtcDateTime, metadata
from comptoir.kernel.money import Money

stores = Table(
    "catalog_stores",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("owner_org_id", String(40), nullable=False, index=True),
    Column("slug", String(80), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("name_zh", String(120)),
    Column("description_fr", Text, nullable=False),
    Column("description_zh", Text),
    Column("lane", String(8), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

members = Table(
    "catalog_pavilion_members",
    metadata,
    Column("merchant_org_id", String(40), primary_key=True),
    Column("pavilion_id", String(40), nullable=False, index=True),
    Column("display_name", String(120), nullable=False),
    Column("name_zh", String(120)),
    Column("region", String(80)),
    Column("profile_fr", Text, nullable=False),
    Column("profile_zh", Text),
    Column("joined_at", UtcDateTime, nullable=False),
    Column("converted_store_id", String(40)),
)

products = Table(
    "catalog_products",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("store_id", String(40), nullable=False, index=True),
    Column("seller_org_id", String(40), nullable=False, index=True),
    Column("ref", String(80)),
    Column("category", String(32), nullable=False),
    Column("hs_code", String(8), nullable=False),
    Column("origin", String(2), nullable=False),
    Column("gtin", String(14)),
    Column("brand_name", String(120), nullable=False),
    Column("brand_name_zh", String(120)),
    Column("title_fr", String(200), nullable=False),
    Column("description_fr", Text, nullable=False),
    Column("source_version", Integer, nullable=False),
    Column("review_state", String(16), nullable=False),
    Column("review_comment", Text),
    Column("zh_title", String(200)),
    Column("zh_description", Text),
    Column("zh_version", Integer),
    Column("en_title", String(200)),
    Column("en_description", Text),
    Column("visible", Boolean, nullable=False),
    Column("published_at", UtcDateTime),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("seller_org_id", "ref", name="uq_catalog_products_seller_ref"),
)
Index("ix_catalog_products_visible_category", products.c.visible, products.c.category)

variants = Table(
    "catalog_variants",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("product_id", String(40), nullable=False, index=True),
    Column("seller_org_id", String(40), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("label_fr", String(120)),
    Column("label_zh", String(120)),
    Column("price_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("stock", Integer, nullable=False),
    Column("net_value", Integer),
    Column("net_unit", String(2)),
    Column("pieces", Integer),
    Column("position", Integer, nullable=False),
    UniqueConstraint("seller_org_id", "sku", name="uq_catalog_variants_seller_sku"),
)

media = Table(
    "catalog_media",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("product_id", String(40), nullable=False, index=True),
    Column("content_type", String(40), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("position", Integer, nullable=False),
)

history = Table(
    "catalog_product_history",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("product_id", String(40), nullable=False, index=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor_org_id", String(40), nullable=False),
    Column("actor_org_name", String(200), nullable=False),
    Column("on_behalf_of", String(200)),
    Column("action", String(40), nullable=False),
    Column("detail", Text, nullable=False),
)


positive_list_editions = Table(
    "catalog_positive_list_editions",
    metadata,
    Column("edition", String(40), primary_key=True),
    Column("effective_from", Date, nullable=False),
    Column("loaded_at", UtcDateTime, nullable=False),
    Column("entries", Integer, nullable=False),
)

positive_list_entries = Table(
    "catalog_positive_list_entries",
    metadata,
    Column("edition", String(40), primary_key=True),
    Column("hs_code", String(8), primary_key=True),
    Column("description_zh", Text, nullable=False),
    Column("description_en", Text, nullable=False),
    Column("note", Text),
)


# --- stores and pavilions ---------------------------------------------------------------------------------


def _store(row: Any) -> Store:
    return Store(
        id=row.id,
        kind=StoreKind(row.kind),
        owner_org_id=row.owner_org_id,
        slug=row.slug,
        name=row.name,
        name_zh=row.name_zh,
        description_fr=row.description_fr,
        description_zh=row.description_zh,
        lane=row.lane,
        created_at=row.created_at,
    )


async def insert_store(session: AsyncSession, store: Store) -> None:
    await session.execute(
        insert(stores).values(
            id=store.id,
            kind=store.kind.value,
            owner_org_id=store.owner_org_id,
            slug=store.slug,
            name=store.name,
            name_zh=store.name_zh,
            description_fr=store.description_fr,
            description_zh=store.description_zh,
            lane=store.lane,
            created_at=store.created_at,
        )
    )


async def update_store(session: AsyncSession, store_id: str, **values: Any) -> None:
    await session.execute(update(stores).where(stores.c.id == store_id).values(**values))


async def store_by_id(session: AsyncSession, store_id: str) -> Store | None:
    row = (await session.execute(select(stores).where(stores.c.id == store_id))).first()
    return _store(row) if row else None


async def store_by_slug(session: AsyncSession, slug: str) -> Store | None:
    row = (await session.execute(select(stores).where(stores.c.slug == slug))).first()
    return _store(row) if row else None


async def stores_owned_by(session: AsyncSession, org_ids: Sequence[str], kind: StoreKind | None = None) -> list[Store]:
    if not org_ids:
        return []
    query = select(stores).where(stores.c.owner_org_id.in_(list(org_ids)))
    if kind is not None:
        query = query.where(stores.c.kind == kind.value)
    return [_store(r) for r in (await session.execute(query.order_by(stores.c.created_at, stores.c.id))).all()]


async def all_stores(session: AsyncSession, kind: StoreKind | None = None) -> list[Store]:
    query = select(stores)
    if kind is not None:
        query = query.where(stores.c.kind == kind.value)
    return [_store(r) for r in (await session.execute(query.order_by(stores.c.created_at, stores.c.id))).all()]


async def slug_taken(session: AsyncSession, slug: str) -> bool:
    return (await session.execute(select(stores.c.id).where(stores.c.slug == slug))).first() is not None


def _member(row: Any) -> PavilionMember:
    return PavilionMember(
        merchant_org_id=row.merchant_org_id,
        pavilion_id=row.pavilion_id,
        display_name=row.display_name,
        name_zh=row.name_zh,
        region=row.region,
        profile_fr=row.profile_fr,
        profile_zh=row.profile_zh,
        joined_at=row.joined_at,
        converted_store_id=row.converted_store_id,
    )


async def insert_member(session: AsyncSession, member: PavilionMember) -> None:
    await session.execute(
        insert(members).values(
            merchant_org_id=member.merchant_org_id,
            pavilion_id=member.pavilion_id,
            display_name=member.display_name,
            name_zh=member.name_zh,
            region=member.region,
            profile_fr=member.profile_fr,
            profile_zh=member.profile_zh,
            joined_at=member.joined_at,
        )
    )


async def member(session: AsyncSession, merchant_org_id: str, *, for_update: bool = False) -> PavilionMember | None:
    query = select(members).where(members.c.merchant_org_id == merchant_org_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return _member(row) if row else None


async def members_of(session: AsyncSession, pavilion_id: str) -> list[PavilionMember]:
    query = (
        select(members)
        .where(members.c.pavilion_id == pavilion_id, members.c.converted_store_id.is_(None))
        .order_by(members.c.joined_at, members.c.merchant_org_id)
    )
    return [_member(r) for r in (await session.execute(query)).all()]


async def update_member(session: AsyncSession, merchant_org_id: str, **values: Any) -> None:
    await session.execute(update(members).where(members.c.merchant_org_id == merchant_org_id).values(**values))


# --- products -----------------------------------------------------------------------------------------------


def _variant(row: Any) -> Variant:
    net = NetContent(row.net_value, NetUnit(row.net_unit)) if row.net_value is not None else None
    return Variant(
        id=row.id,
        product_id=row.product_id,
        sku=row.sku,
        label_fr=row.label_fr,
        label_zh=row.label_zh,
        price=Money(row.price_minor, row.currency),
        stock=row.stock,
        net_content=net,
        pieces=row.pieces,
        position=row.position,
    )


def _media(row: Any) -> Media:
    return Media(
        id=row.id,
        product_id=row.product_id,
        content_type=row.content_type,
        width=row.width,
        height=row.height,
        size=row.size,
        sha256=row.sha256,
        position=row.position,
    )


def _product(row: Any, found_variants: Sequence[Variant] = (), found_media: Sequence[Media] = ()) -> Product:
    zh = Content("zh-Hans", row.zh_title, row.zh_description or "") if row.zh_title is not None else None
    en = Content("en", row.en_title, row.en_description or "") if row.en_title is not None else None
    return Product(
        id=row.id,
        store_id=row.store_id,
        seller_org_id=row.seller_org_id,
        ref=row.ref,
        category=Category(row.category),
        hs_code=row.hs_code,
        origin=row.origin,
        gtin=row.gtin,
        brand_name=row.brand_name,
        brand_name_zh=row.brand_name_zh,
        title_fr=row.title_fr,
        description_fr=row.description_fr,
        source_version=row.source_version,
        review_state=ReviewState(row.review_state),
        review_comment=row.review_comment,
        zh=zh,
        zh_version=row.zh_version,
        visible=bool(row.visible),
        created_at=row.created_at,
        updated_at=row.updated_at,
        en=en,
        variants=tuple(found_variants),
        media=tuple(found_media),
    )


async def insert_product(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(products).values(**values))


async def insert_variants(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(variants), rows)


async def update_product(session: AsyncSession, product_id: str, **values: Any) -> None:
    await session.execute(update(products).where(products.c.id == product_id).values(**values))


async def update_variant(session: AsyncSession, variant_id: str, **values: Any) -> None:
    await session.execute(update(variants).where(variants.c.id == variant_id).values(**values))


async def _complete(session: AsyncSession, rows: Sequence[Any], *, with_media: bool = True) -> list[Product]:
    ids = [r.id for r in rows]
    if not ids:
        return []
    by_product: dict[str, list[Variant]] = {i: [] for i in ids}
    query = select(variants).where(variants.c.product_id.in_(ids)).order_by(variants.c.position, variants.c.id)
    for vrow in (await session.execute(query)).all():
        by_product[vrow.product_id].append(_variant(vrow))
    media_of: dict[str, list[Media]] = {i: [] for i in ids}
    if not with_media:
        return [_product(r, by_product[r.id], ()) for r in rows]
    mquery = (
        select(*[c for c in media.c if c.name != "data"])
        .where(media.c.product_id.in_(ids))
        .order_by(media.c.position, media.c.id)
    )
    for mrow in (await session.execute(mquery)).all():
        media_of[mrow.product_id].append(_media(mrow))
    return [_product(r, by_product[r.id], media_of[r.id]) for r in rows]


async def product_by_id(session: AsyncSession, product_id: str, *, for_update: bool = False) -> Product | None:
    query = select(products).where(products.c.id == product_id)
    if for_update:
        query = query.with_for_update()
    rows = (await session.execute(query)).all()
    found = await _complete(session, rows)
    return found[0] if found else None


CHINESE_STOREFRONT = "FR-CN"
"""The lane of the Chinese storefront, which the storefront's and search's reads mean by default."""


def _on_storefront(query: Any, lane: str | None) -> Any:
    """Only visible products, and (unless ``lane`` is None) only those of stores selling on ``lane``."""
    query = query.where(products.c.visible.is_(True))
    if lane is not None:
        query = query.where(products.c.store_id.in_(select(stores.c.id).where(stores.c.lane == lane)))
    return query


async def products_by_ids(
    session: AsyncSession,
    ids: Sequence[str],
    *,
    visible_only: bool = False,
    lane: str | None = CHINESE_STOREFRONT,
    with_media: bool = True,
) -> list[Product]:
    """Products by id; with ``visible_only``, those on ``lane``'s storefront (None: any lane's)."""
    if not ids:
        return []
    query = select(products).where(products.c.id.in_(list(ids)))
    if visible_only:
        query = _on_storefront(query, lane)
    return await _complete(session, (await session.execute(query)).all(), with_media=with_media)


async def products_page(
    session: AsyncSession,
    *,
    store_ids: Sequence[str] | None = None,
    seller_org_id: str | None = None,
    visible_only: bool = False,
    lane: str = CHINESE_STOREFRONT,
    category: str | None = None,
    after_id: str | None = None,
    limit: int,
) -> list[Product]:
    """Products in id order (creation order), from after ``after_id``."""
    query = select(products)
    if store_ids is not None:
        query = query.where(products.c.store_id.in_(list(store_ids)))
    if seller_org_id is not None:
        query = query.where(products.c.seller_org_id == seller_org_id)
    if visible_only:
        query = _on_storefront(query, lane)
    if category is not None:
        query = query.where(products.c.category == category)
    if after_id is not None:
        query = query.where(products.c.id > after_id)
    rows = (await session.execute(query.order_by(products.c.id).limit(limit))).all()
    return await _complete(session, rows)


async def visible_ids(session: AsyncSession) -> list[str]:
    """Products on the Chinese storefront, in id order (what the search index holds)."""
    query = _on_storefront(select(products.c.id), CHINESE_STOREFRONT).order_by(products.c.id)
    return [r.id for r in (await session.execute(query)).all()]


async def visible_counts_by_category(session: AsyncSession) -> dict[str, int]:
    query = _on_storefront(select(products.c.category, func.count()), CHINESE_STOREFRONT).group_by(products.c.category)
    return {r[0]: int(r[1]) for r in (await session.execute(query)).all()}


async def sku_count_of_seller(session: AsyncSession, seller_org_id: str, store_id: str) -> int:
    query = (
        select(func.count())
        .select_from(variants.join(products, variants.c.product_id == products.c.id))
        .where(products.c.seller_org_id == seller_org_id, products.c.store_id == store_id)
    )
    return int((await session.execute(query)).scalar_one())


async def skus_taken(session: AsyncSession, seller_org_id: str, skus: Sequence[str]) -> set[str]:
    if not skus:
        return set()
    query = select(variants.c.sku).where(variants.c.seller_org_id == seller_org_id, variants.c.sku.in_(list(skus)))
    return {r.sku for r in (await session.execute(query)).all()}


async def refs_taken(session: AsyncSession, seller_org_id: str, refs: Sequence[str]) -> set[str]:
    if not refs:
        return set()
    query = select(products.c.ref).where(products.c.seller_org_id == seller_org_id, products.c.ref.in_(list(refs)))
    return {r.ref for r in (await session.execute(query)).all()}


async def move_products(session: AsyncSession, *, seller_org_id: str, from_store: str, to_store: str) -> list[str]:
    query = select(products.c.id).where(products.c.seller_org_id == seller_org_id, products.c.store_id == from_store)
    ids = [r.id for r in (await session.execute(query)).all()]
    if ids:
        await session.execute(update(products).where(products.c.id.in_(ids)).values(store_id=to_store))
    return ids


# --- media --------------------------------------------------------------------------------------------------


async def insert_media(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(media).values(**values))


async def media_count(session: AsyncSession, product_id: str) -> int:
    query = select(func.count()).select_from(media).where(media.c.product_id == product_id)
    return int((await session.execute(query)).scalar_one())


async def media_bytes(session: AsyncSession, media_id: str) -> tuple[Media, str, bytes] | None:
    """A photo, the product it belongs to, and its bytes."""
    row = (await session.execute(select(media).where(media.c.id == media_id))).first()
    if row is None:
        return None
    return _media(row), row.product_id, bytes(row.data)


# --- history ------------------------------------------------------------------------------------------------


async def insert_history(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(history), rows)


async def history_of(session: AsyncSession, product_id: str, *, limit: int = 10_000) -> list[HistoryEntry]:
    query = select(history).where(history.c.product_id == product_id).order_by(history.c.id.desc()).limit(limit)
    return [
        HistoryEntry(
            product_id=r.product_id,
            at=r.at,
            actor_org_id=r.actor_org_id,
            actor_org_name=r.actor_org_name,
            on_behalf_of=r.on_behalf_of,
            action=r.action,
            detail=r.detail,
        )
        for r in (await session.execute(query)).all()
    ]


# --- the CBEC positive list ---------------------------------------------------------------------------------


async def replace_positive_list(session: AsyncSession, positive: PositiveList, *, loaded_at: datetime) -> None:
    """Store ``positive`` as its edition, replacing an edition of the same name."""
    await session.execute(delete(positive_list_entries).where(positive_list_entries.c.edition == positive.edition))
    await session.execute(delete(positive_list_editions).where(positive_list_editions.c.edition == positive.edition))
    await session.execute(
        insert(positive_list_editions).values(
            edition=positive.edition,
            effective_from=positive.effective_from,
            loaded_at=loaded_at,
            entries=len(positive),
        )
    )
    rows = [
        {
            "edition": positive.edition,
            "hs_code": e.hs_code,
            "description_zh": e.description_zh,
            "description_en": e.description_en,
            "note": e.note,
        }
        for e in positive
    ]
    for start in range(0, len(rows), 1000):
        await session.execute(insert(positive_list_entries), rows[start : start + 1000])


async def positive_list_editions_stored(session: AsyncSession) -> list[tuple[str, date, datetime, int]]:
    query = select(positive_list_editions).order_by(
        positive_list_editions.c.effective_from, positive_list_editions.c.edition
    )
    return [(r.edition, r.effective_from, r.loaded_at, r.entries) for r in (await session.execute(query)).all()]


async def positive_list_in_force(session: AsyncSession, on: date) -> PositiveList | None:
    """The stored edition in force on ``on`` (the latest that took effect by then), or None."""
    query = (
        select(positive_list_editions)
        .where(positive_list_editions.c.effective_from <= on)
        .order_by(positive_list_editions.c.effective_from.desc(), positive_list_editions.c.loaded_at.desc())
        .limit(1)
    )
    found = (await session.execute(query)).first()
    if found is None:
        return None
    rows = await session.execute(select(positive_list_entries).where(positive_list_entries.c.edition == found.edition))
    entries = {r.hs_code: PositiveListEntry(r.hs_code, r.description_zh, r.description_en, r.note) for r in rows.all()}
    return PositiveList(found.edition, found.effective_from, MappingProxyType(entries))
