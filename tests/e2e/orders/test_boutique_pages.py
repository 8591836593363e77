"""The French storefront's pages over ASGI (French first, also en and zh-Hans): a Chinese seller's products in
euros, the cart, the checkout with IOSS VAT and duty or the import notice over 150 EUR, the card step with the
test acquirer's cards, and the buyer's orders. Bad input -- another buyer's order or checkout, a foreign cart, a
zone outside France, a card number typed instead of a token, a form without its token -- is told clearly and
changes nothing."""

from __future__ import annotations

import re
from functools import partial

import httpx
import pytest
from fastapi import FastAPI

from comptoir import orders, payments
from comptoir.kernel import i18n
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.forms import field_value
from tests.e2e.identity.conftest import BASE, ClientFactory
from tests.e2e.orders.test_orders_pages import buyer, text_of
from tests.integration.orders.french_world import FrenchWorld, build_french_world
from tests.integration.payments.world import assert_ledger_clean

FR = {"accept": "text/html", "accept-language": "fr-FR,fr;q=0.9"}
LANGS = {"fr": "fr-FR", "en": "en-GB", "zh": "zh-CN"}
ORIGIN = {"origin": BASE}
CARD_NUMBER = "4242424242424242"


@pytest.fixture
async def world(runtime: Runtime, clock: FrozenClock) -> FrenchWorld:
    return await build_french_world(runtime, clock)


async def french_buyer(app: FastAPI, phone: str, *, next_url: str = "/boutique/cart") -> httpx.AsyncClient:
    """A French consumer signed in through the account's sign-in form, in French."""
    return await buyer(app, phone, next_url=next_url, headers=FR)


async def add(client: httpx.AsyncClient, sku_id: str, quantity: int = 1) -> httpx.Response:
    """The product page's add-to-cart form, as a browser posts it (with the site's Origin, without a token)."""
    return await client.post(
        "/boutique/cart/lines",
        data={"sku_id": sku_id, "quantity": str(quantity), "back": "/boutique"},
        headers=ORIGIN,
    )


def french(sentence: str) -> str:
    """A sentence as a French page says it (as text, not HTML)."""
    token = i18n.current_locale.set("fr")
    try:
        return i18n.gettext(sentence)
    finally:
        i18n.current_locale.reset(token)


def csrf(page: httpx.Response) -> str:
    return field_value(page.text, "csrf_token", form="/wallet/sign-out")


async def place(client: httpx.AsyncClient) -> str:
    """Place the cart's orders from the checkout page; the card step's path."""
    page = await client.get("/boutique/checkout")
    assert page.status_code == 200 and 'data-testid="place"' in page.text, page.text
    placed = await client.post(
        "/boutique/checkout/place",
        data={"cart_id": field_value(page.text, "cart_id"), "csrf_token": csrf(page)},
    )
    assert placed.status_code == 303, placed.text
    location = placed.headers["location"]
    assert re.fullmatch(r"/boutique/checkouts/chk_[0-9A-Za-z]+", location), location
    return location


async def pay(client: httpx.AsyncClient, step: str, token: str) -> httpx.Response:
    page = await client.get(step)
    assert page.status_code == 200, page.text
    return await client.post(f"{step}/pay", data={"card_token": token, "csrf_token": csrf(page)})


async def paid_order(app: FastAPI, w: FrenchWorld) -> tuple[httpx.AsyncClient, str]:
    client = await french_buyer(app, "+33612345678")
    assert (await add(client, w.earbuds.variants[0].id, 2)).status_code == 303
    paid = await pay(client, await place(client), "tok_visa")
    assert paid.status_code == 303, paid.text
    return client, paid.headers["location"].split("?")[0].rsplit("/", 1)[1]


