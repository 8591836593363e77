"""The orders capability's values, pure: carts, orders and their states, the buyer's identity, freight."""

from comptoir.orders.domain.events import OrderCancelled, OrderPaid, OrderPlaced, OrderReturned
from comptoir.orders.domain.freight import FreightRate, FreightTable, load_freight_table, shipped_freight_table
from comptoir.orders.domain.identity import (
    BuyerIdentity,
    IdentityProblem,
    check_real_name,
    check_resident_id,
    mask_resident_id,
)
from comptoir.orders.domain.orders import (
    CART_HOLD_MINUTES,
    MAX_LINES,
    MAX_QUANTITY,
    PAYMENT_WINDOW_MINUTES,
    TRANSITIONS,
    Cart,
    CartLine,
    CartStatus,
    Market,
    Order,
    OrderChange,
    OrderLine,
    OrderStatus,
    may_move,
    needs_customs,
)

__all__ = [
    "CART_HOLD_MINUTES",
    "MAX_LINES",
    "MAX_QUANTITY",
    "PAYMENT_WINDOW_MINUTES",
    "TRANSITIONS",
    "BuyerIdentity",
    "Cart",
    "CartLine",
    "CartStatus",
    "FreightRate",
    "FreightTable",
    "IdentityProblem",
    "Market",
    "Order",
    "OrderCancelled",
    "OrderChange",
    "OrderLine",
    "OrderPaid",
    "OrderPlaced",
    "OrderReturned",
    "OrderStatus",
    "check_real_name",
    "check_resident_id",
    "load_freight_table",
    "mask_resident_id",
    "may_move",
    "needs_customs",
    "shipped_freight_table",
]
