"""Products in and out as files: a CSV or XLSX import, checked whole before anything is written, and its export."""

from __future__ import annotations

from comptoir.catalog import repository
from comptoir.catalog.domain import LANE_CATEGORIES, Product
from comptoir.catalog.domain.import_file import ImportRefused as FileRefused
from comptoir.catalog.domain.import_file import ImportRow, export_rows, parse_import_file, product_groups
from comptoir.catalog.errors import ImportRefused, ProductInvalid, RowProblem, SkuTaken
from comptoir.catalog.services._access import operates, store_or_404
from comptoir.catalog.services.positive_list import positive_list_in_force
from comptoir.catalog.services.products import ProductDraft, VariantDraft, create_products
from comptoir.kernel.principal import Principal
from comptoir.kernel.unit_of_work import UnitOfWork


def _draft(group: list[ImportRow]) -> ProductDraft:
    first = group[0]
    return ProductDraft(
        title_fr=first.title_fr,
        description_fr=first.description_fr or "",
        category=first.category.value,
        hs_code=first.hs_code,
        origin=first.origin or "FR",
        gtin=first.gtin,
        ref=first.product_ref,
        variants=[
            VariantDraft(
                sku=row.sku,
                price_eur=row.price.to_major_string(),
                stock=row.stock,
                label_fr=row.variant_label_fr,
                net_content_value=row.net_content.value if row.net_content else None,
                net_content_unit=row.net_content.unit.value if row.net_content else None,
                pieces=row.pieces,
            )
            for row in group
        ],
    )


async def import_products(
    uow: UnitOfWork, principal: Principal, *, store_id: str, data: bytes, kind: str
) -> list[Product]:
    """Create every product of the file in ``store_id``, or (with any bad row) none of them.

    The file is read and every row checked first (:class:`ImportRefused` lists each problem with its row
    and column); then the products are listed exactly as :func:`create_products` would, in this one unit
    of work, so a refusal there (the lite listing's 20 SKUs, a SKU already used) also writes nothing.
    """
    store = await store_or_404(uow, store_id)
    try:
        rows = parse_import_file(
            data,
            filename=f"import.{kind}",
            allowed_categories=[c.value for c in LANE_CATEGORIES[store.lane]],
            positive_list=await positive_list_in_force(uow) if store.lane == "FR-CN" else None,
        )
    except FileRefused as refused:
        raise ImportRefused(
            [RowProblem(p.row or 1, p.column or "file", p.reason) for p in refused.problems]
        ) from refused
    groups = product_groups(rows)
    try:
        return await create_products(
            uow, principal, store_id=store.id, drafts=[_draft(g) for g in groups], action="imported"
        )
    except ProductInvalid as refused:
        raise ImportRefused([RowProblem(1, p.field, p.message) for p in refused.problems]) from refused
    except SkuTaken as refused:
        raise ImportRefused([RowProblem(1, "sku", refused.detail)]) from refused


async def export_products(uow: UnitOfWork, principal: Principal, *, store_id: str, kind: str) -> bytes:
    """Every product of a store the caller runs, or sells in, in the import file's columns."""
    store = await store_or_404(uow, store_id)
    seller: str | None = None
    if store.is_pavilion and principal.organisation_id != store.owner_org_id:
        seller = principal.organisation_id  # a member exports its own products only
        if await repository.member(uow.session, seller) is None:
            await operates(uow, principal, store)
    else:
        await operates(uow, principal, store)
    rows: list[ImportRow] = []
    after: str | None = None
    while True:
        page = await repository.products_page(
            uow.session, store_ids=[store.id], seller_org_id=seller, after_id=after, limit=500
        )
        for p in page:
            for v in p.variants:
                rows.append(
                    ImportRow(
                        sku=v.sku,
                        title_fr=p.title_fr,
                        price_cents=v.price.minor,
                        stock=v.stock,
                        hs_code=p.hs_code,
                        category=p.category,
                        gtin=p.gtin,
                        description_fr=p.description_fr or None,
                        net_content=v.net_content,
                        pieces=v.pieces,
                        origin=p.origin,
                        variant_label_fr=v.label_fr,
                        product_ref=p.ref or p.id,
                    )
                )
        if len(page) < 500:
            break
        after = page[-1].id
    return export_rows(rows, file_format="xlsx" if kind == "xlsx" else "csv")
