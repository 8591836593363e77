"""Errors of the identity capability, each with a stable code.

ComptoirError
 ├── InvalidInput (422)
 │    ├── InvalidEmail              invalid_email
 │    ├── WeakPassword              password_too_short | password_too_long | password_too_simple
 │    │                             | password_too_common | password_like_account
 │    ├── UnknownScope              unknown_scope
 │    ├── InvalidPartnerTerms       invalid_partner_terms
 │    ├── InvalidProfile            invalid_profile | text_not_allowed | text_blank (typed text, also
 │    │                             in partner terms and emails: see identity.domain.typed_text)
 │    └── SignUpLinkInvalid         sign_up_link_invalid | sign_up_link_used
 ├── NotAuthenticated (401)
 │    └── InvalidCredentials        invalid_credentials
 ├── PermissionDenied (403)
 │    ├── CsrfFailed                csrf_failed
 │    ├── WrongOrganisationKind     wrong_organisation_kind
 │    ├── RoleRequired              role_required
 │    ├── ApiKeyCannotCreateKeys    api_key_cannot_create_keys
 │    └── DelegationDenied          not_a_partner | no_delegation | delegation_revoked
 │                                  | scope_not_granted | partner_suspended
 ├── NotFound (404)
 │    └── IdentityNotFound          organisation_not_found | partner_not_found | delegation_not_found
 │                                  | api_key_not_found | brand_not_found
 ├── Conflict (409)
 │    ├── EmailTaken                email_taken
 │    ├── DelegationExists          delegation_exists
 │    └── WrongPartnerStatus        already_accredited | already_suspended | partner_not_pending
 │                                  | partner_suspended_cannot_apply
 └── TooManyRequests (429)
      └── TooManySignInAttempts     too_many_sign_in_attempts
"""

from __future__ import annotations

from comptoir.kernel.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TooManyRequests,
)


class InvalidEmail(InvalidInput):
    code = "invalid_email"


class WeakPassword(InvalidInput):
    code = "weak_password"


class UnknownScope(InvalidInput):
    code = "unknown_scope"


class InvalidPartnerTerms(InvalidInput):
    code = "invalid_partner_terms"


class InvalidProfile(InvalidInput):
    code = "invalid_profile"


class SignUpLinkInvalid(InvalidInput):
    """A confirmation link that is not ours, has expired (``sign_up_link_invalid``) or was followed already
    (``sign_up_link_used``)."""

    code = "sign_up_link_invalid"


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"


class WrongOrganisationKind(PermissionDenied):
    code = "wrong_organisation_kind"


class RoleRequired(PermissionDenied):
    code = "role_required"


class ApiKeyCannotCreateKeys(PermissionDenied):
    """Only a signed-in owner or admin creates API keys, so revoking a key never leaves keys it made behind."""

    code = "api_key_cannot_create_keys"


class DelegationDenied(PermissionDenied):
    """A partner may not act for this brand; ``code`` says why (see the module docstring)."""

    code = "no_delegation"


class IdentityNotFound(NotFound):
    code = "not_found"


class EmailTaken(Conflict):
    code = "email_taken"


class DelegationExists(Conflict):
    code = "delegation_exists"


class WrongPartnerStatus(Conflict):
    code = "wrong_partner_status"


class TooManySignInAttempts(TooManyRequests):
    """The account or the client address is locked after too many failed sign-ins; see ``retry_after_s``."""

    code = "too_many_sign_in_attempts"
