"""What the store API and the sellers' orders API send and answer. Money is ``{"currency", "value"}``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from comptoir import logistics
from comptoir.kernel.money_json import MoneyBody
from comptoir.orders.domain import BuyerIdentity, Cart, Order, OrderChange
from comptoir.orders.services import CartQuote, Checkout, Delivery, QuotedGroup, tax_notice

Money = dict[str, str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionIn(Strict):
    phone: str = Field(min_length=1, max_length=32, examples=["+8613800000001"])
    password: str = Field(min_length=1, max_length=1024)


class SessionOut(Strict):
    token: str
    holder_id: str
    display_name: str
    expires_in_s: int


class IdentityIn(Strict):
    real_name: str = Field(min_length=1, max_length=40, examples=["王芳"])
    id_number: str = Field(min_length=1, max_length=32, description="the 18-character resident ID number")


class IdentityOut(Strict):
    real_name: str
    id_number: str = Field(description="masked: only the last four characters are shown")

    @classmethod
    def of(cls, identity: BuyerIdentity) -> IdentityOut:
        return cls(real_name=identity.real_name, id_number=identity.id_masked)


class DeliveryIn(Strict):
    zone: str = Field(min_length=1, max_length=8, examples=["CN-31"])
    address: str = Field(min_length=1, max_length=200)
    phone: str = Field(min_length=1, max_length=20)


class DeliveryOut(Strict):
    zone: str
    address: str
    phone: str

    @classmethod
    def of(cls, delivery: Delivery) -> DeliveryOut:
        return cls(**delivery.as_json())


class MeOut(Strict):
    holder_id: str
    identity: IdentityOut | None
    delivery: DeliveryOut | None


class CartIn(Strict):
    market: Literal["CN", "FR"] = Field(description="CN: a buyer in China buying from France; FR: the other way")


class LineIn(Strict):
    quantity: int = Field(strict=True, ge=0, le=999, description="0 takes the line out of the cart")


class CouponIn(Strict):
    code: str | None = Field(default=None, max_length=40)


class CartLineOut(Strict):
    sku_id: str
    product_id: str
    store_id: str
    quantity: int
    unit_price: Money


class CartOut(Strict):
    id: str
    market: str
    lane: str
    status: str
    coupon_code: str | None
    expires_at: datetime
    lines: list[CartLineOut]

    @classmethod
    def of(cls, cart: Cart) -> CartOut:
        return cls(
            id=cart.id,
            market=cart.market.value,
            lane=cart.market.lane,
            status=cart.status.value,
            coupon_code=cart.coupon_code,
            expires_at=cart.expires_at,
            lines=[
                CartLineOut(
                    sku_id=line.sku_id,
                    product_id=line.product_id,
                    store_id=line.store_id,
                    quantity=line.quantity,
                    unit_price=line.unit_price.as_json(),
                )
                for line in cart.lines
            ],
        )


class QuoteLineOut(Strict):
    sku_id: str
    sku: str
    title: str
    hs_code: str
    quantity: int
    unit_price: Money = Field(description="the seller's price (EUR)")
    unit_price_buyer: Money = Field(description="in the buyer's currency, at the locked rate")
    line_total: Money
    price_changed_from: Money | None = Field(description="the price the buyer saw before, when it changed")
    taxable_value: Money | None
    tariff: Money | None
    consumption_tax: Money | None
    vat: Money | None
    duty: Money | None


class PromiseOut(Strict):
    delivery_date: date
    text: str


class QuoteGroupOut(Strict):
    store_id: str
    store_name: str
    merchant_org_id: str
    channel: str
    regime: str
    lines: list[QuoteLineOut]
    goods: Money
    discount: Money
    freight: Money
    tax: Money
    tax_at_import: Money | None = Field(description="EU-import: duty and VAT owed at the border, not collected here")
    tax_notice: str = Field(description="how this order's import taxes are handled, in the buyer's language")
    total: Money
    rate: str | None
    rate_expires_at: datetime | None
    promise: PromiseOut | None
    rules: list[str]

    @classmethod
    def of(cls, group: QuotedGroup, locale: str) -> QuoteGroupOut:
        def money(m: object) -> Money | None:
            return m.as_json() if m is not None else None  # type: ignore[attr-defined]

        return cls(
            store_id=group.store_id,
            store_name=group.store_name_zh if locale.startswith("zh") and group.store_name_zh else group.store_name,
            merchant_org_id=group.merchant_org_id,
            channel=group.channel,
            regime=group.landed.regime,
            lines=[
                QuoteLineOut(
                    sku_id=line.sku_id,
                    sku=line.sku,
                    title=line.title,
                    hs_code=line.hs_code,
                    quantity=line.quantity,
                    unit_price=line.unit_price.as_json(),
                    unit_price_buyer=line.unit_price_buyer.as_json(),
                    line_total=line.line_buyer.as_json(),
                    price_changed_from=line.seen_price.as_json() if line.price_changed else None,
                    taxable_value=money(line.taxes.taxable_value if line.taxes else None),
                    tariff=money(line.taxes.tariff if line.taxes else None),
                    consumption_tax=money(line.taxes.consumption_tax if line.taxes else None),
                    vat=money(line.taxes.vat if line.taxes else None),
                    duty=money(line.taxes.duty if line.taxes else None),
                )
                for line in group.lines
            ],
            goods=group.buyer_goods.as_json(),
            discount=group.buyer_discount.as_json(),
            freight=group.buyer_freight.as_json(),
            tax=group.tax.as_json(),
            tax_at_import=money(group.tax_at_import),
            tax_notice=tax_notice(group.landed.regime, group.tax_at_import),
            total=group.buyer_total.as_json(),
            rate=str(group.fx.rate) if group.fx is not None else None,
            rate_expires_at=group.fx.expires_at if group.fx is not None else None,
            promise=PromiseOut(
                delivery_date=group.promise.delivery_date, text=logistics.promise_text(group.promise, locale=locale)
            )
            if group.promise is not None
            else None,
            rules=list(group.rules),
        )


class RefusalOut(Strict):
    code: str
    message: str


class QuoteOut(Strict):
    cart_id: str
    allowed: bool
    error: RefusalOut | None
    currency: str
    groups: list[QuoteGroupOut]
    tax: Money
    total: Money
    annual_remaining: Money | None
    identity: IdentityOut | None
    delivery: DeliveryOut | None
    expires_at: datetime | None
    unavailable: list[str]

    @classmethod
    def of(cls, quote: CartQuote, locale: str) -> QuoteOut:
        return cls(
            cart_id=quote.cart.id,
            allowed=quote.allowed,
            error=RefusalOut(code=quote.error.code, message=quote.error.message) if quote.error else None,
            currency=quote.buyer_currency,
            groups=[QuoteGroupOut.of(g, locale) for g in quote.groups],
            tax=quote.tax.as_json(),
            total=quote.buyer_total.as_json(),
            annual_remaining=quote.annual_remaining.as_json() if quote.annual_remaining is not None else None,
            identity=IdentityOut.of(quote.identity) if quote.identity else None,
            delivery=DeliveryOut.of(quote.delivery) if quote.delivery else None,
            expires_at=quote.expires_at,
            unavailable=list(quote.unavailable),
        )


class CheckoutIn(Strict):
    pay: bool = Field(default=False, strict=True, description="pay from the buyer's wallet in the same request")


class CardPayIn(Strict):
    card_token: str = Field(
        min_length=5,
        max_length=64,
        pattern=r"^tok_[A-Za-z0-9_]{1,60}$",
        description="the token the card acquirer's form returned (never a card number)",
    )


class OrderLineOut(Strict):
    sku_id: str
    sku: str
    title: str
    quantity: int
    unit_price: Money
    unit_price_buyer: Money
    consumption_tax: Money
    vat: Money
    duty: Money


class OrderOut(Strict):
    id: str
    number: str
    checkout_id: str
    status: str
    lane: str
    regime: str
    store_id: str
    merchant_org_id: str
    channel: str
    amount: Money = Field(description="what the merchant is owed (EUR)")
    goods: Money
    freight: Money
    discount: Money
    tax: Money = Field(description="import taxes collected, in the buyer's currency")
    total: Money = Field(description="what the buyer paid, in the buyer's currency")
    rate: str | None
    payment_id: str | None
    promised_by: date | None
    placed_at: datetime
    updated_at: datetime
    lines: list[OrderLineOut]

    @classmethod
    def of(cls, order: Order) -> OrderOut:
        return cls(
            id=order.id,
            number=order.number,
            checkout_id=order.checkout_id,
            status=order.status.value,
            lane=order.lane,
            regime=order.regime,
            store_id=order.store_id,
            merchant_org_id=order.merchant_org_id,
            channel=order.channel,
            amount=order.amount.as_json(),
            goods=order.goods.as_json(),
            freight=order.freight.as_json(),
            discount=order.discount.as_json(),
            tax=order.tax.as_json(),
            total=order.buyer_total.as_json(),
            rate=str(order.rate) if order.rate is not None else None,
            payment_id=order.payment_id,
            promised_by=order.promised_by,
            placed_at=order.placed_at,
            updated_at=order.updated_at,
            lines=[
                OrderLineOut(
                    sku_id=line.sku_id,
                    sku=line.sku,
                    title=line.title,
                    quantity=line.quantity,
                    unit_price=line.unit_price.as_json(),
                    unit_price_buyer=line.unit_price_buyer.as_json(),
                    consumption_tax=line.consumption_tax.as_json(),
                    vat=line.vat.as_json(),
                    duty=line.duty.as_json(),
                )
                for line in order.lines
            ],
        )


class CheckoutOut(Strict):
    id: str
    orders: list[OrderOut]

    @classmethod
    def of(cls, done: Checkout) -> CheckoutOut:
        return cls(id=done.id, orders=[OrderOut.of(o) for o in done.orders])


class ChangeOut(Strict):
    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str
    note: str

    @classmethod
    def of(cls, change: OrderChange) -> ChangeOut:
        return cls(
            at=change.at,
            actor=change.actor,
            action=change.action,
            from_status=change.from_status,
            to_status=change.to_status,
            note=change.note,
        )


class SellerOrderOut(OrderOut):
    history: list[ChangeOut]


class ReasonIn(Strict):
    reason: str = Field(default="", max_length=300)


class CouponCreateIn(Strict):
    code: str = Field(min_length=3, max_length=40, examples=["BIENVENUE"])
    percent_off: int | None = Field(default=None, strict=True, ge=1, le=100)
    amount_off: MoneyBody | None = None
    min_goods: MoneyBody | None = None
    max_redemptions: int = Field(default=1, strict=True, ge=1, le=1_000_000)
    valid_from: date
    valid_to: date | None = None

    @field_validator("valid_from", "valid_to", mode="before")
    @classmethod
    def _days_are_written_as_text(cls, value: object) -> object:
        if value is not None and not isinstance(value, str):
            raise ValueError("a day is written YYYY-MM-DD")
        return value


class CouponOut(Strict):
    code: str
    store_id: str | None
    percent_off: int | None
    amount_off: Money | None
    min_goods: Money | None
    max_redemptions: int
    redeemed: int
    valid_from: date
    valid_to: date | None
