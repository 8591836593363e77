"""The store API for a French consumer: the French storefront lists a Chinese seller's products, the quote is
in EUR with the IOSS taxes and a sentence saying how they are handled, the checkout is paid by card with the
acquirer's token; a declined card, a card number, another buyer's checkout: clear answers, nothing charged."""

from __future__ import annotations

import httpx
import pytest

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from tests.e2e.identity.conftest import ClientFactory
from tests.integration.orders.french_world import FrenchWorld, build_french_world
from tests.integration.payments.world import assert_ledger_clean


@pytest.fixture
async def world(runtime: Runtime, clock: FrozenClock) -> FrenchWorld:
    return await build_french_world(runtime, clock)


async def _buyer(client_for: ClientFactory, phone: str) -> httpx.AsyncClient:
    signed = await client_for().post("/api/v1/store/sessions", json={"phone": phone, "password": "mot de passe long"})
    assert signed.status_code == 201, signed.text
    client = client_for()
    client.headers["Authorization"] = f"Bearer {signed.json()['token']}"
    return client


async def _placed(buyer: httpx.AsyncClient, sku_id: str, quantity: int) -> tuple[dict, dict]:  # type: ignore[type-arg]
    cart = (await buyer.post("/api/v1/store/carts", json={"market": "FR"})).json()
    put = await buyer.put(f"/api/v1/store/carts/{cart['id']}/lines/{sku_id}", json={"quantity": quantity})
    assert put.status_code == 200, put.text
    quote = await buyer.post(f"/api/v1/store/carts/{cart['id']}/quote", headers={"Accept-Language": "fr-FR"})
    assert quote.status_code == 200, quote.text
    placed = await buyer.post(
        f"/api/v1/store/carts/{cart['id']}/checkout", json={"pay": False}, headers={"Idempotency-Key": "fr-1"}
    )
    assert placed.status_code == 201, placed.text
    return quote.json(), placed.json()


async def test_a_french_consumer_finds_quotes_and_pays_by_card(
    runtime: Runtime, world: FrenchWorld, client_for: ClientFactory
) -> None:
    listed = await client_for().get("/api/v1/storefront/fr/products", params={"category": "hightech_accessories"})
    assert listed.status_code == 200, listed.text
    [earbuds] = listed.json()["items"]
    assert earbuds["content"]["fr"]["title"] == "Écouteurs sans fil"
    chinese = await client_for().get("/api/v1/storefront/products")
    assert earbuds["id"] not in {c["product_id"] for c in chinese.json()["items"]}
    assert (await client_for().get(f"/api/v1/storefront/products/{earbuds['id']}")).status_code == 404
    assert (await client_for().get(f"/api/v1/storefront/fr/products/{earbuds['id']}")).status_code == 200

    buyer = await _buyer(client_for, "+33612345678")
    quote, placed = await _placed(buyer, earbuds["variants"][0]["id"], 2)
    assert quote["currency"] == "EUR" and quote["allowed"] is True and quote["identity"] is None
    [group] = quote["groups"]
    assert group["regime"] == "EU-IOSS" and group["rate"] is None
    assert float(group["tax"]["value"]) > 0 and group["tax_notice"]
    order = placed["orders"][0]
    assert order["status"] == "placed" and order["total"] == quote["total"]

    pay = f"/api/v1/store/checkouts/{placed['id']}/pay-by-card"
    declined = await buyer.post(pay, json={"card_token": "tok_declined"})
    assert declined.status_code == 409 and declined.json()["code"] == "card_declined", declined.text
    number = await buyer.post(pay, json={"card_token": "4242424242424242"})
    assert number.status_code == 422, number.text
    assert "4242424242424242" not in number.text
    wallet = await buyer.post(f"/api/v1/store/checkouts/{placed['id']}/pay")
    assert wallet.status_code == 409 and wallet.json()["code"] == "pay_by_card", wallet.text
    intruder = await _buyer(client_for, "+33698765432")
    assert (await intruder.post(pay, json={"card_token": "tok_visa"})).status_code == 404
    assert (await buyer.get(f"/api/v1/store/orders/{order['id']}")).json()["status"] == "placed"

    paid = await buyer.post(pay, json={"card_token": "tok_visa"}, headers={"Idempotency-Key": "card-1"})
    assert paid.status_code == 200, paid.text
    again = await buyer.post(pay, json={"card_token": "tok_visa"}, headers={"Idempotency-Key": "card-1"})
    assert again.status_code == 200 and again.json() == paid.json()
    assert paid.json()["orders"][0]["status"] == "paid"
    seller = client_for(session=world.seller.token, csrf=world.seller.principal.csrf_token)
    seen = await seller.get(f"/api/v1/orders/{order['id']}")
    assert seen.status_code == 200, seen.text
    assert [h["to_status"] for h in seen.json()["history"]] == ["placed", "paid"]
    await assert_ledger_clean(runtime)


async def test_a_phone_over_150_eur_is_quoted_with_the_import_notice(
    world: FrenchWorld, client_for: ClientFactory
) -> None:
    buyer = await _buyer(client_for, "+33612345678")
    quote, _ = await _placed(buyer, world.phone.variants[0].id, 1)
    [group] = quote["groups"]
    assert group["regime"] == "EU-import" and group["tax"]["value"] == "0.00"
    assert float(group["tax_at_import"]["value"]) > 0
    assert group["tax_at_import"]["value"].replace(".", ",") in group["tax_notice"]


async def test_a_seller_opens_its_store_over_the_api_once(world: FrenchWorld, client_for: ClientFactory) -> None:
    seller = client_for(session=world.seller.token, csrf=world.seller.principal.csrf_token)
    again = await seller.post("/api/v1/catalog/seller-store", json={"name": "Encore", "description_fr": "Encore."})
    assert again.status_code == 409 and again.json()["code"] == "store_exists", again.text
    bad = await seller.post("/api/v1/catalog/seller-store", json={"name": "", "description_fr": 3})
    assert bad.status_code == 422
