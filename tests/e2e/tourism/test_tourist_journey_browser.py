"""The tourist loop in a real headless Chromium, on a phone in Chinese: a tourist finds the Paris shop that sells
a brand, signs in to the wallet, pays there by scanning its printed entry code, is offered to follow the brand,
ticks both separate consents and follows it; back home the tourist buys the brand's perfume on the Chinese
storefront and pays from the wallet; the brand sees the sale attributed to its shop. The tourist downloads and
then erases their data; the brand's count stays, and no table holds the tourist's phone, name, real name, ID
number or address any more. Each tourist page is also looked at in French."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from comptoir import logistics
from comptoir.kernel.clock import FrozenClock, SystemClock
from comptoir.kernel.outbox import OutboxWorker
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation.demo_network import demo_network_document
from tests.e2e.orders.test_checkout_journey_browser import PHONE, _fits_the_phone
from tests.integration.identity.world import PASSWORD
from tests.integration.orders.world import GOOD_ID
from tests.integration.tourism.world import build_tourism_world
from tests.support.personal_data import personal_data_left

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/h/shots")
DESK = {"width": 1280, "height": 900}
WALLET_PASSWORD = "mot de passe long"


async def _shot(page: Any, screenshot_dir: Path, name: str) -> None:
    await page.screenshot(path=str(screenshot_dir / name), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot_dir / name, SHOTS / name)


async def _submit(page: Any, selector: str) -> None:
    async with page.expect_navigation():
        await page.click(selector)


async def _drain(runtime: Runtime, clock: FrozenClock) -> None:
    """Deliver what the live server published (visits, paid orders) as its worker would: the live server runs on
    the real clock, so the handlers' clock is brought to the real time first."""
    clock.set(SystemClock().now())
    worker = OutboxWorker(runtime.database, runtime.bus, clock=clock)
    while await worker.run_once():
        pass


async def _look(page: Any, base: str, path: str, screenshot_dir: Path, name: str) -> None:
    await page.goto(f"{base}{path}")
    await _shot(page, screenshot_dir, name)
    await _fits_the_phone(page)


