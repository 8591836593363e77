"""In a real headless Chromium: the logistics operator cancels the flight a paid order's parcel is booked on from
the control tower, sees the parcel at risk, and the buyer's tracking page shows the new promised date and why
(screenshots in en, zh-Hans and fr)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from comptoir import customs, logistics
from comptoir.identity import services as identity
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.web import subscribe_all
from tests.integration.orders.test_customs_declaration import _drain, _paid_order
from tests.integration.orders.test_paid_order_shipments import _network
from tests.integration.orders.world import build_orders_world

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "ops@liege-cargo.test", "un mot de passe long"


async def test_the_operator_cancels_a_flight_and_the_buyer_sees_the_new_date(
    runtime: Runtime, clock: FrozenClock, live_server: str, browser: Any, screenshot_dir: Path
) -> None:
    clock.advance(datetime.now(UTC) - clock.now())  # the live server runs on the real clock
    subscribe_all(runtime)
    customs.use_filing(runtime, customs.FakeCustomsFiling())
    w = await build_orders_world(runtime)
    operator, _ = await transact(
        runtime,
        lambda uow: identity.open_account(
            uow,
            kind=OrganisationKind.LOGISTICS_OPERATOR,
            organisation_name="Liège Cargo",
            email=EMAIL,
            password=PASSWORD,
            settings=runtime.settings,
        ),
    )
    await transact(
        runtime, lambda uow: logistics.import_network(uow, None, network=_network(), operator_org_id=operator.id)
    )
    order = await _paid_order(runtime, w)
    await _drain(runtime)
    shipment = await transact(
        runtime,
        partial(logistics.shipment_for_order, seller_org_id=order.merchant_org_id, order_reference=order.id),
    )
    assert shipment is not None and shipment.legs
    service, day = shipment.legs[0].connection.split("@")

    context = await browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    await page.goto(f"{live_server}/login")
    await page.fill("#email", EMAIL)
    await page.fill("#password", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state("load")
    await page.goto(f"{live_server}/logistics/control-tower?lang=en")
    assert await page.get_by_test_id("chart-loads").locator("svg rect").count() >= 1
    await page.screenshot(path=str(screenshot_dir / "control-tower-en.png"), full_page=True)

    await page.select_option("#service", service)
    await page.fill("#day", day)
    await page.check("input[name=kind][value=cancelled]")
    await page.fill("#reason", "Typhoon over Pudong")
    async with page.expect_navigation():
        await page.get_by_test_id("disrupt").click()
    affected = page.get_by_test_id("affected")
    assert shipment.parcel_id in await affected.inner_text()
    assert shipment.parcel_id in await page.get_by_test_id("at-risk").inner_text()
    assert "cancelled" in await page.get_by_test_id("at-risk").inner_text()
    await page.screenshot(path=str(screenshot_dir / "control-tower-after-cancel-en.png"), full_page=True)
    await page.goto(f"{live_server}/logistics/control-tower?lang=zh_Hans")
    assert "已取消" in await page.get_by_test_id("at-risk").inner_text()
    await page.screenshot(path=str(screenshot_dir / "control-tower-zh.png"), full_page=True)
    await page.goto(f"{live_server}/logistics/control-tower?lang=fr")
    await page.screenshot(path=str(screenshot_dir / "control-tower-fr.png"), full_page=True)
    await context.close()

    moved = await transact(
        runtime,
        partial(logistics.shipment_for_order, seller_org_id=order.merchant_org_id, order_reference=order.id),
    )
    assert moved is not None and moved.promised_date is not None and shipment.promised_date is not None
    assert moved.promised_date > shipment.promised_date
    context = await browser.new_context(locale="zh-CN", viewport={"width": 420, "height": 900})
    page = await context.new_page()
    await page.goto(f"{live_server}/shop/orders/{order.id}")
    assert "/wallet/sign-in" in page.url
    await page.fill("#phone", w.payments.tourist.phone)
    await page.fill("#password", "mot de passe long")
    async with page.expect_navigation():
        await page.click("form[action='/wallet/sign-in'] button[type=submit]")
    async with page.expect_navigation():
        await page.get_by_test_id("track-parcel").click()
    repromised = await page.get_by_test_id("repromised").inner_text()
    assert "已取消：您的包裹将改乘下一班" in repromised, repromised
    promised = await page.get_by_test_id("promised-date").inner_text()
    assert f"{moved.promised_date.month}月{moved.promised_date.day}日" in promised, promised
    await page.screenshot(path=str(screenshot_dir / "buyer-tracking-zh.png"), full_page=True)
    await page.goto(f"{live_server}/shop/orders/{order.id}/tracking?lang=fr")
    assert "a été annulé : votre colis prend le suivant." in await page.get_by_test_id("repromised").inner_text()
    await page.screenshot(path=str(screenshot_dir / "buyer-tracking-fr.png"), full_page=True)
    await page.goto(f"{live_server}/shop/orders/{order.id}/tracking?lang=en")
    await page.screenshot(path=str(screenshot_dir / "buyer-tracking-en.png"), full_page=True)
    await context.close()
