"""The payments API from a shop's till and the operator's desk: order QR codes, payment codes, refunds,
balances, bank accounts, fees and payouts; every bad input answered with a stable code and no money moved."""

from __future__ import annotations

from functools import partial
from typing import Any

import httpx
import pytest

from comptoir import payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.identity.conftest import ClientFactory
from tests.integration.identity.world import Member
from tests.integration.payments.world import PaymentsWorld, assert_ledger_clean, build_payments_world


def eur(value: str) -> dict[str, str]:
    return {"currency": "EUR", "value": value}


@pytest.fixture
async def world(runtime: Runtime) -> PaymentsWorld:
    return await build_payments_world(runtime)


def as_member(m: Member, client_for: ClientFactory) -> httpx.AsyncClient:
    return client_for(session=m.token, csrf=m.principal.csrf_token)


async def _wallet(runtime: Runtime, holder: payments.WalletHolder) -> Money:
    return (await transact(runtime, partial(payments.wallet_balance, holder_id=holder.id))).balance


async def test_a_shop_shows_an_order_qr_and_sees_it_paid(
    runtime: Runtime, world: PaymentsWorld, client_for: ClientFactory
) -> None:
    shop = as_member(world.shop, client_for)
    made = await shop.post(
        f"/api/v1/payments/tills/{world.shop_till.id}/order-codes",
        json={"amount": eur("25.00"), "request_id": "t-1", "valid_for_minutes": 10},
        headers={"Idempotency-Key": "order-1"},
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["payment"]["status"] == "pending" and body["url"].startswith(runtime.settings.site_url + "/wallet/pay/")
    svg = await shop.get(body["qr_svg_url"])
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    replay = await shop.post(
        f"/api/v1/payments/tills/{world.shop_till.id}/order-codes",
        json={"amount": eur("25.00"), "request_id": "t-1", "valid_for_minutes": 10},
        headers={"Idempotency-Key": "order-1"},
    )
    assert replay.json()["payment"]["id"] == body["payment"]["id"]
    token = body["url"].rsplit("/", 1)[1]
    view = await transact(runtime, partial(payments.open_order_code, holder_id=world.tourist.id, token=token))
    await transact(
        runtime, partial(payments.confirm_order_code, holder_id=world.tourist.id, token=token, quote_id=view.quote.id)
    )
    seen = await shop.get(f"/api/v1/payments/payments/{body['payment']['id']}")
    assert seen.json()["status"] == "succeeded"
    assert seen.json()["paid"] == {"currency": "CNY", "value": "197.48"} and seen.json()["rate"] == "7.899300"
    listed = await shop.get("/api/v1/payments/payments", params={"pos_id": world.shop_till.id, "limit": 1})
    assert [p["id"] for p in listed.json()["items"]] == [body["payment"]["id"]]
    balances = await shop.get("/api/v1/payments/balances")
    assert balances.json()["pending"] == eur("25.00")


async def test_a_till_charges_a_payment_code_and_refunds_part(
    runtime: Runtime, world: PaymentsWorld, client_for: ClientFactory
) -> None:
    shop = as_member(world.shop, client_for)
    code = await transact(runtime, partial(payments.issue_payment_code, holder_id=world.tourist.id))
    charged = await shop.post(
        f"/api/v1/payments/tills/{world.shop_till.id}/payment-code-charges",
        json={"amount": eur("40.00"), "code": code.code, "request_id": "scan-1"},
    )
    assert charged.status_code == 201, charged.text
    payment = charged.json()
    assert payment["status"] == "succeeded" and payment["paid"] == {"currency": "CNY", "value": "315.97"}
    used = await shop.post(
        f"/api/v1/payments/tills/{world.shop_till.id}/payment-code-charges",
        json={"amount": eur("1.00"), "code": code.code, "request_id": "scan-2"},
    )
    assert used.status_code == 409 and used.json()["code"] == "payment_code_used"
    refund = await shop.post(
        f"/api/v1/payments/payments/{payment['id']}/refunds",
        json={"amount": eur("15.00"), "request_id": "back-1", "reason": "un flacon cassé"},
    )
    assert refund.status_code == 201, refund.text
    assert refund.json()["paid_back"] == {"currency": "CNY", "value": "118.49"}
    too_much = await shop.post(
        f"/api/v1/payments/payments/{payment['id']}/refunds", json={"amount": eur("25.01"), "request_id": "back-2"}
    )
    assert too_much.status_code == 422 and too_much.json()["code"] == "refund_too_large"
    after = await shop.get(f"/api/v1/payments/payments/{payment['id']}")
    assert after.json()["refund_status"] == "partially_refunded" and after.json()["refundable"] == eur("25.00")
    assert await _wallet(runtime, world.tourist) == Money.parse("4802.52", "CNY")  # 5000 - 315.97 + 118.49
    await assert_ledger_clean(runtime)


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ({"currency": "EUR", "value": "10.001"}, "validation_error"),
        ({"currency": "EUR", "value": "-5.00"}, "validation_error"),
        ({"currency": "EUR", "value": "0.00"}, "payment_invalid"),
        ({"currency": "CNY", "value": "10.00"}, "payment_invalid"),
        ({"currency": "EUR", "value": "200000.00"}, "payment_invalid"),
        ({"currency": "XXX", "value": "1"}, "payment_invalid"),
        ({"currency": "EUR", "value": 10}, "validation_error"),
    ],
)
async def test_bad_amounts_are_refused_and_charge_nothing(
    runtime: Runtime, world: PaymentsWorld, client_for: ClientFactory, amount: dict[str, Any], code: str
) -> None:
    shop = as_member(world.shop, client_for)
    answer = await shop.post(
        f"/api/v1/payments/tills/{world.shop_till.id}/order-codes", json={"amount": amount, "request_id": "bad"}
    )
    assert answer.status_code == 422 and answer.json()["code"] == code, answer.text
    listed = await shop.get("/api/v1/payments/payments")
    assert listed.json()["items"] == []


