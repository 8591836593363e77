"""No organisation reads or changes another's data, through any route of the assembled app.

The walk is generic: it takes every route of ``create_app(...)`` as it is assembled today
(other capabilities' routes included, as they arrive), fills each path parameter with an id
that belongs to *another* organisation (``FOREIGN_VALUES``), builds a valid body from the
route's own schema, and calls it as each role: a brand by session and by API key, a partner
with a delegation from a different brand, a small merchant, and nobody at all.

- A route with a foreign id in its path must answer 401, 403, 404, 405 or 422 — never 2xx/3xx
  (a moved address is judged where it leads).
- Any route must never answer 5xx, and no answer may contain the foreign organisation's
  private values (its id, name, profile text, delegation and key ids).
- Afterwards the foreign organisation's data is exactly as it was.
- The platform operator sees across tenants by design; its walk only proves nothing 500s.

A route whose path parameter the walk cannot fill is skipped with a reason (under CI it fails); to cover it, add
to ``FOREIGN_SETUPS`` a step that creates the foreign organisation's object through your
capability's public services (store its id in ``world.extra``) and map the parameter in
``FOREIGN_VALUES``. A route open to everyone must be listed in ``PUBLIC``.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image

from comptoir import catalog, ledger, localization, payments, tourism
from comptoir.identity import services as identity
from comptoir.identity.services import SESSION_COOKIE
from comptoir.kernel.money import Money
from comptoir.kernel.outbox import OutboxWorker
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact
from comptoir.web import subscribe_all
from comptoir.web.app import create_app
from tests.integration.identity.world import World, build_world
from tests.integration.payments.world import load_rates, open_wallet

from .conftest import BASE

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

#: Routes anyone may call (method, path); they hold no organisation's data.
PUBLIC = {
    ("GET", "/"),
    ("GET", "/healthz"),
    ("GET", "/favicon.ico"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/signup"),
    ("POST", "/signup"),
    ("GET", "/signup/confirm"),
    ("POST", "/signup/confirm"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/docs"),
    ("GET", "/docs/oauth2-redirect"),
    # The Chinese storefront and what a visitor needs to start listing: only what is published.
    ("GET", "/shop"),
    ("GET", "/shop/search"),
    ("GET", "/zh/search"),
    ("GET", "/api/v1/storefront/products"),
    ("GET", "/api/v1/storefront/fr/products"),  # the French storefront: Chinese sellers' published products
    ("GET", "/api/v1/catalog/pavilions"),
    ("GET", "/api/v1/catalog/hs-codes"),
    ("GET", "/catalog/hs-suggestions"),
    # The tourist's wallet is a realm of its own (a signed wallet cookie, not an organisation's session):
    # without it these pages send the visitor to the wallet's sign-in, and they hold no organisation's data.
    ("GET", "/wallet"),
    ("GET", "/wallet/sign-in"),
    ("POST", "/wallet/sign-in"),
    ("GET", "/wallet/sign-up"),
    ("POST", "/wallet/sign-up"),
    ("POST", "/wallet/sign-out"),
    ("POST", "/wallet/top-up"),
    ("GET", "/wallet/code"),
    # The buyer's cart, checkout and orders belong to the same realm (the wallet cookie): without it they send
    # the visitor to the wallet's sign-in. tests/e2e/orders proves one buyer cannot reach another's.
    ("GET", "/shop/cart"),
    ("POST", "/shop/cart/lines"),
    ("POST", "/shop/cart/coupon"),
    ("GET", "/shop/checkout"),
    ("POST", "/shop/checkout/identity"),
    ("POST", "/shop/checkout/delivery"),
    ("POST", "/shop/checkout/pay"),
    ("GET", "/shop/orders"),
    # The French storefront: Chinese sellers' published products, and the French consumer's cart, checkout and
    # orders in the same wallet realm (tests/e2e/orders/test_boutique_pages.py proves one buyer cannot reach
    # another's).
    ("GET", "/boutique"),
    ("GET", "/boutique/cart"),
    ("POST", "/boutique/cart/lines"),
    ("GET", "/boutique/checkout"),
    ("POST", "/boutique/checkout/delivery"),
    ("POST", "/boutique/checkout/place"),
    ("GET", "/boutique/orders"),
    # Finding shops that accept the wallet: anyone (a tourist on a phone) searches near a place; only what shops
    # chose to show tourists (name, address, hours, category) is answered, and the brands shops may name.
    ("GET", "/api/v1/tourism/shops/nearby"),
    ("GET", "/api/v1/tourism/places"),
    ("GET", "/api/v1/tourism/brands"),
    # The same search on the tourist's phone, and the tourist's own pages in the wallet realm (followed brands,
    # consents, their data and its erasure): without a wallet cookie these lead to the wallet's sign-in.
    # tests/e2e/tourism/test_tourist_pages.py proves one tourist cannot reach another's.
    ("GET", "/wallet/shops"),
    ("GET", "/wallet/brands"),
    ("GET", "/wallet/privacy"),
    ("GET", "/wallet/privacy/export.json"),
    ("POST", "/wallet/privacy/erase"),
}

#: Storefront routes anyone may call that take an id in their path. They are walked like the others with the
#: foreign organisation's ids, and must show nothing it has not published: its product is a draft, so its
#: page, its photo and its API answer are refused. A store page and a category list are public by nature
#: (True): they may answer 200, and still must not leak the foreign organisation's private values.
OPEN_WITH_IDS: dict[tuple[str, str], bool] = {
    ("GET", "/shop/stores/{slug}"): True,
    ("GET", "/shop/categories/{category}"): True,
    ("GET", "/shop/products/{product_id}"): False,
    ("GET", "/api/v1/storefront/products/{product_id}"): False,
    ("GET", "/api/v1/storefront/fr/products/{product_id}"): False,
    ("GET", "/media/{media_id}"): False,
    # What a tourist's phone opens from a scanned QR: an order's token or a shop's printed entry code. They are
    # for wallet holders, not organisations; without a wallet cookie they lead to the wallet's sign-in.
    ("GET", "/wallet/pay/{token}"): True,
    ("POST", "/wallet/pay/{token}"): True,
    ("GET", "/wallet/shop/{entry_code}"): True,
    ("POST", "/wallet/shop/{entry_code}"): True,
    ("POST", "/wallet/shop/{entry_code}/pay"): True,
    # A buyer's cart line and order pages: wallet holders', never an organisation's; without a wallet cookie
    # they lead to the wallet's sign-in and show nothing.
    ("POST", "/shop/cart/lines/{sku_id}"): True,
    ("GET", "/shop/orders/{order_id}"): True,
    ("POST", "/shop/orders/{order_id}/cancel"): True,
    # The buyer's parcel tracking page: found from the buyer's own order, so it leads to the wallet's sign-in.
    ("GET", "/shop/orders/{order_id}/tracking"): True,
    # The French storefront: a seller store's page and a category are public by nature; the foreign brand's
    # store is not a seller store and its draft product is on no storefront, so both are not found. The buyer's
    # pages lead to the wallet's sign-in.
    ("GET", "/boutique/stores/{slug}"): False,
    ("GET", "/boutique/categories/{category}"): True,
    ("GET", "/boutique/products/{product_id}"): False,
    ("POST", "/boutique/cart/lines/{sku_id}"): True,
    ("GET", "/boutique/orders/{order_id}"): True,
    ("POST", "/boutique/orders/{order_id}/cancel"): True,
    ("GET", "/boutique/checkouts/{checkout_id}"): True,
    ("POST", "/boutique/checkouts/{checkout_id}/pay"): True,
    # Following a brand after paying in its shop: the tourist's own payment, in the wallet realm; without a wallet
    # cookie it leads to the wallet's sign-in. A foreign brand's consents and follows are tourists', never an
    # organisation's.
    ("GET", "/wallet/follow/{payment_id}"): True,
    ("POST", "/wallet/follow/{payment_id}"): True,
    ("POST", "/wallet/brands/{brand_org_id}/unfollow"): True,
    ("POST", "/wallet/privacy/consents/{consent_id}/withdraw"): True,
}

#: Values for path parameters, taken from the *foreign* organisation's side of the world:
#: the Bordeaux estate, its own partner (the Lyon one), its delegation and its API key.
FOREIGN_VALUES: dict[str, Callable[[World], str]] = {
    "brand_id": lambda w: w.other_brand.id,
    "organisation_id": lambda w: w.other_brand.id,
    "partner_id": lambda w: w.other_partner.id,
    "delegation_id": lambda w: w.other_delegation.id,
    "key_id": lambda w: w.extra["other_key_id"],
    "account_id": lambda w: w.extra["other_wallet_id"],
    # The old API keys address forwards whatever follows it; a foreign key's revocation path.
    "rest": lambda w: f"{w.extra['other_key_id']}/revoke",
    # The foreign brand's store and its draft product (with a SKU, a photo and an open translation job).
    "store_id": lambda w: w.extra["other_store_id"],
    "slug": lambda w: w.extra["other_store_slug"],
    "product_id": lambda w: w.extra["other_product_id"],
    "sku": lambda w: "MED-2019",
    "media_id": lambda w: w.extra["other_media_id"],
    "category": lambda w: "food_wine",
    "job_id": lambda w: w.extra["other_job_id"],
    "term_id": lambda w: w.extra["other_term_id"],
    # The foreign brand's till, a payment taken there, its webhook endpoint and a delivery to it.
    "pos_id": lambda w: w.extra["other_pos_id"],
    "payment_id": lambda w: w.extra["other_payment_id"],
    "endpoint_id": lambda w: w.extra["other_endpoint_id"],
    "delivery_id": lambda w: w.extra["other_delivery_id"],
    # Payout batches are the operator's alone: any batch id is refused to the brand.
    "batch_id": lambda w: "pob_01JD3Q5X7Z8K9M2N4P6R8T0V2W",
    # A scanned order QR's token (none of the foreign till's) and the foreign till's printed entry code.
    "token": lambda w: "0" * 36,
    "entry_code": lambda w: w.extra["other_entry_code"],
    # The foreign brand's SKU (its product is a draft: no cart may hold it). Carts, checkouts and orders are
    # buyers' (wallet holders'), never an organisation's: any of them is refused to every role walked here;
    # tests/e2e/orders prove one buyer cannot reach another's.
    "sku_id": lambda w: w.extra["other_sku_id"],
    "cart_id": lambda w: "crt_01JD3Q5X7Z8K9M2N4P6R8T0V2W",
    "checkout_id": lambda w: "chk_01JD3Q5X7Z8K9M2N4P6R8T0V2W",
    "order_id": lambda w: "ord_01JD3Q5X7Z8K9M2N4P6R8T0V2W",
    # Shipments are logistics operators' (none of the roles walked here is one): any shipment id is refused;
    # tests/e2e/logistics prove one operator cannot reach another's.
    "shipment_id": lambda w: "shp_01JD3Q5X7Z8K9M2N4P6R8T0V2W",
    # Tracked parcels are carriers' (logistics operators', none of the roles walked here): any parcel is refused;
    # tests/e2e/logistics prove one carrier cannot reach another's.
    "parcel": lambda w: "RR473124829GB",
    # The foreign brand's own shop, signed up to accept the wallet: its statistics are the brand's alone.
    "shop_id": lambda w: w.extra["other_shop_id"],
    # A tourist follows a brand and gives consents; none of the roles walked here is a tourist.
    "brand_org_id": lambda w: w.other_brand.id,
    "consent_id": lambda w: "cns_01JD3Q5X7Z8K9M2N4P6R8T0V2W",
}


async def _foreign_wallet(runtime: Runtime, world: World) -> None:
    """The foreign brand's ledger account, funded by one transfer, so its balances are private data."""
    wallet, bank = f"acc-wallet-{world.other_brand.id}", f"acc-bank-{world.other_brand.id}"
    await transact(
        runtime,
        lambda uow: ledger.open_accounts(
            uow,
            [
                ledger.NewAccount(id=wallet, currency="EUR", owner=world.other_brand.id, kind="wallet"),
                ledger.NewAccount(id=bank, currency="EUR", owner=world.other_brand.id, kind="bank"),
            ],
        ),
    )
    await transact(
        runtime,
        lambda uow: ledger.post_transfers(
            uow,
            [
                ledger.Transfer(
                    id=f"trf-{world.other_brand.id}",
                    debit_account=bank,
                    credit_account=wallet,
                    amount=4242,
                    currency="EUR",
                )
            ],
        ),
    )
    world.extra["other_wallet_id"] = wallet


