"""The orders pages: the buyer's cart, checkout and orders on the Chinese storefront (``/shop``, zh-Hans first)
and on the French one (``/boutique``, French first, paid by card), on a phone, signed in with the wallet; and the
sellers' orders desk for brands, small merchants, sellers, partners and the operator."""

from fastapi import APIRouter

from comptoir.kernel import i18n
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.spaces import NavLink, Space
from comptoir.orders.pages import boutique_checkout, buyer_orders, cart, checkout, parcel_tracking, seller

router = APIRouter(include_in_schema=False)
router.include_router(cart.router)
router.include_router(checkout.router)
router.include_router(boutique_checkout.router)
router.include_router(buyer_orders.router)
router.include_router(parcel_tracking.router)
router.include_router(seller.router)

SPACES = (
    Space(
        name="orders",
        kinds=frozenset(
            {
                OrganisationKind.BRAND,
                OrganisationKind.SMALL_MERCHANT,
                OrganisationKind.PARTNER,
                OrganisationKind.PLATFORM,
                OrganisationKind.SELLER,
            }
        ),
        home="/orders",
        persona=lambda: i18n.gettext("Seller"),
        title=lambda: i18n.gettext("Orders"),
        blurb=lambda: i18n.gettext(
            "The orders of Chinese buyers: what each paid, the taxes, and shipping, cancelling or taking a return."
        ),
        links=(NavLink("/orders", lambda: i18n.gettext("Orders")),),
        rank=45,
    ),
    Space(
        name="my_orders",
        kinds=frozenset(),
        home="/shop/orders",
        persona=lambda: i18n.gettext("Chinese consumer"),
        title=lambda: i18n.gettext("My orders"),
        blurb=lambda: i18n.gettext("Your cart, the landed price with taxes and the promised date, and your orders."),
        links=(NavLink("/shop/orders", lambda: i18n.gettext("My orders")),),
        rank=92,
    ),
)

__all__ = ["SPACES", "router"]
