"""Products and their SKUs: listing them (lite or in a store), changing them, photos, and sending them
for their Chinese page. Every check runs before anything is written, and every problem is listed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from comptoir import identity
from comptoir.catalog import repository
from comptoir.catalog.domain import (
    LANE_CATEGORIES,
    LITE_LISTING_MAX_SKUS,
    MAX_MEDIA_PER_PRODUCT,
    MAX_PRICE_MINOR,
    MAX_STOCK,
    Category,
    HistoryEntry,
    NetUnit,
    Product,
    ProductSubmitted,
    ReviewState,
    Store,
    StoreKind,
)
from comptoir.catalog.domain.codes import CodeInvalid, validate_gtin, validate_hs_code
from comptoir.catalog.domain.images import ImageRefused as ImageBytesRefused
from comptoir.catalog.domain.images import inspect_image
from comptoir.catalog.domain.positive_list import PositiveList
from comptoir.catalog.errors import (
    CatalogNotFound,
    FieldProblem,
    ImageRefused,
    LiteListingFull,
    NotPavilionMember,
    ProductInvalid,
    SkuTaken,
    WrongProductState,
)
from comptoir.catalog.services._access import (
    history_row,
    may_edit_product,
    may_see_product,
    operates,
    product_or_404,
    store_or_404,
)
from comptoir.catalog.services._text import check_field
from comptoir.catalog.services.positive_list import positive_list_in_force
from comptoir.catalog.services.stock import record_stock, with_stock
from comptoir.catalog.services.visibility import refresh_visibility
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork

_SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class VariantDraft:
    """One SKU as a merchant types it; prices are decimal strings in EUR ("39.90")."""

    sku: str
    price_eur: str | Decimal
    stock: int
    label_fr: str | None = None
    label_zh: str | None = None
    net_content_value: int | None = None
    net_content_unit: str | None = None
    pieces: int | None = None


@dataclass(frozen=True)
class ProductDraft:
    """A product as a merchant types it: what a lite listing asks for, plus a store's variants."""

    title_fr: str
    category: str
    hs_code: str
    variants: Sequence[VariantDraft]
    description_fr: str = ""
    origin: str = "FR"
    gtin: str | None = None
    ref: str | None = None
    title_en: str | None = None
    description_en: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def parse_price(value: Any) -> Money:
    """A SKU price in EUR from a decimal string: positive, at most 2 decimals, at most 100,000.00 EUR.

    Raises ValueError with a sentence on anything else (floats included: money is never a float).
    """
    if isinstance(value, (bool, float)):
        raise ValueError('must be a decimal string such as "39.90", not a number with a binary fraction')
    try:
        price = Money.parse(value if isinstance(value, (str, Decimal, int)) else str(value), "EUR")
    except MoneyError as refused:
        text = str(refused)
        if "decimal places" in text:
            raise ValueError("has more than 2 decimals; euros have cents only") from refused
        raise ValueError('is not an amount such as "39.90"') from refused
    if price.minor <= 0:
        raise ValueError("must be more than zero")
    if price.minor > MAX_PRICE_MINOR:
        raise ValueError("is above 100,000.00 EUR; check the amount")
    return price


