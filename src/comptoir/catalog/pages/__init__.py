"""The catalog's pages: the merchants', brands' and partners' product management, the Chinese storefront
(``/shop``) and the French storefront (``/boutique``)."""

from fastapi import APIRouter

from comptoir.catalog.pages import boutique, manage, storefront
from comptoir.catalog.pages.manage import UPLOAD_ROUTES
from comptoir.kernel import i18n
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.spaces import NavLink, Space

router = APIRouter(include_in_schema=False)
router.include_router(manage.router)
router.include_router(storefront.router)
router.include_router(boutique.router)

SPACES = (
    Space(
        name="merchant",
        kinds=frozenset({OrganisationKind.SMALL_MERCHANT}),
        home="/merchant",
        persona=lambda: i18n.gettext("Small merchant"),
        title=lambda: i18n.gettext("My products"),
        blurb=lambda: i18n.gettext("List a handful of products in a pavilion and sell in China without a store."),
        links=(NavLink("/merchant", lambda: i18n.gettext("My products")),),
        rank=15,
    ),
    Space(
        name="brand_store",
        kinds=frozenset({OrganisationKind.BRAND}),
        home="/brand/store",
        persona=lambda: i18n.gettext("Brand"),
        title=lambda: i18n.gettext("My store"),
        blurb=lambda: i18n.gettext("Your products, variants and Chinese pages on the storefront."),
        links=(NavLink("/brand/store", lambda: i18n.gettext("My store")),),
        rank=21,
    ),
    Space(
        name="partner_stores",
        kinds=frozenset({OrganisationKind.PARTNER}),
        home="/partner/stores",
        persona=lambda: i18n.gettext("Partner"),
        title=lambda: i18n.gettext("Stores"),
        blurb=lambda: i18n.gettext("The brand stores and pavilions you run."),
        links=(NavLink("/partner/stores", lambda: i18n.gettext("Stores")),),
        rank=31,
    ),
    Space(
        name="shop",
        kinds=frozenset(),
        home="/shop",
        persona=lambda: i18n.gettext("Chinese shopper"),
        title=lambda: i18n.gettext("Chinese storefront"),
        blurb=lambda: i18n.gettext("French brands and small makers, with prices in yuan and search that reads pinyin."),
        links=(NavLink("/shop", lambda: i18n.gettext("Storefront")),),
        rank=90,
    ),
    Space(
        name="boutique",
        kinds=frozenset(),
        home="/boutique",
        persona=lambda: i18n.gettext("French consumer"),
        title=lambda: i18n.gettext("French storefront"),
        blurb=lambda: i18n.gettext(
            "Chinese sellers' products in euros, VAT and customs duty included, delivered in France and paid by card."
        ),
        links=(NavLink("/boutique", lambda: i18n.gettext("French storefront")),),
        rank=91,
    ),
)

__all__ = ["SPACES", "UPLOAD_ROUTES", "router"]
