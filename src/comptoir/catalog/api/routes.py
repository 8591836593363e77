"""The catalog's API: stores and pavilions, a merchant's products, photos, imports, and the storefront."""

from __future__ import annotations

import functools
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response as RawResponse

from comptoir.catalog import services as catalog
from comptoir.catalog.api.models import (
    CardOut,
    ConvertIn,
    HistoryOut,
    HsSuggestionOut,
    ImportOut,
    JoinIn,
    MemberOut,
    ProductIdPath,
    ProductIn,
    ProductOut,
    ProductPatch,
    SkuPath,
    StoreIdPath,
    StoreIn,
    StoreOut,
    StorePatch,
    StoreSummaryOut,
    VariantPatch,
    VariantsIn,
)
from comptoir.catalog.domain import Store, StoreSummary
from comptoir.catalog.domain.hs_codes import suggest_hs_codes
from comptoir.catalog.errors import ImageRefused
from comptoir.catalog.services import imports
from comptoir.kernel.auth import BrandIdPath, CurrentPrincipal
from comptoir.kernel.errors import InvalidInput
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.paging import DEFAULT_PAGE, page_of
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact

router = APIRouter(tags=["catalog"])

StoreLike = Store | StoreSummary


def _id(item: StoreLike) -> str:
    return item.id


async def _product_out(uow: UnitOfWork, principal: Principal, product_id: str) -> ProductOut:
    found = await catalog.product(uow, principal, product_id=product_id)
    return ProductOut.of(found, await catalog.store(uow, store_id=found.store_id))


async def _answer(runtime: Runtime, principal: Principal, product_id: str) -> ProductOut:
    return await transact(runtime, functools.partial(_product_out, principal=principal, product_id=product_id))


# --- stores and pavilions -------------------------------------------------------------------------------------


@router.get("/catalog/pavilions", response_model=Page[StoreOut])
async def list_pavilions(
    runtime: RuntimeDep, cursor: PageCursor = None, limit: PageLimit = DEFAULT_PAGE
) -> Page[StoreOut]:
    """Every pavilion a small merchant may join, oldest first."""
    found = await transact(runtime, catalog.pavilions)
    page, next_cursor = page_of(found, cursor=cursor, limit=limit, key="after", position_of=_id, prefix="sto")
    return Page[StoreOut](items=[StoreOut.of(s) for s in page], next_cursor=next_cursor)


@router.post("/catalog/pavilions", response_model=StoreOut, status_code=201)
async def open_pavilion(body: StoreIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent) -> StoreOut:
    """Open a pavilion (an accredited partner only): small merchants list their products in it."""
    made = await transact(
        runtime,
        lambda uow: catalog.open_pavilion(
            uow,
            principal,
            name=body.name,
            name_zh=body.name_zh,
            description_fr=body.description_fr,
            description_zh=body.description_zh,
        ),
    )
    return StoreOut.of(made)