async def test_the_french_storefront_shows_the_sellers_products_in_euros_in_french(
    app: FastAPI, world: FrenchWorld
) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=FR) as visitor:
        home = await visitor.get("/boutique")
        assert home.status_code == 200 and home.headers["content-language"] == "fr"
        shown = text_of(home.text)
        assert "Hangzhou Sound" in shown and "Écouteurs sans fil" in shown and "25,00 €" in shown
        assert "Accessoires high-tech" in shown and f"/boutique/stores/{world.store.slug}" in home.text
        listed = await visitor.get("/boutique/categories/hightech_accessories")
        assert "Écouteurs sans fil" in listed.text and "Housse de coussin" not in listed.text
        # A category of the Chinese storefront, and one that does not exist: not found, never a 500.
        assert (await visitor.get("/boutique/categories/cosmetics_skincare")).status_code == 404
        assert (await visitor.get("/boutique/categories/nope")).status_code == 404
        store = await visitor.get(f"/boutique/stores/{world.store.slug}")
        assert store.status_code == 200 and store.text.count('data-testid="card"') == 3
        product = await visitor.get(f"/boutique/products/{world.earbuds.id}")
        assert product.status_code == 200
        page = text_of(product.text)
        assert "25,00 €" in page, page
        assert "50 en stock" in page, page
        assert "Vendu et expédié par Hangzhou Sound" in page, page
        assert 'action="/boutique/cart/lines"' in product.text
        # The seller's products are never on the Chinese storefront, and its cart page asks to sign in.
        assert (await visitor.get(f"/shop/products/{world.earbuds.id}")).status_code == 404
        cart = await visitor.get("/boutique/cart")
        assert cart.status_code == 303 and cart.headers["location"] == "/wallet/sign-in?next=/boutique/cart"
        # The account's sign-in, reached from the French storefront, speaks to a French consumer.
        form = await visitor.get(cart.headers["location"])
        assert "Connectez-vous à votre compte" in text_of(form.text) and 'placeholder="+33 6 12 34 56 78"' in form.text
        assert "portefeuille" not in text_of(form.text)
        for lang, header in LANGS.items():
            for path in ("/boutique", f"/boutique/products/{world.phone.id}", "/boutique/categories/phones"):
                answer = await visitor.get(path, headers={"accept-language": header})
                assert answer.status_code == 200, (lang, path)
                assert answer.headers["content-language"].startswith(lang), (lang, path)
        chinese = text_of((await visitor.get("/boutique", headers={"accept-language": "zh-CN"})).text)
        assert "杭州声学" in chinese and "法国商城" in chinese


async def test_a_french_consumer_sees_vat_duty_and_the_notice_then_pays_after_a_declined_card(
    app: FastAPI, runtime: Runtime, world: FrenchWorld, client_for: ClientFactory
) -> None:
    client = await french_buyer(app, "+33612345678")
    assert 'data-testid="cart-empty"' in (await client.get("/boutique/cart")).text
    added = await add(client, world.earbuds.variants[0].id, 2)
    assert added.status_code == 303 and added.headers["location"] == "/boutique/cart?done=added"
    await add(client, world.cushion.variants[0].id)
    cart = await client.get("/boutique/cart")
    assert "Écouteurs sans fil" in cart.text and "Housse de coussin" in cart.text
    assert "62,00 €" in text_of(cart.text) and 'action="/shop/cart/coupon"' not in cart.text

    checkout = await client.get("/boutique/checkout")
    assert checkout.status_code == 200
    shown = text_of(checkout.text)
    assert "Paris" in shown and "12 rue de Rivoli" in shown
    assert checkout.text.count('data-testid="quote-line"') == 2 and 'data-regime="EU-IOSS"' in checkout.text
    assert "TVA 10,98 €" in shown and "Droit de douane 3,00 €" in shown and "Transport 6,10 €" in shown, shown
    assert french("French VAT and the customs duty are included; nothing more is owed at delivery.") in shown
    assert re.search(r'data-testid="group-duty">6,00\s€', checkout.text)  # 3 EUR for each of two subheadings

    step = await place(client)
    card = await client.get(step)
    assert card.status_code == 200 and 'data-testid="test-mode"' in card.text and "Mode test" in card.text
    [order] = await transact(runtime, partial(orders.buyer_orders, holder_id=world.buyer))
    assert order.status is orders.OrderStatus.PLACED

    declined = await pay(client, step, "tok_declined")
    assert declined.status_code == 409
    assert (
        french(payments.CardDeclined.sentence) in text_of(declined.text) and 'data-testid="card-form"' in declined.text
    )
    assert (await transact(runtime, partial(orders.buyer_orders, holder_id=world.buyer)))[0].status.value == "placed"
    typed = await pay(client, step, CARD_NUMBER)
    assert typed.status_code == 422 and CARD_NUMBER not in typed.text and "jeton" in typed.text

    paid = await pay(client, step, "tok_visa")
    assert paid.status_code == 303 and paid.headers["location"] == f"/boutique/orders/{order.id}?done=paid"
    page = await client.get(paid.headers["location"])
    assert page.status_code == 200 and "Paiement reçu" in page.text
    assert '<p class="status-line status-paid" data-testid="order-status">Payé</p>' in page.text
    assert "Payé par carte" in text_of(page.text) and "Annuler cette commande" in page.text
    # Paid: the card step leads to the order.
    again = await client.get(step)
    assert again.status_code == 303 and again.headers["location"] == f"/boutique/orders/{order.id}"
    mine = await client.get("/boutique/orders")
    assert mine.text.count('data-testid="order"') == 1
    # The seller finds it on its orders desk, paid by card.
    desk = client_for(session=world.seller.token)
    seen = await desk.get(f"/orders/{order.id}", headers=FR)
    assert seen.status_code == 200 and "Payé par carte" in text_of(seen.text)
    await assert_ledger_clean(runtime)
    await client.aclose()


