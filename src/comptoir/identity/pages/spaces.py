"""The spaces identity serves (operator, brand, partner) and the account links every persona has."""

from __future__ import annotations

from comptoir.identity.domain import DELEGATING_KINDS
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.spaces import NavLink, Space

SPACES = (
    Space(
        name="operator",
        kinds=frozenset({OrganisationKind.PLATFORM}),
        home="/operator/partners",
        persona=lambda: _("Platform operator"),
        title=lambda: _("Partner accreditation"),
        blurb=lambda: _("Review applications, accredit or suspend the partners who run stores for brands."),
        links=(NavLink("/operator/partners", lambda: _("Partner accreditation")),),
        rank=10,
    ),
    Space(
        name="brand",
        kinds=DELEGATING_KINDS,
        home="/brand/partners",
        persona=lambda: _("Brand"),
        title=lambda: _("Choose a partner"),
        blurb=lambda: _("Compare accredited partners, grant one a delegation with scopes, revoke it at any time."),
        links=(
            NavLink("/brand/partners", lambda: _("Partners")),
            NavLink("/brand/profile", lambda: _("Profile")),
            NavLink("/brand/audit", lambda: _("Audit log")),
        ),
        rank=20,
    ),
    Space(
        name="partner",
        kinds=frozenset({OrganisationKind.PARTNER}),
        home="/partner",
        persona=lambda: _("Partner"),
        title=lambda: _("Partner console"),
        blurb=lambda: _("Act for the brands that delegated to you, within the scopes they granted."),
        links=(NavLink("/partner", lambda: _("Partner console")),),
        rank=30,
    ),
)

#: Every signed-in organisation manages its own machine clients' keys.
ACCOUNT_LINKS = (NavLink("/account/api-keys", lambda: _("API keys")),)