async def _foreign_catalog(runtime: Runtime, world: World) -> None:
    """The foreign brand's store, a draft product in it with a SKU and a photo, its open translation job (the
    Lyon partner runs the store), and a term of the brand's glossary."""
    owner = world.other_brand.principal
    store = await transact(
        runtime,
        lambda uow: catalog.open_brand_store(
            uow, owner, brand_id=world.other_brand.id, name="Vignes de Listrac", description_fr="Cave du domaine."
        ),
    )
    draft = catalog.ProductDraft(
        title_fr="Cuvée secrète 2019",
        description_fr="Secret de famille Lestage : assemblage non publié.",
        category="food_wine",
        hs_code="22042100",
        variants=[catalog.VariantDraft(sku="MED-2019", price_eur="31.00", stock=12)],
    )
    made = await transact(runtime, lambda uow: catalog.create_product(uow, owner, store_id=store.id, draft=draft))
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 20, 40)).save(out, format="PNG")
    shown = await transact(runtime, lambda uow: catalog.add_photo(uow, owner, product_id=made.id, data=out.getvalue()))
    await transact(runtime, lambda uow: catalog.submit_for_translation(uow, owner, product_id=made.id))
    job = await localization.open_job_for(runtime, product_id=made.id)
    assert job is not None
    term = localization.SeedTerm(fr="Listrac", zh="利斯塔克", brand_org_id=world.other_brand.id)
    await transact(runtime, lambda uow: localization.seed_glossary(uow, terms=[term]))
    terms, _ = await transact(
        runtime, lambda uow: localization.glossary_terms(uow, owner, brand_id=world.other_brand.id)
    )
    world.extra.update(
        other_store_id=store.id,
        other_store_slug=store.slug,
        other_product_id=made.id,
        other_media_id=shown.media[0].id,
        other_sku_id=made.variants[0].id,
        other_job_id=job.id,
        other_term_id=next(t.id for t in terms if t.fr == "Listrac"),
    )


