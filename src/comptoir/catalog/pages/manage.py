"""Where merchants, brands and partners manage what they sell: a small merchant's lite listing in a pavilion,
a brand store, the partner's stores; the product page with its status, photos, SKUs and history."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.catalog import services as catalog
from comptoir.catalog.api.models import ProductIdPath, StoreIdPath
from comptoir.catalog.domain import (
    LANE_CATEGORIES,
    LITE_LISTING_MAX_SKUS,
    Category,
    NetContent,
    NetUnit,
    Product,
    Store,
    StoreKind,
)
from comptoir.catalog.domain.hs_codes import suggest_hs_codes
from comptoir.catalog.domain.import_file import ImportRow, export_rows
from comptoir.catalog.errors import (
    CatalogNotFound,
    FieldProblem,
    ImageRefused,
    ImportRefused,
    LiteListingFull,
    NotStoreOperator,
    ProductInvalid,
)
from comptoir.catalog.pages.words import (
    category_names,
    history_actions,
    problem_sentence,
    status_names,
    status_reason,
)
from comptoir.catalog.services import imports
from comptoir.kernel.auth import CurrentPrincipal, OptionalPrincipal
from comptoir.kernel.error_catalogue import sentence_for
from comptoir.kernel.errors import ComptoirError, Conflict, InvalidInput, PermissionDenied
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.pages import render
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact

router = APIRouter(include_in_schema=False)

#: The routes that take files (photos, import files): the web assembly gives them the upload body limit.
UPLOAD_ROUTES = ("/stores", "/products", "/api/v1/catalog/stores", "/api/v1/catalog/products")


def see_other(url: str, *, done: str | None = None) -> Response:
    return RedirectResponse(url + (f"?done={done}" if done else ""), status_code=303)


def _done(request: Request) -> list[tuple[str, str]]:
    messages = {
        "created": _("Product saved as a draft. Send it to the partner when its French page is ready."),
        "submitted": _("Sent to the partner: it is writing the Chinese page."),
        "saved": _("Changes saved."),
        "photo": _("Photo added."),
        "imported": _("Import done: every product of the file is listed."),
        "joined": _("Welcome to the pavilion: list your first product."),
        "converted": _("Your store is open: your products, their history and their Chinese pages moved with you."),
        "opened": _("Store opened."),
        "skus": _("SKUs added."),
    }
    message = messages.get(request.query_params.get("done") or "")
    return [("ok", message)] if message else []


def _flash(error: ComptoirError) -> list[tuple[str, str]]:
    return [("error", sentence_for(error))]


def _problems(error: ComptoirError) -> dict[str, str]:
    if isinstance(error, ProductInvalid):
        return {p.field: problem_sentence(p) for p in error.problems}
    return {}


def _form_values(draft: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in draft.items()}


# --- the small merchant's space ----------------------------------------------------------------------------------


@router.get("/merchant", response_class=HTMLResponse)
async def merchant_home(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> Response:
    """A member goes to its listing; anyone else of the kind chooses a pavilion to join."""
    if principal.organisation_kind != OrganisationKind.SMALL_MERCHANT:
        raise PermissionDenied(_("This space is for small merchants."))

    async def read(uow: UnitOfWork) -> tuple[Any, list[Store]]:
        return await catalog.membership(uow, principal), await catalog.pavilions(uow)

    member, pavilions = await transact(runtime, read)
    if member is not None:
        return await _store_page(request, runtime, principal, member.converted_store_id or member.pavilion_id)
    return render(request, "catalog/join.html", {"pavilions": pavilions, "values": {}, "flashes": _done(request)})


@router.post("/merchant/join")
async def join(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    pavilion_id: str = Form(default="", max_length=40),
    display_name: str = Form(default="", max_length=400),
    region: str = Form(default="", max_length=400),
    profile_fr: str = Form(default="", max_length=8000),
) -> Response:
    try:
        member = await transact(
            runtime,
            lambda uow: catalog.join_pavilion(
                uow,
                principal,
                pavilion_id=pavilion_id,
                display_name=display_name,
                region=region or None,
                profile_fr=profile_fr,
            ),
        )
    except (InvalidInput, Conflict, CatalogNotFound, PermissionDenied) as error:
        pavilions = await transact(runtime, catalog.pavilions)
        values = {"display_name": display_name, "region": region, "profile_fr": profile_fr}
        return render(
            request,
            "catalog/join.html",
            {"pavilions": pavilions, "values": values, "flashes": _flash(error)},
            status=error.status,
        )
    return see_other(f"/stores/{member.pavilion_id}", done="joined")


@router.post("/merchant/convert")
async def convert(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> Response:
    made = await transact(runtime, lambda uow: catalog.convert_to_store(uow, principal))
    return see_other(f"/stores/{made.id}", done="converted")


# --- a brand's store and the partner's stores ------------------------------------------------------------------


@router.get("/brand/store", response_class=HTMLResponse)
async def brand_store(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> Response:
    if principal.organisation_kind != OrganisationKind.BRAND:
        raise PermissionDenied(_("This space is for brands."))
    found = await transact(runtime, lambda uow: catalog.stores_operated_by(uow, principal))
    if found:
        return await _store_page(request, runtime, principal, found[0].id)
    return render(request, "catalog/open_store.html", {"values": {}, "action": "/brand/store"})


@dataclass(frozen=True)
class StoreForm:
    """The store (or pavilion) form: its names and French description, as typed."""

    name: str
    name_zh: str
    description_fr: str

    @property
    def values(self) -> dict[str, str]:
        return {"name": self.name, "name_zh": self.name_zh, "description_fr": self.description_fr}


def store_form(
    name: str = Form(default="", max_length=400),
    name_zh: str = Form(default="", max_length=400),
    description_fr: str = Form(default="", max_length=8000),
) -> StoreForm:
    return StoreForm(name, name_zh, description_fr)


StoreFormBody = Annotated[StoreForm, Depends(store_form)]


@router.post("/brand/store")
async def open_brand_store(
    request: Request, runtime: RuntimeDep, principal: CurrentPrincipal, form: StoreFormBody
) -> Response:
    try:
        made = await transact(
            runtime,
            lambda uow: catalog.open_brand_store(
                uow,
                principal,
                brand_id=principal.organisation_id,
                name=form.name,
                name_zh=form.name_zh or None,
                description_fr=form.description_fr,
            ),
        )
    except (InvalidInput, Conflict, PermissionDenied) as error:
        context = {"values": form.values, "action": "/brand/store", "flashes": _flash(error)}
        return render(request, "catalog/open_store.html", context, status=error.status)
    return see_other(f"/stores/{made.id}", done="opened")


@router.get("/partner/stores", response_class=HTMLResponse)
async def partner_stores(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> HTMLResponse:
    if principal.organisation_kind != OrganisationKind.PARTNER:
        raise PermissionDenied(_("This space is for accredited partners."))
    found = await transact(runtime, lambda uow: catalog.stores_operated_by(uow, principal))
    return render(request, "catalog/partner_stores.html", {"stores": found, "values": {}, "flashes": _done(request)})


@router.post("/partner/pavilions")
async def open_pavilion(
    request: Request, runtime: RuntimeDep, principal: CurrentPrincipal, form: StoreFormBody
) -> Response:
    try:
        made = await transact(
            runtime,
            lambda uow: catalog.open_pavilion(
                uow, principal, name=form.name, name_zh=form.name_zh or None, description_fr=form.description_fr
            ),
        )
    except (InvalidInput, PermissionDenied) as error:
        found = await transact(runtime, lambda uow: catalog.stores_operated_by(uow, principal))
        context = {"stores": found, "values": form.values, "flashes": _flash(error)}
        return render(request, "catalog/partner_stores.html", context, status=error.status)
    return see_other(f"/stores/{made.id}", done="opened")


# --- a store's products ------------------------------------------------------------------------------------------


async def _store_view(uow: UnitOfWork, principal: Principal, store_id: str, cursor: str | None) -> dict[str, Any]:
    store = await catalog.store(uow, store_id=store_id)
    member = await catalog.membership(uow, principal)
    is_member = member is not None and member.pavilion_id == store.id and member.converted_store_id is None
    if is_member:
        products, next_cursor = await catalog.products_page(uow, principal, cursor=cursor, limit=50)
        products = [p for p in products if p.store_id == store.id]
    else:
        try:
            products, next_cursor = await catalog.products_page(
                uow, principal, store_id=store.id, cursor=cursor, limit=50
            )
        except NotStoreOperator as refused:
            raise CatalogNotFound("no such store", code="store_not_found") from refused
    skus = sum(len(p.variants) for p in products) if is_member else None
    return {
        "store": store,
        "products": products,
        "next_cursor": next_cursor,
        "is_member": is_member,
        "sku_count": skus,
        "sku_limit": LITE_LISTING_MAX_SKUS,
    }


def _listing_context(view: dict[str, Any]) -> dict[str, Any]:
    store: Store = view["store"]
    return {
        **view,
        "statuses": status_names(),
        "categories": category_names(),
        "reasons": {p.id: status_reason(p, store) for p in view["products"]},
        "is_pavilion": store.kind is StoreKind.PAVILION,
    }


@router.get("/stores/{store_id}", response_class=HTMLResponse)
async def store_products(
    request: Request,
    store_id: StoreIdPath,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    return await _store_page(request, runtime, principal, store_id, cursor=cursor)


async def _store_page(
    request: Request, runtime: RuntimeDep, principal: Principal, store_id: str, *, cursor: str | None = None
) -> HTMLResponse:
    view = await transact(
        runtime, functools.partial(_store_view, principal=principal, store_id=store_id, cursor=cursor)
    )
    return render(request, "catalog/store_products.html", {**_listing_context(view), "flashes": _done(request)})


def _new_form(store: Store, values: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "store": store,
        "values": values or {"origin": "FR", "net_unit": "ml", "variants": [{}]},
        "categories": [(c.value, category_names()[c.value]) for c in LANE_CATEGORIES[store.lane]],
    }


@router.get("/stores/{store_id}/products/new", response_class=HTMLResponse)
async def new_product(
    request: Request, store_id: StoreIdPath, runtime: RuntimeDep, principal: CurrentPrincipal
) -> HTMLResponse:
    store = await transact(runtime, lambda uow: catalog.listing_store(uow, principal, store_id=store_id))
    return render(request, "catalog/product_new.html", _new_form(store))


async def _read_photos(photos: list[UploadFile]) -> list[bytes]:
    found = []
    for upload in photos:
        data = await upload.read()
        if data:
            found.append(data)
    return found


@router.post("/stores/{store_id}/products")
async def create_product(
    request: Request,
    store_id: StoreIdPath,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    title_fr: str = Form(default="", max_length=1000),
    description_fr: str = Form(default="", max_length=20000),
    category: str = Form(default="", max_length=40),
    hs_code: str = Form(default="", max_length=40),
    origin: str = Form(default="FR", max_length=8),
    gtin: str = Form(default="", max_length=40),
    sku: list[str] = Form(default=[]),
    label_fr: list[str] = Form(default=[]),
    price_eur: list[str] = Form(default=[]),
    stock: list[str] = Form(default=[]),
    net_value: list[str] = Form(default=[]),
    net_unit: list[str] = Form(default=[]),
    pieces: list[str] = Form(default=[]),
    photos: list[UploadFile] = File(default=[]),
) -> Response:
    """Save a new product (and its photos) in one transaction: any problem saves nothing."""
    rows = []
    for i, code in enumerate(sku):

        def at(values: list[str], index: int = i) -> str:
            return values[index].strip() if index < len(values) else ""

        if not code.strip() and not at(price_eur):
            continue
        rows.append(
            {
                "sku": code,
                "label_fr": at(label_fr),
                "price_eur": at(price_eur),
                "stock": at(stock),
                "net_value": at(net_value),
                "net_unit": at(net_unit),
                "pieces": at(pieces),
            }
        )
    values = {
        "title_fr": title_fr,
        "description_fr": description_fr,
        "category": category,
        "hs_code": hs_code,
        "origin": origin,
        "gtin": gtin,
        "variants": rows or [{}],
    }
    problems: list[FieldProblem] = []
    variants = []
    for i, row in enumerate(rows):
        variants.append(
            catalog.VariantDraft(
                sku=row["sku"],
                price_eur=row["price_eur"],
                stock=_whole(row["stock"], f"variants[{i}].stock", problems) or 0,
                label_fr=row["label_fr"] or None,
                net_content_value=_whole(row["net_value"], f"variants[{i}].net_content.value", problems),
                net_content_unit=(row["net_unit"] or None) if row["net_value"] else None,
                pieces=_whole(row["pieces"], f"variants[{i}].pieces", problems),
            )
        )
    draft = catalog.ProductDraft(
        title_fr=title_fr,
        description_fr=description_fr,
        category=category,
        hs_code=hs_code,
        origin=origin or "FR",
        gtin=gtin or None,
        variants=variants,
    )
    photo_bytes = await _read_photos(photos)

    async def use_case(uow: UnitOfWork) -> Product:
        if problems:
            raise ProductInvalid(problems)
        made = await catalog.create_product(uow, principal, store_id=store_id, draft=draft)
        for data in photo_bytes:
            made = await catalog.add_photo(uow, principal, product_id=made.id, data=data)
        return made

    try:
        made = await transact(runtime, use_case)
    except (InvalidInput, Conflict) as error:
        store = await transact(runtime, lambda uow: catalog.store(uow, store_id=store_id))
        context = {
            **_new_form(store, values),
            "flashes": _flash(error),
            "field_errors": _problems(error),
            "offer_store": isinstance(error, LiteListingFull),
        }
        if isinstance(error, ImageRefused):
            context["field_errors"] = {"photos": error.detail}
        return render(request, "catalog/product_new.html", context, status=error.status)
    return see_other(f"/products/{made.id}", done="created")


def _whole(text: str, name: str, problems: list[FieldProblem], *, default: int | None = None) -> int | None:
    text = text.strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        problems.append(FieldProblem(name, "invalid_number", "must be a whole number"))
        return default


@router.post("/stores/{store_id}/page")
async def edit_store_page(
    request: Request,
    store_id: StoreIdPath,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    name: str = Form(default="", max_length=400),
    name_zh: str = Form(default="", max_length=400),
    description_fr: str = Form(default="", max_length=8000),
    description_zh: str = Form(default="", max_length=8000),
) -> Response:
    """The store page's names and descriptions, for whoever runs the store."""
    try:
        await transact(
            runtime,
            lambda uow: catalog.update_store_page(
                uow,
                principal,
                store_id=store_id,
                name=name,
                name_zh=name_zh,
                description_fr=description_fr,
                description_zh=description_zh,
            ),
        )
    except InvalidInput as error:
        view = await transact(
            runtime, functools.partial(_store_view, principal=principal, store_id=store_id, cursor=None)
        )
        return render(
            request,
            "catalog/store_products.html",
            {**_listing_context(view), "flashes": _flash(error)},
            status=error.status,
        )
    return see_other(f"/stores/{store_id}", done="saved")


