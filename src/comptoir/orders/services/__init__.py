"""The orders capability's use cases, each ``verb(uow, ...)`` inside the caller's unit of work."""

from comptoir.orders.services.buyers import (
    Delivery,
    buyer_delivery,
    buyer_identity,
    set_buyer_identity,
    set_delivery,
)
from comptoir.orders.services.card_checkout import pay_checkout_by_card
from comptoir.orders.services.carts import cart, current_cart, open_cart, set_coupon, set_line
from comptoir.orders.services.checkout import Checkout, checkout, pay_checkout
from comptoir.orders.services.coupons import create_store_coupon
from comptoir.orders.services.erasure import erase_buyer
from comptoir.orders.services.history import changes_of
from comptoir.orders.services.lifecycle import (
    cancel_by_buyer,
    cancel_by_seller,
    cancel_unpaid,
    mark_declared,
    mark_delivered,
    mark_shipped,
    take_return,
)
from comptoir.orders.services.notices import tax_notice
from comptoir.orders.services.queries import buyer_order, buyer_orders, orders_of_checkout, seller_order, seller_orders
from comptoir.orders.services.quoting import CartQuote, QuotedGroup, QuotedLine, price_cart, quote_cart
from comptoir.orders.services.vault import BuyerVault

__all__ = [
    "BuyerVault",
    "CartQuote",
    "Checkout",
    "Delivery",
    "QuotedGroup",
    "QuotedLine",
    "buyer_delivery",
    "buyer_identity",
    "buyer_order",
    "buyer_orders",
    "cancel_by_buyer",
    "cancel_by_seller",
    "cancel_unpaid",
    "cart",
    "changes_of",
    "checkout",
    "create_store_coupon",
    "current_cart",
    "erase_buyer",
    "mark_declared",
    "mark_delivered",
    "mark_shipped",
    "open_cart",
    "orders_of_checkout",
    "pay_checkout",
    "pay_checkout_by_card",
    "price_cart",
    "quote_cart",
    "seller_order",
    "seller_orders",
    "set_buyer_identity",
    "set_coupon",
    "set_delivery",
    "set_line",
    "take_return",
    "tax_notice",
]
