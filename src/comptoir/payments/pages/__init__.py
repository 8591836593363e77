"""The payments pages: the shop's till (French first, on a tablet), the merchant's money page, the operator's
payments desk, and the tourist's wallet (Chinese first, on a phone; a sign-in realm of its own)."""

from fastapi import APIRouter

from comptoir.kernel import i18n
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.spaces import NavLink, Space
from comptoir.payments.pages import money, operator, till, wallet

router = APIRouter(include_in_schema=False)
router.include_router(till.router)
router.include_router(money.router)
router.include_router(operator.router)
router.include_router(wallet.router)

SPACES = (
    Space(
        name="till",
        kinds=frozenset(
            {OrganisationKind.SHOP, OrganisationKind.BRAND, OrganisationKind.SMALL_MERCHANT, OrganisationKind.PARTNER}
        ),
        home="/till",
        persona=lambda: i18n.gettext("Shop"),
        title=lambda: i18n.gettext("Till"),
        blurb=lambda: i18n.gettext("Take Chinese tourists' wallet payments in store, in euros, and see your money."),
        links=(
            NavLink("/till", lambda: i18n.gettext("Till")),
            NavLink("/payments", lambda: i18n.gettext("Payments")),
        ),
        rank=40,
    ),
    Space(
        name="operator_payments",
        kinds=frozenset({OrganisationKind.PLATFORM}),
        home="/operator/payments",
        persona=lambda: i18n.gettext("Platform operator"),
        title=lambda: i18n.gettext("Payments and payouts"),
        blurb=lambda: i18n.gettext("Every payment, the fees, and the payout batches for the bank."),
        links=(NavLink("/operator/payments", lambda: i18n.gettext("Payments and payouts")),),
        rank=12,
    ),
    Space(
        name="wallet",
        kinds=frozenset(),
        home="/wallet",
        persona=lambda: i18n.gettext("Chinese tourist"),
        title=lambda: i18n.gettext("My wallet"),
        blurb=lambda: i18n.gettext("Pay French shops in yuan by scanning their code or showing yours."),
        links=(NavLink("/wallet", lambda: i18n.gettext("My wallet")),),
        rank=95,
    ),
)

__all__ = ["SPACES", "router"]
