"""Products on the Chinese storefront, made through the catalog's public services, for the search tests."""

from __future__ import annotations

from sqlalchemy import update

from comptoir import catalog
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from tests.integration.catalog.world import CatalogWorld, soap


async def publish(
    runtime: Runtime, w: CatalogWorld, *, sku: str, title_fr: str, title_zh: str, description_zh: str = ""
) -> str:
    """A pavilion product listed by the merchant and approved in Chinese by the partner: it shows. Its id."""
    merchant, partner = w.identity.merchant.principal, w.identity.partner.principal
    made = await transact(
        runtime,
        lambda uow: catalog.create_product(uow, merchant, store_id=w.pavilion.id, draft=soap(sku, title_fr=title_fr)),
    )
    await transact(runtime, lambda uow: catalog.submit_for_translation(uow, merchant, product_id=made.id))
    await transact(
        runtime,
        lambda uow: catalog.approve_chinese_content(
            uow, partner, product_id=made.id, title=title_zh, description=description_zh, source_version=1
        ),
    )
    return made.id


async def take_off_the_storefront(runtime: Runtime, product_id: str) -> None:
    """The product stops showing, as when the catalog withdraws it, and its ProductWithdrawn is in the outbox.

    No public catalog use case withdraws a visible product yet (its French edits keep the approved page,
    and a new positive list applies to later listings), so the test does what the catalog's visibility rule
    would do: the row says not visible, and the event is published in the same transaction.
    """
    from comptoir.kernel.database import metadata

    table = metadata.tables["catalog_products"]

    async def withdraw(uow: UnitOfWork) -> None:
        await uow.session.execute(update(table).where(table.c.id == product_id).values(visible=False))
        uow.publish(catalog.ProductWithdrawn(product_id))

    await transact(runtime, withdraw)
