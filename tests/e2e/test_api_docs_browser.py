"""The API docs page in a real headless Chromium with no network beyond Comptoir itself.

Swagger UI is served from the package, so the page works offline and from places a CDN does not
reach: every request to another host is aborted, and the operation list must still render under
the page's own Content-Security-Policy without a single violation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.test_content_security_policy_browser import WATCH_VIOLATIONS, _violations

pytestmark = pytest.mark.browser


async def test_the_api_docs_list_the_operations_offline(live_server: str, browser: Any, screenshot_dir: Path) -> None:
    context = await browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    await context.add_init_script(WATCH_VIOLATIONS)
    elsewhere: list[str] = []

    async def only_comptoir(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            elsewhere.append(route.request.url)
            await route.abort()

    await context.route("**/*", only_comptoir)
    page = await context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))

    await page.goto(f"{live_server}/api/docs")
    me = page.locator(".opblock", has=page.locator(".opblock-summary-path[data-path='/api/v1/organisations/me']"))
    await me.first.wait_for(state="visible", timeout=15_000)
    await me.first.locator(".opblock-summary").click()  # opening one draws its parameters and answers too
    await me.first.locator(".responses-wrapper").wait_for(state="visible")
    await me.first.locator(".try-out__btn").click()
    await me.first.locator(".execute").click()  # a real call to Comptoir, answered 401 without a key
    await me.first.locator(".live-responses-table .response .response-col_status").first.wait_for(state="visible")
    assert "401" in await me.first.locator(".live-responses-table .response .response-col_status").first.inner_text()
    await page.screenshot(path=str(screenshot_dir / "api-docs.png"), full_page=False)

    assert elsewhere == [], "the docs page reached for another host"
    assert (found := await _violations(page, console)) == [], "\n".join(found)
    await context.close()