@router.post("/catalog/pavilions/{store_id}/members", response_model=MemberOut, status_code=201)
async def join_pavilion(
    store_id: StoreIdPath, body: JoinIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> MemberOut:
    """Join a pavilion as a small merchant, with the small profile Chinese shoppers will read."""
    joined = await transact(
        runtime,
        lambda uow: catalog.join_pavilion(
            uow,
            principal,
            pavilion_id=store_id,
            display_name=body.display_name,
            name_zh=body.name_zh,
            region=body.region,
            profile_fr=body.profile_fr,
        ),
    )
    return MemberOut.of(joined)


@router.get("/catalog/membership", response_model=MemberOut | None)
async def my_membership(principal: CurrentPrincipal, runtime: RuntimeDep) -> MemberOut | None:
    """The caller's pavilion membership, or null."""
    found = await transact(runtime, lambda uow: catalog.membership(uow, principal))
    return MemberOut.of(found) if found else None


@router.post("/catalog/membership/convert", response_model=StoreOut, status_code=201)
async def convert_to_store(
    body: ConvertIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> StoreOut:
    """Turn the caller's lite listing into its own store; products, history and content move with it."""
    made = await transact(runtime, lambda uow: catalog.convert_to_store(uow, principal, name=body.name))
    return StoreOut.of(made)


@router.post("/catalog/brands/{brand_id}/store", response_model=StoreOut, status_code=201)
async def open_brand_store(
    brand_id: BrandIdPath, body: StoreIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> StoreOut:
    """Open a brand's store (the brand, or a partner holding ``content`` from it)."""
    made = await transact(
        runtime,
        lambda uow: catalog.open_brand_store(
            uow,
            principal,
            brand_id=brand_id,
            name=body.name,
            name_zh=body.name_zh,
            description_fr=body.description_fr,
            description_zh=body.description_zh,
        ),
    )
    return StoreOut.of(made)


@router.post("/catalog/seller-store", response_model=StoreOut, status_code=201)
async def open_seller_store(body: StoreIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent) -> StoreOut:
    """Open the caller's store on the French storefront (a seller: a Chinese merchant selling to France)."""
    made = await transact(
        runtime,
        lambda uow: catalog.open_seller_store(
            uow,
            principal,
            name=body.name,
            name_zh=body.name_zh,
            description_fr=body.description_fr,
            description_zh=body.description_zh,
        ),
    )
    return StoreOut.of(made)


@router.get("/catalog/stores", response_model=Page[StoreSummaryOut])
async def stores_i_run(
    principal: CurrentPrincipal, runtime: RuntimeDep, cursor: PageCursor = None, limit: PageLimit = DEFAULT_PAGE
) -> Page[StoreSummaryOut]:
    """The stores and pavilions the caller runs."""
    found = await transact(runtime, lambda uow: catalog.stores_operated_by(uow, principal))
    found = sorted(found, key=_id)
    page, next_cursor = page_of(found, cursor=cursor, limit=limit, key="after", position_of=_id, prefix="sto")
    return Page[StoreSummaryOut](items=[StoreSummaryOut.of(s) for s in page], next_cursor=next_cursor)


@router.patch("/catalog/stores/{store_id}", response_model=StoreOut)
async def update_store_page(
    store_id: StoreIdPath, body: StorePatch, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> StoreOut:
    """Change the store page's names and descriptions."""
    changed = await transact(
        runtime,
        lambda uow: catalog.update_store_page(
            uow,
            principal,
            store_id=store_id,
            name=body.name,
            name_zh=body.name_zh,
            description_fr=body.description_fr,
            description_zh=body.description_zh,
        ),
    )
    return StoreOut.of(changed)


# --- products ---------------------------------------------------------------------------------------------------


@router.get("/catalog/products", response_model=Page[ProductOut])
async def my_products(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    store_id: Annotated[str | None, Query(pattern=r"^sto_[0-9A-HJKMNP-TV-Z]{26}$")] = None,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[ProductOut]:
    """The caller's products (a merchant, a brand), or those of a store it runs (``store_id``)."""

    async def page(uow: UnitOfWork) -> Page[ProductOut]:
        found, next_cursor = await catalog.products_page(uow, principal, store_id=store_id, cursor=cursor, limit=limit)
        stores = {p.store_id: await catalog.store(uow, store_id=p.store_id) for p in found}
        return Page[ProductOut](items=[ProductOut.of(p, stores[p.store_id]) for p in found], next_cursor=next_cursor)

    return await transact(runtime, page)


@router.post("/catalog/stores/{store_id}/products", response_model=ProductOut, status_code=201)
async def create_product(
    store_id: StoreIdPath, body: ProductIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> ProductOut:
    """List a product: in a pavilion as its small merchant, or in a brand store the caller runs."""

    async def use_case(uow: UnitOfWork) -> ProductOut:
        made = await catalog.create_product(uow, principal, store_id=store_id, draft=body.draft())
        return await _product_out(uow, principal, made.id)

    return await transact(runtime, use_case)


@router.get("/catalog/products/{product_id}", response_model=ProductOut)
async def get_product(product_id: ProductIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> ProductOut:
    """One product, with its status and why."""
    return await _answer(runtime, principal, product_id)


@router.patch("/catalog/products/{product_id}", response_model=ProductOut)
async def update_product(
    product_id: ProductIdPath, body: ProductPatch, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> ProductOut:
    """Change the fields sent; a new French text goes back to the partner for its Chinese page."""

    async def use_case(uow: UnitOfWork) -> ProductOut:
        await catalog.update_product(uow, principal, product_id=product_id, changes=body.changes())
        return await _product_out(uow, principal, product_id)

    return await transact(runtime, use_case)


@router.get("/catalog/products/{product_id}/history", response_model=Page[HistoryOut])
async def product_history(
    product_id: ProductIdPath,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[HistoryOut]:
    """Every change to the product, oldest first ("partner X for brand Y" where a partner acted)."""
    found = await transact(runtime, lambda uow: catalog.product_history(uow, principal, product_id=product_id))
    numbered = [(f"{i:08d}", h) for i, h in enumerate(reversed(found))]  # a change keeps its position
    page, next_cursor = page_of(
        numbered, cursor=cursor, limit=limit, key="after", position_of=lambda n: n[0], prefix=None
    )
    return Page[HistoryOut](items=[HistoryOut.of(h) for _, h in page], next_cursor=next_cursor)


@router.post("/catalog/products/{product_id}/variants", response_model=ProductOut, status_code=201)
async def add_variants(
    product_id: ProductIdPath, body: VariantsIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> ProductOut:
    """Add SKUs (sizes, shades, vintages) to a product."""

    async def use_case(uow: UnitOfWork) -> ProductOut:
        await catalog.add_variants(uow, principal, product_id=product_id, variants=[v.draft() for v in body.variants])
        return await _product_out(uow, principal, product_id)

    return await transact(runtime, use_case)


@router.patch("/catalog/products/{product_id}/variants/{sku}", response_model=ProductOut)
async def update_variant(
    product_id: ProductIdPath,
    sku: SkuPath,
    body: VariantPatch,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    _: Idempotent,
) -> ProductOut:
    """Change one SKU's price or stock."""

    async def use_case(uow: UnitOfWork) -> ProductOut:
        await catalog.update_variant(
            uow, principal, product_id=product_id, sku=sku, price_eur=body.price_eur, stock=body.stock
        )
        return await _product_out(uow, principal, product_id)

    return await transact(runtime, use_case)


@router.post("/catalog/products/{product_id}/submit", response_model=ProductOut)
async def submit_for_translation(
    product_id: ProductIdPath, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> ProductOut:
    """Send the French content to the partner for the Chinese page."""

    async def use_case(uow: UnitOfWork) -> ProductOut:
        await catalog.submit_for_translation(uow, principal, product_id=product_id)
        return await _product_out(uow, principal, product_id)

    return await transact(runtime, use_case)


@router.post(
    "/catalog/products/{product_id}/photos",
    response_model=ProductOut,
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                m: {"schema": {"type": "string", "format": "binary"}} for m in ("image/jpeg", "image/png", "image/webp")
            },
        }
    },
)
async def add_photo(
    product_id: ProductIdPath, request: Request, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> ProductOut:
    """Add a photo: send the image's bytes as the body (JPEG, PNG or WebP, at most 5 MB); the bytes are checked."""
    data = await request.body()
    if not data:
        raise ImageRefused("send the photo's bytes as the request body")

    async def use_case(uow: UnitOfWork) -> ProductOut:
        await catalog.add_photo(uow, principal, product_id=product_id, data=data)
        return await _product_out(uow, principal, product_id)

    return await transact(runtime, use_case)


@router.get("/catalog/hs-codes", response_model=list[HsSuggestionOut])
async def hs_code_suggestions(
    q: Annotated[str, Query(min_length=2, max_length=200, description="what the product is, in French or English")],
    lane: Annotated[Literal["FR-CN", "CN-FR"], Query()] = "FR-CN",
) -> list[HsSuggestionOut]:
    """8-digit HS codes that may fit a product, those on the positive list first."""
    return [
        HsSuggestionOut(code=s.code8, description=s.description, source=s.source, on_positive_list=s.on_positive_list)
        for s in suggest_hs_codes(q, lane=lane)
    ]


# --- import and export ------------------------------------------------------------------------------------------

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_IMPORT_TYPES = {"text/csv": "csv", _XLSX: "xlsx"}


@router.post(
    "/catalog/stores/{store_id}/import",
    response_model=ImportOut,
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {m: {"schema": {"type": "string", "format": "binary"}} for m in _IMPORT_TYPES},
        }
    },
)
async def import_products(
    store_id: StoreIdPath, request: Request, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> ImportOut:
    """Import products from a CSV (UTF-8) or XLSX file sent as the body: every row is checked first; a file with
    any bad row is refused whole with every problem (row, column, reason) and changes nothing."""
    kind = _IMPORT_TYPES.get(request.headers.get("content-type", "").split(";")[0].strip().lower())
    if kind is None:
        raise InvalidInput("send the file with Content-Type text/csv or the XLSX type", code="invalid_input")
    data = await request.body()
    made = await transact(
        runtime, lambda uow: imports.import_products(uow, principal, store_id=store_id, data=data, kind=kind)
    )
    return ImportOut(imported=len(made), product_ids=[p.id for p in made])


@router.get(
    "/catalog/stores/{store_id}/export",
    response_class=RawResponse,
    responses={
        200: {
            "description": "the products, one row per SKU, in the import's columns",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                _XLSX: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def export_products(
    store_id: StoreIdPath,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    format: Annotated[Literal["csv", "xlsx"], Query()] = "csv",
) -> RawResponse:
    """The store's products as a file in the import's columns (import it back to restore them)."""
    data = await transact(runtime, lambda uow: imports.export_products(uow, principal, store_id=store_id, kind=format))
    media = "text/csv; charset=utf-8" if format == "csv" else _XLSX
    return RawResponse(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="products.{format}"'}
    )


# --- storefront -------------------------------------------------------------------------------------------------


@router.get("/storefront/products", response_model=Page[CardOut])
async def storefront_products(
    runtime: RuntimeDep,
    category: Annotated[str | None, Query(max_length=32, pattern="^[a-z_]+$")] = None,
    store_id: Annotated[str | None, Query(pattern=r"^sto_[0-9A-HJKMNP-TV-Z]{26}$")] = None,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[CardOut]:
    """Products visible on the Chinese storefront, by category or store."""
    cards, next_cursor = await transact(
        runtime,
        lambda uow: catalog.storefront_products(uow, category=category, store_id=store_id, cursor=cursor, limit=limit),
    )
    return Page[CardOut](items=[CardOut.of(c) for c in cards], next_cursor=next_cursor)


@router.get("/storefront/products/{product_id}", response_model=ProductOut)
async def storefront_product(product_id: ProductIdPath, runtime: RuntimeDep) -> ProductOut:
    """A product visible on the Chinese storefront."""
    shown = await transact(runtime, lambda uow: catalog.storefront_product(uow, product_id=product_id))
    return ProductOut.of(shown.product, shown.store)


@router.get("/storefront/fr/products", response_model=Page[ProductOut])
async def french_storefront_products(
    runtime: RuntimeDep,
    category: Annotated[str | None, Query(max_length=32, pattern="^[a-z_]+$")] = None,
    store_id: Annotated[str | None, Query(pattern=r"^sto_[0-9A-HJKMNP-TV-Z]{26}$")] = None,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[ProductOut]:
    """Products on the French storefront (Chinese sellers' stores), by category or store, with their SKUs."""
    shown, next_cursor = await transact(
        runtime,
        lambda uow: catalog.french_storefront_products(
            uow, category=category, store_id=store_id, cursor=cursor, limit=limit
        ),
    )
    return Page[ProductOut](items=[ProductOut.of(s.product, s.store) for s in shown], next_cursor=next_cursor)


@router.get("/storefront/fr/products/{product_id}", response_model=ProductOut)
async def french_storefront_product(product_id: ProductIdPath, runtime: RuntimeDep) -> ProductOut:
    """A product on the French storefront."""
    shown = await transact(runtime, lambda uow: catalog.storefront_product(uow, product_id=product_id, lane="CN-FR"))
    return ProductOut.of(shown.product, shown.store)