def _check_int(problems: list[FieldProblem], name: str, value: Any, *, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(FieldProblem(name, "invalid_number", "must be a whole number"))
        return None
    if not low <= value <= high:
        problems.append(FieldProblem(name, "out_of_range", f"must be between {low} and {high}"))
        return None
    return value


def check_variants(
    variants: Sequence[VariantDraft], *, prefix: str = "variants"
) -> tuple[list[dict[str, Any]], list[FieldProblem]]:
    """Rows for the SKUs (without ids), or the problems with them."""
    problems: list[FieldProblem] = []
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    if not variants:
        problems.append(FieldProblem(prefix, "required", "a product needs at least one SKU (its price and stock)"))
    for i, v in enumerate(variants):
        where = f"{prefix}[{i}]"
        sku = v.sku.strip() if isinstance(v.sku, str) else ""
        if not _SKU.match(sku):
            problems.append(FieldProblem(f"{where}.sku", "invalid_sku", "letters, digits and . _ / - only, at most 64"))
        elif sku in seen:
            problems.append(FieldProblem(f"{where}.sku", "duplicate_sku", f"SKU {sku!r} appears twice"))
        seen.add(sku)
        price: Money | None = None
        try:
            price = parse_price(v.price_eur)
        except ValueError as refused:
            problems.append(FieldProblem(f"{where}.price", "invalid_price", str(refused)))
        stock = _check_int(problems, f"{where}.stock", v.stock, low=0, high=MAX_STOCK)
        label_fr = check_field(problems, f"{where}.label_fr", v.label_fr, limit=120, required=False)
        label_zh = check_field(problems, f"{where}.label_zh", v.label_zh, limit=120, required=False)
        net_value = net_unit = None
        if v.net_content_value is not None or v.net_content_unit is not None:
            net_value = _check_int(problems, f"{where}.net_content.value", v.net_content_value, low=1, high=100_000)
            if v.net_content_unit not in {u.value for u in NetUnit}:
                problems.append(FieldProblem(f"{where}.net_content.unit", "invalid_unit", "must be ml or g"))
            else:
                net_unit = v.net_content_unit
        pieces = None
        if v.pieces is not None:
            pieces = _check_int(problems, f"{where}.pieces", v.pieces, low=1, high=10_000)
        rows.append(
            {
                "sku": sku,
                "label_fr": label_fr,
                "label_zh": label_zh,
                "price_minor": price.minor if price else 0,
                "currency": "EUR",
                "stock": stock or 0,
                "net_value": net_value,
                "net_unit": net_unit,
                "pieces": pieces,
            }
        )
    return rows, problems


def check_draft(
    draft: ProductDraft, *, lane: str, positive: PositiveList
) -> tuple[dict[str, Any], list[dict[str, Any]], list[FieldProblem]]:
    """The product row and SKU rows (without ids) for ``draft``, or every problem with it."""
    problems: list[FieldProblem] = []
    title = check_field(problems, "title_fr", draft.title_fr, limit=200)
    description = check_field(
        problems, "description_fr", draft.description_fr, limit=5000, multiline=True, required=False
    )
    title_en = check_field(problems, "title_en", draft.title_en, limit=200, required=False)
    description_en = check_field(
        problems, "description_en", draft.description_en, limit=5000, multiline=True, required=False
    )
    category: Category | None = None
    try:
        category = Category(draft.category)
    except ValueError:
        allowed = ", ".join(c.value for c in LANE_CATEGORIES[lane])
        problems.append(FieldProblem("category", "invalid_category", f"must be one of {allowed}"))
    if category is not None and category not in LANE_CATEGORIES[lane]:
        problems.append(FieldProblem("category", "category_not_on_lane", f"{category.value} does not sell on {lane}"))
    hs_code: str | None = None
    try:
        hs_code = validate_hs_code(draft.hs_code if isinstance(draft.hs_code, str) else "", field="hs_code")
    except CodeInvalid as refused:
        problems.append(FieldProblem("hs_code", refused.code, refused.reason))
    if hs_code is not None and lane == "FR-CN" and not positive.contains(hs_code):
        problems.append(
            FieldProblem(
                "hs_code",
                "not_on_positive_list",
                f"{hs_code} is not on the cross-border e-commerce positive list ({positive.edition}); "
                "these goods cannot be sold to consumers in China this way",
            )
        )
    gtin: str | None = None
    if draft.gtin not in (None, ""):
        try:
            gtin = validate_gtin(str(draft.gtin), field="gtin")
        except CodeInvalid as refused:
            problems.append(FieldProblem("gtin", refused.code, refused.reason))
    origin = draft.origin.strip().upper() if isinstance(draft.origin, str) else ""
    if not _COUNTRY.match(origin):
        problems.append(FieldProblem("origin", "invalid_country", "must be a two-letter country code such as FR"))
    ref = draft.ref.strip() if isinstance(draft.ref, str) and draft.ref.strip() else None
    if ref is not None and not _REF.match(ref):
        problems.append(FieldProblem("ref", "invalid_ref", "letters, digits and . _ - only, at most 80"))
    variant_rows, variant_problems = check_variants(draft.variants)
    problems += variant_problems
    row = {
        "ref": ref,
        "category": category.value if category else "",
        "hs_code": hs_code or "",
        "origin": origin,
        "gtin": gtin,
        "title_fr": title or "",
        "description_fr": description or "",
        "en_title": title_en,
        "en_description": description_en if title_en else None,
    }
    return row, variant_rows, problems


async def _seller_context(
    uow: UnitOfWork, principal: Principal, store: Store
) -> tuple[str, str, str | None, str | None]:
    """Who sells in ``store`` when ``principal`` lists there: (seller org, brand name, its Chinese, on behalf of).

    In a pavilion, only a small merchant that joined it lists, under its own name. In a brand store, the
    brand or the partner running it lists, under the store's name.
    """
    if store.kind is StoreKind.PAVILION:
        found = await repository.member(uow.session, principal.organisation_id, for_update=True)
        if found is None or found.pavilion_id != store.id or found.converted_store_id is not None:
            raise NotPavilionMember("join this pavilion before listing products in it")
        return principal.organisation_id, found.display_name, found.name_zh, None
    on_behalf_of = await operates(uow, principal, store)
    if principal.is_platform_operator:
        raise PermissionDenied("the platform operator does not list products for a brand")
    if store.kind is StoreKind.SELLER_STORE:  # a Chinese seller lists under its store's name
        return store.owner_org_id, store.name, store.name_zh, None
    # The brand's own Chinese name (its profile), which every Chinese page must render; the store's name
    # (a "官方旗舰店") only when the brand has not given one.
    profile = await identity.brand_profile(uow, principal, brand_id=store.owner_org_id)
    return store.owner_org_id, store.name, profile.name_zh or store.name_zh, on_behalf_of


async def listing_store(uow: UnitOfWork, principal: Principal, *, store_id: str) -> Store:
    """The store, if ``principal`` may list products in it (its member merchant, or whoever runs a brand store)."""
    store = await store_or_404(uow, store_id)
    if store.kind is StoreKind.PAVILION:
        found = await repository.member(uow.session, principal.organisation_id)
        if found is None or found.pavilion_id != store.id or found.converted_store_id is not None:
            raise NotPavilionMember("join this pavilion before listing products in it")
    else:
        await operates(uow, principal, store)
        if principal.is_platform_operator:
            raise PermissionDenied("the platform operator does not list products for a brand")
    return store


async def _check_lite_limit(uow: UnitOfWork, store: Store, seller_org_id: str, adding: int) -> None:
    if store.kind is not StoreKind.PAVILION:
        return
    current = await repository.sku_count_of_seller(uow.session, seller_org_id, store.id)
    if current + adding > LITE_LISTING_MAX_SKUS:
        raise LiteListingFull(
            f"your lite listing holds {current} of {LITE_LISTING_MAX_SKUS} SKUs; adding {adding} would pass it",
            current=current,
            limit=LITE_LISTING_MAX_SKUS,
        )


async def _check_codes_free(uow: UnitOfWork, seller_org_id: str, skus: Sequence[str], refs: Sequence[str]) -> None:
    taken = await repository.skus_taken(uow.session, seller_org_id, skus)
    if taken:
        raise SkuTaken(f"SKU {sorted(taken)[0]!r} is already used by another of your products", skus=sorted(taken))
    used_refs = await repository.refs_taken(uow.session, seller_org_id, refs)
    if used_refs:
        raise SkuTaken(f"reference {sorted(used_refs)[0]!r} is already used", code="sku_taken")


async def create_products(
    uow: UnitOfWork, principal: Principal, *, store_id: str, drafts: Sequence[ProductDraft], action: str = "created"
) -> list[Product]:
    """List ``drafts`` in ``store_id`` at once: all of them, or (with any problem) none.

    Problems name the product (``products[2].variants[0].price``) when there are several.
    """
    store = await store_or_404(uow, store_id)
    seller, brand_name, brand_name_zh, on_behalf_of = await _seller_context(uow, principal, store)
    checked = []
    problems: list[FieldProblem] = []
    positive = await positive_list_in_force(uow)
    for i, draft in enumerate(drafts):
        row, variant_rows, found = check_draft(draft, lane=store.lane, positive=positive)
        prefix = f"products[{i}]." if len(drafts) > 1 else ""
        problems += [FieldProblem(prefix + p.field, p.code, p.message) for p in found]
        checked.append((row, variant_rows))
    all_skus = [v["sku"] for _, vs in checked for v in vs]
    duplicates = sorted({s for s in all_skus if all_skus.count(s) > 1})
    if len(drafts) > 1 and duplicates:
        problems.append(FieldProblem("products", "duplicate_sku", f"SKU {duplicates[0]!r} appears in two products"))
    if problems:
        raise ProductInvalid(problems)
    await _check_lite_limit(uow, store, seller, len(all_skus))
    await _check_codes_free(uow, seller, all_skus, [r["ref"] for r, _ in checked if r["ref"]])
    now = uow.clock.now()
    created_ids = []
    variant_rows_all: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for row, variant_rows in checked:
        product_id = new_id("prd")
        await repository.insert_product(
            uow.session,
            {
                **row,
                "id": product_id,
                "store_id": store.id,
                "seller_org_id": seller,
                "brand_name": brand_name,
                "brand_name_zh": brand_name_zh,
                "source_version": 1,
                "review_state": ReviewState.DRAFT.value,
                "visible": False,
                "created_at": now,
                "updated_at": now,
            },
        )
        for position, v in enumerate(variant_rows):
            variant_rows_all.append(
                {**v, "id": new_id("sku"), "product_id": product_id, "seller_org_id": seller, "position": position}
            )
        history.append(
            history_row(
                uow, principal, product_id, action, on_behalf_of=on_behalf_of, skus=[v["sku"] for v in variant_rows]
            )
        )
        created_ids.append(product_id)
    await repository.insert_variants(uow.session, variant_rows_all)
    await record_stock(uow, [(v["id"], v["stock"]) for v in variant_rows_all])
    await repository.insert_history(uow.session, history)
    if store.lane == "CN-FR":  # the seller's French page is the page: on sale once it has a SKU
        for product_id in created_ids:
            await refresh_visibility(uow, product_id)
    created = await repository.products_by_ids(uow.session, created_ids)
    by_id = {p.id: p for p in created}
    return [by_id[i] for i in created_ids]


async def create_product(uow: UnitOfWork, principal: Principal, *, store_id: str, draft: ProductDraft) -> Product:
    """List one product in ``store_id`` (a small merchant's pavilion, or a brand store it runs)."""
    return (await create_products(uow, principal, store_id=store_id, drafts=[draft]))[0]


@dataclass(frozen=True)
class ProductChanges:
    """What a merchant changes; ``None`` keeps a field as it is."""

    title_fr: str | None = None
    description_fr: str | None = None
    category: str | None = None
    hs_code: str | None = None
    origin: str | None = None
    gtin: str | None = None
    title_en: str | None = None
    description_en: str | None = None


async def update_product(uow: UnitOfWork, principal: Principal, *, product_id: str, changes: ProductChanges) -> Product:
    """Change a product's French content or codes. A change to the French text makes a new source version:
    the Chinese page shown stays as approved until the partner approves the new one."""
    product = await product_or_404(uow, product_id, for_update=True)
    store, on_behalf_of = await may_edit_product(uow, principal, product)
    merged = ProductDraft(
        title_fr=changes.title_fr if changes.title_fr is not None else product.title_fr,
        description_fr=changes.description_fr if changes.description_fr is not None else product.description_fr,
        category=changes.category if changes.category is not None else product.category.value,
        hs_code=changes.hs_code if changes.hs_code is not None else product.hs_code,
        origin=changes.origin if changes.origin is not None else product.origin,
        gtin=changes.gtin if changes.gtin is not None else product.gtin,
        title_en=changes.title_en if changes.title_en is not None else (product.en.title if product.en else None),
        description_en=(
            changes.description_en
            if changes.description_en is not None
            else (product.en.description if product.en else None)
        ),
        variants=[VariantDraft(sku="SKU", price_eur="1", stock=0)],  # SKUs change on their own
    )
    row, _, problems = check_draft(merged, lane=store.lane, positive=await positive_list_in_force(uow))
    if problems:
        raise ProductInvalid(problems)
    row.pop("ref")
    french_changed = (row["title_fr"], row["description_fr"]) != (product.title_fr, product.description_fr)
    values: dict[str, Any] = {k: v for k, v in row.items() if getattr(product, k, v) != v or k.startswith("en_")}
    if french_changed:
        values["source_version"] = product.source_version + 1
    values["updated_at"] = uow.clock.now()
    await repository.update_product(uow.session, product.id, **values)
    changed = sorted(k for k in values if k != "updated_at")
    await repository.insert_history(
        uow.session, [history_row(uow, principal, product.id, "edited", on_behalf_of=on_behalf_of, fields=changed)]
    )
    if french_changed and product.review_state is not ReviewState.DRAFT:
        await _submit(uow, principal, await product_or_404(uow, product.id), store, on_behalf_of)
    else:
        await refresh_visibility(uow, product.id)
    return await product_or_404(uow, product.id)


async def add_variants(
    uow: UnitOfWork, principal: Principal, *, product_id: str, variants: Sequence[VariantDraft]
) -> Product:
    """Add SKUs (a size, a shade, a vintage) to a product; a lite listing stays within its 20."""
    product = await product_or_404(uow, product_id, for_update=True)
    store, on_behalf_of = await may_edit_product(uow, principal, product)
    rows, problems = check_variants(variants)
    if problems:
        raise ProductInvalid(problems)
    await _check_lite_limit(uow, store, product.seller_org_id, len(rows))
    await _check_codes_free(uow, product.seller_org_id, [r["sku"] for r in rows], [])
    start = len(product.variants)
    new_rows = [
        {
            **r,
            "id": new_id("sku"),
            "product_id": product.id,
            "seller_org_id": product.seller_org_id,
            "position": start + i,
        }
        for i, r in enumerate(rows)
    ]
    await repository.insert_variants(uow.session, new_rows)
    await record_stock(uow, [(r["id"], r["stock"]) for r in new_rows])
    await repository.insert_history(
        uow.session,
        [
            history_row(
                uow, principal, product.id, "skus_added", on_behalf_of=on_behalf_of, skus=[r["sku"] for r in rows]
            )
        ],
    )
    await refresh_visibility(uow, product.id)
    return await product_or_404(uow, product.id)


async def update_variant(
    uow: UnitOfWork,
    principal: Principal,
    *,
    product_id: str,
    sku: str,
    price_eur: str | None = None,
    stock: int | None = None,
) -> Product:
    """Change one SKU's price or stock; the history keeps the old and new values."""
    product = await product_or_404(uow, product_id, for_update=True)
    _, on_behalf_of = await may_edit_product(uow, principal, product)
    variant = next((v for v in product.variants if v.sku == sku), None)
    if variant is None:
        raise ProductInvalid([FieldProblem("sku", "unknown_sku", f"this product has no SKU {sku!r}")])
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}
    detail: dict[str, Any] = {"sku": sku}
    if price_eur is not None:
        try:
            price = parse_price(price_eur)
            values["price_minor"] = price.minor
            detail["price"] = [variant.price.to_major_string(), price.to_major_string()]
        except ValueError as refused:
            problems.append(FieldProblem("price", "invalid_price", str(refused)))
    if stock is not None:
        checked = _check_int(problems, "stock", stock, low=0, high=MAX_STOCK)
        if checked is not None:
            values["stock"] = checked
            detail["stock"] = [variant.stock, checked]
    if problems:
        raise ProductInvalid(problems)
    if values:
        await repository.update_variant(uow.session, variant.id, **values)
        if "stock" in values:
            await record_stock(uow, [(variant.id, values["stock"])])
        await repository.update_product(uow.session, product.id, updated_at=uow.clock.now())
        await repository.insert_history(
            uow.session, [history_row(uow, principal, product.id, "sku_changed", on_behalf_of=on_behalf_of, **detail)]
        )
    return await product_or_404(uow, product.id)


