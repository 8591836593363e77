"""Carts, orders and the order's life: the states it moves through and who may move it.

An order is what one merchant of record sells one buyer in one checkout (a pavilion's small merchants
each get their own: they ship their own parcels and are each declared to customs on their own). Its
amounts are fixed at checkout: the EUR the merchant is owed, the CNY the buyer paid for it at the locked
rate, the import taxes, the freight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from comptoir.kernel.money import Money

#: A cart holds its stock this long after the buyer last touched it.
CART_HOLD_MINUTES = 30
#: An order placed but not paid within this long is cancelled and its stock released.
PAYMENT_WINDOW_MINUTES = 30
MAX_QUANTITY = 999
MAX_LINES = 50


class Market(StrEnum):
    """Where the buyer lives, and so which lane the cart's goods travel."""

    CN = "CN"  # a Chinese consumer buying from French stores: lane FR-CN
    FR = "FR"  # a French consumer buying from Chinese sellers: lane CN-FR

    @property
    def lane(self) -> str:
        return "FR-CN" if self is Market.CN else "CN-FR"

    @property
    def currency(self) -> str:
        return "CNY" if self is Market.CN else "EUR"


class CartStatus(StrEnum):
    OPEN = "open"
    CHECKED_OUT = "checked_out"


class OrderStatus(StrEnum):
    PLACED = "placed"
    PAID = "paid"
    DECLARED = "declared"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURNED = "returned"


#: The moves an order may make; anything else is refused with ``order_state``.
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PLACED: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.DECLARED, OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.DECLARED: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED, OrderStatus.RETURNED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.RETURNED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.RETURNED: frozenset(),
}


def may_move(current: OrderStatus, to: OrderStatus) -> bool:
    return to in TRANSITIONS[current]


def needs_customs(lane: str) -> bool:
    """Orders into China are declared (three documents) before the parcel may leave."""
    return lane == "FR-CN"


@dataclass(frozen=True, slots=True)
class CartLine:
    sku_id: str
    product_id: str
    store_id: str
    quantity: int
    unit_price: Money  # the EUR price when the line was added: a later change is shown, never silently charged
    added_at: datetime


@dataclass(frozen=True, slots=True)
class Cart:
    id: str
    holder_id: str
    market: Market
    status: CartStatus
    coupon_code: str | None
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    lines: tuple[CartLine, ...] = ()
    quote: str | None = None  # the last quote's locked FX quotes, as stored

    def line(self, sku_id: str) -> CartLine | None:
        return next((line for line in self.lines if line.sku_id == sku_id), None)


@dataclass(frozen=True, slots=True)
class OrderLine:
    sku_id: str
    product_id: str
    sku: str
    title: str
    hs_code: str
    quantity: int
    unit_price: Money  # EUR
    unit_price_buyer: Money  # in the buyer's currency at the locked rate
    taxable_value: Money
    tariff: Money
    consumption_tax: Money
    vat: Money
    duty: Money


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    number: str
    checkout_id: str
    holder_id: str
    market: Market
    lane: str
    regime: str
    store_id: str
    merchant_org_id: str
    beneficiary_org_id: str
    channel: str
    status: OrderStatus
    goods: Money  # EUR, after the coupon
    freight: Money  # EUR
    amount: Money  # EUR the merchant is owed: goods + freight
    buyer_total: Money  # what the buyer pays in the buyer's currency, taxes included
    buyer_goods: Money
    buyer_freight: Money
    discount: Money  # EUR taken off the goods by a coupon
    tax: Money  # in the buyer's currency
    rate: Decimal | None
    quote_id: str | None
    payment_id: str | None
    person_key: str | None
    coupon_code: str | None
    promised_by: date | None
    zone: str | None
    placed_at: datetime
    updated_at: datetime
    lines: tuple[OrderLine, ...] = ()


@dataclass(frozen=True, slots=True)
class OrderChange:
    """One line of an order's history: who moved it, from what to what, and why."""

    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str
    note: str