async def _foreign_payments(runtime: Runtime, world: World) -> None:
    """The foreign brand's till, a tourist's payment there by payment code, and its webhook endpoint with the
    delivery of that payment."""
    owner = world.other_brand.principal
    await load_rates(runtime)
    till = await transact(runtime, partial(payments.open_point_of_sale, principal=owner, name="Chai de Listrac"))
    holder = await open_wallet(runtime, "张伟", "+8613900000009", cny="800.00")
    code = await transact(runtime, partial(payments.issue_payment_code, holder_id=holder.id))
    endpoint = await transact(
        runtime,
        partial(
            payments.register_endpoint,
            principal=owner,
            url="https://hooks.listrac.example/comptoir",
            event_types=["payment.succeeded"],
        ),
    )
    paid = await payments.charge_payment_code(
        runtime,
        payments.wallet_networks(runtime)["builtin"],
        owner,
        pos_id=till.id,
        amount=Money.parse("20.00", "EUR"),
        code=code.code,
        request_id="listrac-1",
    )
    subscribe_all(runtime)
    await OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock).run_once()
    deliveries = await transact(
        runtime, partial(payments.deliveries_of, principal=owner, endpoint_id=endpoint.endpoint.id)
    )
    world.extra.update(
        other_pos_id=till.id,
        other_entry_code=till.entry_code,
        other_payment_id=paid.id,
        other_endpoint_id=endpoint.endpoint.id,
        other_delivery_id=deliveries[0].id,
    )


