"""The bench's world, built through the services as the tests build theirs, and its statement count."""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from comptoir import catalog, customs, identity, logistics, payments, pricing
from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.statements import StatementCounter
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.orders import services
from comptoir.orders.domain import OrderStatus

DEFAULT_POSTGRESQL_URL = "postgresql://postgres@127.0.0.1:5432/test"
PASSWORD = "bench password, long enough"
#: Each buyer's wallet: more than any one visit costs (the dearest line, taxes and freight, is under 1,500 CNY).
WALLET_CNY = Money.parse("3000.00", "CNY")
#: EUR/CNY of every day around the run.
RATE = "7.8600"
STOCK = 1_000_000
WEB_PROCESSES = 2
SETUP_CONCURRENCY = 8
START_TIMEOUT_S = 90.0
#: Shorter than uvicorn's 5 s keep-alive: a client never sends on a connection the server is closing.
KEEPALIVE_S = 2.0
DRAIN_TIMEOUT_S = 60.0

#: sku, French title, HS code, category, price (EUR), net content (ml), Chinese title.
PRODUCTS = (
    ("PARF-50", "Eau de parfum Lumière", "33030000", "cosmetics_skincare", "95.00", 50, "光之香水"),
    ("FOUL-01", "Foulard en soie", "62141000", "fashion", "120.00", None, "真丝围巾"),
    ("VIN-BDX-19", "Bordeaux rouge 2019", "22042100", "food_wine", "38.00", 750, "波尔多红葡萄酒 2019"),
    ("CREME-50", "Crème de jour hydratante", "33049900", "cosmetics_skincare", "42.00", 50, "保湿日霜"),
)


#: Buyers of the statement count (one per product warms, one per product is counted), and of the warm-up visits.
SAMPLE = 2 * len(PRODUCTS)
WARMUP = 2 * WEB_PROCESSES


@dataclass(frozen=True)
class BenchPlan:
    checkouts: int = 400
    concurrency: tuple[int, ...] = (8, 32)
    pgbench_seconds: int = 10


@dataclass(frozen=True)
class Buyer:
    holder_id: str
    phone: str
    sku_id: str


@dataclass
class World:
    buyers: list[Buyer]  # the statement count's, the warm-up's, then ``checkouts`` per concurrency
    vault: services.BuyerVault


@dataclass
class Run:
    checkout_latencies: list[float] = field(default_factory=list)
    visit_latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0

    def summary(self, attempted: int) -> dict[str, Any]:
        done = len(self.checkout_latencies)
        return {
            "checkouts_per_s": round(done / self.elapsed, 2) if self.elapsed else 0.0,
            "attempted": attempted,
            "completed": done,
            "elapsed_s": round(self.elapsed, 2),
            "checkout_p50_ms": ms(statistics.median(self.checkout_latencies)) if done else None,
            "checkout_p99_ms": ms(percentile(self.checkout_latencies, 0.99)) if done else None,
            "visit_p50_ms": ms(statistics.median(self.visit_latencies)) if done else None,
            "visit_p99_ms": ms(percentile(self.visit_latencies, 0.99)) if done else None,
            "errors": dict(self.errors),
        }


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def bounded(items: Sequence[Any], concurrency: int, work: Callable[[int, Any], Awaitable[None]]) -> None:
    """``work(slot, item)`` over ``items``, ``concurrency`` at a time; ``slot`` names the one doing it."""
    queue: Iterator[Any] = iter(items)

    async def worker(slot: int) -> None:
        for item in queue:
            await work(slot, item)

    await asyncio.gather(*(worker(slot) for slot in range(concurrency)))


