"""``comptoir bench checkout``: paid cross-border checkouts per second over HTTP, against pgbench on the same server.

Everything runs on scratch storage made for the run and dropped after it, whatever happens (Ctrl-C too): a
database ``comptoir_checkbench_<pid>`` (and ``comptoir_checkpgbench_<pid>`` for pgbench) on the server of
``--database-url``. pgbench's TPC-B-like run comes first, at each concurrency, before anything else loads
the server. The world is then built through the services, as the tests build theirs: the platform
operator, a brand and its accredited partner running the brand's store with published products under
several HS codes (perfume with its net content, a silk scarf, wine, a face cream) and stock that never runs
out, FX rates around today, the customs rules, a logistics network from Paris CDG to Shanghai so that every
quote carries a promised date, and one buyer per checkout: a topped-up CNY wallet, a real name with a valid
resident ID number of their own (each person has their own yearly CBEC allowance) and a Shanghai address.

Then ``comptoir serve`` runs as two web processes (``--no-worker``) and one ``comptoir worker``, on the
scratch database. Every buyer signs in once, before the clock starts (the store API's sign-in throttle
counts per phone number, so it never refuses one). At each concurrency C, C simulated buyers at a time,
alternately on the two web processes, each over keep-alive HTTP, make one visit each: open a cart, put a
line, ask for the quote, check out with ``{"pay": true}`` and an ``Idempotency-Key``. A checkout counts when
it answers 201 with every order paid; anything else is an error, counted by step, status and code, and makes
the command fail once the figures are printed. Before the first run, each web process serves two visits
that are not timed (its first requests load what it keeps: the network's timetable, the templates).

SQL statements and commits per checkout are counted in this process on one checkout of each product (each
after a first one of the same product), as the statement-count test does: they depend on the code, not the
machine. At the end the outbox is given time to drain, the paid orders in the database are counted
against the checkouts answered, and the ledger's chain is sealed and verified (``ledger_clean``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import text
from sqlalchemy.engine import make_url

from comptoir import catalog, customs, identity, ledger, logistics, payments, pricing
from comptoir.kernel import pgbench, schema
from comptoir.kernel.commands import BAD_INPUT, fail
from comptoir.kernel.database import Database
from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
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
_SETUP_CONCURRENCY = 8
_START_TIMEOUT_S = 90.0
#: Shorter than uvicorn's 5 s keep-alive: a client never sends on a connection the server is closing.
_KEEPALIVE_S = 2.0
_DRAIN_TIMEOUT_S = 60.0

#: sku, French title, HS code, category, price (EUR), net content (ml), Chinese title.
PRODUCTS = (
    ("PARF-50", "Eau de parfum Lumière", "33030000", "cosmetics_skincare", "95.00", 50, "光之香水"),
    ("FOUL-01", "Foulard en soie", "62141000", "fashion", "120.00", None, "真丝围巾"),
    ("VIN-BDX-19", "Bordeaux rouge 2019", "22042100", "food_wine", "38.00", 750, "波尔多红葡萄酒 2019"),
    ("CREME-50", "Crème de jour hydratante", "33049900", "cosmetics_skincare", "42.00", 50, "保湿日霜"),
)


#: Buyers of the statement count (one per product warms, one per product is counted), and of the warm-up visits.
_SAMPLE = 2 * len(PRODUCTS)
_WARMUP = 2 * WEB_PROCESSES


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
            "checkout_p50_ms": _ms(statistics.median(self.checkout_latencies)) if done else None,
            "checkout_p99_ms": _ms(_percentile(self.checkout_latencies, 0.99)) if done else None,
            "visit_p50_ms": _ms(statistics.median(self.visit_latencies)) if done else None,
            "visit_p99_ms": _ms(_percentile(self.visit_latencies, 0.99)) if done else None,
            "errors": dict(self.errors),
        }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _bounded(items: Sequence[Any], concurrency: int, work: Callable[[int, Any], Awaitable[None]]) -> None:
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

    await _bounded(range(buyers), _SETUP_CONCURRENCY, one_buyer)
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
    warm, sample = world.buyers[: len(PRODUCTS)], world.buyers[len(PRODUCTS) : _SAMPLE]
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


# --- the server --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Servers:
    """``comptoir serve --no-worker`` twice and ``comptoir worker`` once, on the scratch database.

    :meth:`stop` ends them (SIGINT, then SIGKILL after a while); it may be called any number of times.
    """

    def __init__(self, url: str, data_dir: Path, secret_key: str) -> None:
        self.url = url
        self.data_dir = data_dir
        self.secret_key = secret_key
        self.ports: list[int] = []
        self.web: list[subprocess.Popen[bytes]] = []
        self.worker: subprocess.Popen[bytes] | None = None
        self._logs: list[Path] = []

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COMPTOIR_")}
        env.update(
            COMPTOIR_DATABASE_URL=self.url,
            COMPTOIR_SECRET_KEY=self.secret_key,
            COMPTOIR_DATA_DIR=str(self.data_dir),
            COMPTOIR_ENVIRONMENT="development",
            COMPTOIR_RUN_WORKER_IN_PROCESS="false",
        )
        return env

    def _spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = self.data_dir / f"{name}.log"
        self._logs.append(log)
        with log.open("wb") as sink:
            return subprocess.Popen(
                [sys.executable, "-m", "comptoir.cli.main", *args],
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )

    def start(self) -> None:
        for n in range(WEB_PROCESSES):
            port = _free_port()
            self.ports.append(port)
            self.web.append(
                self._spawn(f"web{n + 1}", "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port))
            )
        self.worker = self._spawn("worker", "worker")

    async def wait_until_ready(self, client_of: Callable[[int], Any]) -> None:
        deadline = time.monotonic() + _START_TIMEOUT_S
        for n, port in enumerate(self.ports):
            while True:
                self.check_alive()
                with contextlib.suppress(Exception):
                    if (await client_of(port).get("/healthz")).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"web process {n + 1} did not answer /healthz: {self.log_tail(n)}")
                await asyncio.sleep(0.2)

    def check_alive(self) -> None:
        for n, process in enumerate([*self.web, self.worker]):
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"a server process stopped (exit {process.returncode}): {self.log_tail(n)}")

    def log_tail(self, n: int) -> str:
        try:
            return self._logs[n].read_text(errors="replace")[-600:].strip()
        except (OSError, IndexError):
            return ""

    def peak_rss_mb(self) -> dict[str, float | None]:
        """VmHWM of each process: the most resident memory it has held since it started."""
        named = {f"web{n + 1}": p for n, p in enumerate(self.web)}
        if self.worker is not None:
            named["worker"] = self.worker
        return {name: _vm_hwm_mb(p.pid) for name, p in named.items()}

    def stop(self) -> None:
        """SIGINT (uvicorn's graceful stop), then SIGTERM, then SIGKILL to whatever still runs."""
        for sent, grace in ((signal.SIGINT, 8.0), (signal.SIGTERM, 4.0), (signal.SIGKILL, 4.0)):
            running = [p for p in [*self.web, self.worker] if p is not None and p.poll() is None]
            for process in running:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(sent)
            deadline = time.monotonic() + grace
            for process in running:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


# --- the timed runs ----------------------------------------------------------------------------------------


def _error_key(step: str, response: Any) -> str:
    code = None
    with contextlib.suppress(Exception):
        code = response.json().get("code")
    return f"{step} {response.status_code} {code or ''}".strip()


async def sign_in_all(clients: Callable[[int, int], Any], ports: Sequence[int], buyers: Sequence[Buyer]) -> list[str]:
    """Each buyer's store token, signed in once on the web process the buyer will use."""
    tokens: list[str] = [""] * len(buyers)
    failures: Counter[str] = Counter()

    async def one(slot: int, index: int) -> None:
        client = clients(slot, ports[index % len(ports)])
        answer = await client.post("/api/v1/store/sessions", json={"phone": buyers[index].phone, "password": PASSWORD})
        if answer.status_code != 201:
            failures[_error_key("sign-in", answer)] += 1
            return
        tokens[index] = answer.json()["token"]

    await _bounded(range(len(buyers)), _SETUP_CONCURRENCY, one)
    if failures:
        raise RuntimeError(f"buyers could not sign in: {dict(failures)}")
    return tokens


async def run_checkouts(
    clients: Callable[[int, int], Any],
    ports: Sequence[int],
    buyers: Sequence[Buyer],
    tokens: Sequence[str],
    *,
    concurrency: int,
    label: str,
) -> Run:
    """One visit per buyer (cart, line, quote, paid checkout), ``concurrency`` buyers at a time."""
    run = Run()

    async def visit(slot: int, index: int) -> None:
        import httpx

        buyer = buyers[index]
        client = clients(slot, ports[index % len(ports)])
        auth = {"Authorization": f"Bearer {tokens[index]}"}
        key = f"{label}-{index}"
        step = "cart"
        started = time.perf_counter()
        try:
            made = await client.post(
                "/api/v1/store/carts", json={"market": "CN"}, headers={**auth, "Idempotency-Key": f"{key}-cart"}
            )
            if made.status_code != 201:
                run.errors[_error_key(step, made)] += 1
                return
            cart_id = made.json()["id"]
            step = "line"
            line = await client.put(
                f"/api/v1/store/carts/{cart_id}/lines/{buyer.sku_id}",
                json={"quantity": 1},
                headers={**auth, "Idempotency-Key": f"{key}-line"},
            )
            if line.status_code != 200:
                run.errors[_error_key(step, line)] += 1
                return
            step = "quote"
            quote = await client.post(
                f"/api/v1/store/carts/{cart_id}/quote", headers={**auth, "Idempotency-Key": f"{key}-quote"}
            )
            if quote.status_code != 200:
                run.errors[_error_key(step, quote)] += 1
                return
            if not quote.json().get("allowed"):
                run.errors["quote refused"] += 1
                return
            step = "checkout"
            paying = time.perf_counter()
            done = await client.post(
                f"/api/v1/store/carts/{cart_id}/checkout",
                json={"pay": True},
                headers={**auth, "Idempotency-Key": f"{key}-checkout"},
            )
            finished = time.perf_counter()
        except httpx.HTTPError as exc:
            run.errors[f"{step} {type(exc).__name__}"] += 1
            return
        if done.status_code != 201:
            run.errors[_error_key(step, done)] += 1
            return
        placed = done.json().get("orders") or []
        if not placed or any(o.get("status") != OrderStatus.PAID.value for o in placed):
            run.errors["checkout 201 not paid"] += 1
            return
        run.checkout_latencies.append(finished - paying)
        run.visit_latencies.append(finished - started)

    started = time.perf_counter()
    await _bounded(range(len(buyers)), concurrency, visit)
    run.elapsed = time.perf_counter() - started
    return run


class Clients:
    """One keep-alive HTTP client per (slot, web process): a simulated buyer's connection to its server."""

    def __init__(self) -> None:
        self._clients: dict[tuple[int, int], Any] = {}

    def __call__(self, slot: int, port: int) -> Any:
        import httpx

        found = self._clients.get((slot, port))
        if found is None:
            found = httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{port}",
                timeout=120.0,
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=_KEEPALIVE_S),
            )
            self._clients[(slot, port)] = found
        return found

    async def close(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()


# --- the whole bench ---------------------------------------------------------------------------------------


async def _outbox(runtime: Runtime) -> dict[str, int]:
    async with runtime.database.connect() as conn:
        rows = await conn.execute(text("SELECT status, count(*) FROM kernel_outbox GROUP BY status"))
        return {str(status): int(n) for status, n in rows}


async def _orders_by_status(runtime: Runtime) -> dict[str, int]:
    async with runtime.database.connect() as conn:
        rows = await conn.execute(text("SELECT status, count(*) FROM orders_orders GROUP BY status"))
        return {str(status): int(n) for status, n in rows}


def _paid(by_status: dict[str, int]) -> int:
    """Orders that were paid: the worker's customs filing moves a paid order into China on to ``declared``."""
    return by_status.get(OrderStatus.PAID.value, 0) + by_status.get(OrderStatus.DECLARED.value, 0)


async def _drain(runtime: Runtime, servers: Servers) -> dict[str, int]:
    """Wait (a while) until the worker has handled every event the checkouts published."""
    deadline = time.monotonic() + _DRAIN_TIMEOUT_S
    while True:
        counts = await _outbox(runtime)
        if not counts.get("pending") or time.monotonic() > deadline:
            return counts
        servers.check_alive()
        await asyncio.sleep(0.5)


async def _measure(
    url: str, data_dir: Path, servers: Servers, plan: BenchPlan, output: dict[str, Any], progress: Callable[[str], None]
) -> None:
    settings = Settings(environment="test", data_dir=data_dir, database_url=url, secret_key=servers.secret_key)
    runtime = Runtime.from_settings(settings)
    await runtime.database.dispose()
    runtime.database = Database(url, pool_size=_SETUP_CONCURRENCY + 2)
    clients = Clients()
    try:
        await schema.upgrade(runtime.database)
        runs = plan.checkouts * len(plan.concurrency)
        world = await build_world(runtime, buyers=_SAMPLE + _WARMUP + runs, progress=progress)
        progress("counting the statements of one checkout")
        output.update(await count_per_checkout(runtime, world))
        progress(f"starting {WEB_PROCESSES} web processes and a worker")
        servers.start()
        await servers.wait_until_ready(lambda port: clients(0, port))
        paid_before = _paid(await _orders_by_status(runtime))
        # Not timed: each web process's first visits load what it keeps (the network's timetable, templates).
        warm = world.buyers[_SAMPLE : _SAMPLE + _WARMUP]
        tokens = await sign_in_all(clients, servers.ports, warm)
        warmed = await run_checkouts(clients, servers.ports, warm, tokens, concurrency=1, label="warm")
        if warmed.errors:
            raise RuntimeError(f"the warm-up checkouts failed: {dict(warmed.errors)}")
        output["warmup_checkouts"] = len(warm)
        first = _SAMPLE + _WARMUP
        for n, c in enumerate(plan.concurrency):
            buyers = world.buyers[first + n * plan.checkouts : first + (n + 1) * plan.checkouts]
            progress(f"signing {len(buyers)} buyers in")
            tokens = await sign_in_all(clients, servers.ports, buyers)
            progress(f"checkouts: {plan.checkouts} buyers, {c} at a time")
            run = await run_checkouts(clients, servers.ports, buyers, tokens, concurrency=c, label=f"c{c}")
            servers.check_alive()
            output["concurrency"][str(c)] = run.summary(len(buyers)) | {"peak_rss_mb": servers.peak_rss_mb()}
        progress("waiting for the worker to handle the checkouts' events")
        output["outbox"] = await _drain(runtime, servers)
        output["peak_rss_mb"] = servers.peak_rss_mb()
        completed = len(warm) + sum(r["completed"] for r in output["concurrency"].values())
        output["orders_by_status"] = await _orders_by_status(runtime)
        output["paid_orders_in_database"] = _paid(output["orders_by_status"]) - paid_before
        output["paid_orders_match"] = output["paid_orders_in_database"] == completed
        await ledger.seal_chain(runtime)
        report = await transact(runtime, ledger.verify)
        output["ledger_clean"] = report.ok
        output["ledger_transfers_checked"] = report.transfers_checked
        if not report.ok:
            output["ledger_violations"] = [v.message for v in report.violations[:5]]
    finally:
        await clients.close()
        servers.stop()
        await runtime.database.dispose()


async def run_bench(
    *, postgresql_url: str, plan: BenchPlan, servers: Servers, progress: Callable[[str], None]
) -> dict[str, Any]:
    """pgbench at each concurrency, then the checkout world, its servers and its runs; one JSON-able object."""
    output: dict[str, Any] = {
        "database": "postgresql",
        "checkouts": plan.checkouts,
        "web_processes": WEB_PROCESSES,
        "workers": 1,
        "concurrency": {},
        "pgbench_tps": {str(c): None for c in plan.concurrency},
        "ledger_clean": False,
    }
    progress(f"pgbench: TPC-B-like for {plan.pgbench_seconds} s at concurrency {plan.concurrency}")
    output.update(
        await pgbench.measure_pgbench(
            postgresql_url,
            scratch_names()[1],
            seconds=plan.pgbench_seconds,
            concurrencies=plan.concurrency,
        )
    )
    scratch = scratch_names()[0]
    await pgbench.pg_admin(postgresql_url, [f'DROP DATABASE IF EXISTS "{scratch}"', f'CREATE DATABASE "{scratch}"'])
    await _measure(pgbench.database_url(postgresql_url, scratch), servers.data_dir, servers, plan, output, progress)
    output["ratio_to_pgbench"] = {
        c: round(output["concurrency"][c]["checkouts_per_s"] / tps, 4) if tps and c in output["concurrency"] else None
        for c, tps in output["pgbench_tps"].items()
    }
    return output


def scratch_names() -> tuple[str, str]:
    """The scratch databases of this run: the bench's and pgbench's."""
    return f"comptoir_checkbench_{os.getpid()}", f"comptoir_checkpgbench_{os.getpid()}"


async def _drop_scratch(postgresql_url: str) -> None:
    await pgbench.pg_admin(
        postgresql_url, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in scratch_names()]
    )


