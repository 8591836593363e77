"""Demo section: cashless Paris, so the shops' pages, the brands' attributed sales and the operator's dashboard
have months of true figures to show.

About three hundred shops in all twenty arrondissements accept the wallet (many around Opéra and Haussmann, the
Champs-Élysées, Saint-Honoré, the Marais and Saint-Germain, few in the outer ones): pharmacies, parfumeries,
maroquineries, caves, maisons de thé, concept stores, grands magasins... each a SHOP organisation the operator
onboarded (no user of its own), placed from tourism's table of Paris streets at a real number of its street, with
a valid French IBAN; the four brands with a store on the Chinese storefront open their own boutiques and some
shops say they sell them. One of those, the Parfumerie de l'Opéra (Parfums Aurèle), has a login.

Chinese tourists open wallets when their trip starts, top up and pay at those shops' tills (entry code or the
till's order QR, exactly as the payments section does), and each payment becomes a visit as tourism's outbox
handler of ``PaymentSucceeded`` would record it (:func:`tourism.record_visit`, in a transaction of its own right
after the payment). Some follow the shop's brand (both consents), and many of those later order the brand's
products on the Chinese storefront from home; each paid order goes through :func:`tourism.attribute_order`, as
the handler of ``OrderPaid`` would, so attributed orders appear with delays from days to months. One tourist
follows and then withdraws a consent, so a later order of theirs is not attributed; Château Lestage keeps a
shorter window than the default. 王芳, the wallet the demo's visitors sign in with (+8613800000001), spends the
last days before the build in Paris, follows two brands and orders from one of them.

Time: the demo's runtime reads the system clock, which cannot be moved. This section runs the same services on a
runtime of its own that shares the database, bus and ports but reads a :class:`FrozenClock`: the clock is set to
each step's instant (shops joining, wallets opening, payments, follows, orders) in order, from about six months
before the build up to the build's own instant, so every row carries the instant its service gave it and nothing
is written around a service. The period starts no earlier than the first day of the shipped EUR/CNY rates (a
wallet payment needs the day's rate). What the earlier sections built keeps the build's instant: the catalog's
products and 王芳's wallet are younger than some of the visits and orders here.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from importlib.resources import files
from zoneinfo import ZoneInfo

from comptoir import catalog, identity, logistics, orders, payments, pricing, tourism
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.simulation.demo_payments import TOURISTS, _principal
from comptoir.simulation.demo_tourism_data import (
    ARRONDISSEMENT_SHOPS,
    BOUTIQUES,
    BRAND_SELLER_SHARE,
    BRAND_SELLERS,
    CATEGORY_WEIGHTS,
    CATEGORY_ZH,
    CENTRAL,
    CHINESE_FAMILIES,
    CHINESE_PATTERNS,
    DEPARTMENT_STORES,
    FAMILY_NAMES,
    FIRST_NAMES,
    FOLLOW_SHARE,
    GIVEN_NAMES,
    HOMES,
    HOT_STREETS,
    ID_WEIGHTS,
    LUXURY,
    MAX_TOP_UP_CNY,
    NAME_PATTERNS,
    ORDER_LIMIT_EUR_CENTS,
    ORDER_SHARE,
    PHONE_PREFIXES,
    QUARTERS,
    QUARTERS_ZH,
    SPEND,
    STYLES,
    SURNAMES,
    C,
)
from comptoir.simulation.logins import DEMO_PASSWORD, DemoLogin

PARIS = ZoneInfo("Europe/Paris")
SEED = 75_001
PERIOD_DAYS = 182
SHOP_EMAIL = "caisse@parfumerie-opera.demo"
SHOP_NAME = "Parfumerie de l'Opéra"
LESTAGE_WINDOW_DAYS = 120


def iban_check_digits(country: str, bban: str) -> str:
    """The two ISO 13616 check digits of ``country`` + ``bban`` (mod 97 of the rearranged number)."""
    digits = "".join(str(int(ch, 36)) for ch in (bban + country + "00").upper())
    return f"{98 - int(digits) % 97:02d}"


def french_iban(bank: str, branch: str, account: str) -> str:
    """A French IBAN: bank and branch codes, an 11-digit account number and its RIB key, then the IBAN check."""
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{key:02d}"
    return f"FR{iban_check_digits('FR', bban)}{bban}"


FRENCH_BANKS = ("30004", "30003", "30002", "10107", "20041", "30066", "10278", "18206", "30056", "17515")


def resident_id(region: str, born: date, sequence: int) -> str:
    """A specimen resident ID number: region, birth date, sequence and its ISO 7064 MOD 11-2 check character."""
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


# --- the street table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Street:
    name: str
    postcode: str
    arrondissement: int
    first: int
    last: int


def paris_streets() -> dict[int, list[Street]]:
    """The streets of tourism's shipped table of Paris streets (``tourism/data/streets.csv``, whose columns
    ``tourism.domain.paris`` documents), by arrondissement, with each segment's range of numbers. Only the street,
    the postcode and a number in the range are given to the sign-up, which places the shop itself."""
    text = (files("comptoir.tourism") / "data" / "streets.csv").read_text(encoding="utf-8")
    found: dict[int, list[Street]] = {n: [] for n in range(1, 21)}
    for row in csv.DictReader(io.StringIO(text)):
        low, high = int(row["from_number"]), int(row["to_number"])
        if 1 <= int(row["arrondissement"]) <= 20 and low >= 1:
            found[int(row["arrondissement"])].append(
                Street(row["street"], row["postcode"], int(row["arrondissement"]), low, max(low, high))
            )
    return found


# --- plans -----------------------------------------------------------------------------------------------


@dataclass
class ShopPlan:
    name: str
    name_zh: str | None
    category: tourism.ShopCategory
    arrondissement: int
    street: Street
    number: int
    hours: str
    iban: str
    joins_at: datetime
    brand: str | None = None  # the brand it sells (its name)
    boutique_of: str | None = None  # a brand's own boutique (the brand's name)
    login: bool = False
    weight: float = 1.0
    principal: Principal | None = None
    shop: tourism.AcceptingShop | None = None


@dataclass
class TouristPlan:
    name: str
    phone: str
    style: str
    home: tuple[str, str, str, tuple[str, ...]]
    arrives: datetime
    leaves: datetime
    holder_id: str = ""
    buyer_ready: bool = False


@dataclass
class Counts:
    shops: int = 0
    tourists: int = 0
    payments: int = 0
    visits: int = 0
    follows: int = 0
    withdrawn: int = 0
    orders: int = 0
    attributed: int = 0


@dataclass
class _Step:
    at: datetime
    seq: int
    action: Callable[[], Awaitable[None]]


@dataclass
class _World:
    seeding: Runtime
    clock: FrozenClock
    rng: random.Random
    start: datetime
    end: datetime
    brands: dict[str, tuple[str, list[tuple[str, int]]]]  # brand name -> (org id, [(sku id, price minor)])
    vault: orders.BuyerVault
    counts: Counts = field(default_factory=Counts)
    steps: list[_Step] = field(default_factory=list)

    def at(self, instant: datetime, action: Callable[[], Awaitable[None]]) -> None:
        self.steps.append(_Step(instant, len(self.steps), action))


def _paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS).astimezone(UTC)


def _zone_of(arrondissement: int) -> str:
    return "luxury" if arrondissement in LUXURY else "central" if arrondissement in CENTRAL else "outer"


def _weighted(rng: random.Random, weights: dict[tourism.ShopCategory, int]) -> tourism.ShopCategory:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _hours(rng: random.Random, category: tourism.ShopCategory, arrondissement: int) -> str:
    if category is C.DEPARTMENT_STORE:
        return "Mo-Sa 10:00-20:30; Su 11:00-19:00"
    if category is C.PHARMACY:
        return rng.choice(
            (
                "Mo-Sa 08:30-20:00",
                "Mo-Sa 09:00-20:00; Su 10:00-19:00",
                "Mo-Fr 08:30-20:30; Sa 09:00-19:30",
                "Mo-Su 08:00-23:00" if arrondissement in (8, 9, 1) else "Mo-Sa 09:00-19:30",
            )
        )
    if arrondissement in (3, 4) and rng.random() < 0.6:  # the Marais opens on Sundays
        return rng.choice(("Mo-Su 11:00-19:30", "Tu-Su 11:00-19:00", "Mo-Sa 10:30-19:30; Su 13:00-19:00"))
    if arrondissement == 8 and rng.random() < 0.35:
        return rng.choice(("Mo-Su 10:00-21:00", "Mo-Sa 10:00-23:00; Su 11:00-22:00"))
    if category is C.SOUVENIRS:
        return rng.choice(("Mo-Su 09:30-21:00", "Mo-Su 10:00-22:00"))
    if category is C.FOOD_WINE:
        return rng.choice(
            (
                "Tu-Sa 10:00-13:00,15:30-20:30; Su 10:00-13:00",
                "Mo-Sa 10:00-20:00",
                "Tu-Sa 09:30-19:30; Su 09:30-13:30",
                "Mo-Sa 11:00-22:00",
            )
        )
    return rng.choice(
        (
            "Mo-Sa 10:00-19:00",
            "Mo-Sa 10:00-19:30",
            "Mo-Sa 10:30-19:00",
            "Tu-Sa 10:00-13:00,14:30-19:00",
            "Mo-Sa 10:00-20:00",
        )
    )


def _name(rng: random.Random, category: tourism.ShopCategory, arrondissement: int) -> tuple[str, str | None]:
    quarter = rng.choice(QUARTERS[arrondissement])
    chinese_run = arrondissement in (3, 13, 19, 20, 9, 1) and category in CHINESE_PATTERNS and rng.random() < 0.3
    if chinese_run:
        pinyin, hanzi = rng.choice(CHINESE_FAMILIES)
        french, chinese = rng.choice(CHINESE_PATTERNS[category])
        return french.format(p=pinyin), chinese.format(h=hanzi)
    name = rng.choice(NAME_PATTERNS[category]).format(q=quarter, s=rng.choice(SURNAMES), f=rng.choice(FIRST_NAMES))
    chinese_share = 0.55 if arrondissement in LUXURY | CENTRAL else 0.25
    zh: str | None = None
    if rng.random() < chinese_share:
        zh = QUARTERS_ZH.get(quarter, f"巴黎{arrondissement}区") + CATEGORY_ZH[category]
    return name, zh


def _zh_name(quarter: str, plan: ShopPlan) -> str:
    return QUARTERS_ZH.get(quarter, f"巴黎{plan.arrondissement}区") + CATEGORY_ZH[plan.category]


def _key(name: str) -> str:
    """A street's name as compared here: no accents, case, hyphens or apostrophes."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    return "".join(c for c in bare if c.isalnum())


