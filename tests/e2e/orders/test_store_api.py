"""The store API from a storefront app: a buyer signs in with the wallet, gives the identity customs need,
fills a cart, reads the quote and checks out; a retried checkout places one order; another buyer's cart,
checkout and order are not found; no resident ID number ever comes back in clear. Sellers read their orders."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from comptoir.kernel.runtime import Runtime
from tests.e2e.identity.conftest import ClientFactory
from tests.integration.orders.world import BAD_ID, GOOD_ID, OrdersWorld, build_orders_world
from tests.integration.payments.world import assert_ledger_clean


@pytest.fixture
async def world(runtime: Runtime) -> OrdersWorld:
    return await build_orders_world(runtime)


async def _buyer(client_for: ClientFactory, phone: str) -> httpx.AsyncClient:
    anonymous = client_for()
    signed = await anonymous.post("/api/v1/store/sessions", json={"phone": phone, "password": "mot de passe long"})
    assert signed.status_code == 201, signed.text
    client = client_for()
    client.headers["Authorization"] = f"Bearer {signed.json()['token']}"
    return client


def _no_id_number(response: httpx.Response) -> None:
    assert GOOD_ID not in response.text and GOOD_ID.lower() not in response.text


async def _filled_cart(buyer: httpx.AsyncClient, w: OrdersWorld) -> dict[str, Any]:
    made = await buyer.post("/api/v1/store/carts", json={"market": "CN"}, headers={"Idempotency-Key": "cart-1"})
    assert made.status_code == 201, made.text
    cart_id = made.json()["id"]
    put = await buyer.put(
        f"/api/v1/store/carts/{cart_id}/lines/{w.perfume.variants[0].id}",
        json={"quantity": 2},
        headers={"Idempotency-Key": "line-1"},
    )
    assert put.status_code == 200, put.text
    return put.json()


async def test_a_buyer_goes_from_sign_in_to_a_paid_order(
    runtime: Runtime, world: OrdersWorld, client_for: ClientFactory
) -> None:
    buyer = await _buyer(client_for, "+8613800000001")
    me = await buyer.get("/api/v1/store/me")
    assert me.status_code == 200 and me.json()["identity"]["id_number"] == "**************002X"
    _no_id_number(me)
    cart = await _filled_cart(buyer, world)
    quote = await buyer.post(f"/api/v1/store/carts/{cart['id']}/quote", headers={"Accept-Language": "zh-CN"})
    assert quote.status_code == 200, quote.text
    body = quote.json()
    assert body["allowed"] is True and body["currency"] == "CNY"
    line = body["groups"][0]["lines"][0]
    assert line["unit_price"] == {"currency": "EUR", "value": "95.00"}
    assert line["unit_price_buyer"]["currency"] == "CNY"
    assert float(line["consumption_tax"]["value"]) > 0 and float(line["vat"]["value"]) > 0
    assert body["annual_remaining"]["currency"] == "CNY"
    _no_id_number(quote)
    first = await buyer.post(
        f"/api/v1/store/carts/{cart['id']}/checkout", json={"pay": True}, headers={"Idempotency-Key": "pay-1"}
    )
    assert first.status_code == 201, first.text
    again = await buyer.post(
        f"/api/v1/store/carts/{cart['id']}/checkout", json={"pay": True}, headers={"Idempotency-Key": "pay-1"}
    )
    assert again.status_code == 201 and again.json() == first.json()
    order = first.json()["orders"][0]
    assert order["status"] == "paid" and order["total"] == body["total"]
    mine = await buyer.get("/api/v1/store/orders")
    assert [o["id"] for o in mine.json()["items"]] == [order["id"]]
    # The brand's partner holds the orders scope: it sees the order, with its history.
    partner = client_for(
        session=world.payments.identity.partner.token, csrf=world.payments.identity.partner.principal.csrf_token
    )
    seen = await partner.get(f"/api/v1/orders/{order['id']}")
    assert seen.status_code == 200, seen.text
    assert [h["to_status"] for h in seen.json()["history"]] == ["placed", "paid"]
    _no_id_number(seen)
    other_partner = client_for(
        session=world.payments.identity.other_partner.token,
        csrf=world.payments.identity.other_partner.principal.csrf_token,
    )
    assert (await other_partner.get(f"/api/v1/orders/{order['id']}")).status_code == 404
    listed = await other_partner.get("/api/v1/orders")
    assert listed.status_code == 200 and listed.json()["items"] == []
    await assert_ledger_clean(runtime)


async def test_another_buyer_reaches_nothing_and_changes_nothing(
    runtime: Runtime, world: OrdersWorld, client_for: ClientFactory
) -> None:
    owner = await _buyer(client_for, "+8613800000001")
    cart = await _filled_cart(owner, world)
    await owner.post(f"/api/v1/store/carts/{cart['id']}/quote")
    placed = await owner.post(f"/api/v1/store/carts/{cart['id']}/checkout", json={"pay": False})
    assert placed.status_code == 201, placed.text
    checkout_id, order_id = placed.json()["id"], placed.json()["orders"][0]["id"]
    intruder = await _buyer(client_for, "+8613800000002")
    answers = [
        await intruder.get(f"/api/v1/store/carts/{cart['id']}"),
        await intruder.put(f"/api/v1/store/carts/{cart['id']}/lines/{world.soap.variants[0].id}", json={"quantity": 1}),
        await intruder.post(f"/api/v1/store/carts/{cart['id']}/quote"),
        await intruder.post(f"/api/v1/store/carts/{cart['id']}/checkout", json={"pay": True}),
        await intruder.post(f"/api/v1/store/checkouts/{checkout_id}/pay"),
        await intruder.get(f"/api/v1/store/orders/{order_id}"),
        await intruder.post(f"/api/v1/store/orders/{order_id}/cancel", json={}),
    ]
    assert [a.status_code for a in answers] == [404] * len(answers), [a.text for a in answers]
    still = await owner.get(f"/api/v1/store/orders/{order_id}")
    assert still.json()["status"] == "placed"
    # The owner pays: it works, once.
    paid = await owner.post(f"/api/v1/store/checkouts/{checkout_id}/pay")
    assert paid.status_code == 200 and paid.json()["orders"][0]["status"] == "paid"
    await assert_ledger_clean(runtime)


async def test_bad_input_gets_a_clear_answer_and_changes_nothing(world: OrdersWorld, client_for: ClientFactory) -> None:
    assert (await client_for().get("/api/v1/store/me")).json()["code"] == "buyer_not_signed_in"
    forged = client_for()
    forged.headers["Authorization"] = "Bearer cbt.forged"
    assert (await forged.get("/api/v1/store/me")).status_code == 401
    buyer = await _buyer(client_for, "+8613800000002")
    checksum = await buyer.put("/api/v1/store/me/identity", json={"real_name": "李雷", "id_number": BAD_ID})
    assert checksum.status_code == 422 and checksum.json()["code"] == "buyer_identity_invalid"
    assert BAD_ID not in checksum.text
    short = await buyer.put("/api/v1/store/me/identity", json={"real_name": "李雷", "id_number": "1234"})
    assert short.status_code == 422 and short.json()["code"] == "buyer_identity_invalid"
    assert (await buyer.get("/api/v1/store/me")).json()["identity"] is None
    zone = await buyer.put(
        "/api/v1/store/me/delivery", json={"zone": "XX-99", "address": "nowhere 1", "phone": "123456"}
    )
    assert zone.status_code == 422 and zone.json()["code"] == "delivery_invalid"
    made = await buyer.post("/api/v1/store/carts", json={"market": "CN"})
    cart_id = made.json()["id"]
    line = f"/api/v1/store/carts/{cart_id}/lines/{world.perfume.variants[0].id}"
    for quantity in (-1, 1000, "2", 1.5, None):
        answer = await buyer.put(line, json={"quantity": quantity})
        assert answer.status_code == 422, (quantity, answer.text)
    unknown = await buyer.put(
        f"/api/v1/store/carts/{cart_id}/lines/sku_01JD3Q5X7Z8K9M2N4P6R8T0V2W", json={"quantity": 1}
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "sku_not_found"
    too_many = await buyer.put(line, json={"quantity": 41})
    assert too_many.status_code == 409 and too_many.json()["code"] == "out_of_stock"
    empty = await buyer.post(f"/api/v1/store/carts/{cart_id}/checkout", json={"pay": True})
    assert empty.status_code == 409 and empty.json()["code"] == "cart_empty"
    assert (await buyer.get(f"/api/v1/store/carts/{cart_id}")).json()["lines"] == []
    # Identity is required for an order into China; without it the checkout is refused with nothing placed.
    await buyer.put(line, json={"quantity": 1})
    await buyer.post(f"/api/v1/store/carts/{cart_id}/quote")
    refused = await buyer.post(f"/api/v1/store/carts/{cart_id}/checkout", json={"pay": True})
    assert refused.status_code == 409 and refused.json()["code"] == "buyer_identity_required"
    assert (await buyer.get("/api/v1/store/orders")).json()["items"] == []


async def test_a_store_runner_makes_a_coupon_and_a_buyer_sees_it_taken_off_the_goods(
    world: OrdersWorld, client_for: ClientFactory
) -> None:
    ident = world.payments.identity
    partner = client_for(session=ident.partner.token, csrf=ident.partner.principal.csrf_token)
    body = {"code": "printemps", "percent_off": 10, "max_redemptions": 5, "valid_from": "2026-01-01"}
    made = await partner.post(f"/api/v1/orders/stores/{world.brand_store.id}/coupons", json=body)
    assert made.status_code == 201, made.text
    assert made.json()["code"] == "PRINTEMPS" and made.json()["redeemed"] == 0
    taken = await partner.post(f"/api/v1/orders/stores/{world.brand_store.id}/coupons", json=body)
    assert taken.status_code == 409 and taken.json()["code"] == "coupon_exists"
    outsider = client_for(session=ident.other_partner.token, csrf=ident.other_partner.principal.csrf_token)
    refused = await outsider.post(
        f"/api/v1/orders/stores/{world.brand_store.id}/coupons", json={**body, "code": "VOLE"}
    )
    assert refused.status_code in (403, 404), refused.text
    buyer = await _buyer(client_for, "+8613800000001")
    cart = await _filled_cart(buyer, world)
    await buyer.put(f"/api/v1/store/carts/{cart['id']}/coupon", json={"code": "printemps"})
    quote = (await buyer.post(f"/api/v1/store/carts/{cart['id']}/quote")).json()
    assert quote["allowed"] is True
    assert float(quote["groups"][0]["discount"]["value"]) > 0  # 10 % of 190.00 EUR, in CNY
    await buyer.put(f"/api/v1/store/carts/{cart['id']}/coupon", json={"code": "NOPE"})
    unknown = (await buyer.post(f"/api/v1/store/carts/{cart['id']}/quote")).json()
    assert unknown["allowed"] is False and unknown["error"]["code"] == "coupon_unknown"
