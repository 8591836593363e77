"""Who acts: the kinds of organisation and the principal, as plain values any domain module may name.

:mod:`comptoir.kernel.auth` resolves a principal at the web edge and says who a route serves; this
module holds only the shapes, without the web framework.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from comptoir.kernel import i18n


class OrganisationKind(StrEnum):
    """What an organisation is on the platform; stored and sent as these very strings."""

    PLATFORM = "platform"
    BRAND = "brand"
    SMALL_MERCHANT = "small_merchant"
    PARTNER = "partner"
    SHOP = "shop"
    LOGISTICS_OPERATOR = "logistics_operator"
    RETAILER = "retailer"
    SELLER = "seller"  # a Chinese merchant selling to French consumers (IOSS-registered through the platform)


@dataclass(frozen=True)
class Principal:
    """An authenticated user (session) or machine client (API key) of one organisation."""

    organisation_id: str
    organisation_kind: OrganisationKind
    organisation_name: str
    via: str  # "session" or "api_key"
    user_id: str | None = None
    user_email: str | None = None
    api_key_id: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    session_id: str | None = None
    csrf_token: str | None = None

    @property
    def is_platform_operator(self) -> bool:
        return self.organisation_kind == OrganisationKind.PLATFORM

    @property
    def display_organisation_name(self) -> str:
        """The organisation's name as a page shows it: the platform's own, in the reader's language."""
        return i18n.gettext("Comptoir platform") if self.is_platform_operator else self.organisation_name

    @property
    def actor_id(self) -> str:
        return self.user_id or self.api_key_id or self.organisation_id


__all__ = ["OrganisationKind", "Principal"]
