"""The installation's search index follows the catalog: products appear when they show on the Chinese
storefront and go when they leave it, through idempotent outbox handlers; a rebuild gives the same index."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from comptoir import catalog, intelligence
from comptoir.intelligence import InMemorySearchIndex, SearchUnavailable
from comptoir.kernel.outbox import OutboxWorker, outbox_table
from comptoir.kernel.ports import Misbehaviour
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.catalog.world import CatalogWorld, build_catalog_world
from tests.integration.intelligence.catalog_products import publish, take_off_the_storefront


@pytest.fixture
async def world(runtime: Runtime) -> CatalogWorld:
    return await build_catalog_world(runtime)


def subscribe(runtime: Runtime) -> None:
    handler = intelligence.product_changed_handler(runtime)
    runtime.bus.subscribe(catalog.ProductPublished, handler)
    runtime.bus.subscribe(catalog.ProductWithdrawn, handler)


async def deliver(runtime: Runtime) -> int:
    return await OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock).run_once()


async def found(runtime: Runtime, q: str) -> list[str]:
    index = intelligence.search_index(runtime)
    return [h.id for h in await index.search(q, 10)]


async def test_a_published_product_is_found_and_a_withdrawn_one_is_not(runtime: Runtime, world: CatalogWorld) -> None:
    subscribe(runtime)
    soap = await publish(runtime, world, sku="SAV-1", title_fr="Savon de Marseille", title_zh="马赛橄榄油手工皂")
    honey = await publish(runtime, world, sku="MIE-1", title_fr="Miel de lavande", title_zh="薰衣草蜂蜜")
    await deliver(runtime)
    assert await found(runtime, "手工皂") == [soap]
    assert await found(runtime, "fengmi") == [honey]  # pinyin
    assert (runtime.settings.data_dir / "search" / "comptoir-search.json").is_file()  # under the data directory

    await take_off_the_storefront(runtime, soap)
    await deliver(runtime)
    assert await found(runtime, "手工皂") == []
    assert await found(runtime, "fengmi") == [honey]


async def test_events_delivered_twice_late_or_out_of_order_leave_the_same_index(
    runtime: Runtime, world: CatalogWorld
) -> None:
    handler = intelligence.product_changed_handler(runtime)
    soap = await publish(runtime, world, sku="SAV-1", title_fr="Savon de Marseille", title_zh="马赛橄榄油手工皂")
    published = catalog.ProductPublished(soap)
    await handler(published, event_id="evt_1")
    await handler(published, event_id="evt_1")  # delivered twice
    index = intelligence.search_index(runtime)
    assert await index.count() == 1
    await take_off_the_storefront(runtime, soap)
    await handler(catalog.ProductWithdrawn(soap), event_id="evt_2")
    await handler(published, event_id="evt_1")  # the older event, late: the product is still off the storefront
    assert await index.count() == 0
    assert await found(runtime, "手工皂") == []


async def test_a_failing_index_leaves_the_event_to_be_delivered_again(runtime: Runtime, world: CatalogWorld) -> None:
    fake = InMemorySearchIndex(misbehaviour=Misbehaviour().fail_next(1, SearchUnavailable("index locked")))
    intelligence.use_search_index(runtime, fake)
    subscribe(runtime)
    soap = await publish(runtime, world, sku="SAV-1", title_fr="Savon de Marseille", title_zh="马赛橄榄油手工皂")
    await deliver(runtime)
    assert fake.documents == {}
    async with runtime.database.session() as session:
        rows = (await session.execute(select(outbox_table.c.name, outbox_table.c.status))).all()
    assert ("catalog.ProductPublished", "pending") in [tuple(r) for r in rows]
    runtime.clock.advance(seconds=3600)  # type: ignore[attr-defined]
    await deliver(runtime)
    assert list(fake.documents) == [soap]


async def test_a_rebuild_indexes_what_the_storefront_shows_and_nothing_else(
    runtime: Runtime, world: CatalogWorld
) -> None:
    soap = await publish(runtime, world, sku="SAV-1", title_fr="Savon de Marseille", title_zh="马赛橄榄油手工皂")
    gone = await publish(runtime, world, sku="MIE-1", title_fr="Miel de lavande", title_zh="薰衣草蜂蜜")
    await take_off_the_storefront(runtime, gone)
    index = intelligence.search_index(runtime)
    await index.add([intelligence.ProductDocument("stale", "X", None, {"zh-Hans": "手工皂", "fr": "Savon"})])
    assert await intelligence.rebuild_index(runtime, index) == 1
    assert await found(runtime, "手工皂") == [soap]
    assert await index.count() == 1
    shown = await transact(runtime, lambda uow: catalog.search_documents(uow))
    assert [d.id for d in shown] == [soap]


async def test_an_index_from_another_analysis_is_set_aside_and_started_anew(runtime: Runtime) -> None:
    import json

    from comptoir.intelligence.search.tantivy_index import MARK, TantivySearchIndex

    directory = runtime.settings.data_dir / "search"
    TantivySearchIndex.open(directory, create=True).rebuild_now(
        [intelligence.ProductDocument("old", "X", None, {"zh-Hans": "手工皂", "fr": "Savon"})]
    )
    mark = json.loads((directory / MARK).read_text())
    (directory / MARK).write_text(json.dumps({**mark, "analysis_version": 0}))
    index = intelligence.search_index(runtime)
    assert await index.count() == 0  # the catalog's events, or `comptoir search rebuild`, fill it again
    assert (runtime.settings.data_dir / "search.outdated" / MARK).is_file()
