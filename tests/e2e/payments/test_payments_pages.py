"""The payments pages over ASGI: a shop's till, the tourist's wallet (a sign-in realm of its own), paying an
order QR from the wallet, and refusals answered in the reader's language with nothing moved."""

from __future__ import annotations

import re
from functools import partial

import httpx
import pytest
from fastapi import FastAPI

from comptoir import payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.forms import field_value
from tests.e2e.identity.conftest import BASE, ClientFactory
from tests.integration.identity.world import Member
from tests.integration.payments.world import PaymentsWorld, assert_ledger_clean, build_payments_world

FR = {"accept": "text/html", "accept-language": "fr"}
ZH = {"accept": "text/html", "accept-language": "zh-CN"}


@pytest.fixture
async def world(runtime: Runtime) -> PaymentsWorld:
    return await build_payments_world(runtime)


def as_member(m: Member, client_for: ClientFactory) -> httpx.AsyncClient:
    return client_for(session=m.token, csrf=m.principal.csrf_token)


def tourist_client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=ZH)


async def _wallet_sign_in(client: httpx.AsyncClient, phone: str, *, next_url: str = "/wallet") -> httpx.Response:
    form = await client.get("/wallet/sign-in", params={"next": next_url})
    token = field_value(form.text, "csrf_token", form="/wallet/sign-in")
    return await client.post(
        "/wallet/sign-in",
        data={"phone": phone, "password": "mot de passe long", "csrf_token": token, "next": next_url},
    )


async def _balance(runtime: Runtime, holder: payments.WalletHolder) -> Money:
    return (await transact(runtime, partial(payments.wallet_balance, holder_id=holder.id))).balance


async def test_the_till_page_shows_for_its_owner_and_is_not_found_for_another_organisation(
    world: PaymentsWorld, client_for: ClientFactory
) -> None:
    shop = as_member(world.shop, client_for)
    tills = await shop.get("/till", headers=FR)
    assert tills.status_code == 200 and "Caisse 1" in tills.text
    page = await shop.get(f"/till/{world.shop_till.id}", headers=FR)
    assert page.status_code == 200
    assert "Afficher le QR code" in page.text and "Aucun paiement aujourd’hui" in page.text
    printed = await shop.get(f"/till/{world.shop_till.id}/entry-code", headers=FR)
    assert world.shop_till.entry_code in printed.text and "<svg" in printed.text
    brand = as_member(world.identity.brand, client_for)
    assert (await brand.get(f"/till/{world.shop_till.id}", headers=FR)).status_code == 404
    assert (await brand.get(f"/till/{world.shop_till.id}/entry-code", headers=FR)).status_code == 404
    # The partner runs the brand's boutique till: it opens it.
    partner = as_member(world.identity.partner, client_for)
    assert (await partner.get(f"/till/{world.brand_till.id}", headers=FR)).status_code == 200


async def test_a_shop_opens_a_till_from_the_page(world: PaymentsWorld, client_for: ClientFactory) -> None:
    shop = as_member(world.shop, client_for)
    token = world.shop.principal.csrf_token or ""
    opened = await shop.post("/till", data={"name": "Caisse 2", "csrf_token": token}, headers=FR)
    assert opened.status_code == 303 and opened.headers["location"].endswith("?done=opened")
    assert "Caisse 2" in (await shop.get("/till", headers=FR)).text


async def test_a_bad_amount_on_the_till_answers_in_french_and_creates_nothing(
    runtime: Runtime, world: PaymentsWorld, client_for: ClientFactory
) -> None:
    shop = as_member(world.shop, client_for)
    token = world.shop.principal.csrf_token or ""
    refused = await shop.post(
        f"/till/{world.shop_till.id}/order-qr", data={"amount": "douze", "csrf_token": token}, headers=FR
    )
    assert refused.status_code == 422
    assert "Le montant ou la devise ne peuvent pas être acceptés" in refused.text
    bad_code = await shop.post(
        f"/till/{world.shop_till.id}/code-charge",
        data={"amount": "10,00", "code": "123", "csrf_token": token},
        headers=FR,
    )
    assert bad_code.status_code == 422 and "payment_code" not in bad_code.text
    found = await transact(runtime, partial(payments.payments_page, principal=world.shop.principal))
    assert [p for p in found if p.status.value == "succeeded"] == []
    assert await _balance(runtime, world.tourist) == Money.parse("5000.00", "CNY")


