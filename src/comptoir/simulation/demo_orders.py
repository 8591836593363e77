"""Demo section: a Chinese buyer's orders from Maison Delaunay's store and the pavilion, so the buyer's order
pages, the brand's and its partner's orders and customs' filings have something true to show.

王芳 (the tourist of the payments section, back home in Shanghai) gives her real name and ID number once
(a specimen number, valid by its check digit), her address, and buys: a paid order from Maison Delaunay's store,
another from a pavilion merchant, and a third left unpaid in her cart's checkout. Each paid order gets its
parcel booked on the demo network (its shipment, plan and label in logistics) and is declared to customs with
that parcel's waybill, as the outbox handler of ``OrderPaid`` does once the server runs. Maison Delaunay grants
its Hangzhou partner the ``orders`` scope, so the partner handles the brand store's orders. Everything goes
through the public services of orders, catalog, customs and identity.
"""

from __future__ import annotations

from functools import partial

from comptoir import catalog, customs, identity, logistics, orders, payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.simulation.demo_payments import TOURISTS, _principal
from comptoir.simulation.logins import DEMO_PASSWORD, DemoLogin

#: A specimen resident ID number (the check digit is right; it names nobody).
SPECIMEN_ID = "11010519491231002X"


async def _grant_orders(runtime: Runtime) -> None:
    brand = await _principal(runtime, "brand@delaunay.demo")
    partner = await _principal(runtime, "tp@xihu.demo")
    for delegation in await transact(runtime, partial(identity.delegations_of, principal=brand, include_revoked=False)):
        if delegation.partner_id == partner.organisation_id:
            await transact(
                runtime,
                partial(
                    identity.change_delegation_scopes,
                    principal=brand,
                    delegation_id=delegation.id,
                    scopes=sorted({*delegation.scopes, "orders"}),
                ),
            )


async def _skus(runtime: Runtime, brand_org_id: str) -> tuple[str, str]:
    """A SKU of the brand's store and one of the pavilion's, as the storefront shows them."""
    cards, _ = await transact(runtime, partial(catalog.storefront_products, limit=100))
    brand_sku = pavilion_sku = None
    cheapest = None
    for card in cards:
        shown = await transact(runtime, partial(catalog.storefront_product, product_id=card.product_id))
        if shown.store.lane != "FR-CN" or not shown.product.variants:
            continue
        sku = shown.product.variants[0].id
        if shown.store.is_pavilion and pavilion_sku is None and shown.product.variants[0].price.minor < 10_000:
            pavilion_sku = sku
        elif shown.store.owner_org_id == brand_org_id:
            price = shown.product.variants[0].price.minor
            if cheapest is None or price < cheapest:
                brand_sku, cheapest = sku, price
    if brand_sku is None or pavilion_sku is None:
        raise RuntimeError("the demo catalog shows no brand-store or pavilion product to order")
    return brand_sku, pavilion_sku


async def _buy(
    runtime: Runtime, vault: orders.BuyerVault, holder: str, lines: list[tuple[str, int]], *, pay: bool
) -> list[str]:
    """Buy ``lines`` (paying from the wallet when ``pay``); the ids of the orders placed."""
    cart = await transact(runtime, partial(orders.open_cart, holder_id=holder, market="CN"))
    for sku_id, quantity in lines:
        await transact(
            runtime, partial(orders.set_line, holder_id=holder, cart_id=cart.id, sku_id=sku_id, quantity=quantity)
        )
    engines = logistics.PromiseEngines.of(runtime.database)

    async def quote(uow: UnitOfWork) -> None:
        found = await orders.cart(uow, holder_id=holder, cart_id=cart.id, lock=True)
        await orders.quote_cart(uow, cart=found, vault=vault, engines=engines)

    await transact(runtime, quote)
    done = await transact(
        runtime, partial(orders.checkout, holder_id=holder, cart_id=cart.id, vault=vault, engines=engines, pay=pay)
    )
    return [order.id for order in done.orders]


async def build(runtime: Runtime) -> list[DemoLogin]:
    await transact(runtime, customs.load_rules)
    await _grant_orders(runtime)
    name, phone, _ = TOURISTS[0]
    holder = await transact(
        runtime, partial(payments.wallet_sign_in, settings=runtime.settings, phone=phone, password=DEMO_PASSWORD)
    )
    vault = orders.BuyerVault.of(runtime.settings)
    # Back in Shanghai she tops her wallet up for the brand's prices.
    await transact(
        runtime,
        partial(
            payments.top_up,
            holder_id=holder.id,
            amount=Money.parse("20000.00", "CNY"),
            request_id="demo-home",
            bank_reference="offline bank",
        ),
    )
    await transact(
        runtime,
        partial(orders.set_buyer_identity, vault=vault, holder_id=holder.id, real_name=name, id_number=SPECIMEN_ID),
    )
    await transact(
        runtime,
        partial(
            orders.set_delivery,
            vault=vault,
            holder_id=holder.id,
            zone="CN-31",
            address="上海市黄浦区南京东路 299 号 1203 室",
            phone="13800000001",
        ),
    )
    brand = await _principal(runtime, "brand@delaunay.demo")
    brand_sku, pavilion_sku = await _skus(runtime, brand.organisation_id)
    paid = await _buy(runtime, vault, holder.id, [(brand_sku, 1)], pay=True)
    paid += await _buy(runtime, vault, holder.id, [(pavilion_sku, 2)], pay=True)
    await _buy(runtime, vault, holder.id, [(brand_sku, 1)], pay=False)
    for order_id in paid:  # what the OrderPaid handler does, now, so the demo's pages show the parcels at once
        await transact(runtime, partial(orders.ship_and_declare, vault=vault, order_id=order_id))
    return []
