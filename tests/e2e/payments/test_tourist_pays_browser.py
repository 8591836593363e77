"""The in-store journey in a real headless Chromium: a Chinese tourist pays a Paris boutique, run by the brand's
partner, by the till's order QR (the till turns to paid on its own) and by the wallet's payment code; the till
refunds part of one; the brand's money page and the wallet's history agree with the locked rate (EUR/CNY 7.8600
plus 0.50 % = 7.8993); the ledger verifies; after settlement the brand, its partner and the platform each hold
their share; the operator creates a payout batch and downloads a pain.001 file that validates."""

from __future__ import annotations

import re
import shutil
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from comptoir import payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact
from comptoir.payments.domain.payouts import validate_pain001
from tests.integration.identity.world import PASSWORD
from tests.integration.payments.world import assert_ledger_clean, build_payments_world

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/payments-shots")


@pytest.fixture
def settle_without_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """The live server and the settling runtime take what is captured as due at once (no T+1 wait)."""
    monkeypatch.setenv("COMPTOIR_SETTLEMENT_DELAY_HOURS", "0")


async def _signed_in(browser: Any, base: str, email: str) -> Any:
    context = await browser.new_context(locale="fr-FR", viewport={"width": 1180, "height": 900})
    page = await context.new_page()
    await page.goto(f"{base}/login")
    await page.fill("#email", email)
    await page.fill("#password", PASSWORD)
    async with page.expect_navigation():
        await page.click("form[action='/login'] button[type=submit]")
    return page


async def _shot(page: Any, screenshot_dir: Path, name: str) -> None:
    path = screenshot_dir / name
    await page.screenshot(path=str(path), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / name)


