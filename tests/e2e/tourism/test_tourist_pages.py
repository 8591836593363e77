"""The tourist's pages in the wallet over ASGI, on SQLite and PostgreSQL: shops near a place, the offer to follow a
brand after paying and its two separate consents, the brands followed, the consents and their withdrawal, the
data as a download and its erasure; every refusal (no sign-in, a missing consent, a forged form, another
tourist's payment or consent, a second erasure) answers a sentence and changes nothing."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import partial
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI

from comptoir import payments, tourism
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.tourism.pages.tourist import offer_to_follow
from tests.e2e.forms import field_value
from tests.e2e.identity.conftest import BASE
from tests.integration.tourism.world import SECRET, SITE, TourismWorld, build_tourism_world, pay_in_shop

WALLET_COOKIE = "comptoir_wallet"  # the wallet realm's cookie (payments)

ZH = {"accept": "text/html", "accept-language": "zh-CN"}
FR = {"accept": "text/html", "accept-language": "fr"}
PASSWORD = "mot de passe long"
LOUVRE = {"lat": "48.860611", "lon": "2.337644"}
MONDAY_MORNING = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)  # Monday 10:30 in Paris: both shops are open


@pytest.fixture
async def world(runtime: Runtime, clock: FrozenClock) -> TourismWorld:
    clock.set(MONDAY_MORNING)
    return await build_tourism_world(runtime)


def _client(app: FastAPI, headers: dict[str, str] = ZH) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=headers)


async def _sign_in(client: httpx.AsyncClient, holder: payments.WalletHolder) -> None:
    form = await client.get("/wallet/sign-in")
    token = field_value(form.text, "csrf_token", form="/wallet/sign-in")
    signed = await client.post(
        "/wallet/sign-in", data={"phone": holder.phone, "password": PASSWORD, "csrf_token": token, "next": "/wallet"}
    )
    assert signed.status_code == 303


def _token(page: str, action: str) -> str:
    return field_value(page, "csrf_token", form=action)


async def _consents(runtime: Runtime, holder_id: str) -> list[tourism.Consent]:
    return await transact(runtime, partial(tourism.consents_of, holder_id=holder_id))


async def _follow(client: httpx.AsyncClient, payment_id: str) -> httpx.Response:
    page = await client.get(f"/wallet/follow/{payment_id}")
    action = f"/wallet/follow/{payment_id}"
    data = {"follow": "yes", "transfer": "yes", "csrf_token": _token(page.text, action)}
    return await client.post(action, data=data)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/wallet/brands"),
        ("GET", "/wallet/privacy"),
        ("GET", "/wallet/privacy/export.json"),
        ("GET", "/wallet/follow/pay_0123456789"),
        ("POST", "/wallet/follow/pay_0123456789"),
        ("POST", "/wallet/brands/org_0123456789/unfollow"),
        ("POST", "/wallet/privacy/consents/cns_0123456789/withdraw"),
        ("POST", "/wallet/privacy/erase"),
    ],
)
async def test_a_visitor_is_sent_to_the_wallet_sign_in_and_back(app: FastAPI, method: str, path: str) -> None:
    async with _client(app) as visitor:
        answer = await visitor.request(method, path)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/wallet/sign-in?next={quote(path)}"


async def test_shops_near_a_position_nearest_first_by_category_and_open_now(
    app: FastAPI, world: TourismWorld, clock: FrozenClock
) -> None:
    async with _client(app) as visitor:
        form = await visitor.get("/wallet/shops")
        assert form.status_code == 200 and "shop-result" not in form.text
        assert 'id="use-position"' in form.text and '<datalist id="place-names">' in form.text

        near = await visitor.get("/wallet/shops", params=LOUVRE)
        assert near.status_code == 200
        assert re.findall(r'data-testid="shop-result" data-shop="(\w+)"', near.text) == [
            w.id for w in (world.shop, world.other_shop)
        ]
        assert re.findall(r'data-testid="distance">([^<]+)<', near.text) == ["3 m", "1.2 km"]
        assert near.text.count('data-testid="open-now"') == 2
        assert "卢浮宫药房" in near.text and "99 Rue de Rivoli, 75001 Paris · 第1区" in near.text
        assert "药房" in near.text and 'data-testid="shop-brand"' in near.text

        souvenirs = await visitor.get("/wallet/shops", params={**LOUVRE, "category": "souvenirs"})
        assert re.findall(r'data-shop="(\w+)"', souvenirs.text) == [world.other_shop.id]

        clock.set(datetime(2026, 1, 4, 12, 0, tzinfo=UTC))  # Sunday: both are closed
        closed = await visitor.get("/wallet/shops", params=LOUVRE)
        assert closed.text.count('data-testid="closed-now"') == 2
        open_only = await visitor.get("/wallet/shops", params={**LOUVRE, "open": "1"})
        assert open_only.status_code == 200 and 'data-testid="no-shops"' in open_only.text
        assert "shop-result" not in open_only.text

    async with _client(app, FR) as french:
        found = await french.get("/wallet/shops", params=LOUVRE)
        assert re.findall(r'data-testid="distance">([^<]+)<', found.text) == ["3 m", "1,2 km"]
        assert "1er arrondissement" in found.text and "Pharmacie du Louvre" in found.text
        bad = await french.get("/wallet/shops", params={"lat": "nord", "lon": "2.3"})
        assert bad.status_code == 422 and "La recherche ne peut pas être lancée" in bad.text


async def test_shops_near_a_named_place_and_an_unknown_place(app: FastAPI, world: TourismWorld) -> None:
    async with _client(app) as visitor:
        near = await visitor.get("/wallet/shops", params={"place": "卢浮宫"})
        assert near.status_code == 200
        assert re.findall(r'data-shop="(\w+)"', near.text) == [world.shop.id, world.other_shop.id]
        unknown = await visitor.get("/wallet/shops", params={"place": "Atlantide"})
        assert unknown.status_code == 422 and "shop-result" not in unknown.text
        assert "我们不认识巴黎的这个地方" in unknown.text
        assert 'value="Atlantide"' in unknown.text


async def _paid_by_page(app: FastAPI, runtime: Runtime, world: TourismWorld, client: httpx.AsyncClient) -> str:
    """The tourist pays the shop's order QR from the wallet's pages; the answer is the "payment done" page."""
    code = await transact(
        runtime,
        partial(
            payments.create_order_qr,
            principal=world.shop_member.principal,
            pos_id=world.shop.point_of_sale_id,
            amount=Money.parse("42.50", "EUR"),
            request_id="page-pay",
            secret=SECRET,
            site_url=SITE,
        ),
    )
    token = code.url.rsplit("/", 1)[1]
    pay = await client.get(f"/wallet/pay/{token}")
    done = await client.post(
        f"/wallet/pay/{token}",
        data={"quote_id": field_value(pay.text, "quote_id"), "csrf_token": _token(pay.text, f"/wallet/pay/{token}")},
    )
    assert done.status_code == 200 and 'data-testid="paid"' in done.text
    return done.text


async def test_after_paying_the_tourist_follows_the_brand_only_with_both_consents(
    app: FastAPI, runtime: Runtime, world: TourismWorld
) -> None:
    tourist = world.orders.payments.tourist
    async with _client(app) as client:
        await _sign_in(client, tourist)
        done = await _paid_by_page(app, runtime, world, client)
        offer = re.search(
            r'<a class="[^"]*" href="(/wallet/follow/(\w+))" data-testid="after-payment-offer">([^<]+)</a>', done
        )
        assert offer is not None
        href, payment_id, text = offer.groups()
        assert text == "关注 光之屋"
        action = href

        page = await client.get(href)
        assert page.status_code == 200 and "卢浮宫药房" in page.text
        assert 'name="follow" value="yes" data-testid="consent-follow">' in page.text  # not ticked
        assert 'name="transfer" value="yes" data-testid="consent-transfer">' in page.text
        assert "个人信息出境" in page.text and "《个人信息保护法》第三十九条" in page.text
        token = _token(page.text, action)

        for ticked in ({"follow": "yes"}, {"transfer": "yes"}, {}):
            refused = await client.post(action, data={**ticked, "csrf_token": token})
            assert refused.status_code == 422
            assert "请勾选两项同意" in refused.text and 'data-testid="follow-form"' in refused.text
        forged = await client.post(action, data={"follow": "yes", "transfer": "yes", "csrf_token": "forged"})
        assert forged.status_code == 400
        assert await _consents(runtime, tourist.id) == []

        followed = await client.post(action, data={"follow": "yes", "transfer": "yes", "csrf_token": token})
        assert followed.status_code == 303 and followed.headers["location"] == f"{action}?done=followed"
        shown = await client.get(followed.headers["location"])
        assert 'data-testid="following"' in shown.text and 'href="/wallet/brands"' in shown.text
        assert "follow-form" not in shown.text
        consents = await _consents(runtime, tourist.id)
        assert sorted(c.purpose.value for c in consents) == ["follow_brand", "transfer_to_china"]
        payment = await transact(runtime, partial(payments.in_store_payment, payment_id=payment_id))
        assert payment is not None
        assert await offer_to_follow(runtime, tourist.id, payment) is None  # followed already: no offer


async def test_another_tourists_payment_is_not_found_and_leaks_nothing(
    app: FastAPI, runtime: Runtime, world: TourismWorld
) -> None:
    paid = await pay_in_shop(runtime, world, "20.00")
    other = world.orders.payments.other_tourist
    async with _client(app) as client:
        await _sign_in(client, other)
        for path in (f"/wallet/follow/{paid.id}", "/wallet/follow/pay_nothing_here"):
            page = await client.get(path)
            assert page.status_code == 404 and "这笔付款不是您的购物记录" in page.text
            assert "卢浮宫药房" not in page.text and "Pharmacie" not in page.text and "光之屋" not in page.text
        token = _token((await client.get("/wallet/brands")).text, "/wallet/sign-out")
        posted = await client.post(
            f"/wallet/follow/{paid.id}", data={"follow": "yes", "transfer": "yes", "csrf_token": token}
        )
        assert posted.status_code == 404 and "光之屋" not in posted.text
    assert await _consents(runtime, other.id) == []
    assert await _consents(runtime, world.tourist) == []
    assert await offer_to_follow(runtime, other.id, paid) is None


async def test_followed_brands_link_to_their_store_and_unfollow(
    app: FastAPI, runtime: Runtime, world: TourismWorld
) -> None:
    tourist = world.orders.payments.tourist
    paid = await pay_in_shop(runtime, world, "20.00")
    async with _client(app) as client:
        await _sign_in(client, tourist)
        empty = await client.get("/wallet/brands")
        assert empty.status_code == 200 and 'data-testid="no-brands"' in empty.text
        assert 'href="/wallet/shops"' in empty.text
        assert (await _follow(client, paid.id)).status_code == 303
        page = await client.get("/wallet/brands")
        assert re.findall(r'data-testid="followed-brand" data-brand="(\w+)"', page.text) == [world.brand_id]
        assert f'href="/shop/stores/{world.orders.brand_store.slug}"' in page.text
        # Back home, the Chinese storefront shows the followed brand first, to this tourist only.
        home = await client.get("/shop")
        panel = home.text.split('data-testid="followed-brands"', 1)
        assert (
            len(panel) == 2
            and f'href="/shop/stores/{world.orders.brand_store.slug}"' in panel[1].split("</section>")[0]
        )
        async with _client(app) as stranger:
            assert 'data-testid="followed-brands"' not in (await stranger.get("/shop")).text
        action = f"/wallet/brands/{world.brand_id}/unfollow"
        forged = await client.post(action, data={"csrf_token": "forged"})
        assert forged.status_code == 303
        assert len(await transact(runtime, partial(tourism.followed_brands, holder_id=tourist.id))) == 1
        gone = await client.post(action, data={"csrf_token": _token(page.text, action)})
        assert gone.status_code == 303 and gone.headers["location"] == "/wallet/brands?done=unfollowed"
        assert 'data-testid="no-brands"' in (await client.get(gone.headers["location"])).text
        assert 'data-testid="followed-brands"' not in (await client.get("/shop")).text
    assert await transact(runtime, partial(tourism.followed_brands, holder_id=tourist.id)) == []
    assert all(c.withdrawn_at is not None for c in await _consents(runtime, tourist.id))


async def test_a_consent_is_withdrawn_and_another_tourists_consent_is_not_found(
    app: FastAPI, runtime: Runtime, world: TourismWorld
) -> None:
    tourist = world.orders.payments.tourist
    paid = await pay_in_shop(runtime, world, "20.00")
    async with _client(app, FR) as client:
        await _sign_in(client, tourist)
        assert 'data-testid="no-consents"' in (await client.get("/wallet/privacy")).text
        await _follow(client, paid.id)
        page = await client.get("/wallet/privacy")
        assert page.text.count('data-testid="consent"') == 2 and page.text.count('data-testid="withdraw"') == 2
        assert "art. 39" in page.text and "光之屋" in page.text
        transfer = next(c for c in await _consents(runtime, tourist.id) if c.purpose.value == "transfer_to_china")
        action = f"/wallet/privacy/consents/{transfer.id}/withdraw"
        forged = await client.post(action, data={"csrf_token": "forged"})
        assert forged.status_code == 400
        assert all(c.withdrawn_at is None for c in await _consents(runtime, tourist.id))
        done = await client.post(action, data={"csrf_token": _token(page.text, action)})
        assert done.status_code == 303 and done.headers["location"] == "/wallet/privacy?done=withdrawn"
        after = await client.get(done.headers["location"])
        assert after.text.count('data-testid="withdrawn"') == 1 and after.text.count('data-testid="withdraw"') == 1
    assert await transact(runtime, partial(tourism.followed_brands, holder_id=tourist.id)) == []
    other = world.orders.payments.other_tourist
    async with _client(app) as stranger:
        await _sign_in(stranger, other)
        token = _token((await stranger.get("/wallet/privacy")).text, "/wallet/sign-out")
        refused = await stranger.post(action, data={"csrf_token": token})
        assert refused.status_code == 404 and "此同意不存在" in refused.text


async def test_the_data_download_and_its_erasure_twice(app: FastAPI, runtime: Runtime, world: TourismWorld) -> None:
    tourist = world.orders.payments.tourist
    paid = await pay_in_shop(runtime, world, "42.50")
    async with _client(app) as client:
        await _sign_in(client, tourist)
        await _follow(client, paid.id)
        download = await client.get("/wallet/privacy/export.json")
        assert download.status_code == 200 and download.headers["content-type"] == "application/json"
        assert download.headers["content-disposition"] == 'attachment; filename="comptoir-my-data.json"'
        data = json.loads(download.content)
        assert data["format"] == tourism.EXPORT_FORMAT
        assert data["wallet"] == {"id": tourist.id, "display_name": "王芳", "phone": tourist.phone}
        assert [(v["payment_id"], v["shop"], v["amount"]) for v in data["visits"]] == [
            (paid.id, "Pharmacie du Louvre", {"currency": "EUR", "value": "42.50"})
        ]
        assert sorted(c["purpose"] for c in data["consents"]) == ["follow_brand", "transfer_to_china"]
        assert [f["brand"] for f in data["follows"]] == ["光之屋"] and data["attributed_orders"] == []

        page = await client.get("/wallet/privacy")
        # The tourist is told, before erasing, that what is left in the wallet is not paid back.
        left = await transact(runtime, partial(payments.wallet_balance, holder_id=tourist.id))
        assert left.balance.minor > 0
        assert 'data-testid="erase-balance"' in page.text and "您的钱包中还有" in page.text
        token = _token(page.text, "/wallet/privacy/erase")
        unconfirmed = await client.post("/wallet/privacy/erase", data={"csrf_token": token})
        assert unconfirmed.status_code == 422 and "请勾选确认" in unconfirmed.text
        forged = await client.post("/wallet/privacy/erase", data={"confirm": "yes", "csrf_token": "forged"})
        assert forged.status_code == 400
        assert len(await _consents(runtime, tourist.id)) == 2

        stale = client.cookies[WALLET_COOKIE]
        erased = await client.post("/wallet/privacy/erase", data={"confirm": "yes", "csrf_token": token})
        assert erased.status_code == 200
        counts = dict(re.findall(r'data-testid="erased-(\w+)">(\d+)<', erased.text))
        assert counts == {"visits": "1", "consents": "2", "follows": "1", "attributions": "0"}
        assert re.search(rf"{WALLET_COOKIE}=\"?\"?;", erased.headers["set-cookie"])
        assert WALLET_COOKIE not in client.cookies

        client.cookies.set(WALLET_COOKIE, stale, domain="comptoir.test")
        again = await client.post("/wallet/privacy/erase", data={"confirm": "yes", "csrf_token": token})
        assert again.status_code == 409 and "此人的数据已被删除" in again.text
        for path in ("/wallet/privacy", "/wallet/brands", "/wallet/privacy/export.json", f"/wallet/follow/{paid.id}"):
            client.cookies.set(WALLET_COOKIE, stale, domain="comptoir.test")
            answer = await client.get(path)
            assert answer.status_code == 409 and "此人的数据已被删除" in answer.text, path
    assert await _consents(runtime, tourist.id) == []
    visit = await transact(runtime, partial(tourism.visit_of_payment, payment_id=paid.id))
    assert visit is not None and visit.holder_id is None
