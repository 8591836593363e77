"""Signing up in a real headless Chromium, as a French brand does: the form, the message, the link."""

from __future__ import annotations

import email
import re
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from comptoir.identity import services as identity
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import PASSWORD

pytestmark = pytest.mark.browser


def _messages_to(mail_dir: Path, address: str) -> list[Message]:
    """The .eml files the live server wrote for ``address``, oldest first."""
    found = [email.message_from_bytes(p.read_bytes()) for p in sorted(mail_dir.glob("*.eml"))]
    return [m for m in found if m["To"] == address]


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


async def _sign_up(page: Any, base: str, *, name: str, address: str) -> str:
    await page.goto(f"{base}/signup")
    await page.get_by_label("Une marque qui veut vendre sa gamme en Chine").check()
    await page.fill("#organisation_name", name)
    await page.fill("#email", address)
    await page.fill("#password", "une longue phrase de passe")
    await page.get_by_role("button", name="Créer le compte").click()
    await page.wait_for_load_state("load")
    return str(await page.get_by_test_id("sign-up-sent").inner_text())


async def test_a_french_brand_signs_up_follows_the_link_in_its_mail_and_lands_in_its_space(
    runtime: Runtime, live_server: str, browser: Any, tmp_path: Path, screenshot_dir: Path, backend: str
) -> None:
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
    mail_dir = tmp_path / "live-server" / "mail"  # the live server's data directory (tests/e2e/conftest.py)
    context = await browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    page = await context.new_page()

    for_taken = await _sign_up(page, live_server, name="Faux Delaunay", address="owner@delaunay.test")
    for_new = await _sign_up(page, live_server, name="Savonnerie du Port", address="hello@savon.test")

    assert "Vérifiez votre boîte de réception" in for_new
    assert "Nous avons envoyé un lien à hello@savon.test" in for_new
    assert for_taken.replace("owner@delaunay.test", "@") == for_new.replace("hello@savon.test", "@")
    await page.screenshot(path=str(screenshot_dir / f"sign-up-check-your-inbox-{backend}.png"), full_page=True)

    [notice] = _messages_to(mail_dir, "owner@delaunay.test")
    assert "/login" in _body(notice) and "/signup/confirm" not in _body(notice)
    [confirmation] = _messages_to(mail_dir, "hello@savon.test")
    assert confirmation["Subject"] == "Confirmez votre compte Comptoir"
    link = re.search(r"https?://\S+(/signup/confirm\?token=\S+)", _body(confirmation))
    assert link, _body(confirmation)

    await page.goto(f"{live_server}{link.group(1)}")
    await page.get_by_role("button", name="Ouvrir mon compte").click()
    await page.wait_for_url("**/brand/partners")
    assert "Savonnerie du Port" in await page.content()
    await context.close()