async def test_a_tourist_pays_a_paris_boutique_by_qr_and_by_code_and_everyone_is_paid_their_share(
    settle_without_delay: None,
    runtime: Runtime,
    live_server: str,
    browser: Any,
    screenshot_dir: Path,
    tmp_path: Path,
    database_url: str,
) -> None:
    world = await build_payments_world(runtime)
    till = world.brand_till  # the brand's boutique, run by its partner: a three-way split
    partner_email = world.identity.partner.email
    brand_email = world.identity.brand.email

    # The partner's staff, at the till in French: 100,00 EUR as an order QR code.
    cashier = await _signed_in(browser, live_server, partner_email)
    await cashier.goto(f"{live_server}/till/{till.id}")
    await cashier.fill("#amount", "100,00")
    async with cashier.expect_navigation():
        await cashier.click("form[action$='/order-qr'] button[type=submit]")
    assert await cashier.locator(".qr svg").count() == 1
    assert "100,00" in await cashier.inner_text("h1.amount")
    status = cashier.locator("[data-testid=payment-status]")
    assert "En attente du paiement" in await status.inner_text()
    qr_payment_id = cashier.url.rsplit("/", 1)[1]
    pay_path = urlsplit(await cashier.get_attribute(".qr", "data-pay-url")).path

    # The tourist's phone, in Chinese: opens what the QR encodes, signs in to the wallet, comes back to pay.
    phone = await browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    tourist = await phone.new_page()
    await tourist.goto(f"{live_server}{pay_path}")
    assert "/wallet/sign-in" in tourist.url
    await tourist.fill("#phone", world.tourist.phone)
    await tourist.fill("#password", "mot de passe long")
    async with tourist.expect_navigation():
        await tourist.click("form[action='/wallet/sign-in'] button[type=submit]")
    assert urlsplit(tourist.url).path == pay_path
    assert await tourist.inner_text("[data-testid=shop-name]") == "Boutique Saint-Honoré"
    assert await tourist.inner_text("[data-testid=pay-cny]") == "¥789.93"  # 100.00 × 7.8993
    assert await tourist.inner_text("[data-testid=pay-rate]") == "1 EUR = 7.8993 CNY"
    assert "0.50 %" in await tourist.inner_text("[data-testid=pay-spread]")
    assert re.search(r"\d{1,2}:\d{2}", await tourist.inner_text("[data-testid=pay-expiry]"))
    await _shot(tourist, screenshot_dir, "wallet-pay-zh-390x844.png")
    async with tourist.expect_navigation():
        await tourist.click("[data-testid=confirm]")
    assert "支付成功" in await tourist.inner_text("[data-testid=paid]")

    # The till sees it paid on its own, within a few polls.
    await status.filter(has_text="Payé").wait_for(timeout=10_000)
    assert "789,93" in await status.inner_text()
    await _shot(cashier, screenshot_dir, "till-paid-fr.png")

    # The payment code: the wallet shows 18 digits; the till types them with 40,00 EUR.
    await tourist.goto(f"{live_server}/wallet/code")
    digits = (await tourist.inner_text("[data-testid=payment-code]")).replace(" ", "")
    assert re.fullmatch(r"\d{18}", digits) and await tourist.locator(".qr svg").count() == 1
    await cashier.goto(f"{live_server}/till/{till.id}")
    await cashier.fill("#code", digits)
    await cashier.fill("#code_amount", "40,00")
    async with cashier.expect_navigation():
        await cashier.click("form[action$='/code-charge'] button[type=submit]")
    charged = await cashier.inner_text("[data-testid=charged]")
    assert "40,00" in charged and "315,97" in charged  # 40.00 × 7.8993 = 315.972

    # The till refunds 30,00 EUR of the QR payment, at the rate locked then.
    refund_form = cashier.locator(f"form[action$='/payments/{qr_payment_id}/refund']")
    await refund_form.locator("input[name=amount]").fill("30,00")
    await refund_form.locator("input[name=reason]").fill("Un article rendu")
    async with cashier.expect_navigation():
        await refund_form.locator("button[type=submit]").click()
    assert "Remboursement effectué" in await cashier.inner_text(".flash.ok")
    await _shot(cashier, screenshot_dir, "till-fr.png")

    # The wallet's history agrees: 5000.00 − 789.93 − 315.97 + 236.98 (30.00 × 7.8993).
    await tourist.goto(f"{live_server}/wallet")
    assert await tourist.inner_text("[data-testid=wallet-balance]") == "¥4,131.08"
    history = await tourist.inner_text(".wallet-history")
    assert "−¥789.93" in history and "−¥315.97" in history and "+¥236.98" in history
    assert "1 EUR = 7.8993 CNY" in history
    await _shot(tourist, screenshot_dir, "wallet-zh-390x844.png")
    balance = await transact(runtime, partial(payments.wallet_balance, holder_id=world.tourist.id))
    assert balance.balance == Money.parse("4131.08", "CNY")

    # The brand's money page: 110,00 EUR pending (100 − 30 + 40); it adds the IBAN its payouts go to.
    brand = await _signed_in(browser, live_server, brand_email)
    await brand.goto(f"{live_server}/payments")
    assert "110,00" in await brand.inner_text("[data-testid=balance-pending]")
    await brand.fill("#iban", "FR76 3000 6000 0112 3456 7890 189")
    await brand.fill("#holder", "Maison Lumière")
    async with brand.expect_navigation():
        await brand.click("form[action='/payments/bank-account'] button[type=submit]")
    assert "FR76" in await brand.inner_text("[data-testid=iban]")
    await assert_ledger_clean(runtime)

    # Settlement, as the worker's chore does it on the live server's installation.
    settings = Settings(environment="test", data_dir=tmp_path / "live-server", database_url=database_url)
    assert settings.settlement_delay_hours == 0
    live = Runtime.from_settings(settings)
    try:
        settled, _ = await payments.settle_and_sweep(live)
    finally:
        await live.database.dispose()
    assert settled == 2
    # In store: 1.5 % to the platform and 5 % to the partner, of each sale's net (70.00 and 40.00 EUR).
    brand_share = await transact(runtime, partial(payments.merchant_balances, principal=world.identity.brand.principal))
    partner_share = await transact(
        runtime, partial(payments.merchant_balances, principal=world.identity.partner.principal)
    )
    assert brand_share.available == Money.parse("102.85", "EUR") and brand_share.pending == Money.zero("EUR")
    assert partner_share.available == Money.parse("5.50", "EUR")
    everything = await transact(runtime, partial(payments.settlements_of, principal=world.identity.operator.principal))
    assert sum(s.split.platform.minor for s in everything) == 165
    await brand.goto(f"{live_server}/payments")
    assert "102,85" in await brand.inner_text("[data-testid=balance-available]")
    await _shot(brand, screenshot_dir, "balances-fr.png")
    await assert_ledger_clean(runtime)

    # The operator pays out: a batch, its pain.001 file, then the bank's answers.
    operator = await _signed_in(browser, live_server, world.identity.operator.email)
    await operator.goto(f"{live_server}/operator/payments")
    async with operator.expect_navigation():
        await operator.click("form[action='/operator/payments/batches'] button[type=submit]")
    assert "Lot de virements créé" in await operator.inner_text(".flash.ok")
    async with operator.expect_download() as download_info:
        await operator.click("[data-testid=batch-file]")
    download = await download_info.value
    xml = Path(await download.path()).read_bytes()
    assert validate_pain001(xml) == []
    assert b"102.85" in xml
    await _shot(operator, screenshot_dir, "operator-fr.png")
    for label in ("Envoyé", "Confirmé"):
        async with operator.expect_navigation():
            await operator.click(f"table.batches button:has-text('{label}')")
    assert "Payé par la banque" in await operator.inner_text("table.batches")
    paid_out = await transact(runtime, partial(payments.merchant_balances, principal=world.identity.brand.principal))
    assert paid_out.available == Money.zero("EUR") and paid_out.paying_out == Money.zero("EUR")
    await assert_ledger_clean(runtime)
