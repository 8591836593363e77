"""Identity: organisations, users, roles, partner accreditation and delegation, API keys, audit log.

Other capabilities use only the names below. The one they call most is
:func:`authorize_delegate` ("may this partner act for this brand within this scope?"),
and they add the scopes they check with ``SCOPES.register(name, description)``.
"""

from __future__ import annotations

from comptoir.identity.domain import (
    SCOPES,
    AuditEntry,
    BrandProfile,
    Delegation,
    DelegationStatus,
    Organisation,
    OrganisationKind,
    Partner,
    PartnerStatus,
    PartnerTerms,
    Role,
    ScopeRegistry,
    User,
)
from comptoir.identity.errors import DelegationDenied
from comptoir.identity.services import (
    accredit_partner,
    accredited_partners,
    add_user,
    apply_as_partner,
    audit_log,
    authorize_delegate,
    brand_profile,
    change_delegation_scopes,
    create_api_key,
    create_organisation,
    create_platform_operator,
    delegations_of,
    grant_delegation,
    organisation,
    revoke_api_key,
    revoke_delegation,
    sign_in,
    sign_up,
    suspend_partner,
    update_brand_profile,
)

__all__ = [
    "SCOPES",
    "AuditEntry",
    "BrandProfile",
    "Delegation",
    "DelegationDenied",
    "DelegationStatus",
    "Organisation",
    "OrganisationKind",
    "Partner",
    "PartnerStatus",
    "PartnerTerms",
    "Role",
    "ScopeRegistry",
    "User",
    "accredit_partner",
    "accredited_partners",
    "add_user",
    "apply_as_partner",
    "audit_log",
    "authorize_delegate",
    "brand_profile",
    "change_delegation_scopes",
    "create_api_key",
    "create_organisation",
    "create_platform_operator",
    "delegations_of",
    "grant_delegation",
    "organisation",
    "revoke_api_key",
    "revoke_delegation",
    "sign_in",
    "sign_up",
    "suspend_partner",
    "update_brand_profile",
]