async def test_over_150_eur_the_checkout_says_duty_and_vat_are_paid_at_delivery(
    app: FastAPI, world: FrenchWorld
) -> None:
    client = await french_buyer(app, "+33698765432")
    await add(client, world.phone.variants[0].id)
    page = await client.get("/boutique/checkout")
    assert page.status_code == 200 and 'data-regime="EU-import"' in page.text
    assert 'data-testid="tax-at-import"' in page.text and 'data-testid="group-duty"' not in page.text
    shown = text_of(page.text)
    assert "Au-delà de 150 EUR, le colis est déclaré" in shown and "se paient au transporteur à la livraison" in shown
    assert re.search(r'data-testid="group-tax">0,00\s€', page.text)
    english = text_of((await client.get("/boutique/checkout", headers={"accept-language": "en"})).text)
    assert "Over 150 EUR the parcel is declared at import" in english
    await client.aclose()


async def test_a_line_is_removed_and_a_paid_order_is_cancelled_back_to_the_card(
    app: FastAPI, runtime: Runtime, world: FrenchWorld
) -> None:
    client, order_id = await paid_order(app, world)
    await add(client, world.cushion.variants[0].id)
    cart = await client.get("/boutique/cart")
    removed = await client.post(
        f"/boutique/cart/lines/{world.cushion.variants[0].id}", data={"quantity": "0", "csrf_token": csrf(cart)}
    )
    assert removed.status_code == 303 and removed.headers["location"] == "/boutique/cart?done=changed"
    assert 'data-testid="cart-empty"' in (await client.get("/boutique/cart")).text
    page = await client.get(f"/boutique/orders/{order_id}")
    cancelled = await client.post(f"/boutique/orders/{order_id}/cancel", data={"csrf_token": csrf(page)})
    assert cancelled.status_code == 303
    after = await client.get(cancelled.headers["location"])
    assert "Annulé" in after.text and "retourne sur votre carte" in after.text
    assert 'data-testid="cancel"' not in after.text
    await assert_ledger_clean(runtime)
    await client.aclose()


