"""The pavilion's journey in a real headless Chromium: a small merchant lists three products in French, the
pavilion's partner writes their Chinese pages (one refused for an absolute claim, then fixed) and approves
them, and a Chinese shopper finds each on the storefront by a Chinese word, by its pinyin and by the
merchant's French name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from comptoir import catalog
from comptoir.kernel.clock import SystemClock
from comptoir.kernel.outbox import OutboxWorker
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact
from comptoir.web.subscriptions import subscribe_all
from tests.integration.identity.world import PASSWORD, build_world

pytestmark = pytest.mark.browser

#: What the merchant types, what the partner writes in Chinese, and what a shopper searches for it.
PRODUCTS = [
    {
        "title_fr": "Savon de Marseille à l'huile d'olive",
        "description_fr": "Savon cuit au chaudron, 72 % d'huile d'olive.",
        "hs_code": "34011100",
        "gtin": "3760001230000",
        "sku": "SAV-OLIVE",
        "price": "8.50",
        "net": "300",
        "zh_title": "马赛橄榄油手工皂 300克",
        "zh_description": "传统大锅熬制，含72%橄榄油。",
        "claim": "全网第一的手工皂，效果最佳。",
        "queries": ["手工皂", "shougongzao", "Savonnerie du Port"],
    },
    {
        "title_fr": "Crème hydratante au lait d'ânesse",
        "description_fr": "Crème pour le visage, au lait d'ânesse bio.",
        "hs_code": "33049900",
        "gtin": "",
        "sku": "CREME-ANESSE",
        "price": "24.90",
        "net": "50",
        "zh_title": "驴奶保湿面霜 50毫升",
        "zh_description": "有机驴奶滋润面霜，适合日常护肤。",
        "claim": None,
        "queries": ["面霜", "mianshuang", "savonnerie du port"],
    },
    {
        "title_fr": "Eau de toilette à la lavande",
        "description_fr": "Eau de toilette fraîche à la lavande de Provence.",
        "hs_code": "33030000",
        "gtin": "",
        "sku": "EDT-LAVANDE",
        "price": "32.00",
        "net": "100",
        "zh_title": "普罗旺斯薰衣草淡香水 100毫升",
        "zh_description": "清新的薰衣草香调。",
        "claim": None,
        "queries": ["淡香水", "xiangshui", "Savonnerie"],
    },
]


def _photo(path: Path) -> Path:
    Image.new("RGB", (64, 64), (180, 150, 90)).save(path, format="PNG")
    return path


async def _signed_in(browser: Any, base: str, email: str, *, locale: str) -> Any:
    context = await browser.new_context(locale=locale, viewport={"width": 1280, "height": 1000})
    page = await context.new_page()
    await page.goto(f"{base}/login")
    await page.fill("#email", email)
    await page.fill("#password", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state("load")
    return page


async def _deliver_events(database_url: str, tmp_path: Path) -> None:
    """What the worker of ``comptoir serve`` does in the background: hand every pending event to its handlers.

    It runs on the live server's installation (its database and its data directory, where the search index
    lives), as ``comptoir worker`` beside ``comptoir serve --no-worker`` would.
    """
    settings = Settings(environment="test", data_dir=tmp_path / "live-server", database_url=database_url)
    runtime = Runtime.from_settings(settings)
    subscribe_all(runtime)
    worker = OutboxWorker(runtime.database, runtime.bus, clock=SystemClock())  # the server's clock wrote them
    while await worker.run_once():
        pass
    await runtime.database.dispose()


async def test_a_small_merchant_lists_three_products_that_chinese_shoppers_then_find(
    runtime: Runtime,
    live_server: str,
    browser: Any,
    screenshot_dir: Path,
    tmp_path: Path,
    backend: str,
    database_url: str,
) -> None:
    world = await build_world(runtime)
    await transact(
        runtime,
        lambda uow: catalog.open_pavilion(
            uow, world.partner.principal, name="Sélection française", name_zh="法国精选馆",
            description_fr="Des artisans français choisis pour la Chine.", description_zh="精选法国手工好物。",
        ),
    )  # fmt: skip

    # The small merchant, in French: joins the pavilion and lists three products, one with a photo.
    merchant = await _signed_in(browser, live_server, world.merchant.email, locale="fr-FR")
    await merchant.goto(f"{live_server}/merchant")
    await merchant.fill("#region", "Provence")
    await merchant.fill("#profile_fr", "Savons et soins au lait d'ânesse, faits à Marseille.")
    await merchant.click("[data-testid=join-form] button[type=submit]")
    await merchant.wait_for_load_state("load")
    product_ids = []
    for i, p in enumerate(PRODUCTS):
        await merchant.click("[data-testid=new-product]")
        await merchant.fill("#title_fr", p["title_fr"])
        await merchant.fill("#description_fr", p["description_fr"])
        await merchant.select_option("#category", "cosmetics_skincare")
        await merchant.fill("#hs_code", p["hs_code"])
        await merchant.fill("#gtin", p["gtin"])
        await merchant.fill("#sku-0", p["sku"])
        await merchant.fill("#price-0", p["price"])
        await merchant.fill("#stock-0", "40")
        await merchant.fill("#net-0", p["net"])
        await merchant.select_option("select[name=net_unit]", "g" if i == 0 else "ml")
        if i == 0:
            await merchant.set_input_files("#photos", str(_photo(tmp_path / "savon.png")))
            await merchant.screenshot(
                path=str(screenshot_dir / f"merchant-new-product-fr-{backend}.png"), full_page=True
            )
        await merchant.click("[data-testid=product-form] button[type=submit]")
        await merchant.wait_for_url(f"{live_server}/products/*?done=created")
        product_ids.append(merchant.url.split("/products/")[1].split("?")[0])
        assert await merchant.locator("[data-testid=status]").inner_text() == "brouillon"
        await merchant.click("[data-testid=submit]")
        await merchant.wait_for_url(f"{live_server}/products/*?done=submitted")
        assert await merchant.locator("[data-testid=status]").inner_text() == "en traduction"
        await merchant.goto(f"{live_server}/merchant")
    assert await merchant.locator("[data-testid=product-row]").count() == 3
    await merchant.screenshot(path=str(screenshot_dir / f"merchant-listing-fr-{backend}.png"), full_page=True)

    # The pavilion's partner, in Chinese: one job per product, each approved; an absolute claim is refused first.
    await _deliver_events(database_url, tmp_path)
    partner = await _signed_in(browser, live_server, world.partner.email, locale="zh-CN")
    await partner.goto(f"{live_server}/partner/translations")
    assert await partner.locator("[data-job]").count() == 3
    for p in PRODUCTS:
        await partner.goto(f"{live_server}/partner/translations")
        await partner.click(f'[data-job] a:has-text("{p["title_fr"]}")')
        await partner.wait_for_load_state("load")
        await partner.fill("#title", str(p["zh_title"]))
        if p["claim"]:
            await partner.fill("#description", str(p["claim"]))
            await partner.click("[data-testid=approve]")
            await partner.wait_for_load_state("load")
            assert await partner.locator("mark.finding.blocking").count() >= 2
            await partner.screenshot(
                path=str(screenshot_dir / f"partner-claim-refused-zh-{backend}.png"), full_page=True
            )
        await partner.fill("#description", str(p["zh_description"]))
        await partner.click("[data-testid=approve]")
        await partner.wait_for_url("**done=approved")

    # The merchant sees its products published.
    await merchant.goto(f"{live_server}/merchant")
    statuses = await merchant.locator("[data-testid=status]").all_inner_texts()
    assert statuses == ["publié"] * 3

    # A Chinese shopper finds each product by a Chinese word, its pinyin and the merchant's French name.
    await _deliver_events(database_url, tmp_path)
    shopper = await (await browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})).new_page()
    await shopper.goto(f"{live_server}/shop")
    for product_id, p in zip(product_ids, PRODUCTS, strict=True):
        for query in p["queries"]:
            await shopper.fill("[data-testid=search-box]", str(query))
            await shopper.press("[data-testid=search-box]", "Enter")
            await shopper.wait_for_load_state("load")
            found = await shopper.locator("[data-testid=card]").evaluate_all(
                "cards => cards.map(c => c.dataset.product)"
            )
            assert product_id in found, f"{query!r} did not find {p['zh_title']}"
    await shopper.screenshot(path=str(screenshot_dir / f"shopper-search-zh-{backend}.png"), full_page=True)
    await shopper.click(f"[data-product='{product_ids[0]}'] a")
    await shopper.wait_for_url(f"{live_server}/shop/products/{product_ids[0]}")
    assert await shopper.locator("h1").inner_text() == PRODUCTS[0]["zh_title"]
    await shopper.screenshot(path=str(screenshot_dir / f"shopper-product-zh-{backend}.png"), full_page=True)
