"""Identity's public names are pinned: other capabilities may use these, and only these."""

from __future__ import annotations

import comptoir.identity

PUBLIC = [
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


def test_identity_exposes_exactly_its_pinned_public_names() -> None:
    assert sorted(comptoir.identity.__all__) == sorted(PUBLIC)
    missing = [name for name in PUBLIC if not hasattr(comptoir.identity, name)]
    assert missing == []


def test_identity_adds_only_its_own_scope_to_the_kernels_registry() -> None:
    from comptoir.kernel.scopes import DELEGATION_SCOPES

    owners = {s.name: s.capability for s in DELEGATION_SCOPES.definitions()}
    assert owners["content"] == "identity"
    # Every other scope is declared by the capability that checks it, never by identity.
    assert [name for name, capability in owners.items() if capability == "identity"] == ["content"]
    assert "money" not in DELEGATION_SCOPES
