"""A payments world for tests: the identity world with a shop, a brand's till run by its partner, FX rates,
and a tourist's topped-up wallet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from comptoir import ledger, payments, pricing
from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import Member, World, build_world, member

#: EUR/CNY 7.8600 every day of the tests' calendar (the frozen clock starts on 2026-01-01).
RATE = "7.8600"


@dataclass
class PaymentsWorld:
    identity: World
    shop: Member
    shop_till: payments.PointOfSale  # the shop's own till
    brand_till: payments.PointOfSale  # the brand's boutique, run by its partner
    tourist: payments.WalletHolder
    other_tourist: payments.WalletHolder


async def load_rates(runtime: Runtime) -> None:
    start = runtime.clock.now().date() - timedelta(days=2)
    text = "date,base,quote,rate\n" + "".join(f"{start + timedelta(days=d)},EUR,CNY,{RATE}\n" for d in range(400))
    await transact(runtime, partial(pricing.load_rates, rows=pricing.parse_rates(text)))


async def open_wallet(runtime: Runtime, name: str, phone: str, *, cny: str = "0") -> payments.WalletHolder:
    holder = await transact(
        runtime,
        partial(
            payments.open_wallet,
            settings=runtime.settings,
            display_name=name,
            phone=phone,
            password="mot de passe long",
        ),
    )
    if cny != "0":
        await transact(
            runtime,
            partial(
                payments.top_up,
                holder_id=holder.id,
                amount=Money.parse(cny, "CNY"),
                request_id="first",
                bank_reference="ICBC 0001",
            ),
        )
    return holder


async def build_payments_world(
    runtime: Runtime, *, partner_scopes: tuple[str, ...] = ("content", "payments")
) -> PaymentsWorld:
    world = await build_world(runtime, partner_scopes=partner_scopes)
    await load_rates(runtime)
    shop = await member(runtime, OrganisationKind.SHOP, "Pharmacie du Louvre", "shop@example.com")
    shop_till = await transact(runtime, partial(payments.open_point_of_sale, principal=shop.principal, name="Caisse 1"))
    brand_till = await transact(
        runtime,
        partial(
            payments.open_point_of_sale,
            principal=world.brand.principal,
            name="Boutique Saint-Honoré",
            operator_partner_id=world.partner.id,
        ),
    )
    tourist = await open_wallet(runtime, "王芳", "+8613800000001", cny="5000.00")
    other = await open_wallet(runtime, "李雷", "+8613800000002", cny="100.00")
    return PaymentsWorld(world, shop, shop_till, brand_till, tourist, other)


async def assert_ledger_clean(runtime: Runtime) -> None:
    report = await transact(runtime, ledger.verify)
    assert report.ok, report.violations
