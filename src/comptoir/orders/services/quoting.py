"""The quote a buyer sees before paying, and the same computation the checkout repeats to the fen.

A cart is split into one group per merchant of record and beneficiary (a brand store is one group; each
small merchant of the pavilion is its own, shipping its own parcel). For each group:

- goods at the catalog's EUR prices, a coupon off the goods only, the freight of the dated rate card;
- for a Chinese buyer, one locked FX quote (EUR -> CNY) for what the merchant is owed; each SKU's CNY
  price is its EUR price at that rate, half-up to the fen, and the buyer pays the sum of those plus freight
  and taxes, never a silently different figure;
- the landed cost from customs (consumption tax and VAT at 70 % within the limits, the full rate for a
  single indivisible item over 5,000 CNY, the French VAT and flat duty the other way), with the buyer's
  remaining yearly allowance counted across the groups of the same checkout;
- the promised delivery date from the promise engine, from the lane's origin hub to the buyer's zone.

A quote locks its FX quotes on the cart; the checkout recomputes with those very quotes and refuses
(``price_changed`` / ``quote_expired``) rather than charge anything the buyer has not seen.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from comptoir import catalog, customs, logistics, payments, pricing
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.money import Money
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.orders import repository as tables
from comptoir.orders.domain import BuyerIdentity, Cart, CartLine, Market, shipped_freight_table
from comptoir.orders.errors import CheckoutRefused, QuoteOutdated
from comptoir.orders.services.buyers import Delivery, buyer_profile
from comptoir.orders.services.vault import BuyerVault

#: How long the FX rate of a quote holds.
QUOTE_VALIDITY = timedelta(minutes=15)
CHINA_TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class QuotedLine:
    sku_id: str
    product_id: str
    sku: str
    title: str
    hs_code: str
    quantity: int
    unit_price: Money  # EUR, the catalog's price now
    seen_price: Money  # EUR, the price the buyer saw when the line went in or at the last quote
    unit_price_buyer: Money  # in the buyer's currency
    line_buyer: Money
    taxes: customs.LineTaxes | None

    @property
    def price_changed(self) -> bool:
        return self.unit_price != self.seen_price


@dataclass(frozen=True, slots=True)
class QuotedGroup:
    key: str
    store_id: str
    store_name: str
    store_name_zh: str | None
    merchant_org_id: str
    beneficiary_org_id: str
    partner_org_id: str | None
    channel: str
    lines: tuple[QuotedLine, ...]
    goods: Money  # EUR before the coupon
    discount: Money  # EUR
    freight: Money  # EUR
    amount: Money  # EUR the merchant is owed
    fx: pricing.FxQuote | None
    buyer_goods: Money
    buyer_discount: Money
    buyer_freight: Money
    tax: Money  # collected at checkout, in the buyer's currency
    tax_at_import: Money | None  # EU-import: owed at the border, not collected here
    buyer_total: Money
    landed: customs.LandedCost
    promise: logistics.Promise | None
    coupon_code: str | None
    rules: tuple[str, ...]

    @property
    def buyer_paid_for_goods(self) -> Money:
        """What the buyer pays the merchant (goods after the coupon, and freight), taxes apart."""
        return self.buyer_goods - self.buyer_discount + self.buyer_freight


@dataclass(frozen=True, slots=True)
class CartQuote:
    cart: Cart
    groups: tuple[QuotedGroup, ...]
    buyer_currency: str
    buyer_total: Money
    tax: Money
    allowed: bool
    error: customs.Refusal | None
    annual_remaining: Money | None
    identity: BuyerIdentity | None
    delivery: Delivery | None
    expires_at: datetime | None
    unavailable: tuple[str, ...]  # SKU ids no longer on sale

    @property
    def price_changes(self) -> tuple[QuotedLine, ...]:
        return tuple(line for g in self.groups for line in g.lines if line.price_changed)


def _today(uow: UnitOfWork, market: Market) -> date:
    now = uow.clock.now()
    return now.astimezone(CHINA_TZ).date() if market is Market.CN else now.date()


def _net_content(variant: catalog.Variant) -> customs.NetContent | None:
    if variant.net_content is None:
        return None
    return customs.NetContent(variant.net_content.value, variant.net_content.unit.value)


async def _discounts(
    uow: UnitOfWork, cart: Cart, goods_of: dict[str, tuple[str, Money]], on: date
) -> tuple[str | None, Money | None, customs.Refusal | None]:
    """Which group the cart's coupon applies to (the first, in group order, it is valid for) and how much."""
    if cart.coupon_code is None:
        return None, None, None
    last: customs.Refusal | None = None
    for key, (store_id, goods) in goods_of.items():
        try:
            off = await pricing.coupon_discount(uow, code=cart.coupon_code, store_id=store_id, goods=goods, on=on)
        except pricing.CouponNotValid as refused:
            last = customs.Refusal(code=refused.code, message=refused.detail)
            continue
        return key, off, None
    return None, None, last


