"""Each persona's first minutes in a real headless Chromium: where it lands, what its header offers, in fr and zh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from comptoir.identity import services as identity
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import PASSWORD, apply, member

pytestmark = pytest.mark.browser


async def _signed_in(browser: Any, base: str, email: str, *, locale: str) -> Any:
    context = await browser.new_context(locale=locale, viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    await page.goto(f"{base}/login")
    await page.fill("#email", email)
    await page.fill("#password", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state("load")
    return page


async def test_the_logistics_operator_lands_on_its_network_and_goes_home_from_the_header(
    runtime: Runtime, live_server: str, browser: Any, screenshot_dir: Path, backend: str
) -> None:
    await member(runtime, OrganisationKind.LOGISTICS_OPERATOR, "Liège Air Cargo Hub", "ops@liege-hub.test")

    page = await _signed_in(browser, live_server, "ops@liege-hub.test", locale="fr-FR")

    assert page.url.endswith("/logistics/network")
    nav = page.locator("header.site nav")
    assert await nav.get_by_role("link", name="Réseau").count() == 1
    await page.click("header.site a.brand")
    await page.wait_for_url(f"{live_server}/")
    assert await page.get_by_role("button", name="Se déconnecter").count() == 1
    doors = page.locator("[data-testid=spaces] a.card.space")
    assert await doors.count() == 1 and await doors.get_attribute("href") == "/logistics/network"
    await page.screenshot(path=str(screenshot_dir / f"landing-logistics-fr-{backend}.png"), full_page=True)


async def test_a_pending_partner_amends_its_application_and_the_operator_rejects_it_in_chinese(
    runtime: Runtime, live_server: str, browser: Any, screenshot_dir: Path, backend: str
) -> None:
    await transact(
        runtime,
        lambda uow: identity.create_platform_operator(
            uow, email="ops@comptoir.test", password=PASSWORD, settings=runtime.settings
        ),
    )
    bund = await member(runtime, OrganisationKind.PARTNER, "Shanghai Bund Services", "tp@bund.test")
    await apply(runtime, bund)

    partner = await _signed_in(browser, live_server, "tp@bund.test", locale="fr-FR")
    assert partner.url.endswith("/partner")
    assert await partner.get_by_test_id("application-status").inner_text() == "en attente"
    assert await partner.input_value("#commission_percent") == "8"
    await partner.fill("#commission_percent", "7.5")
    await partner.get_by_role("button", name="Enregistrer la candidature modifiée").click()
    await partner.wait_for_url("**/partner?done=applied")
    assert "7,5" in await partner.get_by_test_id("application").inner_text()
    await partner.screenshot(path=str(screenshot_dir / f"partner-pending-application-fr-{backend}.png"), full_page=True)

    operator = await _signed_in(browser, live_server, "ops@comptoir.test", locale="zh-CN")
    assert operator.url.endswith("/operator/partners")
    assert "Comptoir 平台" in await operator.get_by_test_id("who").inner_text()
    row = operator.locator("tr[data-partner='Shanghai Bund Services']")
    pill = row.get_by_test_id("status")
    box = await pill.bounding_box()
    assert box is not None and box["width"] > box["height"]  # one line, not one character per line
    assert await row.get_by_role("button", name="暂停").count() == 0
    await row.locator("form[action$='/reject'] input[name=reason]").fill("缺少保税仓")
    await row.get_by_role("button", name="驳回").click()
    await operator.wait_for_url("**/operator/partners?done=rejected")
    assert await row.get_by_test_id("status").inner_text() == "已驳回"
    await operator.screenshot(path=str(screenshot_dir / f"operator-partners-zh-{backend}.png"), full_page=True)

    await partner.reload()
    assert "缺少保税仓" in await partner.get_by_test_id("application").inner_text()
    await partner.screenshot(path=str(screenshot_dir / f"partner-rejected-fr-{backend}.png"), full_page=True)
