"""The pages under their strict Content-Security-Policy in a real headless Chromium: nothing is blocked.

Every ``securitypolicyviolation`` event and every console message about the policy fails the test,
on the landing page, the sign-in page, a signed-in page, and the network page while HTMX swaps in
a promise, and the API docs (Swagger UI, served from the package).
"""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.kernel.runtime import Runtime
from comptoir.simulation import demo_logistics

pytestmark = pytest.mark.browser

# Runs before any page script, outside the page's policy (it is injected through DevTools).
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${where}`);
});
"""


async def _violations(page: Any, console: list[str]) -> list[str]:
    in_page: list[str] = await page.evaluate("window.__violations")
    return in_page + [m for m in console if "Content Security Policy" in m or "Content-Security-Policy" in m]


async def test_no_page_trips_the_content_security_policy(runtime: Runtime, live_server: str, browser: Any) -> None:
    [login] = await demo_logistics.build(runtime)
    context = await browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    await context.add_init_script(WATCH_VIOLATIONS)
    page = await context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))

    await page.goto(f"{live_server}/")
    assert await page.evaluate("typeof window.htmx") == "object"  # the vendored HTMX is allowed to run
    assert (found := await _violations(page, console)) == [], "\n".join(found)

    await page.goto(f"{live_server}/login")
    assert (found := await _violations(page, console)) == [], "\n".join(found)
    await page.fill("#email", login.email)
    await page.fill("#password", login.password)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state("load")
    assert "/login" not in page.url
    assert (found := await _violations(page, console)) == [], "\n".join(found)

    await page.goto(f"{live_server}/logistics/network")
    await page.select_option("#origin", "HGH")
    await page.select_option("#zone", "FR-75")
    await page.fill("#ready_at", "2026-12-01T08:00")
    await page.locator("[data-testid=promise-form] button[type=submit]").click()
    await page.get_by_test_id("promise-text").wait_for()  # HTMX fetched and swapped the answer in
    styled = await page.get_by_test_id("promise-text").evaluate("e => getComputedStyle(e).fontWeight")
    assert styled == "700"  # its look comes from the stylesheet now, not from a blocked style attribute
    assert (found := await _violations(page, console)) == [], "\n".join(found)

    await page.goto(f"{live_server}/api/docs")
    await page.locator(".opblock").first.wait_for()
    assert (found := await _violations(page, console)) == [], "\n".join(found)
    await context.close()
