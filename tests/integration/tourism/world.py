"""A tourism world for tests: the orders world (a brand store on the Chinese storefront, a tourist who is also
its buyer) with the Paris shop that sells the brand signed up to accept the wallet, and helpers to pay there,
order online and run the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from comptoir import orders, payments, tourism
from comptoir.kernel.money import Money
from comptoir.kernel.outbox import OutboxWorker
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.web import subscribe_all
from tests.integration.identity.world import Member, member
from tests.integration.orders.world import OrdersWorld, build_orders_world

SECRET = "test-secret"
SITE = "http://shop.test"
IBAN = "FR7630006000011234567890189"


@dataclass
class TourismWorld:
    orders: OrdersWorld
    shop: tourism.AcceptingShop  # "Pharmacie du Louvre", rue de Rivoli, sells the brand
    shop_member: Member
    other_shop: tourism.AcceptingShop  # another shop, selling no brand
    other_member: Member

    @property
    def tourist(self) -> str:
        return self.orders.buyer

    @property
    def brand_id(self) -> str:
        return self.orders.payments.identity.brand.id


def shop_form(name: str, **changes: object) -> tourism.ShopForm:
    values: dict[str, object] = {
        "name": name,
        "category": "pharmacy",
        "street": "Rue de Rivoli",
        "house_number": "99",
        "postcode": "75001",
        "iban": IBAN,
        "iban_holder": name,
        "latitude": "48.860600",
        "longitude": "2.337600",
        "hours": "Mo-Sa 10:00-19:00",
    }
    values.update(changes)
    return tourism.ShopForm(**values)  # type: ignore[arg-type]


async def drain(runtime: Runtime) -> None:
    worker = OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock)
    while await worker.run_once():
        pass


async def build_tourism_world(runtime: Runtime) -> TourismWorld:
    subscribe_all(runtime)
    w = await build_orders_world(runtime)
    pw = w.payments
    shop = await transact(
        runtime,
        partial(
            tourism.sign_up_shop,
            principal=pw.shop.principal,
            form=shop_form("Pharmacie du Louvre", brand_org_id=pw.identity.brand.id, name_zh="卢浮宫药房"),
        ),
    )
    other_member = await member(runtime, OrganisationKind.SHOP, "Souvenirs de Paris", "souvenirs@example.com")
    other = await transact(
        runtime,
        partial(
            tourism.sign_up_shop,
            principal=other_member.principal,
            form=shop_form("Souvenirs de Paris", category="souvenirs", latitude="48.853000", longitude="2.349900"),
        ),
    )
    await drain(runtime)
    return TourismWorld(w, shop, pw.shop, other, other_member)


async def pay_in_shop(
    runtime: Runtime,
    w: TourismWorld,
    amount: str,
    *,
    holder_id: str | None = None,
    request_id: str = "r1",
    shop: tourism.AcceptingShop | None = None,
    principal: Principal | None = None,
) -> payments.Payment:
    """The tourist pays ``amount`` EUR at the shop's till by scanning its order QR; the outbox records the visit."""
    shop = shop or w.shop
    holder = holder_id or w.tourist
    code = await transact(
        runtime,
        partial(
            payments.create_order_qr,
            principal=principal or w.shop_member.principal,
            pos_id=shop.point_of_sale_id,
            amount=Money.parse(amount, "EUR"),
            request_id=request_id,
            secret=SECRET,
            site_url=SITE,
        ),
    )
    token = code.url.rsplit("/", 1)[1]
    view = await transact(runtime, partial(payments.open_order_code, holder_id=holder, token=token))
    paid = await transact(
        runtime, partial(payments.confirm_order_code, holder_id=holder, token=token, quote_id=view.quote.id)
    )
    await drain(runtime)
    return paid


async def order_online(runtime: Runtime, w: TourismWorld, *, quantity: int = 1) -> orders.Order:
    """The tourist buys the brand's perfume on the Chinese storefront and pays from the wallet."""
    o = w.orders
    cart = await transact(runtime, partial(orders.open_cart, holder_id=o.buyer, market="CN"))
    await transact(
        runtime,
        partial(
            orders.set_line, holder_id=o.buyer, cart_id=cart.id, sku_id=o.perfume.variants[0].id, quantity=quantity
        ),
    )

    async def quote(uow: UnitOfWork) -> None:
        found = await orders.cart(uow, holder_id=o.buyer, cart_id=cart.id, lock=True)
        await orders.quote_cart(uow, cart=found, vault=o.vault, engines=o.engines)

    await transact(runtime, quote)
    done = await transact(
        runtime,
        partial(orders.checkout, holder_id=o.buyer, cart_id=cart.id, vault=o.vault, engines=o.engines, pay=True),
    )
    await drain(runtime)
    return done.orders[0]
