"""The tourism spaces: a shop's (or a brand's) acceptance of the wallet with its attributed online sales, and
the platform operator's cashless-Paris dashboard."""

from comptoir.kernel import i18n
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.spaces import NavLink, Space

SPACES: tuple[Space, ...] = (
    Space(
        name="tourism_shop",
        kinds=frozenset(
            {OrganisationKind.SHOP, OrganisationKind.BRAND, OrganisationKind.SMALL_MERCHANT, OrganisationKind.RETAILER}
        ),
        home="/tourism/shop",
        persona=lambda: i18n.gettext("Shop"),
        title=lambda: i18n.gettext("Cashless Paris"),
        blurb=lambda: i18n.gettext(
            "Put your shop on the Chinese tourists' map, print its code, and see the online sales its visitors bring."
        ),
        links=(
            NavLink("/tourism/shop", lambda: i18n.gettext("Cashless Paris")),
            NavLink("/tourism/attribution", lambda: i18n.gettext("Attributed sales")),
        ),
        rank=42,
    ),
    Space(
        name="operator_tourism",
        kinds=frozenset({OrganisationKind.PLATFORM}),
        home="/tourism/cashless-paris",
        persona=lambda: i18n.gettext("Platform operator"),
        title=lambda: i18n.gettext("Cashless Paris"),
        blurb=lambda: i18n.gettext("Where shops accept the wallet, what tourists spend, and what comes back online."),
        links=(NavLink("/tourism/cashless-paris", lambda: i18n.gettext("Cashless Paris")),),
        rank=14,
    ),
)