async def _foreign_tourism(runtime: Runtime, world: World) -> None:
    """The foreign brand's own shop in Paris, signed up to accept the wallet (its till and IBAN with it)."""
    form = tourism.ShopForm(
        name="Chai de Listrac à Paris",
        category="food_wine",
        street="Rue de Rivoli",
        house_number="99",
        postcode="75001",
        iban="FR7630006000011234567890189",
        iban_holder="Vignes de Listrac",
        latitude="48.860600",
        longitude="2.337600",
    )
    shop = await transact(runtime, partial(tourism.sign_up_shop, principal=world.other_brand.principal, form=form))
    world.extra["other_shop_id"] = shop.id


#: Steps that give the foreign organisation (``world.other_brand``) objects of other capabilities.
FOREIGN_SETUPS: list[Callable[[Runtime, World], Awaitable[None]]] = [
    _foreign_wallet,
    _foreign_catalog,
    _foreign_payments,
    _foreign_tourism,
]
#: Ids of a given prefix inside request bodies (e.g. ``partner_id`` of a grant).
FOREIGN_BY_PREFIX: dict[str, Callable[[World], str]] = {
    "org": lambda w: w.other_partner.id,
    "dlg": lambda w: w.other_delegation.id,
    "key": lambda w: w.extra["other_key_id"],
}