def _street(rng: random.Random, streets: dict[int, list[Street]], arrondissement: int, wanted: str | None) -> Street:
    pool = streets[arrondissement]
    if not pool:
        raise RuntimeError(f"tourism's street table has no street in the {arrondissement}e arrondissement")
    names = [wanted] if wanted else [n for n in HOT_STREETS.get(arrondissement, ()) if rng.random() < 0.65]
    for name in names:
        matching = [s for s in pool if _key(s.name) == _key(name)]
        if matching:
            return rng.choice(matching)
    return rng.choice(pool)


def plan_shops(rng: random.Random, streets: dict[int, list[Street]], counts: dict[int, int], brands: list[str],
               *, start: datetime, end: datetime) -> list[ShopPlan]:  # fmt: skip
    """Where the shops are, what they sell, their names, hours, IBANs and when they join."""
    plans: list[ShopPlan] = []
    names: set[str] = set()
    special: list[tuple[str, str | None, int, str, tourism.ShopCategory, str | None]] = []
    for brand, boutique, arrondissement, street, category in BOUTIQUES:
        if brand in brands:
            special.append((boutique, None, arrondissement, street, category, brand))
    special.extend((n, zh, a, s, C.DEPARTMENT_STORE, None) for n, zh, a, s in DEPARTMENT_STORES)
    login = (SHOP_NAME, "歌剧院香水店", 9, "Rue de la Chaussée-d'Antin", C.COSMETICS, None)
    budget = dict(counts)
    for name, zh, arrondissement, street_name, category, boutique_of in [login, *special]:
        if budget.get(arrondissement, 0) <= 0:
            continue
        budget[arrondissement] -= 1
        plans.append(
            ShopPlan(
                name=name,
                name_zh=zh,
                category=category,
                arrondissement=arrondissement,
                street=_street(rng, streets, arrondissement, street_name),
                number=0,
                hours=_hours(rng, category, arrondissement),
                iban="",
                joins_at=start,
                boutique_of=boutique_of,
                login=name == SHOP_NAME,
            )
        )
        names.add(name)
    for arrondissement in sorted(budget):
        for _ in range(budget[arrondissement]):
            category = _weighted(rng, CATEGORY_WEIGHTS[_zone_of(arrondissement)])
            name, zh = _name(rng, category, arrondissement)
            while name in names:
                name, zh = _name(rng, category, arrondissement)
                if name in names:
                    name = f"{name} {rng.choice(SURNAMES)}"
            names.add(name)
            plans.append(
                ShopPlan(
                    name=name,
                    name_zh=zh,
                    category=category,
                    arrondissement=arrondissement,
                    street=_street(rng, streets, arrondissement, None),
                    number=0,
                    hours=_hours(rng, category, arrondissement),
                    iban="",
                    joins_at=start,
                )
            )
    lead = timedelta(days=45)
    for plan in plans:
        plan.number = rng.randint(plan.street.first, max(plan.street.first, plan.street.last))
        account = f"{rng.randrange(10**10, 10**11):011d}"
        plan.iban = french_iban(rng.choice(FRENCH_BANKS), f"{rng.randrange(10, 99999):05d}", account)
        joined_late = not plan.login and plan.boutique_of is None and rng.random() < 0.15
        if joined_late:  # shops keep joining during the period
            plan.joins_at = start + timedelta(
                minutes=rng.randrange(int((end - start - timedelta(days=30)) / timedelta(minutes=1)))
            )
        else:
            plan.joins_at = start - lead + timedelta(minutes=rng.randrange(int(lead / timedelta(minutes=1))))
        zone = _zone_of(plan.arrondissement)
        plan.weight = {"luxury": 3.0, "central": 2.2, "outer": 0.6}[zone]
    for plan in plans:
        if plan.boutique_of:
            plan.brand = plan.boutique_of
            plan.weight *= 3
        elif plan.login:
            plan.brand = "Parfums Aurèle" if "Parfums Aurèle" in brands else None
            plan.weight *= 8
        else:
            sellable = [b for b in brands if plan.category in BRAND_SELLERS.get(b, ())]
            if sellable and rng.random() < BRAND_SELLER_SHARE:
                plan.brand = rng.choice(sellable)
                plan.weight *= 2
                if plan.name_zh is None:
                    plan.name_zh = _zh_name(rng.choice(QUARTERS[plan.arrondissement]), plan)
    return plans