@router.post("/stores/{store_id}/import")
async def import_file(
    request: Request,
    store_id: StoreIdPath,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    file: UploadFile = File(...),
) -> Response:
    data = await file.read()
    kind = "xlsx" if (file.filename or "").lower().endswith(".xlsx") else "csv"
    try:
        await transact(
            runtime, lambda uow: imports.import_products(uow, principal, store_id=store_id, data=data, kind=kind)
        )
    except (ImportRefused, LiteListingFull) as error:
        view = await transact(
            runtime, functools.partial(_store_view, principal=principal, store_id=store_id, cursor=None)
        )
        context = {
            **_listing_context(view),
            "flashes": _flash(error),
            "import_problems": getattr(error, "problems", []),
            "offer_store": isinstance(error, LiteListingFull),
        }
        return render(request, "catalog/store_products.html", context, status=error.status)
    return see_other(f"/stores/{store_id}", done="imported")


@router.get("/catalog/import-template.csv")
async def import_template(principal: CurrentPrincipal) -> Response:
    """An import file to start from: the columns, and two example rows (two sizes of one soap)."""
    rows = [
        ImportRow(
            sku="SAV-LAV-100",
            title_fr="Savon à la lavande",
            price_cents=650,
            stock=120,
            hs_code="34011100",
            category=Category.COSMETICS_SKINCARE,
            net_content=NetContent(100, NetUnit.G),
            origin="FR",
            variant_label_fr="100 g",
            product_ref="savon-lavande",
        ),
        ImportRow(
            sku="SAV-LAV-250",
            title_fr="Savon à la lavande",
            price_cents=1190,
            stock=40,
            hs_code="34011100",
            category=Category.COSMETICS_SKINCARE,
            net_content=NetContent(250, NetUnit.G),
            origin="FR",
            variant_label_fr="250 g",
            product_ref="savon-lavande",
        ),
    ]
    return Response(
        export_rows(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="comptoir-products.csv"'},
    )


@router.get("/stores/{store_id}/export")
async def export_file(
    store_id: StoreIdPath,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    format: Annotated[str, Query(pattern="^(csv|xlsx)$")] = "csv",
) -> Response:
    data = await transact(runtime, lambda uow: imports.export_products(uow, principal, store_id=store_id, kind=format))
    media = (
        "text/csv; charset=utf-8"
        if format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="products.{format}"'}
    )


# --- one product --------------------------------------------------------------------------------------------------


async def _product_view(uow: UnitOfWork, principal: Principal, product_id: str) -> dict[str, Any]:
    found = await catalog.product(uow, principal, product_id=product_id)
    store = await catalog.store(uow, store_id=found.store_id)
    history = await catalog.product_history(uow, principal, product_id=product_id)
    return {"product": found, "store": store, "history": history}


async def _product_page(
    request: Request,
    runtime: RuntimeDep,
    principal: Principal,
    product_id: str,
    *,
    error: ComptoirError | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    view = await transact(runtime, functools.partial(_product_view, principal=principal, product_id=product_id))
    p: Product = view["product"]
    context = {
        **view,
        "statuses": status_names(),
        "actions": history_actions(),
        "categories": [(c.value, category_names()[c.value]) for c in LANE_CATEGORIES[view["store"].lane]],
        "reason": status_reason(p, view["store"]),
        "may_edit": principal.organisation_id == p.seller_org_id
        or (view["store"].kind is StoreKind.BRAND_STORE and principal.organisation_kind == OrganisationKind.PARTNER),
        "values": values
        or {
            "title_fr": p.title_fr,
            "description_fr": p.description_fr,
            "hs_code": p.hs_code,
            "gtin": p.gtin or "",
            "category": p.category.value,
            "origin": p.origin,
        },
        "flashes": _flash(error) if error else _done(request),
        "field_errors": _problems(error) if error else {},
    }
    return render(request, "catalog/product.html", context, status=error.status if error else 200)


@router.get("/products/{product_id}", response_class=HTMLResponse)
async def product_page(
    request: Request, product_id: ProductIdPath, runtime: RuntimeDep, principal: CurrentPrincipal
) -> HTMLResponse:
    return await _product_page(request, runtime, principal, product_id)


@router.post("/products/{product_id}")
async def edit_product(
    request: Request,
    product_id: ProductIdPath,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    title_fr: str = Form(default="", max_length=1000),
    description_fr: str = Form(default="", max_length=20000),
    category: str = Form(default="", max_length=40),
    hs_code: str = Form(default="", max_length=40),
    gtin: str = Form(default="", max_length=40),
    origin: str = Form(default="FR", max_length=8),
) -> Response:
    changes = catalog.ProductChanges(
        title_fr=title_fr, description_fr=description_fr, category=category, hs_code=hs_code, gtin=gtin, origin=origin
    )
    try:
        await transact(
            runtime, lambda uow: catalog.update_product(uow, principal, product_id=product_id, changes=changes)
        )
    except (InvalidInput, Conflict) as error:
        values = {
            "title_fr": title_fr,
            "description_fr": description_fr,
            "category": category,
            "hs_code": hs_code,
            "gtin": gtin,
            "origin": origin,
        }
        return await _product_page(request, runtime, principal, product_id, error=error, values=values)
    return see_other(f"/products/{product_id}", done="saved")


@router.post("/products/{product_id}/submit")
async def submit(
    request: Request, product_id: ProductIdPath, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    try:
        await transact(runtime, lambda uow: catalog.submit_for_translation(uow, principal, product_id=product_id))
    except Conflict as error:
        return await _product_page(request, runtime, principal, product_id, error=error)
    return see_other(f"/products/{product_id}", done="submitted")


@router.post("/products/{product_id}/photos")
async def add_photo(
    request: Request,
    product_id: ProductIdPath,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    photo: UploadFile = File(...),
) -> Response:
    data = await photo.read()
    try:
        await transact(runtime, lambda uow: catalog.add_photo(uow, principal, product_id=product_id, data=data))
    except InvalidInput as error:
        return await _product_page(request, runtime, principal, product_id, error=error)
    return see_other(f"/products/{product_id}", done="photo")


@router.post("/products/{product_id}/skus/{sku}")
async def change_sku(
    request: Request,
    product_id: ProductIdPath,
    sku: str,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    price_eur: str = Form(default="", max_length=40),
    stock: str = Form(default="", max_length=20),
) -> Response:
    problems: list[FieldProblem] = []
    amount = _whole(stock, "stock", problems)
    try:
        if problems:
            raise ProductInvalid(problems)
        await transact(
            runtime,
            lambda uow: catalog.update_variant(
                uow, principal, product_id=product_id, sku=sku, price_eur=price_eur or None, stock=amount
            ),
        )
    except InvalidInput as error:
        return await _product_page(request, runtime, principal, product_id, error=error)
    return see_other(f"/products/{product_id}", done="saved")


@router.get("/catalog/hs-suggestions", response_class=HTMLResponse)
async def hs_suggestions(
    request: Request, principal: OptionalPrincipal, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    """The HS code helper's suggestions for the words typed (an HTMX fragment)."""
    found = suggest_hs_codes(q) if len(q.strip()) >= 2 else []
    return render(request, "catalog/_hs_suggestions.html", {"suggestions": found, "q": q})


@router.get("/media/{media_id}")
async def media(
    media_id: Annotated[str, Query(max_length=40)] | str, runtime: RuntimeDep, principal: OptionalPrincipal
) -> Response:
    found = await transact(runtime, lambda uow: catalog.photo_for(uow, principal, media_id=media_id))
    if found is None:
        raise CatalogNotFound("no such photo", code="media_not_found")
    content_type, data = found
    return Response(
        data,
        media_type=content_type,
        headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