async def _submit(
    uow: UnitOfWork, principal: Principal, product: Product, store: Store, on_behalf_of: str | None
) -> None:
    await repository.update_product(
        uow.session,
        product.id,
        review_state=ReviewState.SUBMITTED.value,
        review_comment=None,
        updated_at=uow.clock.now(),
    )
    operator = store.owner_org_id
    uow.publish(ProductSubmitted(product.id, store.id, operator, product.source_version))
    await repository.insert_history(
        uow.session,
        [
            history_row(
                uow,
                principal,
                product.id,
                "submitted",
                on_behalf_of=on_behalf_of,
                source_version=product.source_version,
            )
        ],
    )


async def submit_for_translation(uow: UnitOfWork, principal: Principal, *, product_id: str) -> Product:
    """Send the product's French content to whoever runs the store, for its Chinese page.

    A product already with the partner for this version is ``product_not_submittable``.
    """
    product = await product_or_404(uow, product_id, for_update=True)
    store, on_behalf_of = await may_edit_product(uow, principal, product)
    if product.review_state is ReviewState.SUBMITTED:
        raise WrongProductState("the product is already with the partner", code="product_not_submittable")
    if product.zh_version == product.source_version:
        raise WrongProductState("the Chinese page of this text is already approved", code="product_not_submittable")
    await _submit(uow, principal, product, store, on_behalf_of)
    return await product_or_404(uow, product.id)


