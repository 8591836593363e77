"""Tourism: cashless Paris and the tourist loop.

A shop in France signs up to accept wallet payments (:func:`sign_up_shop`: profile, address placed from the
shipped table of Paris streets or a pin, category, the brand it sells, IBAN and hours; its till and entry code
come from payments). A Chinese tourist finds accepting shops near a place (:func:`nearby_shops`), pays there
(payments' ``PaymentSucceeded`` becomes a visit, :func:`record_visit`), and may then follow the shop's brand with
two separate consents (:func:`follow_brand`). Back home, an order on the Chinese storefront from a followed brand
(orders' ``OrderPaid``) is attributed to the last visit within the brand's window (:func:`attribute_order`).
Shops, brands and the operator read :func:`shop_statistics`, :func:`attribution_report` and
:func:`cashless_paris`; a tourist reads, exports and erases their own data (:func:`export_tourist_data`,
:func:`erase_tourist`). Tourism keeps its own tables and reads payments and orders only through their public
faces and events.
"""

from comptoir.tourism.api import router as api_router
from comptoir.tourism.cli import app as cli_app
from comptoir.tourism.domain.attribution import DEFAULT_WINDOW_DAYS, Purpose
from comptoir.tourism.domain.categories import ShopCategory
from comptoir.tourism.errors import (
    AlreadyErased,
    ConsentRequired,
    NotAShop,
    SearchInvalid,
    ShopExists,
    ShopInvalid,
    TourismNotFound,
)
from comptoir.tourism.handlers import order_paid_handler, payment_succeeded_handler
from comptoir.tourism.pages import SPACES
from comptoir.tourism.pages import router as pages_router
from comptoir.tourism.services import *  # noqa: F403
from comptoir.tourism.services import __all__ as _services

__all__ = [
    "SPACES",
    "api_router",
    "cli_app",
    "pages_router",
    "DEFAULT_WINDOW_DAYS",
    "AlreadyErased",
    "ConsentRequired",
    "NotAShop",
    "Purpose",
    "SearchInvalid",
    "ShopCategory",
    "ShopExists",
    "ShopInvalid",
    "TourismNotFound",
    "order_paid_handler",
    "payment_succeeded_handler",
    *_services,
]
