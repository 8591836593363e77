"""A French world for tests: a Chinese seller's store on the French storefront (lane CN-FR) with three
products, customs rules loaded, and two French consumers with a Paris delivery address. The clock is set
to a day when the EU flat duty per subheading is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from comptoir import catalog, customs, orders
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics import PromiseEngines
from tests.integration.identity.world import Member, member
from tests.integration.orders.world import draft
from tests.integration.payments.world import open_wallet


@dataclass
class FrenchWorld:
    seller: Member
    store: catalog.Store
    earbuds: catalog.Product  # 25.00 EUR, 85183000
    cushion: catalog.Product  # 12.00 EUR, 63049300
    phone: catalog.Product  # 189.00 EUR, 85171300: over the IOSS ceiling
    buyer: str
    other_buyer: str
    vault: orders.BuyerVault
    engines: PromiseEngines


async def _list(runtime: Runtime, seller: Member, store_id: str, d: catalog.ProductDraft) -> catalog.Product:
    return await transact(
        runtime, lambda uow: catalog.create_product(uow, seller.principal, store_id=store_id, draft=d)
    )


async def build_french_world(runtime: Runtime, clock: FrozenClock) -> FrenchWorld:
    clock.set(datetime(2026, 9, 14, 9, 0, tzinfo=UTC))  # the flat EU duty per subheading is in force
    seller = await member(runtime, OrganisationKind.SELLER, "Hangzhou Sound Co.", "seller@example.cn")
    store = await transact(
        runtime,
        lambda uow: catalog.open_seller_store(
            uow, seller.principal, name="Hangzhou Sound", name_zh="杭州声学", description_fr="Audio et maison."
        ),
    )
    earbuds = await _list(
        runtime,
        seller,
        store.id,
        draft(
            "EAR-01",
            title="Écouteurs sans fil",
            hs="85183000",
            category="hightech_accessories",
            price="25.00",
            stock=50,
        ),
    )
    cushion = await _list(
        runtime,
        seller,
        store.id,
        draft("CUS-01", title="Housse de coussin", hs="63049300", category="home_decoration", price="12.00", stock=30),
    )
    phone = await _list(
        runtime,
        seller,
        store.id,
        draft("PHO-01", title="Téléphone 5G", hs="85171300", category="phones", price="189.00", stock=5),
    )
    await transact(runtime, customs.load_rules)
    buyer = await open_wallet(runtime, "Claire Martin", "+33612345678")
    other = await open_wallet(runtime, "Paul Durand", "+33698765432")
    vault = orders.BuyerVault.of(runtime.settings)
    for holder in (buyer, other):
        await transact(
            runtime,
            partial(
                orders.set_delivery,
                vault=vault,
                holder_id=holder.id,
                zone="FR-75",
                address="12 rue de Rivoli, 75004 Paris",
                phone="+33612345678",
            ),
        )
    return FrenchWorld(
        seller, store, earbuds, cushion, phone, buyer.id, other.id, vault, PromiseEngines.of(runtime.database)
    )
