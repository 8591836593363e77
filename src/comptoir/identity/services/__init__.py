"""Identity's use cases, one module per family: each is ``verb(uow, principal?, *, ...)``, runs in the caller's
unit of work and never commits (entry points run them with :func:`comptoir.kernel.unit_of_work.transact`)."""

from __future__ import annotations

from comptoir.identity.services.accounts import (
    SESSION_COOKIE,
    SignedIn,
    add_user,
    create_organisation,
    create_platform_operator,
    open_account,
    organisation,
    principal_for_api_key,
    principal_for_session,
    sign_in,
    sign_out,
    users_of,
)
from comptoir.identity.services.api_keys import (
    CreatedApiKey,
    api_keys_of,
    api_keys_page,
    create_api_key,
    issue_api_key,
    revoke_api_key,
)
from comptoir.identity.services.audit import audit_log
from comptoir.identity.services.delegations import (
    authorize_delegate,
    authorize_for_brand,
    change_delegation_scopes,
    delegation,
    delegations_of,
    delegations_page,
    grant_delegation,
    revoke_delegation,
)
from comptoir.identity.services.partners import (
    accredit_partner,
    accredited_partners,
    accredited_partners_page,
    apply_as_partner,
    my_partner_application,
    partner_applications,
    partner_applications_page,
    reject_partner,
    suspend_partner,
)
from comptoir.identity.services.profiles import brand_profile, update_brand_profile
from comptoir.identity.services.sign_up import SignUpRequested, confirm_sign_up, sign_up

__all__ = [
    "SESSION_COOKIE",
    "CreatedApiKey",
    "SignUpRequested",
    "SignedIn",
    "accredit_partner",
    "accredited_partners",
    "accredited_partners_page",
    "add_user",
    "api_keys_of",
    "api_keys_page",
    "apply_as_partner",
    "audit_log",
    "authorize_delegate",
    "authorize_for_brand",
    "brand_profile",
    "change_delegation_scopes",
    "confirm_sign_up",
    "create_api_key",
    "create_organisation",
    "create_platform_operator",
    "delegation",
    "delegations_of",
    "delegations_page",
    "grant_delegation",
    "issue_api_key",
    "my_partner_application",
    "open_account",
    "organisation",
    "partner_applications",
    "partner_applications_page",
    "principal_for_api_key",
    "principal_for_session",
    "reject_partner",
    "revoke_api_key",
    "revoke_delegation",
    "sign_in",
    "sign_out",
    "sign_up",
    "suspend_partner",
    "update_brand_profile",
    "users_of",
]
