"""What orders tells the rest of the platform, through the outbox. Amounts are integer minor units."""

from __future__ import annotations

from dataclasses import dataclass

from comptoir.kernel.events import event


@event("orders.OrderPlaced", version=1, leaves_system=True)
@dataclass(frozen=True)
class OrderPlaced:
    """A checkout turned a cart into this order; its stock is committed and its payment waits for the buyer."""

    order_id: str
    merchant_org_id: str
    lane: str
    amount_minor: int
    currency: str


@event("orders.OrderPaid", version=1)
@dataclass(frozen=True)
class OrderPaid:
    """The buyer paid the order: it may be declared to customs and shipped."""

    order_id: str
    merchant_org_id: str
    store_id: str
    lane: str
    payment_id: str
    holder_id: str
    zone: str
    amount_minor: int
    currency: str


@event("orders.OrderCancelled", version=1, leaves_system=True)
@dataclass(frozen=True)
class OrderCancelled:
    order_id: str
    merchant_org_id: str
    reason: str


@event("orders.OrderReturned", version=1, leaves_system=True)
@dataclass(frozen=True)
class OrderReturned:
    order_id: str
    merchant_org_id: str
    refunded_minor: int
    currency: str
