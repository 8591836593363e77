"""Orders: carts, the buyer's identity for customs, the checkout, and the order's life until delivery or return.

Other capabilities and the entry points reach orders through these names only:

- the use cases, each ``verb(uow, ...)`` inside the caller's unit of work: carts (:func:`open_cart`,
  :func:`current_cart`, :func:`cart`, :func:`set_line`, :func:`set_coupon`), the buyer
  (:func:`set_buyer_identity`, :func:`buyer_identity`, :func:`set_delivery`, :func:`buyer_delivery`, with a
  :class:`BuyerVault` made from the settings), the quote (:func:`quote_cart`, :func:`price_cart`), the
  checkout (:func:`checkout`, :func:`pay_checkout` from the wallet, :func:`pay_checkout_by_card` by card,
  which runs its own short transactions around the card acquirer), reading (:func:`buyer_orders`,
  :func:`buyer_order`, :func:`seller_orders`, :func:`seller_order`, :func:`changes_of`) and moving orders
  (:func:`cancel_by_buyer`, :func:`cancel_by_seller`, :func:`mark_shipped`, :func:`mark_delivered`,
  :func:`take_return`, :func:`mark_declared`, :func:`cancel_unpaid`), and :func:`erase_buyer`, which erases a
  buyer's personal data (and asks customs and logistics to erase theirs) while the orders stay;
- the delivery zones a buyer chooses from (:func:`delivery_zones`, each a :class:`Zone`);
- the values they take and give, and the events :class:`OrderPlaced`, :class:`OrderPaid`,
  :class:`OrderCancelled`, :class:`OrderReturned`;
- the refusals of ``orders/errors.py``.

The entry points assemble ``api_router``, ``pages_router`` and ``SPACES``. See docs/orders.md.
"""

from comptoir.orders import scopes as _scopes  # noqa: F401 (registers the "orders" delegation scope)
from comptoir.orders.api import router as api_router
from comptoir.orders.bench import bench_command
from comptoir.orders.chores import cancel_unpaid_orders
from comptoir.orders.domain import (
    Cart,
    CartLine,
    CartStatus,
    Market,
    Order,
    OrderCancelled,
    OrderChange,
    OrderLine,
    OrderPaid,
    OrderPlaced,
    OrderReturned,
    OrderStatus,
)
from comptoir.orders.domain.zones import Zone, delivery_zones
from comptoir.orders.errors import (
    BuyerIdentityInvalid,
    BuyerNotSignedIn,
    CartEmpty,
    CartInvalid,
    CheckoutRefused,
    DeliveryInvalid,
    OrdersNotFound,
    OrderStateRefused,
    QuoteOutdated,
)
from comptoir.orders.handlers import (
    customs_answer_handler,
    order_paid_handler,
    ship_and_declare,
    shipment_repromised_handler,
)
from comptoir.orders.pages import SPACES
from comptoir.orders.pages import router as pages_router
from comptoir.orders.services import (
    BuyerVault,
    CartQuote,
    Checkout,
    Delivery,
    QuotedGroup,
    QuotedLine,
    buyer_delivery,
    buyer_identity,
    buyer_order,
    buyer_orders,
    cancel_by_buyer,
    cancel_by_seller,
    cancel_unpaid,
    cart,
    changes_of,
    checkout,
    create_store_coupon,
    current_cart,
    erase_buyer,
    mark_declared,
    mark_delivered,
    mark_shipped,
    open_cart,
    orders_of_checkout,
    pay_checkout,
    pay_checkout_by_card,
    price_cart,
    quote_cart,
    seller_order,
    seller_orders,
    set_buyer_identity,
    set_coupon,
    set_delivery,
    set_line,
    take_return,
    tax_notice,
)

__all__ = [
    "SPACES",
    "BuyerIdentityInvalid",
    "BuyerNotSignedIn",
    "BuyerVault",
    "Cart",
    "CartEmpty",
    "CartInvalid",
    "CartLine",
    "CartQuote",
    "CartStatus",
    "Checkout",
    "CheckoutRefused",
    "Delivery",
    "DeliveryInvalid",
    "Market",
    "Order",
    "OrderCancelled",
    "OrderChange",
    "OrderLine",
    "OrderPaid",
    "OrderPlaced",
    "OrderReturned",
    "OrderStateRefused",
    "OrderStatus",
    "OrdersNotFound",
    "QuoteOutdated",
    "QuotedGroup",
    "QuotedLine",
    "Zone",
    "api_router",
    "bench_command",
    "buyer_delivery",
    "buyer_identity",
    "buyer_order",
    "buyer_orders",
    "cancel_by_buyer",
    "cancel_by_seller",
    "cancel_unpaid",
    "cancel_unpaid_orders",
    "cart",
    "changes_of",
    "checkout",
    "create_store_coupon",
    "current_cart",
    "customs_answer_handler",
    "delivery_zones",
    "erase_buyer",
    "mark_declared",
    "mark_delivered",
    "mark_shipped",
    "open_cart",
    "order_paid_handler",
    "orders_of_checkout",
    "pages_router",
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
    "ship_and_declare",
    "shipment_repromised_handler",
    "take_return",
    "tax_notice",
]