async def _promise(
    uow: UnitOfWork, engines: logistics.PromiseEngines, origin: str, delivery: Delivery | None, ready_at: datetime
) -> logistics.Promise | None:
    if delivery is None:
        return None
    try:
        return await logistics.promise_delivery(
            uow, engines=engines, origin=origin, zone=delivery.zone, ready_at=ready_at
        )
    except ComptoirError:
        return None  # no network loaded, or no service to this zone: the quote shows no date


async def price_cart(
    uow: UnitOfWork,
    *,
    cart: Cart,
    vault: BuyerVault,
    engines: logistics.PromiseEngines,
    locked: dict[str, str] | None = None,
) -> CartQuote:
    """The cart priced now; with ``locked`` (group key -> FX quote id) the FX quotes of an earlier quote.

    With ``locked``, a quote that expired is ``quote_expired`` and a group whose amount moved is
    ``price_changed``; without it, new FX quotes are locked.
    """
    market = cart.market
    currency = market.currency
    on = _today(uow, market)
    now = uow.clock.now()
    sellable = await catalog.sellable_skus(uow, sku_ids=[line.sku_id for line in cart.lines], with_media=False)
    unavailable = tuple(line.sku_id for line in cart.lines if line.sku_id not in sellable)
    grouped: dict[str, list[tuple[CartLine, catalog.SellableSku]]] = defaultdict(list)
    for line in cart.lines:
        sku = sellable.get(line.sku_id)
        if sku is not None:
            grouped[f"{sku.store.id}:{sku.beneficiary}"].append((line, sku))
    keys = sorted(grouped)
    identity, delivery = await buyer_profile(uow, vault=vault, holder_id=cart.holder_id)
    running: Money | None = None
    if market is Market.CN:
        running = (
            await customs.annual_total(uow, person_key=identity.person_key, year=on.year)
            if identity is not None
            else Money.zero("CNY")
        )
    rate_card = shipped_freight_table().in_force(market.lane, on)
    if rate_card is None:
        raise CheckoutRefused(f"no freight rate for {market.lane} on {on}", code="lane_not_payable")
    goods_of = {
        k: (
            grouped[k][0][1].store.id,
            sum((s.variant.price.multiply(c.quantity) for c, s in grouped[k]), Money.zero("EUR")),
        )
        for k in keys
    }
    coupon_key, coupon_off, coupon_refusal = await _discounts(uow, cart, goods_of, on)
    groups: list[QuotedGroup] = []
    refusal: customs.Refusal | None = coupon_refusal
    remaining: Money | None = None
    for key in keys:
        pairs = grouped[key]
        first = pairs[0][1]
        goods = goods_of[key][1]
        discount = coupon_off if key == coupon_key and coupon_off is not None else Money.zero("EUR")
        units = sum(c.quantity for c, _ in pairs)
        freight = rate_card.charge(units=units, goods=goods - discount)
        amount = goods - discount + freight
        fx: pricing.FxQuote | None = None
        if market is Market.CN:
            if locked is not None:
                quote_id = locked.get(key)
                if quote_id is None:
                    raise QuoteOutdated("the cart changed since the quote", code="price_changed")
                try:
                    fx = await pricing.fx_quote(uow, quote_id=quote_id)
                except pricing.FxQuoteNotFound:
                    raise payments.QuoteExpired("the quote is not known; quote again") from None
                if fx.is_expired(now):
                    raise payments.QuoteExpired(f"the rate expired at {fx.expires_at.isoformat()}; quote again")
                if fx.amount != amount:
                    raise QuoteOutdated("the amount changed since the quote", code="price_changed")
            else:
                fx = await pricing.quote_fx(uow, amount=amount, to_currency="CNY", valid_for=QUOTE_VALIDITY)
        convert = fx.convert if fx is not None else (lambda m: m)
        basket_lines = []
        unit_buyer: dict[str, Money] = {}
        for cart_line, sku in pairs:
            unit_buyer[cart_line.sku_id] = convert(sku.variant.price)
            basket_lines.append(
                customs.BasketLine(
                    sku=sku.variant.sku,
                    hs_code=sku.product.hs_code,
                    description=sku.product.title_fr[:200],
                    unit_price=unit_buyer[cart_line.sku_id],
                    quantity=cart_line.quantity,
                    net_content=_net_content(sku.variant),
                    pieces=sku.variant.pieces,
                )
            )
        buyer_goods = sum((unit_buyer[c.sku_id].multiply(c.quantity) for c, _ in pairs), Money.zero(currency))
        buyer_discount = convert(discount)
        buyer_freight = convert(freight)
        basket = customs.Basket(
            lane=market.lane,  # type: ignore[arg-type]
            on=on,
            lines=tuple(basket_lines),
            freight=buyer_freight,
            discount=buyer_discount if buyer_discount.minor else None,
            year_to_date=running,
            country="FR" if market is Market.FR else None,
        )
        landed = await customs.landed_cost(uow, basket=basket)
        if not landed.allowed and refusal is None:
            refusal = landed.error
        remaining = landed.annual_remaining if landed.annual_remaining is not None else remaining
        if running is not None and landed.allowed:
            running = running + landed.totals.taxable_value
        at_import = landed.regime == "EU-import"
        tax = Money.zero(currency) if at_import or not landed.allowed else landed.totals.tax
        taxes_by_sku = {t.sku: t for t in landed.lines}
        quoted = tuple(
            QuotedLine(
                sku_id=c.sku_id,
                product_id=s.product.id,
                sku=s.variant.sku,
                title=(s.product.zh.title if market is Market.CN and s.product.zh else s.product.title_fr),
                hs_code=s.product.hs_code,
                quantity=c.quantity,
                unit_price=s.variant.price,
                seen_price=c.unit_price,
                unit_price_buyer=unit_buyer[c.sku_id],
                line_buyer=unit_buyer[c.sku_id].multiply(c.quantity),
                taxes=taxes_by_sku.get(s.variant.sku),
            )
            for c, s in pairs
        )
        promise = await _promise(
            uow, engines, rate_card.origin, delivery, now + timedelta(hours=rate_card.preparation_hours)
        )
        groups.append(
            QuotedGroup(
                key=key,
                store_id=first.store.id,
                store_name=first.store.name,
                store_name_zh=first.store.name_zh,
                merchant_org_id=first.merchant_of_record,
                beneficiary_org_id=first.beneficiary,
                partner_org_id=first.store.owner_org_id if first.store.is_pavilion else None,
                channel=first.channel,
                lines=quoted,
                goods=goods,
                discount=discount,
                freight=freight,
                amount=amount,
                fx=fx,
                buyer_goods=buyer_goods,
                buyer_discount=buyer_discount,
                buyer_freight=buyer_freight,
                tax=tax,
                tax_at_import=landed.totals.tax if at_import else None,
                buyer_total=buyer_goods - buyer_discount + buyer_freight + tax,
                landed=landed,
                promise=promise,
                coupon_code=cart.coupon_code if key == coupon_key else None,
                rules=(*landed.rules, rate_card.version),
            )
        )
    if unavailable and refusal is None:
        refusal = customs.Refusal(code="sku_not_found", message="a product of the cart is no longer on sale")
    total = sum((g.buyer_total for g in groups), Money.zero(currency))
    expiries = [g.fx.expires_at for g in groups if g.fx is not None]
    return CartQuote(
        cart=cart,
        groups=tuple(groups),
        buyer_currency=currency,
        buyer_total=total,
        tax=sum((g.tax for g in groups), Money.zero(currency)),
        allowed=refusal is None and bool(groups),
        error=refusal,
        annual_remaining=remaining,
        identity=identity,
        delivery=delivery,
        expires_at=min(expiries) if expiries else None,
        unavailable=unavailable,
    )


async def quote_cart(uow: UnitOfWork, *, cart: Cart, vault: BuyerVault, engines: logistics.PromiseEngines) -> CartQuote:
    """A fresh quote, locked on the cart: the prices it shows become the prices the buyer has seen."""
    quote = await price_cart(uow, cart=cart, vault=vault, engines=engines)
    stored = {g.key: g.fx.id for g in quote.groups if g.fx is not None}
    await uow.session.execute(
        update(tables.carts).where(tables.carts.c.id == cart.id).values(quote=json.dumps({"fx": stored}))
    )
    for group in quote.groups:
        for line in group.lines:
            if line.price_changed:
                await uow.session.execute(
                    update(tables.cart_lines)
                    .where(tables.cart_lines.c.cart_id == cart.id, tables.cart_lines.c.sku_id == line.sku_id)
                    .values(unit_price_minor=line.unit_price.minor, currency=line.unit_price.currency)
                )
    return quote


def locked_quotes(stored: str | None) -> dict[str, str] | None:
    if not stored:
        return None
    data = json.loads(stored)
    fx = data.get("fx") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in fx.items()} if isinstance(fx, dict) else None