async def add_photo(uow: UnitOfWork, principal: Principal, *, product_id: str, data: bytes) -> Product:
    """Add a photo, checked by its bytes (JPEG, PNG or WebP, at most 5 MB), never by its file name."""
    product = await product_or_404(uow, product_id, for_update=True)
    _, on_behalf_of = await may_edit_product(uow, principal, product)
    if await repository.media_count(uow.session, product.id) >= MAX_MEDIA_PER_PRODUCT:
        raise ImageRefused(f"a product has at most {MAX_MEDIA_PER_PRODUCT} photos")
    try:
        facts = inspect_image(data)
    except ImageBytesRefused as refused:
        raise ImageRefused(str(refused)) from refused
    media_id = new_id("med")
    await repository.insert_media(
        uow.session,
        {
            "id": media_id,
            "product_id": product.id,
            "content_type": facts.content_type,
            "width": facts.width,
            "height": facts.height,
            "size": facts.size,
            "sha256": facts.sha256,
            "data": data,
            "position": len(product.media),
        },
    )
    await repository.insert_history(
        uow.session, [history_row(uow, principal, product.id, "photo_added", on_behalf_of=on_behalf_of, media=media_id)]
    )
    return await product_or_404(uow, product.id)


async def product(uow: UnitOfWork, principal: Principal, *, product_id: str) -> Product:
    """One product its seller, its store's operator or the platform operator may see."""
    found = await product_or_404(uow, product_id)
    await may_see_product(uow, principal, found)
    return found