def plan_tourists(rng: random.Random, count: int, *, start: datetime, end: datetime) -> list[TouristPlan]:
    plans = []
    phones: set[str] = {phone for _, phone, _ in TOURISTS}
    first, last = start.astimezone(PARIS).date(), (end - timedelta(days=2)).astimezone(PARIS).date()
    span = (last - first).days
    for index in range(count):
        name = rng.choice(FAMILY_NAMES) + rng.choice(GIVEN_NAMES)
        phone = f"+86{PHONE_PREFIXES[index % len(PHONE_PREFIXES)]}{rng.randrange(10**8):08d}"
        while phone in phones:
            phone = f"+86{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**8):08d}"
        phones.add(phone)
        length = rng.randint(3, 8)
        arrives = first + timedelta(days=rng.randrange(max(1, span - length)))
        plans.append(
            TouristPlan(
                name=name,
                phone=phone,
                style=rng.choice(list(STYLES)),
                home=rng.choice(HOMES),
                arrives=_paris(arrives, 8),
                leaves=_paris(arrives + timedelta(days=length), 21),
            )
        )
    return plans


# --- running ---------------------------------------------------------------------------------------------


async def _onboard(world: _World, plan: ShopPlan) -> None:
    """The operator onboards the shop (a SHOP organisation without a user) and signs it up to the wallet."""
    form = tourism.ShopForm(
        name=plan.name,
        name_zh=plan.name_zh,
        category=plan.category.value,
        street=plan.street.name,
        house_number=str(plan.number),
        postcode=plan.street.postcode,
        iban=plan.iban,
        iban_holder=plan.name,
        brand_org_id=world.brands[plan.brand][0] if plan.brand and not plan.boutique_of else None,
        hours=plan.hours,
    )

    async def sign_up(uow: UnitOfWork) -> tuple[Principal, tourism.AcceptingShop]:
        principal = plan.principal
        if principal is None:
            org = await identity.create_organisation(uow, kind=OrganisationKind.SHOP, name=plan.name)
            principal = Principal(org.id, OrganisationKind.SHOP, org.name, via="demo")
        return principal, await tourism.sign_up_shop(uow, principal, form=form)

    plan.principal, plan.shop = await transact(world.seeding, sign_up)
    world.counts.shops += 1


