"""The delegation journey in a real headless Chromium, against a live server, as French users see it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from comptoir.identity import services as identity
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.scopes import DelegationScope
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import PASSWORD, apply, member

pytestmark = pytest.mark.browser


async def _signed_in(browser: Any, base: str, email: str) -> Any:
    """A browser context of its own (its own cookies) with a page signed in as ``email``."""
    context = await browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    await page.goto(f"{base}/login")
    await page.fill("#email", email)
    await page.fill("#password", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state("load")
    return page


async def test_operator_brand_and_partner_go_through_the_delegation_journey(
    runtime: Runtime, live_server: str, browser: Any, screenshot_dir: Path, backend: str, orders_scope: DelegationScope
) -> None:
    await transact(
        runtime,
        lambda uow: identity.create_platform_operator(
            uow, email="ops@comptoir.test", password=PASSWORD, settings=runtime.settings
        ),
    )
    partner_member = await member(runtime, OrganisationKind.PARTNER, "Hangzhou Xihu Digital", "tp@xihu.test")
    await apply(runtime, partner_member)
    await transact(
        runtime,
        lambda uow: identity.open_account(
            uow,
            kind="brand",
            organisation_name="Maison Delaunay",
            email="owner@delaunay.test",
            password=PASSWORD,
            settings=runtime.settings,
        ),
    )

    # The operator accredits the Hangzhou partner.
    operator = await _signed_in(browser, live_server, "ops@comptoir.test")
    assert operator.url.endswith("/operator/partners")
    row = operator.locator("tr[data-partner='Hangzhou Xihu Digital']")
    await row.get_by_role("button", name="Accréditer").click()
    await operator.wait_for_url("**/operator/partners?done=accredited")
    assert await row.get_by_test_id("status").inner_text() == "accrédité"

    # The brand picks it from the list of accredited partners and grants content, not orders.
    brand = await _signed_in(browser, live_server, "owner@delaunay.test")
    card = brand.locator("section[data-partner='Hangzhou Xihu Digital']")
    assert "8" in await card.inner_text()  # the 8 % commission is shown with the fees
    await card.locator("input[value='content']").check()
    await card.get_by_role("button", name="Accorder une délégation").click()
    await brand.wait_for_url("**/brand/partners?done=granted")
    granted = brand.locator("[data-testid=delegations] tr[data-partner='Hangzhou Xihu Digital']")
    assert await granted.locator("input[value='content']").is_checked()
    assert not await granted.locator("input[value='orders']").is_checked()

    # The partner, signed in, edits the brand's Chinese profile.
    partner = await _signed_in(browser, live_server, "tp@xihu.test")
    await partner.get_by_role("link", name="Modifier le profil de la marque").click()
    await partner.fill("#name_zh", "德洛奈之家")
    await partner.fill("#story_zh", "1921年创立于巴黎圣奥诺雷市郊路的高级时装屋，以剪裁与刺绣闻名。")
    await partner.get_by_role("button", name="Enregistrer").click()
    await partner.wait_for_url("**/profile?done=saved")
    assert await partner.input_value("#story_zh") == "1921年创立于巴黎圣奥诺雷市郊路的高级时装屋，以剪裁与刺绣闻名。"
    await partner.screenshot(path=str(screenshot_dir / f"partner-edits-chinese-profile-{backend}.png"), full_page=True)

    # The brand sees "partner X for brand Y" in its audit log.
    await brand.goto(f"{live_server}/brand/audit")
    who = await brand.get_by_test_id("audit-who").all_inner_texts()
    assert "Hangzhou Xihu Digital pour le compte de Maison Delaunay" in who
    await brand.screenshot(path=str(screenshot_dir / f"brand-audit-log-{backend}.png"), full_page=True)

    # The brand revokes (HTMX asks for confirmation, then follows the server's redirect).
    await brand.goto(f"{live_server}/brand/partners")
    brand.once("dialog", lambda dialog: dialog.accept())
    await granted.get_by_role("button", name="Révoquer").click()
    await brand.wait_for_url("**/brand/partners?done=revoked")
    assert await granted.get_by_test_id("delegation-status").inner_text() == "révoquée"

    # The partner's very next request is refused.
    response = await partner.reload()
    assert response is not None and response.status == 403
    assert "delegation_revoked" in await partner.content()
    await partner.screenshot(path=str(screenshot_dir / f"partner-refused-after-revocation-{backend}.png"))