@dataclass(frozen=True)
class Walkable:
    method: str
    path: str
    path_params: tuple[str, ...]
    has_form_body: bool

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def _flat_routes(app: FastAPI) -> Iterator[Any]:
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            yield from contexts()
        else:
            yield route


def walkable_routes(app: FastAPI) -> list[Walkable]:
    """Every (method, path) of the app with its path parameters; mounts (static files) are left out."""
    found = []
    for route in _flat_routes(app):
        methods = sorted(set(getattr(route, "methods", None) or ()) - {"HEAD", "OPTIONS"})
        dependant = getattr(route, "dependant", None)
        params = tuple(re.findall(r"{(\w+)(?::\w+)?}", getattr(route, "path", "")))
        form = bool(dependant and any(type(p.field_info).__name__ == "Form" for p in dependant.body_params))
        found.extend(Walkable(m, route.path, params, form) for m in methods)
    return found


def _collection_app() -> FastAPI:
    # Only the route table is read at collection time; nothing connects to this database.
    settings = Settings(environment="test", database_url="sqlite:///:memory:")
    return create_app(Runtime.from_settings(settings))


ROUTES = walkable_routes(_collection_app())


def _unfillable(route: Walkable) -> list[str]:
    return [p for p in route.path_params if p not in FOREIGN_VALUES]


@pytest.mark.parametrize("route", ROUTES, ids=[r.label for r in ROUTES])
def test_every_route_is_either_public_or_walked(route: Walkable) -> None:
    missing = _unfillable(route)
    if missing:
        reason = f"{route.label}: no foreign value for {missing}; add it to FOREIGN_VALUES so the walk covers it"
        if IN_CI:
            pytest.fail(reason)  # under CI a route the walk cannot fill is a hole in the proof, not a skip
        pytest.skip(reason)
    walked = (route.method, route.path) not in PUBLIC
    assert walked or not route.path_params, f"{route.label} takes ids yet is listed as public"
    assert (route.method, route.path) not in OPEN_WITH_IDS or route.path_params, f"{route.label} takes no id"


# -- request bodies from the route's own schema ----------------------------------------------------

_STRING_CANDIDATES = ("x" * 12, "EUR", "1.00", "fr", "2026-01-01", "2026-01-01T00:00:00Z", "content", "HGH")


