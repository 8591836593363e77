"""The network page and its promise fragment, through the ASGI app."""

from __future__ import annotations

from datetime import UTC, datetime

from comptoir.kernel.clock import FrozenClock
from tests.e2e.logistics.conftest import ClientFactory
from tests.unit.logistics.network_sample import sample_document

HTML = {"accept": "text/html"}


async def test_without_a_network_the_page_says_how_to_import_one(client_as: ClientFactory) -> None:
    page = await client_as("brand").get("/logistics/network", headers=HTML)
    assert page.status_code == 200
    assert 'data-testid="network-empty"' in page.text
    assert "comptoir logistics import --network network.json" in page.text


async def test_anonymous_visitors_are_sent_to_sign_in(client_as: ClientFactory) -> None:
    page = await client_as(None).get("/logistics/network", headers=HTML)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Flogistics%2Fnetwork"
    assert (await client_as(None).get("/logistics/network")).status_code == 401


async def test_the_page_lists_hubs_lanes_and_plots_them(client_as: ClientFactory) -> None:
    assert (await client_as("operator").post("/api/v1/logistics/network", json=sample_document())).status_code == 200
    page = await client_as("brand").get("/logistics/network?lang=en", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert 'data-testid="network-map"' in text
    assert text.count('<g class="hub"') == 4  # CNSHA has no coordinates
    assert text.count('class="lane"') == 3  # HGH-CNSHA is not drawn: CNSHA has no coordinates
    assert "HGH → LGG" in text and "Liège eHub" in text
    assert "100,000 kg" in text


async def test_the_promise_fragment_in_the_buyers_language(client_as: ClientFactory, clock: FrozenClock) -> None:
    assert (await client_as("operator").post("/api/v1/logistics/network", json=sample_document())).status_code == 200
    brand = client_as("brand")
    fragment = await brand.get(
        "/logistics/network/promise",
        params={"origin": "HGH", "zone": "FR-75", "ready_at": "2026-12-01T08:00", "buyer_locale": "zh_Hans"},
        headers=HTML,
    )
    assert fragment.status_code == 200
    assert "预计 12月6日 前送达" in fragment.text
    assert "HGH-LGG@2026-12-03" in fragment.text
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    now = await brand.get(
        "/logistics/network/promise", params={"origin": "HGH", "zone": "CN-31", "buyer_locale": "fr"}, headers=HTML
    )
    assert "Commandez dans les 1 h 0 min pour être livré jeudi" in now.text
    unknown = await brand.get("/logistics/network/promise", params={"origin": "HGH", "zone": "FR-99"}, headers=HTML)
    assert unknown.status_code == 200
    assert "unknown_zone" in unknown.text
    bad_time = await brand.get(
        "/logistics/network/promise", params={"origin": "HGH", "zone": "FR-75", "ready_at": "yesterday"}, headers=HTML
    )
    assert "promise_query_invalid" in bad_time.text


async def test_the_page_in_chinese_and_french_speaks_peoples_words(client_as: ClientFactory) -> None:
    assert (await client_as("operator").post("/api/v1/logistics/network", json=sample_document())).status_code == 200
    zh = (await client_as("brand").get("/logistics/network?lang=zh_Hans", headers=HTML)).text
    assert "口岸" in zh and "配送站" in zh  # hub kinds
    assert "航空" in zh and "公路" in zh  # modes
    assert "周一" in zh and "周四" in zh  # weekdays
    assert "比利时" in zh  # countries
    assert "FR-75 · 巴黎" in zh and "CN-31 · 上海市" in zh  # zones with their ISO 3166-2 names
    assert "每周 2 班" in zh
    assert "95% 的包裹" in zh and "p95" not in zh
    fr = (await client_as("brand").get("/logistics/network?lang=fr", headers=HTML)).text
    assert "point d&#39;entrée" in fr and "station de livraison" in fr
    assert "aérien" in fr and "route" in fr
    assert "lun." in fr and "jeu." in fr
    assert "Belgique" in fr and "FR-75 · Paris" in fr
    assert "2 départs par semaine" in fr and "1 départ ponctuel" in fr
    assert "100 000 kg" in fr.replace("\u202f", " ").replace("\xa0", " ")
    assert "pour 95 % des colis" in fr and "p50" not in fr and "explicit" not in fr
    assert "livré le lendemain" in fr


async def test_the_promise_fragment_names_hubs_and_legs_in_words(client_as: ClientFactory) -> None:
    assert (await client_as("operator").post("/api/v1/logistics/network", json=sample_document())).status_code == 200
    fragment = (
        await client_as("brand").get(
            "/logistics/network/promise?lang=fr",
            params={"origin": "HGH", "zone": "FR-75", "ready_at": "2026-12-01T08:00"},
            headers=HTML,
        )
    ).text
    assert "Hangzhou Xiaoshan → Liège eHub, jeu. 3 déc. 23:30" in fragment
    assert "p95" not in fragment and "720 min" not in fragment
    assert "12 h 00" in fragment and "95 % des colis" in fragment
