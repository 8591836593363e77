"""The French storefront in a real headless Chromium, on a phone in French: a French consumer finds the
earbuds of a Chinese seller's store on /boutique, signs in with the account's sign-in when adding them, checks
out to a Paris address, sees French VAT and the EU customs duty per line, the total and the sentence saying
nothing more is owed at delivery, pays with the test acquirer's declined card, is told so and keeps the order,
pays with an approved test card and lands on the paid order. The seller then finds it on its orders desk. One
page is also looked at in Chinese, and the storefront on a desk."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from comptoir import logistics
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation.demo_network import demo_network_document
from tests.e2e.orders.test_checkout_journey_browser import PHONE, _fits_the_phone
from tests.integration.identity.world import PASSWORD
from tests.integration.orders.french_world import build_french_world

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/h/shots")
DESK = {"width": 1280, "height": 900}


async def _shot(page: Any, screenshot_dir: Path, name: str) -> None:
    await page.screenshot(path=str(screenshot_dir / name), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot_dir / name, SHOTS / name)


async def _submit(page: Any, selector: str) -> None:
    async with page.expect_navigation():
        await page.click(selector)


async def test_a_french_consumer_pays_a_chinese_sellers_earbuds_by_card_after_a_declined_card(
    runtime: Runtime, clock: FrozenClock, live_server: str, browser: Any, screenshot_dir: Path
) -> None:
    world = await build_french_world(runtime, clock)
    await transact(
        runtime,
        lambda uow: logistics.import_network(uow, None, network=demo_network_document(), operator_name="Comptoir"),
    )
    phone = await browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True)
    page = await phone.new_page()

    # The French storefront: the seller's store and its products, in euros.
    await page.goto(f"{live_server}/boutique")
    assert await page.locator("[data-testid=seller-store]").count() == 1
    earbuds = page.locator(f"[data-testid=card][data-product='{world.earbuds.id}']")
    assert re.fullmatch(r"25,00\s€", await earbuds.locator("[data-testid=price-eur]").inner_text())
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "boutique-fr-390x844.png")
    await _submit(page, f"[data-testid=card][data-product='{world.earbuds.id}'] a")
    assert urlsplit(page.url).path == f"/boutique/products/{world.earbuds.id}"
    assert "50 en stock" in await page.inner_text("[data-testid=stock]")
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "boutique-product-fr-390x844.png")

    # Adding asks for the account first, in French, and comes back to the product.
    await page.fill("form.add-to-cart input[name=quantity]", "2")
    await _submit(page, "form.add-to-cart button[type=submit]")
    assert urlsplit(page.url).path == "/wallet/sign-in"
    assert await page.inner_text("h1") == "Connectez-vous à votre compte"
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "boutique-sign-in-fr-390x844.png")
    await page.fill("#phone", "+33612345678")
    await page.fill("#password", "mot de passe long")
    await _submit(page, "form[action='/wallet/sign-in'] button[type=submit]")
    assert urlsplit(page.url).path == f"/boutique/products/{world.earbuds.id}"
    await page.fill("form.add-to-cart input[name=quantity]", "2")
    await _submit(page, "form.add-to-cart button[type=submit]")
    assert urlsplit(page.url).path == "/boutique/cart"
    assert await page.locator("[data-testid=cart-line]").count() == 1
    assert re.fullmatch(r"50,00\s€", await page.inner_text("[data-testid=line-amount]"))
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "boutique-cart-fr-390x844.png")
    await _submit(page, "[data-testid=to-checkout]")

    # The quote: VAT and duty per line and in total, the notice, the promised date.
    assert urlsplit(page.url).path == "/boutique/checkout"
    line = page.locator(f"[data-testid=quote-line][data-sku='{world.earbuds.variants[0].id}']")
    assert re.fullmatch(r"\d+,\d{2}\s€", await line.locator("[data-testid=vat]").inner_text())
    assert re.fullmatch(r"3,00\s€", await line.locator("[data-testid=duty]").inner_text())
    assert re.fullmatch(r"3,00\s€", await page.inner_text("[data-testid=group-duty]"))
    notice = await page.inner_text("[data-testid=tax-notice]")
    assert "TVA française et les droits de douane sont inclus" in notice and "livraison" in notice
    promises = await page.locator("[data-testid=promise]").all_inner_texts()
    total = await page.inner_text("[data-testid=total]")
    assert re.fullmatch(r"\d+,\d{2}\s€", total)
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "boutique-checkout-fr-390x844.png")
    await _submit(page, "[data-testid=place]")

    # The card step, in test mode: a declined card first, then an approved one.
    assert re.fullmatch(r"/boutique/checkouts/chk_\w+", urlsplit(page.url).path)
    assert "Mode test" in await page.inner_text("[data-testid=test-mode]")
    assert await page.inner_text("[data-testid=card-total]") == total
    await _shot(page, screenshot_dir, "boutique-card-fr-390x844.png")
    await page.check("[data-testid=card-tok_declined]")
    await _submit(page, "[data-testid=pay]")
    flashes = await page.locator(".flash.error").all_inner_texts()
    assert any("refusée" in f and "rien n’a été débité" in f.replace("'", "’") for f in flashes), flashes
    assert await page.locator("[data-testid=card-form]").count() == 1
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "boutique-card-declined-fr-390x844.png")
    await page.check("[data-testid=card-tok_visa]")
    await _submit(page, "[data-testid=pay]")
    assert re.fullmatch(r"/boutique/orders/ord_\w+", urlsplit(page.url).path)
    assert await page.inner_text("[data-testid=order-status]") == "Payé"
    assert "Paiement reçu" in await page.inner_text(".flash.ok")
    assert "Payé par carte" in await page.inner_text("[data-testid=history]")
    order_id = urlsplit(page.url).path.rsplit("/", 1)[1]
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "boutique-order-paid-fr-390x844.png")

    # The seller, on its orders desk.
    desk = await browser.new_context(locale="fr-FR", viewport=DESK)
    seller = await desk.new_page()
    await seller.goto(f"{live_server}/login")
    await seller.fill("#email", world.seller.email)
    await seller.fill("#password", PASSWORD)
    await _submit(seller, "form[action='/login'] button[type=submit]")
    await seller.goto(f"{live_server}/orders")
    found = seller.locator("[data-testid=seller-order]").filter(has=seller.locator(f"a[href='/orders/{order_id}']"))
    assert await found.count() == 1
    assert "Payé" in await found.locator("[data-testid=order-status]").inner_text()
    assert "Écouteurs sans fil" in await found.inner_text()
    await _shot(seller, screenshot_dir, "boutique-seller-orders-fr.png")

    # The storefront on a desk, and the checkout's card step in Chinese.
    wide = await desk.new_page()
    await wide.goto(f"{live_server}/boutique")
    await _shot(wide, screenshot_dir, "boutique-fr-1280.png")
    await page.goto(f"{live_server}/boutique/orders/{order_id}?lang=zh_Hans")
    assert await page.inner_text("[data-testid=order-status]") == "已支付"
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "boutique-order-zh-390x844.png")
    await page.goto(f"{live_server}/boutique/products/{world.cushion.id}")
    await _shot(page, screenshot_dir, "boutique-product-zh-390x844.png")
    assert promises is not None
