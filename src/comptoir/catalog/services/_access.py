"""Who may do what in the catalog, decided inside the caller's unit of work, and the product history."""

from __future__ import annotations

import json
from typing import Any

from comptoir import identity
from comptoir.catalog import repository
from comptoir.catalog.domain import Product, Store, StoreKind
from comptoir.catalog.errors import CatalogNotFound, NotStoreOperator
from comptoir.catalog.services.stock import with_stock
from comptoir.kernel.ids import new_id
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork

CONTENT_SCOPE = "content"


async def store_or_404(uow: UnitOfWork, store_id: str) -> Store:
    found = await repository.store_by_id(uow.session, store_id)
    if found is None:
        raise CatalogNotFound("no such store", code="store_not_found")
    return found


async def operates(uow: UnitOfWork, principal: Principal, store: Store) -> str | None:
    """Refuse unless ``principal`` runs ``store``; answers the brand acted for, when a partner acts for one.

    A pavilion is run by the partner who owns it; a brand store by its brand, or by a partner holding
    the ``content`` scope from it (checked, and held, in this transaction). The platform operator runs
    every store. Anyone else is refused with ``store_not_operated``.
    """
    if principal.is_platform_operator or principal.organisation_id == store.owner_org_id:
        return None
    if store.kind is StoreKind.BRAND_STORE and principal.organisation_kind == OrganisationKind.PARTNER:
        try:
            delegation = await identity.authorize_delegate(
                uow, principal, brand_id=store.owner_org_id, scope=CONTENT_SCOPE
            )
        except identity.DelegationDenied as refused:
            raise NotStoreOperator(f"you do not run this store: {refused.detail}") from refused
        return delegation.brand_name
    raise NotStoreOperator("your organisation does not run this store")


async def may_edit_product(uow: UnitOfWork, principal: Principal, product: Product) -> tuple[Store, str | None]:
    """The product's store, if ``principal`` may change its French content, prices, stock and photos.

    That is its seller, or, in a brand store, whoever runs the store (a partner with ``content``).
    The pavilion's partner writes the Chinese page but does not change a small merchant's prices.
    Anyone else learns nothing about the product: ``product_not_found``.
    """
    store = await store_or_404(uow, product.store_id)
    if principal.organisation_id == product.seller_org_id:
        return store, None
    if store.kind is StoreKind.BRAND_STORE and principal.organisation_kind == OrganisationKind.PARTNER:
        return store, await operates(uow, principal, store)
    raise CatalogNotFound("no such product", code="product_not_found")


async def product_or_404(uow: UnitOfWork, product_id: str, *, for_update: bool = False) -> Product:
    found = await repository.product_by_id(uow.session, product_id, for_update=for_update)
    if found is None:
        raise CatalogNotFound("no such product", code="product_not_found")
    return (await with_stock(uow, [found]))[0]  # on hand as inventory counts it, sales taken off


async def may_see_product(uow: UnitOfWork, principal: Principal, product: Product) -> Store:
    """The store, if ``principal`` is the seller, runs the store, or is the platform operator."""
    store = await store_or_404(uow, product.store_id)
    if principal.organisation_id == product.seller_org_id:
        return store
    try:
        await operates(uow, principal, store)
    except NotStoreOperator as refused:
        raise CatalogNotFound("no such product", code="product_not_found") from refused
    return store


def history_row(
    uow: UnitOfWork,
    principal: Principal | None,
    product_id: str,
    action: str,
    *,
    on_behalf_of: str | None = None,
    **detail: Any,
) -> dict[str, Any]:
    """A product history row: who (``partner X for brand Y``), what, when."""
    return {
        "id": new_id("phs"),
        "product_id": product_id,
        "at": uow.clock.now(),
        "actor_org_id": principal.organisation_id if principal else "system",
        "actor_org_name": principal.organisation_name if principal else "Comptoir",
        "on_behalf_of": on_behalf_of,
        "action": action,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    }