async def test_a_tourist_pays_in_paris_follows_the_brand_orders_at_home_and_erases_their_data(
    runtime: Runtime, clock: FrozenClock, live_server: str, browser: Any, screenshot_dir: Path
) -> None:
    world = await build_tourism_world(runtime)
    await transact(
        runtime,
        lambda uow: logistics.import_network(uow, None, network=demo_network_document(), operator_name="Comptoir"),
    )
    tourist = world.orders.payments.tourist
    phone = await browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = await phone.new_page()

    # Shops near the Louvre, before signing in.
    await page.goto(f"{live_server}/wallet/shops")
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "tourist-shops-form-zh-390x844.png")
    await page.fill("#place", "卢浮宫")
    await _submit(page, "[data-testid=search]")
    results = page.locator("[data-testid=shop-result]")
    assert await results.count() == 2
    assert await results.first.get_attribute("data-shop") == world.shop.id
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "tourist-shops-zh-390x844.png")

    # The shop's printed code: sign in, pay 42.50 EUR, see the offer to follow the brand.
    await page.goto(f"{live_server}/wallet/shop/{world.shop.entry_code}")
    assert urlsplit(page.url).path == "/wallet/sign-in"
    await page.fill("#phone", tourist.phone)
    await page.fill("#password", WALLET_PASSWORD)
    await _submit(page, "form[action='/wallet/sign-in'] button[type=submit]")
    assert urlsplit(page.url).path == f"/wallet/shop/{world.shop.entry_code}"
    await page.fill("#amount", "42.50")
    await _submit(page, f"form[action='/wallet/shop/{world.shop.entry_code}'] button[type=submit]")
    await _submit(page, "[data-testid=confirm]")
    assert await page.locator("[data-testid=paid]").count() == 1
    offer = page.locator("[data-testid=after-payment-offer]")
    assert await offer.inner_text() == "关注 光之屋"
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "tourist-paid-offer-zh-390x844.png")
    await _submit(page, "[data-testid=after-payment-offer]")
    follow_path = urlsplit(page.url).path
    assert re.fullmatch(r"/wallet/follow/\w+", follow_path)
    assert not await page.is_checked("[data-testid=consent-follow]")
    assert not await page.is_checked("[data-testid=consent-transfer]")
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "tourist-follow-zh-390x844.png")

    # One consent is not enough; both are.
    await page.check("[data-testid=consent-follow]")
    await _submit(page, "[data-testid=follow]")
    assert "请勾选两项同意" in await page.inner_text(".flash.error")
    await _shot(page, screenshot_dir, "tourist-follow-refused-zh-390x844.png")
    await page.check("[data-testid=consent-transfer]")
    await _submit(page, "[data-testid=follow]")
    assert await page.locator("[data-testid=following]").count() == 1
    await _shot(page, screenshot_dir, "tourist-following-zh-390x844.png")
    await _submit(page, "[data-testid=to-brands]")
    store = page.locator("[data-testid=brand-store]")
    assert await store.get_attribute("href") == f"/shop/stores/{world.orders.brand_store.slug}"
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "tourist-brands-zh-390x844.png")
    await _drain(runtime, clock)

    # Back home: the brand's perfume on the Chinese storefront, paid from the wallet.
    await page.goto(f"{live_server}/shop/products/{world.orders.perfume.id}")
    await _submit(page, "form.add-to-cart button[type=submit]")
    assert urlsplit(page.url).path == "/shop/cart"
    await _submit(page, "[data-testid=to-checkout]")
    if await page.locator("#real_name").is_visible():
        await page.fill("#real_name", "王芳")
        await page.fill("#id_number", GOOD_ID)
        await _submit(page, "form[action='/shop/checkout/identity'] button[type=submit]")
    if await page.locator("#address").is_visible():
        await page.select_option("#zone", "CN-31")
        await page.fill("#address", "上海市黄浦区南京东路 100 号")
        await page.fill("#phone", "13800000001")
        await _submit(page, "form[action='/shop/checkout/delivery'] button[type=submit]")
    await _submit(page, "[data-testid=pay]")
    assert re.fullmatch(r"/shop/orders/ord_\w+", urlsplit(page.url).path)
    assert await page.inner_text("[data-testid=order-status]") == "已支付"
    await _drain(runtime, clock)

    # The brand, on its attributed sales.
    desk = await browser.new_context(locale="fr-FR", viewport=DESK)
    brand = await desk.new_page()
    await brand.goto(f"{live_server}/login")
    await brand.fill("#email", world.orders.payments.identity.brand.email)
    await brand.fill("#password", PASSWORD)
    await _submit(brand, "form[action='/login'] button[type=submit]")
    await brand.goto(f"{live_server}/tourism/attribution")
    assert (await brand.inner_text("[data-testid=attributed-total]")).strip() == "1"
    assert await brand.locator("[data-testid=attributed-row]").count() == 1
    await _shot(brand, screenshot_dir, "tourist-brand-attribution-fr.png")

    # The tourist's data: the consents, the download, then the erasure.
    await page.goto(f"{live_server}/wallet/privacy")
    assert await page.locator("[data-testid=consent]").count() == 2
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "tourist-privacy-zh-390x844.png")
    async with page.expect_download() as downloading:
        await page.click("[data-testid=export]")
    download = await downloading.value
    data = json.loads(Path(await download.path()).read_text(encoding="utf-8"))
    assert data["wallet"]["phone"] == tourist.phone and len(data["attributed_orders"]) == 1

    # The other language, before the erasure signs the tourist out.
    french = await browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True)
    await french.add_cookies(await phone.cookies())
    fr_page = await french.new_page()
    for path, name in (
        ("/wallet/shops?place=Louvre", "tourist-shops-fr-390x844.png"),
        (follow_path, "tourist-following-fr-390x844.png"),
        ("/wallet/brands", "tourist-brands-fr-390x844.png"),
        ("/wallet/privacy", "tourist-privacy-fr-390x844.png"),
    ):
        await _look(fr_page, live_server, path, screenshot_dir, name)

    await page.check("[data-testid=erase-confirm]")
    await _submit(page, "[data-testid=erase]")
    assert await page.inner_text("[data-testid=erased-consents]") == "2"
    assert await page.inner_text("[data-testid=erased-attributions]") == "1"
    await _fits_the_phone(page)
    await _shot(page, screenshot_dir, "tourist-erased-zh-390x844.png")
    await page.goto(f"{live_server}/wallet/privacy")
    assert urlsplit(page.url).path == "/wallet/sign-in"

    await brand.reload()
    assert (await brand.inner_text("[data-testid=attributed-total]")).strip() == "1"
    needles = [tourist.phone, "13800000001", "王芳", GOOD_ID, "南京东路"]
    assert await personal_data_left(runtime.database, needles) == []