def resident_id(index: int) -> str:
    """A valid resident ID number of its own for buyer ``index``: Shanghai Huangpu, born in the 1980s."""
    from stdnum.cn import ric

    born = date(1980, 1, 1) + timedelta(days=index // 999)
    body = f"310101{born:%Y%m%d}{index % 999 + 1:03d}"
    return body + ric.calc_check_digit(body + "0")


# --- the world ---------------------------------------------------------------------------------------------


def network_document() -> dict[str, Any]:
    """Paris CDG to Shanghai: the cargo flight, CBEC clearance at Pudong, the truck and the last mile to CN-31."""
    import airportsdata

    airports = airportsdata.load("IATA")

    def hub(code: str, kind: str, name: str, near: str) -> dict[str, Any]:
        airport = airports[near]
        return {
            "code": code,
            "name": name,
            "country": airport["country"],
            "tz": airport["tz"],
            "kind": kind,
            "lat": airport["lat"],
            "lon": airport["lon"],
        }

    validity = {"valid_from": "2026-01-01", "valid_to": "2027-12-31"}
    every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    return {
        "hubs": [
            hub("CDG", "gateway", airports["CDG"]["name"], "CDG"),
            hub("PVG", "gateway", airports["PVG"]["name"], "PVG"),
            hub("CNSHA", "delivery_station", "Shanghai delivery station", "SHA"),
        ],
        "services": [
            {
                "id": "CDG-PVG",
                "mode": "air",
                "from": "CDG",
                "to": "PVG",
                "days": ["tue", "thu", "sat"],
                "departs": "13:00",
                "duration_minutes": 700,
                "cutoff_minutes": 180,
                "ready_minutes": 120,
                "capacity_kg": 100000,
                "cost_per_kg": {"currency": "EUR", "value": "1.70"},
                **validity,
            },
            {
                "id": "PVG-CNSHA",
                "mode": "road",
                "from": "PVG",
                "to": "CNSHA",
                "days": every_day,
                "departs": "06:00",
                "duration_minutes": 90,
                "cutoff_minutes": 60,
                "ready_minutes": 90,
                "capacity_kg": 15000,
                "cost_per_kg": {"currency": "EUR", "value": "0.12"},
                **validity,
            },
        ],
        "connections": [],
        "clearance": [{"hub": "PVG", "regime": "CN-CBEC", "minutes_p50": 180, "minutes_p95": 480}],
        "last_mile": [{"hub": "CNSHA", "zone": "CN-31", "days": 1, "cutoff_local": "12:00"}],
    }


async def _member(runtime: Runtime, kind: OrganisationKind, name: str, email: str) -> Principal:
    settings = runtime.settings
    await transact(
        runtime,
        partial(
            identity.open_account,
            kind=kind,
            organisation_name=name,
            email=email,
            password=PASSWORD,
            settings=settings,
        ),
    )
    session = await transact(
        runtime, partial(identity.sign_in, email=email, password=PASSWORD, settings=settings, throttle=runtime.throttle)
    )
    principal = await transact(runtime, partial(identity.principal_for_session, token=session.token))
    assert principal is not None
    return principal


async def _publish(
    runtime: Runtime, operator: Principal, partner: Principal, store_id: str, row: tuple[Any, ...]
) -> str:
    sku, title, hs, category, price, ml, zh = row
    variant = catalog.VariantDraft(
        sku=sku, price_eur=price, stock=STOCK, net_content_value=ml, net_content_unit="ml" if ml else None
    )
    draft = catalog.ProductDraft(
        title_fr=title,
        description_fr=f"{title}, fabriqué en France.",
        category=category,
        hs_code=hs,
        variants=[variant],
    )
    made = await transact(runtime, partial(catalog.create_product, principal=partner, store_id=store_id, draft=draft))
    await transact(runtime, partial(catalog.submit_for_translation, principal=partner, product_id=made.id))
    await transact(
        runtime,
        partial(
            catalog.approve_chinese_content,
            principal=operator,
            product_id=made.id,
            title=zh,
            description=f"{zh}，法国直邮。",
            source_version=1,
        ),
    )
    product = await transact(runtime, partial(catalog.product, principal=partner, product_id=made.id))
    return str(product.variants[0].id)


async def build_world(runtime: Runtime, *, buyers: int, progress: Callable[[str], None]) -> World:
    """The sellers, their products, rates, rules and network, then ``buyers`` buyers ready to check out."""
    settings = runtime.settings
    await transact(
        runtime,
        partial(
            identity.create_platform_operator, email="ops@bench.comptoir.test", password=PASSWORD, settings=settings
        ),
    )
    session = await transact(
        runtime,
        partial(
            identity.sign_in,
            email="ops@bench.comptoir.test",
            password=PASSWORD,
            settings=settings,
            throttle=runtime.throttle,
        ),
    )
    operator = await transact(runtime, partial(identity.principal_for_session, token=session.token))
    assert operator is not None
    partner = await _member(runtime, OrganisationKind.PARTNER, "Hangzhou Xihu Digital", "tp@bench.comptoir.test")
    await transact(
        runtime,
        partial(
            identity.apply_as_partner,
            principal=partner,
            services=["store_setup", "chinese_content", "customer_service"],
            languages=["zh-Hans", "fr"],
            commission_bps=800,
            monthly_fee_minor=150_000,
            monthly_fee_currency="EUR",
            description_zh="天猫国际店铺运营、中文内容与客服。",
            description_fr="Boutique Tmall Global, contenus chinois, service client.",
        ),
    )
    await transact(runtime, partial(identity.accredit_partner, operator=operator, partner_id=partner.organisation_id))
    brand = await _member(runtime, OrganisationKind.BRAND, "Maison Lumière", "owner@bench.comptoir.test")
    await transact(
        runtime,
        partial(
            identity.grant_delegation,
            principal=brand,
            partner_id=partner.organisation_id,
            scopes=["content", "payments", "orders"],
        ),
    )
    store = await transact(
        runtime,
        partial(
            catalog.open_brand_store,
            principal=partner,
            brand_id=brand.organisation_id,
            name="Maison Lumière",
            name_zh="光之屋",
            description_fr="Maison parisienne.",
        ),
    )
    skus = [await _publish(runtime, operator, partner, store.id, row) for row in PRODUCTS]
    start = runtime.clock.now().date() - timedelta(days=2)
    rates = "date,base,quote,rate\n" + "".join(f"{start + timedelta(days=d)},EUR,CNY,{RATE}\n" for d in range(10))
    await transact(runtime, partial(pricing.load_rates, rows=pricing.parse_rates(rates)))
    await transact(runtime, customs.load_rules)
    carrier = await _member(runtime, OrganisationKind.LOGISTICS_OPERATOR, "Bench Cargo", "ops@cargo.comptoir.test")
    await transact(
        runtime,
        partial(
            logistics.import_network,
            principal=None,
            network=network_document(),
            operator_org_id=carrier.organisation_id,
            operator_name="Bench Cargo",
            imported_by="bench",
        ),
    )
    vault = services.BuyerVault.of(settings)
    found: list[Buyer | None] = [None] * buyers
    progress(f"opening {buyers} buyers' wallets, identities and addresses")

    async def one_buyer(_slot: int, index: int) -> None:
        phone = f"+86139{index:08d}"

        async def ready(uow: UnitOfWork) -> str:
            holder = await payments.open_wallet(
                uow, settings=settings, display_name=f"买家 {index}", phone=phone, password=PASSWORD
            )
            await payments.top_up(uow, holder_id=holder.id, amount=WALLET_CNY, request_id="bench", bank_reference="B")
            await services.set_buyer_identity(
                uow, vault=vault, holder_id=holder.id, real_name="王芳", id_number=resident_id(index)
            )
            await services.set_delivery(
                uow,
                vault=vault,
                holder_id=holder.id,
                zone="CN-31",
                address=f"上海市黄浦区南京东路 {index + 1} 号",
                phone=f"139{index:08d}",
            )
            return holder.id

        found[index] = Buyer(await transact(runtime, ready), phone, skus[index % len(skus)])

    await bounded(range(buyers), SETUP_CONCURRENCY, one_buyer)
    return World([b for b in found if b is not None], vault)


# --- statements per checkout -------------------------------------------------------------------------------


async def count_per_checkout(runtime: Runtime, world: World) -> dict[str, Any]:
    """Statements and commits of one paid checkout of each product, in this process (the most of them is the
    figure), each after a first checkout of the same product (which also warms the ledger's chain)."""
    engines = logistics.PromiseEngines.of(runtime.database)

    async def quoted_cart(buyer: Buyer) -> str:
        cart = await transact(runtime, partial(services.open_cart, holder_id=buyer.holder_id, market="CN"))
        await transact(
            runtime,
            partial(services.set_line, holder_id=buyer.holder_id, cart_id=cart.id, sku_id=buyer.sku_id, quantity=1),
        )

        async def quote(uow: UnitOfWork) -> None:
            found = await services.cart(uow, holder_id=buyer.holder_id, cart_id=cart.id, lock=True)
            await services.quote_cart(uow, cart=found, vault=world.vault, engines=engines)

        await transact(runtime, quote)
        return cart.id

    def checkout(buyer: Buyer, cart_id: str) -> Callable[[UnitOfWork], Awaitable[services.Checkout]]:
        return partial(
            services.checkout,
            holder_id=buyer.holder_id,
            cart_id=cart_id,
            vault=world.vault,
            engines=engines,
            pay=True,
        )

    # One checkout of each product first: the first sale of a SKU costs a few statements no later one does.
    warm, sample = world.buyers[: len(PRODUCTS)], world.buyers[len(PRODUCTS) : SAMPLE]
    for buyer in warm:
        await transact(runtime, checkout(buyer, await quoted_cart(buyer)))
    statements: dict[str, int] = {}
    commits = 0
    for buyer, row in zip(sample, PRODUCTS, strict=True):
        cart_id = await quoted_cart(buyer)
        with StatementCounter(runtime.database) as counter:
            done = await transact(runtime, checkout(buyer, cart_id))
        if not done.orders or any(o.status is not OrderStatus.PAID for o in done.orders):
            raise RuntimeError("a sample checkout did not pay its orders")
        statements[row[2]] = counter.statements
        commits = max(commits, counter.commits)
    return {
        "statements_per_checkout": max(statements.values()),
        "statements_per_checkout_by_hs_code": statements,
        "commits_per_checkout": commits,
    }
