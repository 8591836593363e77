"""The cross-border checkout in a real headless Chromium, on a phone in Chinese: a consumer signs in with the
wallet, puts a perfume from the brand's store and a soap from the pavilion in the cart, gives the name and
resident ID number customs need and the address, sees per line the yuan price and the taxes, the total, the
allowance left and the promised date, pays with the wallet and lands on the paid order. The brand's partner,
holding the ``orders`` scope, then finds the order on its orders desk, in French."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from comptoir import logistics
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation.demo_network import demo_network_document
from tests.integration.identity.world import PASSWORD
from tests.integration.orders.world import GOOD_ID, build_orders_world, open_wallet

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")
PHONE = {"width": 390, "height": 844}


async def _shot(page: Any, screenshot_dir: Path, name: str) -> None:
    path = screenshot_dir / name
    await page.screenshot(path=str(path), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / name)


async def _fits_the_phone(page: Any) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px phone"


async def _add_to_cart(page: Any, base: str, product_id: str) -> None:
    await page.goto(f"{base}/shop/products/{product_id}")
    async with page.expect_navigation():
        await page.click("form.add-to-cart button[type=submit]")
    assert urlsplit(page.url).path == "/shop/cart"


async def test_a_chinese_consumer_pays_a_cart_from_two_sellers_and_the_brands_partner_sees_the_order(
    runtime: Runtime, live_server: str, browser: Any, screenshot_dir: Path
) -> None:
    world = await build_orders_world(runtime)
    await transact(
        runtime,
        lambda uow: logistics.import_network(uow, None, network=demo_network_document(), operator_name="Comptoir"),
    )
    consumer = await open_wallet(runtime, "张伟", "+8613800000003", cny="5000.00")

    phone = await browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = await phone.new_page()
    await page.goto(f"{live_server}/shop/cart")
    assert "/wallet/sign-in" in page.url
    await page.fill("#phone", consumer.phone)
    await page.fill("#password", "mot de passe long")
    async with page.expect_navigation():
        await page.click("form[action='/wallet/sign-in'] button[type=submit]")
    assert urlsplit(page.url).path == "/shop/cart"
    assert "购物车是空的" in await page.inner_text("[data-testid=cart-empty]")

    await _add_to_cart(page, live_server, world.perfume.id)
    await _add_to_cart(page, live_server, world.soap.id)
    assert await page.locator("[data-testid=cart-line]").count() == 2
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "cart-zh-390x844.png")
    async with page.expect_navigation():
        await page.click("[data-testid=to-checkout]")

    # Who imports, then where it goes: shown afterwards with the number masked.
    await page.fill("#real_name", "张伟")
    await page.fill("#id_number", GOOD_ID)
    async with page.expect_navigation():
        await page.click("form[action='/shop/checkout/identity'] button[type=submit]")
    assert await page.inner_text("[data-testid=id-masked]") == "**************002X"
    await page.select_option("#zone", "CN-31")
    await page.fill("#address", "上海市黄浦区南京东路 100 号")
    await page.fill("#phone", "13800000003")
    async with page.expect_navigation():
        await page.click("form[action='/shop/checkout/delivery'] button[type=submit]")
    assert GOOD_ID not in await page.content()

    # The quote: per seller and per line, in yuan with the taxes; the total, the allowance, the promise.
    groups = page.locator("[data-testid=quote-group]")
    assert await groups.count() == 2
    perfume_line = page.locator(f"[data-testid=quote-line][data-sku='{world.perfume.variants[0].id}']")
    assert re.fullmatch(r"¥\d{3}\.\d{2}", await perfume_line.locator("[data-testid=unit-price]").inner_text())
    assert re.fullmatch(r"¥\d+\.\d{2}", await perfume_line.locator("[data-testid=consumption-tax]").inner_text())
    assert re.fullmatch(r"¥\d+\.\d{2}", await perfume_line.locator("[data-testid=vat]").inner_text())
    assert await page.locator("[data-testid=quote-line] [data-testid=vat]").count() == 2
    total = await page.inner_text("[data-testid=total]")
    assert re.fullmatch(r"¥[\d,]+\.\d{2}", total)
    assert (await page.inner_text("[data-testid=allowance]")).startswith("本年度跨境额度剩余 ¥")
    promises = await page.locator("[data-testid=promise]").all_inner_texts()
    assert promises and all(re.fullmatch(r"预计 \d{1,2}月\d{1,2}日 前送达", p) for p in promises), promises
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "checkout-zh-390x844.png")

    async with page.expect_navigation():
        await page.click("[data-testid=pay]")
    assert re.fullmatch(r"/shop/orders/ord_\w+", urlsplit(page.url).path)
    assert await page.inner_text("[data-testid=order-status]") == "已支付"
    assert "支付成功" in await page.inner_text(".flash.ok")
    order_id = urlsplit(page.url).path.rsplit("/", 1)[1]
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "order-paid-zh-390x844.png")
    await page.goto(f"{live_server}/shop/orders")
    assert await page.locator("[data-testid=order]").count() == 2
    await _shot(page, screenshot_dir, "orders-zh-390x844.png")

    # The brand's partner, in French, on its orders desk.
    desk = await browser.new_context(locale="fr-FR", viewport={"width": 1180, "height": 900})
    partner = await desk.new_page()
    await partner.goto(f"{live_server}/login")
    await partner.fill("#email", world.payments.identity.partner.email)
    await partner.fill("#password", PASSWORD)
    async with partner.expect_navigation():
        await partner.click("form[action='/login'] button[type=submit]")
    await partner.click("header.site nav a[href='/orders']")
    await partner.wait_for_url(f"{live_server}/orders")
    orders_on_desk = partner.locator("[data-testid=seller-order]")
    assert await orders_on_desk.count() == 2  # it runs the brand's store and the pavilion: both orders
    brand_order = orders_on_desk.filter(has_text="光之香水")
    assert await brand_order.count() == 1
    assert await orders_on_desk.filter(has=partner.locator(f"a[href='/orders/{order_id}']")).count() == 1
    assert "Payé" in await brand_order.locator("[data-testid=order-status]").inner_text()
    assert "光之香水" in await brand_order.inner_text()
    assert re.search(r"\d+,\d{2}\s€", await brand_order.locator("[data-testid=owed-eur]").inner_text())
    assert "CNY" in await brand_order.locator("[data-testid=paid-cny]").inner_text()
    await _shot(partner, screenshot_dir, "seller-orders-fr.png")
    small = await browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True)
    small_page = await small.new_page()
    await small_page.context.add_cookies(await desk.cookies())
    await small_page.goto(f"{live_server}/orders")
    await _shot(small_page, screenshot_dir, "seller-orders-fr-390x844.png")
    await _fits_the_phone(small_page)