def _example(schema: dict[str, Any], components: dict[str, Any], world: World, depth: int = 0) -> Any:
    if depth > 8:
        return None
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components, world, depth + 1)
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            options = [s for s in schema[combinator] if s.get("type") != "null"] or schema[combinator]
            return _example(options[0], components, world, depth + 1)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = _example(part, components, world, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        required = set(schema.get("required", ()))
        props = schema.get("properties", {})
        return {k: _example(v, components, world, depth + 1) for k, v in props.items() if k in required}
    if kind == "array":
        item = _example(schema.get("items", {}), components, world, depth + 1)
        return [item] * max(1, int(schema.get("minItems", 1)))
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1) if "maximum" not in schema else int(schema.get("minimum", 0))
    if kind == "number":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    if kind == "string":
        pattern = schema.get("pattern")
        if pattern:
            prefix = re.match(r"\^(\w+)_", pattern)
            if prefix and prefix.group(1) in FOREIGN_BY_PREFIX:
                return FOREIGN_BY_PREFIX[prefix.group(1)](world)
            for candidate in _STRING_CANDIDATES:
                if re.search(pattern, candidate):
                    return candidate
        if schema.get("format") == "date-time":
            return "2026-01-01T00:00:00Z"
        return "x" * max(int(schema.get("minLength", 1)), 3)
    return {}