async def test_another_buyers_order_checkout_and_cart_are_not_found_and_change_nothing(
    app: FastAPI, runtime: Runtime, world: FrenchWorld
) -> None:
    owner = await french_buyer(app, "+33612345678")
    await add(owner, world.earbuds.variants[0].id)
    step = await place(owner)
    other = await french_buyer(app, "+33698765432", next_url="/boutique/orders")
    [order] = await transact(runtime, partial(orders.buyer_orders, holder_id=world.buyer))
    assert (await other.get(f"/boutique/orders/{order.id}")).status_code == 404
    assert (await other.get(step)).status_code == 404
    token = csrf(await other.get("/boutique/orders"))
    refused = await other.post(f"{step}/pay", data={"card_token": "tok_visa", "csrf_token": token})
    assert refused.status_code == 404
    assert (await other.post(f"/boutique/orders/{order.id}/cancel", data={"csrf_token": token})).status_code == 404
    # The other buyer's own cart, checked out with the first buyer's cart id: not found, nothing placed.
    await add(other, world.cushion.variants[0].id)
    foreign = await other.post("/boutique/checkout/place", data={"cart_id": order.checkout_id, "csrf_token": token})
    assert foreign.status_code == 404
    mine = await transact(runtime, partial(orders.current_cart, holder_id=world.buyer, market="FR"))
    assert mine is None  # the owner's cart was checked out; the other's is still open
    assert await transact(runtime, partial(orders.buyer_orders, holder_id=world.other_buyer)) == []
    # A French order is not one of the Chinese storefront's.
    assert (await owner.get(f"/shop/orders/{order.id}")).status_code == 404
    kept = await transact(runtime, partial(orders.buyer_order, holder_id=world.buyer, order_id=order.id))
    assert kept.status is orders.OrderStatus.PLACED
    await owner.aclose()
    await other.aclose()


async def test_a_zone_outside_france_and_forms_without_their_token_change_nothing(
    app: FastAPI, runtime: Runtime, world: FrenchWorld
) -> None:
    client = await french_buyer(app, "+33612345678")
    earbuds = world.earbuds.variants[0].id
    no_origin = await client.post("/boutique/cart/lines", data={"sku_id": earbuds, "quantity": "1"})
    assert no_origin.status_code == 400 and "Ce formulaire a expiré" in no_origin.text
    assert await transact(runtime, partial(orders.current_cart, holder_id=world.buyer, market="FR")) is None
    await add(client, earbuds)
    page = await client.get("/boutique/checkout")
    wrong = await client.post(
        "/boutique/checkout/delivery",
        data={"zone": "CN-31", "address": "上海市黄浦区 1 号", "phone": "13800000003", "csrf_token": csrf(page)},
    )
    assert wrong.status_code == 409
    assert french(orders.CheckoutRefused.codes["delivery_outside_market"]) in text_of(wrong.text)
    cart_id = field_value(page.text, "cart_id")
    for path, data in (
        (f"/boutique/cart/lines/{earbuds}", {"quantity": "0"}),
        ("/boutique/checkout/delivery", {"zone": "FR-13", "address": "1 quai du Port, Marseille", "phone": "1"}),
        ("/boutique/checkout/place", {"cart_id": cart_id}),
    ):
        refused = await client.post(path, data={**data, "csrf_token": "forged"}, headers=ORIGIN)
        assert refused.status_code == 400 and "Ce formulaire a expiré" in refused.text, path
    bad_quantity = await client.post(
        f"/boutique/cart/lines/{earbuds}", data={"quantity": "-3", "csrf_token": csrf(page)}
    )
    assert bad_quantity.status_code == 422
    kept = await transact(runtime, partial(orders.current_cart, holder_id=world.buyer, market="FR"))
    assert kept is not None and [line.quantity for line in kept.lines] == [1]
    delivery = await transact(runtime, partial(orders.buyer_delivery, vault=world.vault, holder_id=world.buyer))
    assert delivery is not None and delivery.zone == "FR-75"
    assert await transact(runtime, partial(orders.buyer_orders, holder_id=world.buyer)) == []
    step = await place(client)
    forged = await client.post(f"{step}/pay", data={"card_token": "tok_visa", "csrf_token": "forged"})
    assert forged.status_code == 400
    [order] = await transact(runtime, partial(orders.buyer_orders, holder_id=world.buyer))
    assert order.status is orders.OrderStatus.PLACED
    await client.aclose()
