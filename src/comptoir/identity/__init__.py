"""Identity: organisations, users, roles, partner accreditation and delegation, API keys, audit log.

Other capabilities use only the names below. Every use case takes the caller's unit of work
(``verb(uow, principal?, *, ...)``) and never commits. The one they call most is
:func:`authorize_delegate` ("may this partner act for this brand within this scope?", inside the
change's own unit of work); they register the scopes they check in the kernel's
:data:`~comptoir.kernel.scopes.DELEGATION_SCOPES`, as identity registers ``content`` on import.
The entry points assemble ``api_router``, ``pages_router``, ``SPACES``, ``ACCOUNT_LINKS``,
``resolve_principal``, ``authorize_for_brand`` (the kernel's brand guard) and ``cli_app``; no
capability uses those.
"""

from __future__ import annotations

# Registers identity's own delegation scope, ``content``, before anything lists the scopes.
from comptoir.identity import scopes as _scopes  # noqa: F401
from comptoir.identity.api import router as api_router
from comptoir.identity.cli import app as cli_app
from comptoir.identity.domain import (
    AuditEntry,
    BrandProfile,
    Delegation,
    DelegationStatus,
    Organisation,
    Partner,
    PartnerDecision,
    PartnerStatus,
    PartnerTerms,
    Role,
    User,
)
from comptoir.identity.errors import DelegationDenied
from comptoir.identity.pages import router as pages_router
from comptoir.identity.pages.spaces import ACCOUNT_LINKS, SPACES
from comptoir.identity.principals import resolve_principal
from comptoir.identity.services import (
    SESSION_COOKIE,
    accredit_partner,
    accredited_partners,
    add_user,
    apply_as_partner,
    audit_log,
    authorize_delegate,
    authorize_for_brand,
    brand_profile,
    change_delegation_scopes,
    confirm_sign_up,
    create_api_key,
    create_organisation,
    create_platform_operator,
    delegations_of,
    grant_delegation,
    open_account,
    organisation,
    principal_for_session,
    reject_partner,
    revoke_api_key,
    revoke_delegation,
    sign_in,
    sign_out,
    sign_up,
    suspend_partner,
    update_brand_profile,
)

__all__ = [
    "ACCOUNT_LINKS",
    "SESSION_COOKIE",
    "SPACES",
    "AuditEntry",
    "BrandProfile",
    "Delegation",
    "DelegationDenied",
    "DelegationStatus",
    "Organisation",
    "Partner",
    "PartnerDecision",
    "PartnerStatus",
    "PartnerTerms",
    "Role",
    "User",
    "accredit_partner",
    "accredited_partners",
    "add_user",
    "api_router",
    "apply_as_partner",
    "audit_log",
    "authorize_delegate",
    "authorize_for_brand",
    "brand_profile",
    "change_delegation_scopes",
    "cli_app",
    "confirm_sign_up",
    "create_api_key",
    "create_organisation",
    "create_platform_operator",
    "delegations_of",
    "grant_delegation",
    "open_account",
    "organisation",
    "pages_router",
    "principal_for_session",
    "reject_partner",
    "resolve_principal",
    "revoke_api_key",
    "revoke_delegation",
    "sign_in",
    "sign_out",
    "sign_up",
    "suspend_partner",
    "update_brand_profile",
]
