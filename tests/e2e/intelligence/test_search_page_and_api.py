"""The storefront's search page (/shop/search, /zh/search) and the search API, over the assembled app."""

from __future__ import annotations

import base64
import json

import pytest

from comptoir import intelligence
from comptoir.intelligence import InMemorySearchIndex, SearchUnavailable
from comptoir.kernel.ports import Misbehaviour
from comptoir.kernel.runtime import Runtime
from tests.e2e.identity.conftest import ClientFactory
from tests.integration.catalog.world import CatalogWorld, build_catalog_world
from tests.integration.intelligence.catalog_products import publish


@pytest.fixture
async def world(runtime: Runtime) -> CatalogWorld:
    w = await build_catalog_world(runtime)
    w.soap = await publish(  # type: ignore[attr-defined]
        runtime, w, sku="SAV-1", title_fr="Savon de Marseille", title_zh="马赛橄榄油手工皂", description_zh="传统釜制。"
    )
    w.soap2 = await publish(  # type: ignore[attr-defined]
        runtime, w, sku="SAV-2", title_fr="Savon au lait d'ânesse", title_zh="驴奶手工皂"
    )
    w.honey = await publish(  # type: ignore[attr-defined]
        runtime, w, sku="MIE-1", title_fr="Miel de lavande", title_zh="薰衣草蜂蜜"
    )
    await intelligence.rebuild_index(runtime, intelligence.search_index(runtime))
    return w


async def test_the_page_shows_the_cards_found_and_keeps_the_query(
    world: CatalogWorld, client_for: ClientFactory
) -> None:
    answer = await client_for().get("/shop/search", params={"q": "蜂蜜"})
    assert answer.status_code == 200
    html = answer.text
    assert f'data-product="{world.honey}"' in html  # type: ignore[attr-defined]
    assert f'data-product="{world.soap}"' not in html  # type: ignore[attr-defined]
    assert 'value="蜂蜜"' in html
    assert "薰衣草蜂蜜" in html


async def test_the_chinese_page_reads_pinyin_and_traditional_characters(
    world: CatalogWorld, client_for: ClientFactory
) -> None:
    client = client_for()
    for q in ("shougongzao", "手工皂", "手工皂 marseille"):
        answer = await client.get("/zh/search", params={"q": q})
        assert answer.status_code == 200, q
        assert '<html lang="zh-Hans"' in answer.text, q
        assert f'data-product="{world.soap}"' in answer.text, q  # type: ignore[attr-defined]
    traditional = await client.get("/zh/search", params={"q": "薰衣草蜂蜜"})
    assert f'data-product="{world.honey}"' in traditional.text  # type: ignore[attr-defined]


async def test_nothing_found_says_so_with_the_query_kept(world: CatalogWorld, client_for: ClientFactory) -> None:
    answer = await client_for().get("/zh/search", params={"q": "雪茄"})
    assert answer.status_code == 200
    assert 'data-testid="search-empty"' in answer.text
    assert 'value="雪茄"' in answer.text
    assert 'data-testid="card"' not in answer.text


async def test_the_page_speaks_french_and_english_when_asked(world: CatalogWorld, client_for: ClientFactory) -> None:
    french = await client_for().get("/zh/search", params={"q": "miel", "lang": "fr"})
    assert '<html lang="fr"' in french.text
    assert "Résultats pour" in french.text
    assert f'data-product="{world.honey}"' in french.text  # type: ignore[attr-defined]
    english = await client_for().get("/shop/search", params={"q": "", "lang": "en"})
    assert 'data-testid="search-hint"' in english.text
    assert "Search the storefront" in english.text


async def test_the_api_pages_results_for_a_signed_in_caller(world: CatalogWorld, client_for: ClientFactory) -> None:
    assert (await client_for().get("/api/v1/search", params={"q": "手工皂"})).status_code == 401
    partner = world.identity.partner
    client = client_for(session=partner.token)
    first = await client.get("/api/v1/search", params={"q": "手工皂", "limit": 1})
    assert first.status_code == 200, first.text
    page = first.json()
    assert set(page) == {"query", "items", "next_cursor"}
    assert page["query"] == "手工皂"
    [item] = page["items"]
    assert set(item) == {
        "product_id",
        "score",
        "title_zh",
        "brand_name",
        "brand_name_zh",
        "store_name_zh",
        "price",
        "image_url",
        "url",
    }
    assert item["price"]["currency"] == "EUR"
    second = (
        await client.get("/api/v1/search", params={"q": "手工皂", "limit": 1, "cursor": page["next_cursor"]})
    ).json()
    ids = {item["product_id"], second["items"][0]["product_id"]}
    assert ids == {world.soap, world.soap2}  # type: ignore[attr-defined]
    if second["next_cursor"] is not None:
        third = await client.get("/api/v1/search", params={"q": "手工皂", "limit": 1, "cursor": second["next_cursor"]})
        assert {i["product_id"] for i in third.json()["items"]} <= {world.honey}  # type: ignore[attr-defined]
    forged = base64.urlsafe_b64encode(json.dumps({"after": "x"}).encode()).decode().rstrip("=")
    refused = await client.get("/api/v1/search", params={"q": "手工皂", "cursor": forged})
    assert (refused.status_code, refused.json()["code"]) == (422, "invalid_cursor")
    assert (await client.get("/api/v1/search", params={"q": ""})).status_code == 422


async def test_an_unavailable_index_is_said_plainly(
    runtime: Runtime, world: CatalogWorld, client_for: ClientFactory
) -> None:
    down = InMemorySearchIndex(misbehaviour=Misbehaviour().go_down(SearchUnavailable("the index is locked")))
    intelligence.use_search_index(runtime, down)
    partner = world.identity.partner
    answer = await client_for(session=partner.token).get("/api/v1/search", params={"q": "手工皂"})
    assert (answer.status_code, answer.json()["code"]) == (503, "search_unavailable")
    assert answer.headers["Retry-After"] == "5"
    page = await client_for().get("/zh/search", params={"q": "手工皂"})
    assert page.status_code == 503
    assert 'data-testid="search-unavailable"' in page.text