def _amount(rng: random.Random, category: tourism.ShopCategory) -> Money:
    low, high = SPEND[category]
    cents = int(rng.triangular(low, high, low + (high - low) / 5))
    return Money(max(100, cents // 10 * 10), "EUR")


async def _pay(world: _World, tourist: TouristPlan, plan: ShopPlan, amount: Money, n: int) -> payments.Payment:
    """The tourist pays at the shop's till: the till's order QR in bigger shops, the printed entry code else."""
    assert plan.shop is not None and plan.principal is not None
    rt, holder = world.seeding, tourist.holder_id
    if plan.category in (C.DEPARTMENT_STORE, C.PHARMACY, C.JEWELLERY_WATCHES) or plan.boutique_of or n % 3 == 0:
        code = await transact(
            rt,
            partial(
                payments.create_order_qr,
                principal=plan.principal,
                pos_id=plan.shop.point_of_sale_id,
                amount=amount,
                request_id=f"demo-paris-{n}",
                secret=rt.settings.secret_key,
                site_url=rt.settings.site_url,
            ),
        )
        token = code.url.rsplit("/", 1)[1]
        view = await transact(rt, partial(payments.open_order_code, holder_id=holder, token=token))
        return await transact(
            rt, partial(payments.confirm_order_code, holder_id=holder, token=token, quote_id=view.quote.id)
        )
    entry = plan.shop.entry_code
    view = await transact(rt, partial(payments.quote_entry_payment, holder_id=holder, entry_code=entry, amount=amount))
    return await transact(
        rt,
        partial(
            payments.pay_entry_code,
            holder_id=holder,
            entry_code=entry,
            amount=amount,
            quote_id=view.quote.id,
            request_id=f"paris-{n}",
        ),
    )


async def _visit(world: _World, tourist: TouristPlan, plan: ShopPlan, amount: Money, n: int) -> str:
    payment = await _pay(world, tourist, plan, amount, n)
    # What tourism's handler of PaymentSucceeded does, right after the payment.
    visit = await transact(world.seeding, partial(tourism.record_visit, payment_id=payment.id))
    world.counts.payments += 1
    world.counts.visits += visit is not None
    return payment.id


async def _follow(world: _World, tourist: TouristPlan, payment_id: str) -> None:
    await transact(
        world.seeding,
        partial(tourism.follow_brand, holder_id=tourist.holder_id, payment_id=payment_id, follow=True, transfer=True),
    )
    world.counts.follows += 1


async def _withdraw(world: _World, tourist: TouristPlan, brand_org_id: str) -> None:
    """The tourist withdraws the consent to send their visit to China; the follow ends with it."""
    consents = await transact(world.seeding, partial(tourism.consents_of, holder_id=tourist.holder_id))
    transfer = next(
        c for c in consents
        if c.brand_org_id == brand_org_id and c.purpose is tourism.Purpose.TRANSFER_TO_CHINA and c.active
    )  # fmt: skip
    await transact(
        world.seeding, partial(tourism.withdraw_consent, holder_id=tourist.holder_id, consent_id=transfer.id)
    )
    world.counts.withdrawn += 1


async def _buyer(world: _World, tourist: TouristPlan) -> None:
    """Back home, the tourist gives their real name, ID number and address once, as the storefront asks."""
    if tourist.buyer_ready:
        return
    rng = world.rng
    zone, district, region, roads = tourist.home
    born = date(rng.randint(1985, 2002), rng.randint(1, 12), rng.randint(1, 28))
    number = resident_id(region, born, rng.randrange(1, 999))
    await transact(
        world.seeding,
        partial(orders.set_buyer_identity, vault=world.vault, holder_id=tourist.holder_id, real_name=tourist.name,
                id_number=number),
    )  # fmt: skip
    address = f"{district}{rng.choice(roads)} {rng.randint(1, 999)} 号 {rng.randint(1, 30)}{rng.randint(1, 9):02d} 室"
    await transact(
        world.seeding,
        partial(orders.set_delivery, vault=world.vault, holder_id=tourist.holder_id, zone=zone, address=address,
                phone=tourist.phone.removeprefix("+86")),
    )  # fmt: skip
    tourist.buyer_ready = True


async def _order(world: _World, tourist: TouristPlan, brand: str, n: int) -> None:
    """An order of the brand's products on the Chinese storefront, paid from the wallet, then what tourism's
    handler of OrderPaid does with it."""
    await _buyer(world, tourist)
    rng, rt, holder = world.rng, world.seeding, tourist.holder_id
    _, skus = world.brands[brand]
    lines: dict[str, int] = {}
    total = 0
    for _ in range(rng.choice((1, 1, 1, 2))):
        sku, price = rng.choice(skus)
        quantity = rng.randint(2, 6) if price < 2_000 else 1
        if lines and total + price * quantity > ORDER_LIMIT_EUR_CENTS:  # one cross-border order stays small
            break
        lines[sku] = lines.get(sku, 0) + quantity
        total += price * quantity
    cny = (total // 10 // 500 + 2) * 500  # CNY: above the goods, the freight and the taxes
    await transact(
        rt,
        partial(payments.top_up, holder_id=holder, amount=Money(cny * 100, "CNY"), request_id=f"demo-home-{n}",
                bank_reference="offline bank"),
    )  # fmt: skip
    cart = await transact(rt, partial(orders.open_cart, holder_id=holder, market="CN"))
    for sku, quantity in lines.items():
        await transact(rt, partial(orders.set_line, holder_id=holder, cart_id=cart.id, sku_id=sku, quantity=quantity))
    engines = logistics.PromiseEngines.of(rt.database)

    async def quote(uow: UnitOfWork) -> None:
        found = await orders.cart(uow, holder_id=holder, cart_id=cart.id, lock=True)
        await orders.quote_cart(uow, cart=found, vault=world.vault, engines=engines)

    await transact(rt, quote)
    done = await transact(
        rt, partial(orders.checkout, holder_id=holder, cart_id=cart.id, vault=world.vault, engines=engines, pay=True)
    )
    for order in done.orders:
        world.counts.orders += 1
        found = await transact(
            rt,
            partial(tourism.attribute_order, order_id=order.id, merchant_org_id=order.merchant_org_id,
                    holder_id=order.holder_id, lane=order.lane, amount=order.amount),
        )  # fmt: skip
        world.counts.attributed += found is not None


def _open_at(rng: random.Random, plan: ShopPlan, day: date) -> datetime | None:
    """A time the shop is open on ``day``, by its posted hours, or None after a few tries."""
    assert plan.shop is not None
    for _ in range(8):
        at = _paris(day, rng.randint(10, 20), rng.choice((0, 10, 20, 30, 40, 50)))
        if plan.shop.hours.is_open(at):
            return at
    return None


def _shop_for(rng: random.Random, shops: list[ShopPlan], style: str, at: datetime, near: int | None) -> ShopPlan:
    liked = STYLES[style]
    joined = [s for s in shops if s.joins_at < at]
    weights = [
        s.weight * liked.get(s.category, 1) * (4 if near is not None and s.arrondissement == near else 1)
        for s in joined
    ]
    return rng.choices(joined, weights=weights)[0]


def _delay(rng: random.Random) -> timedelta:
    """How long after the visit an order comes: days, weeks or months."""
    bucket = rng.random()
    days = rng.randint(2, 20) if bucket < 0.4 else rng.randint(21, 75) if bucket < 0.75 else rng.randint(76, 170)
    return timedelta(days=days, hours=rng.randint(0, 12))


def plan_trip(
    world: _World,
    tourist: TouristPlan,
    shops: list[ShopPlan],
    index: int,
    *,
    payments_per_trip: tuple[int, int],
    withdraws: bool = False,
    orders_unfollowed: bool = False,
) -> bool:
    """The tourist's steps: the wallet on arrival, the trip's payments, follows, and the orders back home;
    whether the tourist withdraws a consent (asked with ``withdraws``, done at their first follow)."""
    withdrew = False
    rng = world.rng
    planned: list[tuple[datetime, ShopPlan, Money]] = []
    days = (tourist.leaves - tourist.arrives).days + 1
    near: int | None = None
    for _ in range(rng.randint(*payments_per_trip)):
        day = tourist.arrives.astimezone(PARIS).date() + timedelta(days=rng.randrange(days))
        for _ in range(6):
            plan = _shop_for(rng, shops, tourist.style, _paris(day, 9), near)
            at = _open_at(rng, plan, day)
            if at is not None:
                planned.append((at, plan, _amount(rng, plan.category)))
                near = plan.arrondissement if rng.random() < 0.5 else None
                break
    planned.sort(key=lambda p: p[0])
    spend = sum(amount.minor for _, _, amount in planned)
    top_up = min(MAX_TOP_UP_CNY, (spend * 9 // 100 // 1000 + 1) * 1000) * 100

    async def arrive() -> None:
        holder = await transact(
            world.seeding,
            partial(payments.open_wallet, settings=world.seeding.settings, display_name=tourist.name,
                    phone=tourist.phone, password=DEMO_PASSWORD),
        )  # fmt: skip
        tourist.holder_id = holder.id
        await transact(
            world.seeding,
            partial(payments.top_up, holder_id=holder.id, amount=Money(top_up, "CNY"), request_id="demo-trip",
                    bank_reference="offline bank"),
        )  # fmt: skip
        world.counts.tourists += 1

    world.at(min([tourist.arrives, *(at - timedelta(hours=1) for at, _, _ in planned)]), arrive)
    followed: set[str] = set()
    for k, (at, plan, amount) in enumerate(planned):
        payment: dict[str, str] = {}

        async def pay(plan: ShopPlan = plan, amount: Money = amount, n: int = index * 100 + k,
                      payment: dict[str, str] = payment) -> None:  # fmt: skip
            payment["id"] = await _visit(world, tourist, plan, amount, n)

        world.at(at, pay)
        brand = plan.brand
        if brand is None or brand in followed or rng.random() >= FOLLOW_SHARE:
            continue
        followed.add(brand)

        async def follow(payment: dict[str, str] = payment) -> None:
            await _follow(world, tourist, payment["id"])

        world.at(at + timedelta(minutes=3), follow)
        orders_at: list[datetime] = []
        if withdraws and not withdrew:  # changes their mind: the follow ends; a later order is not the shop's
            withdrew = True

            async def withdraw(brand: str = brand) -> None:
                await _withdraw(world, tourist, world.brands[brand][0])

            world.at(at + timedelta(days=12), withdraw)
            orders_at.append(at + timedelta(days=rng.randint(25, 60)))
        elif rng.random() < ORDER_SHARE:
            when = at + _delay(rng)
            for _ in range(rng.choice((1, 1, 1, 1, 2, 2, 3))):
                orders_at.append(when)
                when += _delay(rng)
        for m, when in enumerate(orders_at):
            if when < world.end - timedelta(hours=1):

                async def order(brand: str = brand, n: int = (index * 100 + k) * 10 + m) -> None:
                    await _order(world, tourist, brand, n)

                world.at(when, order)
    if orders_unfollowed and not followed:  # a brand they never followed: an order, but no shop's
        brand = rng.choice(sorted(world.brands))
        when = tourist.leaves + _delay(rng)
        if when < world.end - timedelta(hours=1):

            async def unfollowed_order() -> None:
                await _order(world, tourist, brand, index * 100 + 99)

            world.at(when, unfollowed_order)
    return withdrew


# --- the section -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """How big the tourism world is; the demo uses :data:`DEMO_SCALE`, tests a smaller one."""

    shops: dict[int, int]
    tourists: int
    payments_per_trip: tuple[int, int]


DEMO_SCALE = Scale(shops=ARRONDISSEMENT_SHOPS, tourists=60, payments_per_trip=(3, 6))


def _period(end: datetime) -> datetime:
    """About six months before ``end``, but not before the first day of the shipped EUR/CNY rates."""
    first_rate = min(r.day for r in pricing.shipped_rates() if (r.base, r.quote) == ("EUR", "CNY"))
    return max(end - timedelta(days=PERIOD_DAYS), _paris(first_rate, 9))


async def _brands(runtime: Runtime) -> dict[str, tuple[str, list[tuple[str, int]]]]:
    """The brands with a store on the Chinese storefront, each with the SKUs a tourist may order."""
    found: dict[str, tuple[str, list[tuple[str, int]]]] = {}
    for store in await transact(runtime, catalog.brand_stores):
        cards, _ = await transact(runtime, partial(catalog.storefront_products, store_id=store.id, limit=100))
        skus: list[tuple[str, int]] = []
        for card in cards:
            shown = await transact(runtime, partial(catalog.storefront_product, product_id=card.product_id))
            skus.extend((v.id, v.price.minor) for v in shown.product.variants[:1] if v.price.minor <= 45_000)
        if skus:
            found[store.name] = (store.owner_org_id, skus)
    return found


async def _wang_fang(world: _World, shops: list[ShopPlan], holder_id: str) -> None:
    """王芳's last days in Paris before the build: she pays in brand shops, follows two brands and, home
    again, orders from one of them; the demo's orders section already charged her Maison Delaunay order."""
    name, phone, _ = TOURISTS[0]
    rt = world.seeding
    wang = TouristPlan(name, phone, "beauty", HOMES[0], world.end - timedelta(days=6), world.end, holder_id, True)
    world.clock.set(wang.arrives)
    await transact(
        rt,
        partial(payments.top_up, holder_id=holder_id, amount=Money(800_000, "CNY"), request_id="demo-paris-trip",
                bank_reference="offline bank"),
    )  # fmt: skip
    wanted = [
        next((s for s in shops if s.boutique_of == "Maison Delaunay"), None),
        next((s for s in shops if s.login), None),
        next(
            (s for s in sorted(shops, key=lambda s: s.arrondissement != 9) if s.category is C.PHARMACY and not s.brand),
            next((s for s in shops if s.brand is None), None),
        ),
    ]
    followed = []
    for k, plan in enumerate(p for p in wanted if p is not None and p.shop is not None):
        day = (world.end - timedelta(days=5 - k)).astimezone(PARIS).date()
        at = _open_at(world.rng, plan, day) or _paris(day, 15)
        world.clock.set(at)
        payment_id = await _visit(world, wang, plan, _amount(world.rng, plan.category), 9_000 + k)
        if plan.brand is not None:
            world.clock.set(at + timedelta(minutes=3))
            await _follow(world, wang, payment_id)
            followed.append(plan.brand)
    if "Parfums Aurèle" in followed:
        world.clock.set(world.end - timedelta(hours=20))
        await _order(world, wang, "Parfums Aurèle", 9_100)


async def _attribute(world: _World, runtime: Runtime, earlier: list[orders.Order]) -> None:
    """What tourism's handler of OrderPaid does with the paid orders the orders section placed for 王芳."""
    for order in earlier:
        found = await transact(
            runtime,
            partial(tourism.attribute_order, order_id=order.id, merchant_org_id=order.merchant_org_id,
                    holder_id=order.holder_id, lane=order.lane, amount=order.amount),
        )  # fmt: skip
        world.counts.attributed += found is not None


async def build_cashless_paris(runtime: Runtime, scale: Scale = DEMO_SCALE, *, seed: int = SEED) -> Counts:
    """Build the tourism world on a clock of its own, from about six months ago up to now; what it made."""
    end = runtime.clock.now()
    start = _period(end)
    clock = FrozenClock(start - timedelta(days=60))
    seeding = dataclasses.replace(runtime, clock=clock)
    rng = random.Random(seed)
    world = _World(seeding, clock, rng, start, end, await _brands(runtime), orders.BuyerVault.of(runtime.settings))
    wang_fang = await transact(
        runtime,
        partial(payments.wallet_sign_in, settings=runtime.settings, phone=TOURISTS[0][1], password=DEMO_PASSWORD),
    )
    earlier_orders = await transact(runtime, partial(orders.buyer_orders, holder_id=wang_fang.id))

    # The operator's shops, the brands' boutiques and the shop with a login join over the weeks before.
    shops = plan_shops(rng, paris_streets(), scale.shops, sorted(world.brands), start=start, end=end)
    clock.set(start - timedelta(days=50))
    await transact(
        seeding,
        partial(identity.open_account, kind=OrganisationKind.SHOP, organisation_name=SHOP_NAME, email=SHOP_EMAIL,
                password=DEMO_PASSWORD, settings=runtime.settings),
    )  # fmt: skip
    for plan in shops:
        if plan.login:
            plan.principal = await _principal(seeding, SHOP_EMAIL)
        elif plan.boutique_of:
            plan.principal = await _principal(seeding, BRAND_EMAILS[plan.boutique_of])
    if "Château Lestage" in world.brands:
        lestage = await _principal(seeding, BRAND_EMAILS["Château Lestage"])
        await transact(seeding, partial(tourism.set_attribution_window, principal=lestage, days=LESTAGE_WINDOW_DAYS))
    for plan in sorted(shops, key=lambda p: p.joins_at):
        clock.set(plan.joins_at)
        await _onboard(world, plan)

    # The tourists' trips and what follows them, in the order they happen.
    tourists = plan_tourists(rng, scale.tourists, start=start, end=end)
    withdrawal = False
    for index, tourist in enumerate(tourists):
        withdrawal |= plan_trip(
            world, tourist, shops, index, payments_per_trip=scale.payments_per_trip,
            withdraws=not withdrawal, orders_unfollowed=index % 6 == 5,
        )  # fmt: skip
    for step in sorted(world.steps, key=lambda s: (s.at, s.seq)):
        clock.set(step.at)
        await step.action()
    await _wang_fang(world, shops, wang_fang.id)
    clock.set(end)
    await _attribute(world, runtime, earlier=[o for o in earlier_orders if o.status is orders.OrderStatus.PAID])
    return world.counts


BRAND_EMAILS = {
    "Maison Delaunay": "brand@delaunay.demo",
    "Château Lestage": "brand@lestage.demo",
    "Maison Émeraude": "brand@emeraude.demo",
    "Parfums Aurèle": "brand@aurele.demo",
}


async def build(runtime: Runtime) -> list[DemoLogin]:
    await build_cashless_paris(runtime)
    return [
        DemoLogin(f"shop (cashless Paris, sells Parfums Aurèle): {SHOP_NAME}", SHOP_EMAIL, DEMO_PASSWORD,
                  "/tourism/shop"),
        DemoLogin(f"tourist wallet (sign in with the phone): {TOURISTS[0][0]}", TOURISTS[0][1], DEMO_PASSWORD,
                  "/wallet/brands", realm="wallet"),
    ]  # fmt: skip