def _concurrencies(value: str) -> tuple[int, ...]:
    try:
        found = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        found = ()
    if not found or any(c < 1 or c > 128 for c in found):
        raise fail("--concurrency is a list of numbers from 1 to 128, e.g. 8,32", BAD_INPUT)
    return found


def _failures(output: dict[str, Any]) -> list[str]:
    found = []
    for c, row in output["concurrency"].items():
        if row["errors"] or row["completed"] != row["attempted"]:
            found.append(f"at concurrency {c}, {row['attempted'] - row['completed']} checkouts failed: {row['errors']}")
    if not output.get("ledger_clean"):
        found.append("the ledger failed verification after the bench")
    if not output.get("paid_orders_match", False):
        found.append("fewer paid orders in the database than checkouts reported")
    if output.get("outbox", {}).get("pending") or output.get("outbox", {}).get("failed"):
        found.append(f"the worker left events behind: {output['outbox']}")
    if any(tps is None for tps in output["pgbench_tps"].values()):
        found.append(f"pgbench gave no figure: {output.get('pgbench_error', 'no pgbench program on PATH')}")
    return found


def bench_command(
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    database_url: Annotated[
        str, typer.Option("--database-url", help="PostgreSQL server to measure (scratch databases are used).")
    ] = DEFAULT_POSTGRESQL_URL,
    checkouts: Annotated[int, typer.Option("--checkouts", min=1, help="Paid checkouts per concurrency.")] = 400,
    concurrency: Annotated[str, typer.Option("--concurrency", help="Buyers checking out at once, e.g. 8,32.")] = "8,32",
    pgbench_seconds: Annotated[int, typer.Option("--pgbench-seconds", min=1, help="Seconds of pgbench per run.")] = 10,
) -> None:
    """Paid checkouts per second over HTTP (two web processes and a worker), against pgbench in the same run."""
    try:
        parsed = make_url(database_url)
    except Exception as exc:
        raise fail(f"--database-url is not a database URL: {exc}", BAD_INPUT) from exc
    if parsed.get_backend_name() != "postgresql":
        raise fail("--database-url must name a PostgreSQL server", BAD_INPUT)
    plan = BenchPlan(checkouts=checkouts, concurrency=_concurrencies(concurrency), pgbench_seconds=pgbench_seconds)
    say: Callable[[str], None] = lambda m: typer.echo(m, err=True)  # noqa: E731
    with tempfile.TemporaryDirectory() as data_dir:
        scratch = pgbench.database_url(database_url, scratch_names()[0])
        servers = Servers(scratch, Path(data_dir), secrets.token_urlsafe(32))
        try:
            output = asyncio.run(run_bench(postgresql_url=database_url, plan=plan, servers=servers, progress=say))
        except OSError as exc:
            raise fail(f"PostgreSQL unreachable at {parsed.host}: {exc}") from exc
        except RuntimeError as exc:
            raise fail(f"the bench failed: {exc}") from exc
        finally:
            servers.stop()
            with contextlib.suppress(Exception):
                asyncio.run(_drop_scratch(database_url))
    if json_output:
        import json

        typer.echo(json.dumps(output))
    else:
        _print_table(output)
    failures = _failures(output)
    if failures:
        raise fail("; ".join(failures))