async def test_a_tourist_signs_up_tops_up_and_pays_an_order_qr_from_the_wallet(
    runtime: Runtime, world: PaymentsWorld, client_for: ClientFactory, app: FastAPI
) -> None:
    shop = as_member(world.shop, client_for)
    token = world.shop.principal.csrf_token or ""
    made = await shop.post(
        f"/till/{world.shop_till.id}/order-qr", data={"amount": "25,00", "csrf_token": token}, headers=FR
    )
    assert made.status_code == 303
    qr_page = await shop.get(made.headers["location"], headers=FR)
    assert qr_page.status_code == 200 and "<svg" in qr_page.text and "25,00" in qr_page.text
    payment_id = made.headers["location"].rsplit("/", 1)[1]
    code = await transact(
        runtime,
        partial(
            payments.order_code_url,
            principal=world.shop.principal,
            payment_id=payment_id,
            secret=runtime.settings.secret_key,
            site_url=runtime.settings.site_url,
        ),
    )
    pay_path = code.url.removeprefix(runtime.settings.site_url)

    async with tourist_client(app) as tourist:
        # Not signed in: the wallet sends the tourist to sign in, then back to the scanned payment.
        first = await tourist.get(pay_path)
        assert first.status_code == 303 and first.headers["location"].startswith("/wallet/sign-in?next=")
        form = await tourist.get("/wallet/sign-up", params={"next": pay_path})
        assert "开通钱包" in form.text or "钱包" in form.text
        signed_up = await tourist.post(
            "/wallet/sign-up",
            data={
                "display_name": "陈静",
                "phone": "+8613800000077",
                "password": "mot de passe long",
                "csrf_token": field_value(form.text, "csrf_token", form="/wallet/sign-up"),
                "next": pay_path,
            },
        )
        assert signed_up.status_code == 303 and signed_up.headers["location"] == pay_path
        home = await tourist.get("/wallet")
        top_up = await tourist.post(
            "/wallet/top-up",
            data={
                "amount": "300.00",
                "request_id": field_value(home.text, "request_id", form="/wallet/top-up"),
                "csrf_token": field_value(home.text, "csrf_token", form="/wallet/top-up"),
            },
        )
        assert top_up.status_code == 303
        assert "300.00" in (await tourist.get("/wallet")).text

        view = await tourist.get(pay_path)
        assert view.status_code == 200
        assert "Caisse 1" in view.text and "197.48" in view.text
        assert "1 EUR = 7.8993 CNY" in view.text and "0.50 %" in view.text
        confirmed = await tourist.post(
            pay_path,
            data={
                "quote_id": field_value(view.text, "quote_id"),
                "csrf_token": field_value(view.text, "csrf_token", form=pay_path),
            },
        )
        assert confirmed.status_code == 200 and "197.48" in confirmed.text
        again = await tourist.get(pay_path)
        assert again.status_code == 409 and "payment_not_pending" not in again.text
        history = await tourist.get("/wallet")
        assert "Caisse 1" in history.text and "102.52" in history.text  # 300.00 - 197.48
    paid = await shop.get(f"/api/v1/payments/payments/{payment_id}")
    assert paid.json()["status"] == "succeeded"
    await assert_ledger_clean(runtime)


