"""The partner's translation journey in a real headless Chromium, in Chinese and in French: the queue, the
job's French beside its draft, an approval refused for an absolute claim, then granted once it is fixed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from comptoir.kernel.runtime import Runtime
from tests.integration.identity.world import PASSWORD
from tests.integration.localization.world import build_localization_world, opened

pytestmark = pytest.mark.browser

TITLE = "松林酒庄2019，波尔多法定产区"


async def _signed_in(browser: Any, base: str, email: str, *, locale: str) -> Any:
    context = await browser.new_context(locale=locale, viewport={"width": 1280, "height": 1000})
    page = await context.new_page()
    await page.goto(f"{base}/login")
    await page.fill("#email", email)
    await page.fill("#password", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state("load")
    return page


async def test_the_partner_fixes_an_absolute_claim_and_approves_in_chinese(
    runtime: Runtime, live_server: str, browser: Any, screenshot_dir: Path, backend: str
) -> None:
    world = await build_localization_world(runtime)
    job_id = await opened(runtime, world)
    page = await _signed_in(browser, live_server, world.identity.partner.email, locale="zh-CN")

    await page.get_by_role("link", name="翻译", exact=True).first.click()
    await page.wait_for_url(f"{live_server}/partner/translations")
    assert await page.locator(f"[data-job='{job_id}']").count() == 1
    await page.screenshot(path=str(screenshot_dir / f"translations-queue-zh-{backend}.png"), full_page=True)

    await page.click(f"[data-job='{job_id}'] a")
    await page.wait_for_url(f"{live_server}/partner/translations/{job_id}")
    assert await page.locator("[data-testid=draft-note]").count() == 1
    await page.screenshot(path=str(screenshot_dir / f"translation-job-draft-zh-{backend}.png"), full_page=True)

    await page.fill("#title", TITLE)
    await page.fill("#description", "全网第一的红葡萄酒，口感最佳。橡木桶陈酿十二个月。")
    await page.click("[data-testid=approve]")
    await page.wait_for_load_state("load")
    assert await page.locator(".flash.error").count() == 1
    assert await page.locator("mark.finding.blocking").count() >= 2
    await page.screenshot(path=str(screenshot_dir / f"translation-job-refused-zh-{backend}.png"), full_page=True)

    await page.fill("#description", "一款柔顺果香的红葡萄酒。橡木桶陈酿十二个月。")
    await page.click("[data-testid=approve]")
    await page.wait_for_url(f"{live_server}/partner/translations/{job_id}?done=approved")
    assert await page.locator("[data-testid=job-status]").inner_text() == "已批准"
    await page.screenshot(path=str(screenshot_dir / f"translation-job-approved-zh-{backend}.png"), full_page=True)


async def test_the_partner_reads_the_job_in_french_and_sends_it_back(
    runtime: Runtime, live_server: str, browser: Any, screenshot_dir: Path, backend: str
) -> None:
    world = await build_localization_world(runtime)
    job_id = await opened(runtime, world)
    page = await _signed_in(browser, live_server, world.identity.partner.email, locale="fr-FR")
    await page.goto(f"{live_server}/partner/translations/{job_id}")
    await page.fill("#description", "美白祛斑，顶级红酒。")
    await page.click("button[name=action][value=save]")
    await page.wait_for_url(f"{live_server}/partner/translations/{job_id}?done=saved")
    assert await page.locator("mark.finding.warning").count() == 0  # whitening is a cosmetics rule, not wine's
    assert await page.locator("mark.finding.blocking").count() >= 1
    await page.screenshot(path=str(screenshot_dir / f"translation-job-saved-fr-{backend}.png"), full_page=True)

    await page.click("[data-testid=send-back] button[type=submit]")
    await page.wait_for_load_state("load")
    assert "Dites au vendeur quoi changer" in await page.locator(".flash.error").inner_text()
    await page.fill("#comment", "Indiquez le degré d'alcool et la présence de sulfites.")
    await page.click("[data-testid=send-back] button[type=submit]")
    await page.wait_for_url(f"{live_server}/partner/translations/{job_id}?done=sent_back")
    await page.goto(f"{live_server}/partner/translations?status=sent_back")
    assert await page.locator(f"[data-job='{job_id}']").count() == 1
    await page.screenshot(path=str(screenshot_dir / f"translations-queue-sent-back-fr-{backend}.png"), full_page=True)