async def product_history(uow: UnitOfWork, principal: Principal, *, product_id: str) -> list[HistoryEntry]:
    found = await product_or_404(uow, product_id)
    await may_see_product(uow, principal, found)
    return await repository.history_of(uow.session, product_id)


async def products_page(
    uow: UnitOfWork,
    principal: Principal,
    *,
    store_id: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE,
) -> tuple[list[Product], str | None]:
    """A page of the products the caller sells (a merchant, a brand) or runs the store of (``store_id``)."""
    after = cursor_position(cursor, key="after", kind=str, prefix="prd")
    size = page_size(limit)
    if store_id is not None:
        store = await store_or_404(uow, store_id)
        await operates(uow, principal, store)
        rows = await repository.products_page(uow.session, store_ids=[store.id], after_id=after, limit=size + 1)
    elif principal.organisation_kind in (OrganisationKind.SMALL_MERCHANT, OrganisationKind.BRAND):
        rows = await repository.products_page(
            uow.session, seller_org_id=principal.organisation_id, after_id=after, limit=size + 1
        )
    else:
        raise PermissionDenied("name the store whose products you want (store_id)")
    page, next_cursor = cut_page(rows, size, key="after", position_of=lambda p: p.id)
    return await with_stock(uow, page), next_cursor


async def photo_for(uow: UnitOfWork, principal: Principal | None, *, media_id: str) -> tuple[str, bytes] | None:
    """A photo, if its product is visible on the storefront or ``principal`` may see the product."""
    found = await repository.media_bytes(uow.session, media_id)
    if found is None:
        return None
    facts, product_id, data = found
    owner = await repository.product_by_id(uow.session, product_id)
    if owner is None:
        return None
    if not owner.visible:
        if principal is None:
            return None
        try:
            await may_see_product(uow, principal, owner)
        except CatalogNotFound:
            return None
    return facts.content_type, data