def _json_body(openapi: dict[str, Any], route: Walkable, world: World) -> Any:
    operation = openapi.get("paths", {}).get(route.path, {}).get(route.method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    return _example(schema, openapi.get("components", {}).get("schemas", {}), world)


# -- the walk ----------------------------------------------------------------------------------------


@dataclass
class Role:
    name: str
    headers: dict[str, str]
    cookies: dict[str, str]
    csrf: str | None


def _session_role(name: str, token: str, csrf: str | None) -> Role:
    return Role(name, {"X-CSRF-Token": csrf or ""}, {SESSION_COOKIE: token}, csrf)


def _foreign_markers(world: World) -> list[str]:
    return [
        world.other_brand.id,
        world.other_brand.organisation.name,
        "Secret de famille Lestage",
        world.other_delegation.id,
        world.extra["other_key_id"],
        world.extra["other_key_prefix"],
        world.extra["other_wallet_id"],
    ]


async def _snapshot(runtime: Runtime, world: World) -> dict[str, Any]:
    owner = world.other_brand.principal
    profile = await transact(runtime, lambda uow: identity.brand_profile(uow, owner, brand_id=world.other_brand.id))
    delegation = await transact(
        runtime, lambda uow: identity.delegation(uow, owner, delegation_id=world.other_delegation.id)
    )
    keys = await transact(runtime, lambda uow: identity.api_keys_of(uow, owner))
    log, _ = await transact(runtime, lambda uow: identity.audit_log(uow, owner, limit=100))
    partner = [
        p for p in await transact(runtime, identity.accredited_partners) if p.organisation_id == world.other_partner.id
    ]
    product = await transact(
        runtime, lambda uow: catalog.product(uow, owner, product_id=world.extra["other_product_id"])
    )
    store = await transact(runtime, lambda uow: catalog.store(uow, store_id=world.extra["other_store_id"]))
    terms, _ = await transact(
        runtime, lambda uow: localization.glossary_terms(uow, owner, brand_id=world.other_brand.id)
    )
    return {
        "product": product,
        "store": store,
        "terms": terms,
        "profile": profile,
        "delegation": (delegation.status, delegation.scopes),
        "keys": [(k.id, k.revoked_at) for k in keys],
        "log": [e.id for e in log],
        "partner": [(p.status, p.terms) for p in partner],
    }


async def _call(
    client: httpx.AsyncClient, app: FastAPI, role: Role, route: Walkable, world: World
) -> tuple[httpx.Response, str]:
    """The answer, and what the caller itself sent (ids it sent may be echoed back, e.g. in ``instance``)."""
    path = route.path
    for name in route.path_params:
        path = re.sub(r"\{" + name + r"(?::\w+)?\}", FOREIGN_VALUES[name](world), path)
    kwargs: dict[str, Any] = {"headers": dict(role.headers)}
    if route.method in ("POST", "PUT", "PATCH", "DELETE"):
        if route.has_form_body or not path.startswith("/api/"):
            kwargs["data"] = {"csrf_token": role.csrf or ""}
        else:
            body = _json_body(app.openapi(), route, world)
            if body is not None:
                kwargs["json"] = body
    client.cookies.clear()
    for name, value in role.cookies.items():
        client.cookies.set(name, value, domain="comptoir.test")
    sent = path + repr(kwargs.get("json")) + repr(kwargs.get("data"))
    response = await client.request(route.method, path, **kwargs)
    location = response.headers.get("location", "")
    if response.status_code in (307, 308) and location.startswith("/"):
        # A moved address keeps its method and body: what counts is the answer where it leads.
        response = await client.request(route.method, location, **kwargs)
    return response, sent


@pytest.fixture
async def walk_world(runtime: Runtime) -> World:
    world = await build_world(runtime)
    key = await transact(
        runtime, lambda uow: identity.create_api_key(uow, world.other_brand.principal, name="bordeaux erp")
    )
    world.extra["other_key_id"] = key.key.id
    world.extra["other_key_prefix"] = key.key.prefix
    own = await transact(runtime, lambda uow: identity.create_api_key(uow, world.brand.principal, name="paris erp"))
    world.extra["brand_key"] = own.secret
    for setup in FOREIGN_SETUPS:
        await setup(runtime, world)
    return world


async def test_no_organisation_reads_or_changes_another_organisations_data(runtime: Runtime, walk_world: World) -> None:
    world = walk_world
    app = create_app(runtime)
    before = await _snapshot(runtime, world)
    roles = [
        _session_role("brand (session)", world.brand.token, world.brand.principal.csrf_token),
        Role("brand (api key)", {"Authorization": f"Bearer {world.extra['brand_key']}"}, {}, None),
        _session_role("partner of another brand", world.partner.token, world.partner.principal.csrf_token),
        _session_role("small merchant", world.merchant.token, world.merchant.principal.csrf_token),
        Role("anonymous", {}, {}, None),
    ]
    markers = _foreign_markers(world)
    problems: list[str] = []
    walked = 0
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
        for route in ROUTES:
            if _unfillable(route) or (route.method, route.path) in PUBLIC:
                continue
            for role in roles:
                response, sent = await _call(client, app, role, route, world)
                walked += 1
                where = f"{role.name}: {route.label} -> {response.status_code}"
                if response.status_code >= 500:
                    problems.append(f"{where} (server error)")
                elif (route.method, route.path) in OPEN_WITH_IDS:
                    if not OPEN_WITH_IDS[(route.method, route.path)] and response.status_code != 404:
                        problems.append(f"{where} (the foreign draft is shown)")
                elif role.name == "anonymous" and response.status_code != 401:
                    problems.append(f"{where} (anonymous caller not refused)")
                elif route.path_params and response.status_code not in (401, 403, 404, 405, 422):
                    problems.append(f"{where} (foreign id accepted)")
                leaked = [m for m in markers if m in response.text and m not in sent]
                if leaked:
                    problems.append(f"{where} leaks {leaked}")
    assert problems == [], "\n".join(problems)
    assert walked >= 5 * 30  # every identity route at least, as each role
    assert await _snapshot(runtime, world) == before

    # The platform operator sees across organisations by design; none of its calls may fail with a 5xx.
    operator = _session_role("platform operator", world.operator.token, world.operator.principal.csrf_token)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
        for route in ROUTES:
            if _unfillable(route) or (route.method, route.path) in PUBLIC:
                continue
            response, _ = await _call(client, app, operator, route, world)
            assert response.status_code < 500, f"platform operator: {route.label} -> {response.status_code}"
