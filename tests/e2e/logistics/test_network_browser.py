"""The network page in a real headless Chromium: the demo network, its map, and a promise in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from comptoir.kernel.runtime import Runtime
from comptoir.simulation import demo_logistics

pytestmark = pytest.mark.browser


async def test_the_operator_sees_the_demo_network_and_asks_for_a_promise(
    runtime: Runtime, live_server: str, browser: Any, screenshot_dir: Path
) -> None:
    [login] = await demo_logistics.build(runtime)
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    await page.goto(f"{live_server}/login")
    await page.fill("#email", login.email)
    await page.fill("#password", login.password)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state("load")

    await page.goto(f"{live_server}/logistics/network?lang=zh_Hans")
    assert await page.locator("[data-testid=network-map] g.hub").count() == 19
    # As Chromium lays them out, no hub label covers another around Shanghai, Hangzhou or Paris.
    boxes = await page.eval_on_selector_all(
        "[data-testid=network-map] g.hub text",
        "texts => texts.map(t => { const b = t.getBBox(); "
        "return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]; })",
    )
    for i, (code, left, top, right, bottom) in enumerate(boxes):
        for other, left2, top2, right2, bottom2 in boxes[i + 1 :]:
            assert not (left < right2 and left2 < right and top < bottom2 and top2 < bottom), (code, other)
    await page.get_by_test_id("network-map").screenshot(path=str(screenshot_dir / "logistics-network-map-zh.png"))
    assert "口岸" in await page.get_by_test_id("hubs").inner_text()
    assert "周四" in await page.get_by_test_id("lanes").inner_text()
    assert await page.locator("[data-testid=network-map] polyline.lane").count() > 20
    assert "CNYIW → LGG" in await page.get_by_test_id("lanes").inner_text()

    await page.select_option("#origin", "HGH")
    await page.select_option("#zone", "FR-75")
    await page.fill("#ready_at", "2026-12-01T08:00")
    await page.select_option("#buyer_locale", "zh_Hans")
    await page.locator("[data-testid=promise-form] button[type=submit]").click()
    promise = page.get_by_test_id("promise-text")
    await promise.wait_for()
    text = await promise.inner_text()
    assert text.startswith("预计 12月") and text.endswith("前送达"), text
    assert await page.locator("[data-testid=promise-legs] tbody tr").count() >= 2
    await page.screenshot(path=str(screenshot_dir / "logistics-network-zh.png"), full_page=True)
    await page.screenshot(path=str(screenshot_dir / "logistics-network-zh-top.png"))

    legs = await page.get_by_test_id("promise-legs").inner_text()
    assert legs.count("→") >= 2 and "Hangzhou Xiaoshan International Airport →" in legs and "@" not in legs

    await page.fill("#ready_at", "")
    await page.select_option("#buyer_locale", "fr")
    await page.locator("[data-testid=promise-form] button[type=submit]").click()
    await page.get_by_test_id("order-within").wait_for()
    assert (await page.get_by_test_id("order-within").inner_text()).startswith("Commandez dans les ")
    await context.close()

    context = await browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    await page.goto(f"{live_server}/login")
    await page.fill("#email", login.email)
    await page.fill("#password", login.password)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state("load")
    await page.goto(f"{live_server}/logistics/network?lang=fr")
    assert "CN-11 · Beijing" in await page.locator("#zone").inner_text()
    await page.get_by_test_id("network-map").screenshot(path=str(screenshot_dir / "logistics-network-map-fr.png"))
    assert "pour 95 % des colis" in await page.get_by_test_id("clearance").inner_text()
    await page.select_option("#origin", "FRPAR")
    await page.select_option("#zone", "CN-11")
    await page.fill("#ready_at", "2026-12-01T09:00")
    await page.locator("[data-testid=promise-form] button[type=submit]").click()
    await page.get_by_test_id("promise-text").wait_for()
    await page.screenshot(path=str(screenshot_dir / "logistics-network-fr.png"), full_page=True)
    await page.screenshot(path=str(screenshot_dir / "logistics-network-fr-top.png"))
    await context.close()
