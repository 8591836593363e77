"""The shop's, the brand's and the operator's tourism pages over ASGI, on SQLite and PostgreSQL, in French,
English and Chinese: a shop signs up through the form (a refusal comes back by field with the form as typed and
nothing saved), then sees its entry code, its till and its statistics; a brand reads its attributed sales and
sets its window; only the operator reads the cashless-Paris dashboard."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import partial

import httpx
import pytest

from comptoir import payments, tourism
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.forms import field_error, field_value
from tests.e2e.identity.conftest import ClientFactory
from tests.integration.identity.world import Member, member, signed_in
from tests.integration.tourism.world import IBAN, TourismWorld, build_tourism_world, order_online, pay_in_shop

LANGUAGES = {
    "fr": {"accept": "text/html", "accept-language": "fr"},
    "en": {"accept": "text/html", "accept-language": "en"},
    "zh-Hans": {"accept": "text/html", "accept-language": "zh-CN"},
}
FR = LANGUAGES["fr"]


def as_member(m: Member, client_for: ClientFactory) -> httpx.AsyncClient:
    return client_for(session=m.token, csrf=m.principal.csrf_token)


def shown(page: str, name: str) -> str:
    found = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', page)
    assert found, f"no {name} in the page"
    return found.group(1).strip()


async def signed_in_again(runtime: Runtime, m: Member, client_for: ClientFactory) -> httpx.AsyncClient:
    """A new session (the first one ran out while the clock moved on by days)."""
    principal, token = await signed_in(runtime, m.email)
    return client_for(session=token, csrf=principal.csrf_token)


@pytest.fixture
async def world(runtime: Runtime) -> TourismWorld:
    return await build_tourism_world(runtime)


def sign_up_form(csrf: str, **changes: str) -> dict[str, str]:
    values = {
        "csrf_token": csrf,
        "name": "Maison Nouvelle",
        "name_zh": "新店",
        "category": "cosmetics",
        "street": "Rue de Rivoli",
        "house_number": "99",
        "postcode": "75001",
        "city": "Paris",
        "latitude": "48.860600",
        "longitude": "2.337600",
        "brand": "",
        "hours": "Mo-Sa 10:00-19:00",
        "iban": IBAN,
        "iban_holder": "Maison Nouvelle",
    }
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("language", "heading", "hours_help"),
    [
        ("fr", "Accepter le portefeuille des touristes chinois", "Jours Mo Tu We Th Fr Sa Su"),
        ("en", "Accept the Chinese tourists' wallet", "Days Mo Tu We Th Fr Sa Su"),
        ("zh-Hans", "接受中国游客的钱包支付", "星期写作 Mo Tu We Th Fr Sa Su"),
    ],
)
async def test_the_sign_up_form_renders_in_each_language_with_the_map_and_the_brands(
    runtime: Runtime, world: TourismWorld, client_for: ClientFactory, language: str, heading: str, hours_help: str
) -> None:
    newcomer = await member(runtime, OrganisationKind.SHOP, "Maison Nouvelle", "nouvelle@example.com")
    page = await as_member(newcomer, client_for).get("/tourism/shop", headers=LANGUAGES[language])
    assert page.status_code == 200, page.text
    assert f'<html lang="{language}"' in page.text
    assert heading in page.text.replace("&#39;", "'") and hours_help in page.text
    assert 'data-testid="sign-up-form"' in page.text and 'data-testid="pin-map"' in page.text
    assert page.text.count("<path ") == 20 and 'data-x-scale="' in page.text
    assert f'<option value="{world.orders.brand_store.slug}">' in page.text
    assert world.brand_id not in page.text  # the form names a brand by its store, never by its organisation's id
    assert '<datalist id="streets">' in page.text


async def test_a_shop_signs_up_through_the_form_and_sees_its_entry_code_till_and_statistics(
    runtime: Runtime, world: TourismWorld, client_for: ClientFactory
) -> None:
    newcomer = await member(runtime, OrganisationKind.SHOP, "Maison Nouvelle", "nouvelle@example.com")
    client = as_member(newcomer, client_for)
    form = sign_up_form(newcomer.principal.csrf_token or "", brand=world.orders.brand_store.slug)
    done = await client.post("/tourism/shop", data=form, headers=FR)
    assert (done.status_code, done.headers["location"]) == (303, "/tourism/shop?done=signed-up"), done.text
    shop = await transact(runtime, partial(tourism.my_shop, principal=newcomer.principal))
    assert shop is not None and shop.brand_org_id == world.brand_id and shop.arrondissement == 1
    page = await client.get(done.headers["location"], headers=FR)
    assert page.status_code == 200
    assert shown(page.text, "entry-code") == shop.entry_code
    assert f'href="/till/{shop.point_of_sale_id}/entry-code"' in page.text
    assert f'href="/till/{shop.point_of_sale_id}"' in page.text
    assert shown(page.text, "stat-payments") == "0" and 'data-testid="profile-form"' in page.text
    assert field_value(page.text, "name", form="/tourism/shop/profile") == "Maison Nouvelle"

    saved = await client.post(
        "/tourism/shop/profile",
        data={k: v for k, v in sign_up_form(newcomer.principal.csrf_token or "", hours="Mo-Su 09:00-21:00").items()},
        headers=FR,
    )
    assert (saved.status_code, saved.headers["location"]) == (303, "/tourism/shop?done=saved")
    after = await transact(runtime, partial(tourism.my_shop, principal=newcomer.principal))
    assert after is not None and after.hours.text == "Mo-Su 09:00-21:00" and after.brand_org_id is None


@pytest.mark.parametrize(
    ("language", "changes", "field", "sentence"),
    [
        ("fr", {"postcode": "7500"}, "postcode", "Le code postal compte cinq chiffres, comme 75001."),
        ("zh-Hans", {"postcode": "7500"}, "postcode", "邮编为五位数字，例如 75001。"),
        ("fr", {"hours": "Mo-Sa 25:00-19:00"}, "hours", "Écrivez les horaires comme « Mo-Sa 10:00-19:00; Su off »"),
        ("fr", {"name": "   "}, "name", "Indiquez le nom de la boutique, sur une ligne (120 caractères au plus)."),
        ("fr", {"brand": "no-such-store"}, "brand", "Choisissez une marque dans la liste, ou aucune."),
        (
            "en",
            {"latitude": "", "longitude": "", "street": "Rue qui n'existe pas"},
            "street",
            "This address is not in our table of Paris streets.",
        ),
        (
            "en",
            {"latitude": "51.507400", "longitude": "-0.127800"},
            "latitude",
            "These coordinates are outside France.",
        ),
        ("fr", {"iban": "FR7630006000011234567890188"}, "iban", "Ce compte bancaire ne peut pas recevoir"),
    ],
)
async def test_a_refused_sign_up_comes_back_by_field_with_the_form_as_typed_and_nothing_saved(
    runtime: Runtime, client_for: ClientFactory, language: str, changes: dict[str, str], field: str, sentence: str
) -> None:
    newcomer = await member(runtime, OrganisationKind.SHOP, "Maison Nouvelle", "nouvelle@example.com")
    client = as_member(newcomer, client_for)
    refused = await client.post(
        "/tourism/shop", data=sign_up_form(newcomer.principal.csrf_token or "", **changes), headers=LANGUAGES[language]
    )
    assert refused.status_code == 422, refused.text
    assert sentence in field_error(refused.text, field)
    assert field_value(refused.text, "name", form="/tourism/shop") == changes.get("name", "Maison Nouvelle")
    assert field_value(refused.text, "name_zh", form="/tourism/shop") == "新店"
    assert field_value(refused.text, "hours", form="/tourism/shop") == changes.get("hours", "Mo-Sa 10:00-19:00")
    assert field_value(refused.text, "postcode", form="/tourism/shop") == changes.get("postcode", "75001")
    assert '<option value="cosmetics" selected>' in refused.text
    assert await transact(runtime, partial(tourism.my_shop, principal=newcomer.principal)) is None
    assert await transact(runtime, partial(payments.tills_of, principal=newcomer.principal)) == []


async def test_the_pages_are_refused_to_those_they_are_not_for(world: TourismWorld, client_for: ClientFactory) -> None:
    identity = world.orders.payments.identity
    partner = as_member(identity.partner, client_for)
    assert (await partner.get("/tourism/shop", headers=FR)).status_code == 403
    assert (await partner.get("/tourism/attribution", headers=FR)).status_code == 403
    brand = as_member(identity.brand, client_for)
    refused = await brand.get("/tourism/cashless-paris", headers=FR)
    assert refused.status_code == 403
    other = as_member(world.other_member, client_for)
    window = await other.post(
        "/tourism/attribution/window",
        data={"days": "30", "csrf_token": world.other_member.principal.csrf_token or ""},
        headers=FR,
    )
    assert window.status_code == 403
    assert (await client_for().get("/tourism/shop", headers=FR)).status_code in (303, 401)


@pytest.mark.parametrize(
    ("language", "empty"),
    [
        ("fr", "Aucune commande en ligne n’a encore été attribuée"),
        ("en", "No online order has been attributed to a shop visit yet."),
        ("zh-Hans", "还没有归因到门店到访的线上订单"),
    ],
)
async def test_the_attribution_page_says_when_nothing_is_attributed_yet(
    world: TourismWorld, client_for: ClientFactory, language: str, empty: str
) -> None:
    brand = as_member(world.orders.payments.identity.brand, client_for)
    page = await brand.get("/tourism/attribution", headers=LANGUAGES[language])
    assert page.status_code == 200, page.text
    assert shown(page.text, "attributed-total") == "0" and 'data-testid="attributed-row"' not in page.text
    assert empty in page.text and 'data-testid="window-form"' in page.text
    assert field_value(page.text, "days", form="/tourism/attribution/window") == "180"


async def test_a_brand_and_its_shop_read_the_attributed_sale_and_the_brand_sets_its_window(
    runtime: Runtime, world: TourismWorld, client_for: ClientFactory, clock: FrozenClock
) -> None:
    paid = await pay_in_shop(runtime, world, "42.50")
    await transact(
        runtime, partial(tourism.follow_brand, holder_id=world.tourist, payment_id=paid.id, follow=True, transfer=True)
    )
    clock.advance(timedelta(days=12))
    await order_online(runtime, world)
    brand = await signed_in_again(runtime, world.orders.payments.identity.brand, client_for)
    page = await brand.get("/tourism/attribution", headers=FR)
    assert shown(page.text, "attributed-total") == "1"
    rows = re.findall(r'<tr data-testid="attributed-row"><td>[^<]*</td><td>([^<]*)</td>', page.text)
    assert rows == ["Pharmacie du Louvre"]
    assert shown(page.text, "mean-delay") == "12 jours" and 'data-testid="chart-delays"' in page.text
    shop = await signed_in_again(runtime, world.shop_member, client_for)
    own = await shop.get("/tourism/attribution", headers=FR)
    assert shown(own.text, "attributed-total") == "1" and 'data-testid="window-form"' not in own.text
    stats = await shop.get("/tourism/shop", headers=FR)
    assert shown(stats.text, "stat-attributed-orders") == "1" and shown(stats.text, "stat-payments") == "1"
    assert 'data-testid="chart-payments"' in stats.text and '<desc id="chart-payments-desc">' in stats.text

    token = brand.headers["X-CSRF-Token"]
    refused = await brand.post("/tourism/attribution/window", data={"days": "0", "csrf_token": token}, headers=FR)
    assert refused.status_code == 422
    assert shown(refused.text, "days-error") == "La fenêtre compte un nombre entier de jours, de 1 à 730."
    assert field_value(refused.text, "days", form="/tourism/attribution/window") == "0"
    saved = await brand.post("/tourism/attribution/window", data={"days": "30", "csrf_token": token}, headers=FR)
    assert (saved.status_code, saved.headers["location"]) == (303, "/tourism/attribution?done=window")
    assert await transact(runtime, partial(tourism.attribution_window, brand_org_id=world.brand_id)) == 30


@pytest.mark.parametrize(
    ("language", "title"),
    [("fr", "Paris sans espèces"), ("en", "Cashless Paris"), ("zh-Hans", "无现金巴黎")],
)
async def test_the_operator_reads_the_cashless_paris_dashboard_in_each_language(
    runtime: Runtime, world: TourismWorld, client_for: ClientFactory, language: str, title: str
) -> None:
    await pay_in_shop(runtime, world, "42.50")
    operator = as_member(world.orders.payments.identity.operator, client_for)
    page = await operator.get("/tourism/cashless-paris", params={"days": 30}, headers=LANGUAGES[language])
    assert page.status_code == 200, page.text
    assert f"<h1>{title}</h1>" in page.text
    assert shown(page.text, "shops-total") == "2"
    assert page.text.count('data-testid="arrondissement-row"') == 20
    assert 'data-testid="paris-map"' in page.text and page.text.count("<circle ") >= 2
    assert 'aria-current="page" data-testid="period-30"' in page.text
    assert shown(page.text, "online-share") == {"fr": "0,0\u00a0%", "en": "0.0%", "zh-Hans": "0.0%"}[language]
