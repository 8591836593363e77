"""The orders pages over ASGI: the buyer's cart, checkout and orders (signed in with the wallet, Chinese
first), and the sellers' orders desk. Every page answers in zh, fr and en; the resident ID number never
shows in clear; another buyer's order is not found; a form without its token changes nothing."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from functools import partial

import httpx
import pytest
from fastapi import FastAPI

from comptoir import catalog, inventory, orders
from comptoir.kernel import i18n
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.forms import field_value
from tests.e2e.identity.conftest import BASE, ClientFactory
from tests.integration.orders.world import BAD_ID, GOOD_ID, OrdersWorld, build_orders_world

LANGS = {"zh": "zh-CN", "fr": "fr", "en": "en"}
ZH = {"accept": "text/html", "accept-language": "zh-CN"}
FR = {"accept": "text/html", "accept-language": "fr"}
ORIGIN = {"origin": BASE}
PASSWORD = "mot de passe long"


@pytest.fixture
async def world(runtime: Runtime) -> OrdersWorld:
    return await build_orders_world(runtime)


async def buyer(
    app: FastAPI, phone: str, *, next_url: str = "/shop/cart", headers: dict[str, str] = ZH
) -> httpx.AsyncClient:
    """A phone signed in to the wallet, through the wallet's own sign-in form (speaking ``headers``' language)."""
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=headers)
    form = await client.get("/wallet/sign-in", params={"next": next_url})
    token = field_value(form.text, "csrf_token", form="/wallet/sign-in")
    signed = await client.post(
        "/wallet/sign-in", data={"phone": phone, "password": PASSWORD, "csrf_token": token, "next": next_url}
    )
    assert signed.status_code == 303 and signed.headers["location"] == next_url, signed.text
    return client


async def add(client: httpx.AsyncClient, sku_id: str, quantity: int = 1) -> httpx.Response:
    """The storefront's add-to-cart form, as a browser posts it (with the site's Origin, without a token)."""
    return await client.post(
        "/shop/cart/lines", data={"sku_id": sku_id, "quantity": str(quantity), "back": "/shop"}, headers=ORIGIN
    )


async def pay(client: httpx.AsyncClient) -> httpx.Response:
    page = await client.get("/shop/checkout")
    assert page.status_code == 200, page.text
    return await client.post(
        "/shop/checkout/pay",
        data={
            "cart_id": field_value(page.text, "cart_id"),
            "csrf_token": field_value(page.text, "csrf_token", form="/shop/checkout/pay"),
        },
    )


async def paid_order(app: FastAPI, w: OrdersWorld) -> tuple[httpx.AsyncClient, str]:
    client = await buyer(app, w.payments.tourist.phone)
    assert (await add(client, w.perfume.variants[0].id)).status_code == 303
    assert (await add(client, w.soap.variants[0].id, 2)).status_code == 303
    paid = await pay(client)
    assert paid.status_code == 303, paid.text
    location = paid.headers["location"]
    assert re.fullmatch(r"/shop/orders/ord_[0-9A-Za-z]+\?done=paid", location), location
    return client, location.split("?")[0].rsplit("/", 1)[1]


def said(sentence: str, locale: str = "zh_Hans") -> str:
    """A catalogue sentence as a page in ``locale`` writes it (HTML-escaped)."""
    token = i18n.current_locale.set(locale)
    try:
        return html.escape(i18n.gettext(sentence))
    finally:
        i18n.current_locale.reset(token)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


async def test_a_buyer_fills_a_cart_sees_prices_taxes_and_pays_in_chinese(app: FastAPI, world: OrdersWorld) -> None:
    client = await buyer(app, world.payments.tourist.phone)
    empty = await client.get("/shop/cart")
    assert empty.status_code == 200 and "购物车是空的" in empty.text
    added = await add(client, world.perfume.variants[0].id, 2)
    assert added.status_code == 303 and added.headers["location"] == "/shop/cart?done=added"
    await add(client, world.soap.variants[0].id)
    cart = await client.get("/shop/cart")
    assert "光之香水" in cart.text and "驴奶皂" in cart.text and "去结算" in cart.text
    checkout = await client.get("/shop/checkout")
    assert checkout.status_code == 200
    shown = text_of(checkout.text)
    assert "**************002X" in shown and "王芳" in shown
    assert "消费税" in shown and "增值税" in shown and "运费" in shown
    assert "本年度跨境额度剩余 ¥" in shown
    assert checkout.text.count('data-testid="quote-group"') == 2
    assert 'data-testid="pay"' in checkout.text
    paid = await pay(client)
    assert paid.status_code == 303
    order = await client.get(paid.headers["location"])
    assert order.status_code == 200
    assert "已支付" in order.text and "支付成功" in order.text
    assert "取消订单" in order.text
    mine = await client.get("/shop/orders")
    assert mine.text.count('data-testid="order"') == 2
    await client.aclose()


async def test_every_page_answers_in_chinese_french_and_english_and_never_shows_the_id_number(
    app: FastAPI, world: OrdersWorld, client_for: ClientFactory
) -> None:
    client, order_id = await paid_order(app, world)
    await add(client, world.perfume.variants[0].id)  # a new cart, so the checkout page quotes again
    partner = client_for(session=world.payments.identity.partner.token)
    for lang, header in LANGS.items():
        headers = {"accept": "text/html", "accept-language": header}
        for path in ("/shop/cart", "/shop/checkout", "/shop/orders", f"/shop/orders/{order_id}"):
            page = await client.get(path, headers=headers)
            assert page.status_code == 200, (lang, path, page.text)
            assert page.headers["content-language"].startswith({"zh": "zh", "fr": "fr", "en": "en"}[lang])
            assert GOOD_ID not in page.text, path
        for path in ("/orders", f"/orders/{order_id}"):
            page = await partner.get(path, headers=headers)
            assert page.status_code == 200, (lang, path, page.text)
            assert GOOD_ID not in page.text and world.payments.tourist.phone not in page.text
    french = text_of((await client.get("/shop/checkout", headers=FR)).text)
    assert "Quota transfrontalier restant cette année" in french and "Payer avec mon portefeuille" in french
    english = text_of((await client.get(f"/shop/orders/{order_id}", headers={"accept-language": "en"})).text)
    assert "Paid" in english and "Consumption tax" in english
    await client.aclose()


async def test_another_buyers_order_is_not_found_and_cannot_be_cancelled(app: FastAPI, world: OrdersWorld) -> None:
    client, order_id = await paid_order(app, world)
    other = await buyer(app, world.payments.other_tourist.phone, next_url="/shop/orders")
    assert (await other.get(f"/shop/orders/{order_id}")).status_code == 404
    token = field_value((await other.get("/shop/cart")).text, "csrf_token", form="/wallet/sign-out")
    refused = await other.post(f"/shop/orders/{order_id}/cancel", data={"csrf_token": token})
    assert refused.status_code == 404
    assert "已支付" in (await client.get(f"/shop/orders/{order_id}")).text
    assert 'data-testid="no-orders"' in (await other.get("/shop/orders")).text
    await client.aclose()
    await other.aclose()


async def test_a_page_without_a_wallet_session_goes_to_the_wallets_sign_in_and_comes_back(
    app: FastAPI, world: OrdersWorld
) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=ZH) as visitor:
        for path in ("/shop/cart", "/shop/checkout", "/shop/orders", "/shop/orders/ord_01ABCDEFGHJKMNPQRSTVWXYZ00"):
            answer = await visitor.get(path)
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/wallet/sign-in?next=/shop/"), path
        posted = await visitor.post("/shop/cart/lines", data={"sku_id": world.soap.variants[0].id}, headers=ORIGIN)
        assert posted.status_code == 303 and posted.headers["location"].startswith("/wallet/sign-in?next=/shop")
        # Sellers' desk: a Comptoir session, not a wallet.
        desk = await visitor.get("/orders")
        assert desk.status_code == 303 and desk.headers["location"].startswith("/login")
    client = await buyer(app, world.payments.tourist.phone, next_url="/shop/checkout")
    assert (await client.get("/shop/checkout")).status_code == 303  # an empty cart goes back to the cart
    await client.aclose()


async def test_forms_without_their_token_change_nothing(
    app: FastAPI, runtime: Runtime, world: OrdersWorld, client_for: ClientFactory
) -> None:
    client = await buyer(app, world.payments.tourist.phone)
    soap = world.soap.variants[0].id
    no_origin = await client.post("/shop/cart/lines", data={"sku_id": soap, "quantity": "1"})
    assert no_origin.status_code == 400 and "表单已过期" in no_origin.text
    foreign = await client.post(
        "/shop/cart/lines", data={"sku_id": soap, "quantity": "1"}, headers={"origin": "https://evil.example"}
    )
    assert foreign.status_code == 400
    found = await transact(runtime, partial(orders.current_cart, holder_id=world.buyer, market="CN"))
    assert found is None
    await add(client, soap)
    for path, data in (
        (f"/shop/cart/lines/{soap}", {"quantity": "0"}),
        ("/shop/cart/coupon", {"code": "BIENVENUE"}),
        ("/shop/checkout/identity", {"real_name": "王芳", "id_number": GOOD_ID}),
        ("/shop/checkout/delivery", {"zone": "CN-11", "address": "北京市朝阳区 1 号", "phone": "13800000009"}),
        ("/shop/checkout/pay", {"cart_id": "crt_x"}),
    ):
        refused = await client.post(path, data={**data, "csrf_token": "forged"}, headers=ORIGIN)
        assert refused.status_code == 400, path
    kept = await transact(runtime, partial(orders.current_cart, holder_id=world.buyer, market="CN"))
    assert kept is not None and [line.quantity for line in kept.lines] == [1] and kept.coupon_code is None
    delivery = await transact(runtime, partial(orders.buyer_delivery, vault=world.vault, holder_id=world.buyer))
    assert delivery is not None and delivery.zone == "CN-31"
    assert await transact(runtime, partial(orders.buyer_orders, holder_id=world.buyer)) == []
    # The sellers' desk takes the Comptoir session's token.
    _, order_id = await paid_order(app, world)
    partner = client_for(session=world.payments.identity.partner.token)
    assert (await partner.post(f"/orders/{order_id}/cancel", data={"reason": "x"}, headers=FR)).status_code == 403
    order = await transact(runtime, partial(orders.buyer_order, holder_id=world.buyer, order_id=order_id))
    assert order.status is orders.OrderStatus.PAID
    await client.aclose()


async def test_the_identity_form_refuses_a_wrong_check_digit_without_repeating_the_number(
    app: FastAPI, world: OrdersWorld
) -> None:
    client = await buyer(app, world.payments.other_tourist.phone)
    await add(client, world.soap.variants[0].id)
    page = await client.get("/shop/checkout")
    assert 'data-testid="needs-details"' in page.text and 'data-testid="pay"' not in page.text
    token = field_value(page.text, "csrf_token", form="/shop/checkout/identity")
    refused = await client.post(
        "/shop/checkout/identity", data={"real_name": "李雷", "id_number": BAD_ID, "csrf_token": token}
    )
    assert refused.status_code == 422
    assert said(orders.BuyerIdentityInvalid.sentence) in refused.text
    assert BAD_ID not in refused.text and "李雷" in refused.text
    saved = await client.post(
        "/shop/checkout/identity", data={"real_name": "李雷", "id_number": GOOD_ID.lower(), "csrf_token": token}
    )
    assert saved.status_code == 303
    shown = await client.get("/shop/checkout")
    assert "**************002X" in shown.text and GOOD_ID not in shown.text
    bad_zone = await client.post(
        "/shop/checkout/delivery", data={"zone": "XX-99", "address": "某地", "phone": "1", "csrf_token": token}
    )
    assert bad_zone.status_code == 422 and said(orders.DeliveryInvalid.sentence) in bad_zone.text
    await client.aclose()


async def test_a_sold_out_product_and_an_order_over_the_limit_are_told_in_chinese(
    app: FastAPI, runtime: Runtime
) -> None:
    world = await build_orders_world(runtime, perfume_stock=8)
    client = await buyer(app, world.payments.tourist.phone)
    perfume = world.perfume.variants[0].id
    sold_out = await add(client, perfume, 9)
    assert sold_out.status_code == 409 and said(inventory.OutOfStock.sentence).split("%")[0] in sold_out.text
    assert (await add(client, perfume, 8)).status_code == 303  # 8 × 95 EUR: past 5,000 CNY with several items
    page = await client.get("/shop/checkout")
    assert page.status_code == 200
    refusal = re.search(r'data-testid="refusal" data-code="([a-z_]+)"', page.text)
    assert refusal and refusal.group(1) == "cbec_transaction_limit_exceeded"
    assert "cbec_transaction_limit_exceeded" in text_of(page.text)
    assert 'data-testid="pay"' not in page.text
    await client.aclose()


async def test_a_changed_price_is_shown_and_an_expired_rate_is_quoted_again(
    app: FastAPI, runtime: Runtime, world: OrdersWorld, clock: FrozenClock
) -> None:
    client = await buyer(app, world.payments.tourist.phone)
    await add(client, world.perfume.variants[0].id)
    page = await client.get("/shop/checkout")
    partner = world.payments.identity.partner.principal
    await transact(
        runtime,
        lambda uow: catalog.update_variant(uow, partner, product_id=world.perfume.id, sku="PARF-50", price_eur="99.00"),
    )
    refused = await client.post(
        "/shop/checkout/pay",
        data={
            "cart_id": field_value(page.text, "cart_id"),
            "csrf_token": field_value(page.text, "csrf_token", form="/shop/checkout/pay"),
        },
    )
    assert refused.status_code == 409
    assert "价格已变动" in refused.text and 'data-testid="price-changed"' in refused.text
    again = await client.get("/shop/checkout")
    clock.advance(timedelta(minutes=16))
    expired = await client.post(
        "/shop/checkout/pay",
        data={
            "cart_id": field_value(again.text, "cart_id"),
            "csrf_token": field_value(again.text, "csrf_token", form="/shop/checkout/pay"),
        },
    )
    assert expired.status_code == 409 and 'data-testid="pay"' in expired.text
    assert "汇率" in expired.text
    assert (await pay(client)).status_code == 303
    await client.aclose()


async def test_the_brands_partner_sees_the_order_and_cancels_it_with_the_history_written(
    app: FastAPI, runtime: Runtime, world: OrdersWorld, client_for: ClientFactory
) -> None:
    _, order_id = await paid_order(app, world)
    ident = world.payments.identity
    partner = client_for(session=ident.partner.token, csrf=ident.partner.principal.csrf_token)
    desk = await partner.get("/orders", headers=FR)
    assert desk.status_code == 200
    assert f'data-order="{order_id}"' in desk.text and "Payé" in desk.text
    assert "Dû au marchand" in desk.text and "Payé par l’acheteur" in text_of(desk.text).replace("'", "’")
    assert (await partner.get("/orders?status=shipped", headers=FR)).text.count('data-testid="seller-order"') == 0
    page = await partner.get(f"/orders/{order_id}", headers=FR)
    assert "Commande passée" in page.text and "L’acheteur" in page.text.replace("'", "’")
    assert 'data-testid="ship"' not in page.text  # into China, customs clear it first
    cancelled = await partner.post(
        f"/orders/{order_id}/cancel",
        data={"reason": "Rupture chez le fournisseur", "csrf_token": ident.partner.principal.csrf_token or ""},
        headers=FR,
    )
    assert cancelled.status_code == 303
    after = await partner.get(f"/orders/{order_id}", headers=FR)
    assert "Annulé" in after.text and "Rupture chez le fournisseur" in after.text
    refused = await partner.post(
        f"/orders/{order_id}/cancel",
        data={"reason": "", "csrf_token": ident.partner.principal.csrf_token or ""},
        headers=FR,
    )
    assert refused.status_code == 409 and said(orders.OrderStateRefused.sentence, "fr") in refused.text
    shop = client_for(session=world.payments.shop.token)
    assert (await shop.get(f"/orders/{order_id}", headers=FR)).status_code == 404
    assert 'data-testid="seller-order"' not in (await shop.get("/orders", headers=FR)).text