def _print_table(output: dict[str, Any]) -> None:
    typer.echo(
        f"{'c':>4} {'checkouts/s':>12} {'done':>6} {'errors':>7} {'chk p50':>9} {'chk p99':>9}"
        f" {'visit p50':>10} {'visit p99':>10} {'pgbench':>9} {'ratio':>8}"
    )
    for c, row in output["concurrency"].items():
        tps = output["pgbench_tps"].get(c)
        ratio = output["ratio_to_pgbench"].get(c)
        typer.echo(
            f"{c:>4} {row['checkouts_per_s']:>12,.2f} {row['completed']:>6} {sum(row['errors'].values()):>7}"
            f" {row['checkout_p50_ms'] or 0:>9.1f} {row['checkout_p99_ms'] or 0:>9.1f}"
            f" {row['visit_p50_ms'] or 0:>10.1f} {row['visit_p99_ms'] or 0:>10.1f}"
            f" {tps or 0:>9,.0f} {ratio if ratio is not None else '':>8}"
        )
        for error, n in row["errors"].items():
            typer.echo(f"     error: {error} x{n}")
    typer.echo(f"(latencies in ms; {output['web_processes']} web processes and {output['workers']} worker)")
    keys = ("statements_per_checkout", "statements_per_checkout_by_hs_code", "commits_per_checkout")
    for key in (*keys, "peak_rss_mb", "orders_by_status", "outbox", "ledger_clean"):
        typer.echo(f"{key}: {output.get(key)}")
    if "pgbench_error" in output:
        typer.echo(f"pgbench_error: {output['pgbench_error']}")