async def test_other_organisations_tills_and_payments_do_not_exist_for_them(
    runtime: Runtime, world: PaymentsWorld, client_for: ClientFactory
) -> None:
    shop = as_member(world.shop, client_for)
    code = await transact(runtime, partial(payments.issue_payment_code, holder_id=world.tourist.id))
    paid = await shop.post(
        f"/api/v1/payments/tills/{world.shop_till.id}/payment-code-charges",
        json={"amount": eur("10.00"), "code": code.code, "request_id": "mine"},
    )
    other = as_member(world.identity.other_brand, client_for)
    for answer in (
        await other.get(f"/api/v1/payments/payments/{paid.json()['id']}"),
        await other.post(
            f"/api/v1/payments/payments/{paid.json()['id']}/refunds", json={"amount": eur("1.00"), "request_id": "x"}
        ),
        await other.post(
            f"/api/v1/payments/tills/{world.shop_till.id}/order-codes", json={"amount": eur("1.00"), "request_id": "x"}
        ),
        await other.get(f"/api/v1/payments/tills/{world.shop_till.id}"),
    ):
        assert answer.status_code == 404, answer.text
    assert (await other.get("/api/v1/payments/payments")).json()["items"] == []
    unknown = await shop.get("/api/v1/payments/payments/pay_01JD3Q5X7Z8K9M2N4P6R8T0V2W")
    assert unknown.status_code == 404 and unknown.json()["code"] == "payment_not_found"
    # the partner runs the brand's till only while the brand grants it "payments"
    partner = as_member(world.identity.partner, client_for)
    assert (await partner.get(f"/api/v1/payments/tills/{world.brand_till.id}")).status_code == 200
    assert (await partner.get(f"/api/v1/payments/tills/{world.shop_till.id}")).status_code == 404


@pytest.mark.parametrize(
    ("iban", "reason"),
    [
        ("FR76 3000 6000 0112 3456 7890 188", "iban_checksum"),
        ("not an iban", "iban_malformed"),
        ("BR1800360305000010009795493C1", "iban_country_not_sepa"),
    ],
)
async def test_a_malformed_iban_is_refused(
    world: PaymentsWorld, client_for: ClientFactory, iban: str, reason: str
) -> None:
    shop = as_member(world.shop, client_for)
    answer = await shop.put("/api/v1/payments/bank-account", json={"iban": iban, "holder": "Pharmacie du Louvre"})
    assert answer.status_code == 422 and answer.json()["code"] == "iban_invalid"
    assert answer.json()["reason"] == reason
    assert (await shop.get("/api/v1/payments/bank-account")).json() == {"iban": None, "bic": None, "holder": None}
    good = await shop.put(
        "/api/v1/payments/bank-account",
        json={"iban": "fr76 3000 6000 0112 3456 7890 189", "holder": "Pharmacie du Louvre"},
    )
    assert good.status_code == 200 and good.json()["iban"] == "FR76 **** **** **** **** ***0 189"


async def test_only_the_operator_edits_fees_and_makes_payouts(world: PaymentsWorld, client_for: ClientFactory) -> None:
    shop = as_member(world.shop, client_for)
    rule = {
        "channel": "in_store",
        "platform_fee_bps": 120,
        "partner_commission_bps": 400,
        "effective_from": "2026-02-01",
    }
    assert (await shop.post("/api/v1/payments/fee-rules", json=rule)).status_code == 403
    assert (await shop.post("/api/v1/payments/payout-batches", json={})).status_code == 403
    operator = as_member(world.identity.operator, client_for)
    made = await operator.post("/api/v1/payments/fee-rules", json=rule)
    assert made.status_code == 201, made.text
    past = await operator.post("/api/v1/payments/fee-rules", json={**rule, "effective_from": "2025-12-31"})
    assert past.status_code == 422 and past.json()["code"] == "fee_rule_invalid"
    too_big = await operator.post(
        "/api/v1/payments/fee-rules", json={**rule, "platform_fee_bps": 9000, "partner_commission_bps": 2000}
    )
    assert too_big.status_code == 422 and too_big.json()["code"] == "fee_rule_invalid"
    nothing = await operator.post("/api/v1/payments/payout-batches", json={})
    assert nothing.status_code == 409 and nothing.json()["code"] == "nothing_to_pay_out"