async def test_wallet_forms_refuse_a_wrong_password_a_bad_code_and_a_forged_form(
    runtime: Runtime, world: PaymentsWorld, app: FastAPI
) -> None:
    async with tourist_client(app) as tourist:
        form = await tourist.get("/wallet/sign-in")
        wrong = await tourist.post(
            "/wallet/sign-in",
            data={
                "phone": world.tourist.phone,
                "password": "pas le bon",
                "csrf_token": field_value(form.text, "csrf_token", form="/wallet/sign-in"),
            },
        )
        assert (wrong.status_code == 401 and "手机号或密码错误" in wrong.text) or "密码" in wrong.text
        forged = await tourist.post(
            "/wallet/sign-in", data={"phone": world.tourist.phone, "password": "mot de passe long", "csrf_token": "x"}
        )
        assert forged.status_code == 400
        signed_in = await _wallet_sign_in(tourist, world.tourist.phone)
        assert signed_in.status_code == 303 and signed_in.headers["location"] == "/wallet"
        unknown = await tourist.get("/wallet/pay/" + "0" * 36)
        assert unknown.status_code == 404 and "payment_not_found" not in unknown.text
        home = await tourist.get("/wallet")
        bad_top_up = await tourist.post(
            "/wallet/top-up",
            data={"amount": "-5", "csrf_token": field_value(home.text, "csrf_token", form="/wallet/top-up")},
        )
        assert bad_top_up.status_code == 422 and re.search(r"[\u4e00-\u9fff]", bad_top_up.text)
        code = await tourist.get("/wallet/code")
        digits = re.search(r'data-testid="payment-code">([0-9 ]+)<', code.text)
        assert digits and len(digits.group(1).replace(" ", "")) == 18 and "<svg" in code.text
    assert await _balance(runtime, world.tourist) == Money.parse("5000.00", "CNY")


async def test_a_tourist_pays_a_shop_by_its_printed_entry_code(
    runtime: Runtime, world: PaymentsWorld, app: FastAPI
) -> None:
    path = f"/wallet/shop/{world.shop_till.entry_code}"
    async with tourist_client(app) as tourist:
        await _wallet_sign_in(tourist, world.tourist.phone, next_url=path)
        page = await tourist.get(path)
        assert page.status_code == 200 and "Caisse 1" in page.text
        csrf = field_value(page.text, "csrf_token", form=path)
        quoted = await tourist.post(path, data={"amount": "10.00", "csrf_token": csrf})
        assert quoted.status_code == 200 and "78.99" in quoted.text
        form = {
            "amount": field_value(quoted.text, "amount"),
            "quote_id": field_value(quoted.text, "quote_id"),
            "request_id": field_value(quoted.text, "request_id"),
            "csrf_token": csrf,
        }
        paid = await tourist.post(f"{path}/pay", data=form)
        assert paid.status_code == 200 and "78.99" in paid.text
        twice = await tourist.post(f"{path}/pay", data=form)  # the same request id: charged once
        assert twice.status_code in (200, 409)
    assert await _balance(runtime, world.tourist) == Money.parse("4921.01", "CNY")
    await assert_ledger_clean(runtime)


async def test_the_money_page_and_the_operator_desk_render_in_french(
    world: PaymentsWorld, client_for: ClientFactory
) -> None:
    shop = as_member(world.shop, client_for)
    money = await shop.get("/payments", headers=FR)
    assert money.status_code == 200 and "En attente" in money.text and "Aucun paiement" in money.text
    token = world.shop.principal.csrf_token or ""
    refused = await shop.post(
        "/payments/bank-account", data={"iban": "FR00 1234", "holder": "Pharmacie", "csrf_token": token}, headers=FR
    )
    assert refused.status_code == 422 and "IBAN" in refused.text and "iban_invalid" not in refused.text
    saved = await shop.post(
        "/payments/bank-account",
        data={"iban": "FR76 3000 6000 0112 3456 7890 189", "holder": "Pharmacie du Louvre", "csrf_token": token},
        headers=FR,
    )
    assert saved.status_code == 303
    assert "FR76 ****" in (await shop.get("/payments", headers=FR)).text
    operator = as_member(world.identity.operator, client_for)
    desk = await operator.get("/operator/payments", headers=FR)
    assert desk.status_code == 200 and "Créer un lot de virements" in desk.text
    assert (await shop.get("/operator/payments", headers=FR)).status_code == 403


def test_every_flow_and_status_has_words_for_people() -> None:
    from comptoir.payments.pages.words import flow_names, status_names

    assert set(flow_names()) == {f.value for f in payments.Flow}
    assert {s.value for s in payments.PaymentStatus} <= set(status_names())
