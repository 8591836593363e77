"""Errors of the identity capability, each with a stable code.

Each code is declared once below with the sentence people are shown (``docs/errors.md`` lists them all).

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
 │                                  | api_key_not_found | brand_not_found | user_not_found
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
    N_,
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TooManyRequests,
    declared,
)


class InvalidEmail(InvalidInput):
    code = "invalid_email"
    sentence = N_("Enter an email address such as name@example.com.")


class WeakPassword(InvalidInput):
    code = "weak_password"
    sentence = N_("Choose another password.")
    codes = declared(
        password_too_short=N_("Use at least %(minimum)s characters."),
        password_too_long=N_("Use at most %(maximum)s characters."),
        password_too_simple=N_(
            "This password is too easy to guess (one character repeated, or a sequence such as 12345678)."
        ),
        password_too_common=N_(
            "This password is one of the most common ones, which attackers try first. A few unrelated words make"
            " a good one."
        ),
        password_like_account=N_("This password is too close to your email or your organisation's name."),
    )


class UnknownScope(InvalidInput):
    code = "unknown_scope"
    sentence = N_("Choose the permissions from the list.")
    codes = declared(no_scope=N_("Grant at least one permission."))


class InvalidPartnerTerms(InvalidInput):
    code = "invalid_partner_terms"
    sentence = N_("Check the offer: services, languages, commission and monthly fee.")
    codes = declared(
        unknown_partner_service=N_("Choose the services from the list."),
        invalid_language_tag=N_("Give languages as tags such as zh-Hans, fr or en."),
        commission_out_of_range=N_("The commission is between 0 and %(maximum_percent)s %%."),
        negative_fee=N_("The monthly fee cannot be negative."),
        invalid_fee=N_("Give the monthly fee as an amount such as 1500.00 in a currency such as EUR."),
        offer_description_required=N_("Describe the offer in Chinese and in French (up to 4000 characters each)."),
        reason_required=N_("Give the reason for this decision (3 to 500 characters)."),
    )


class InvalidProfile(InvalidInput):
    code = "invalid_profile"
    sentence = N_("This cannot be saved as it is.")
    codes = declared(
        invalid_organisation_kind=N_("Choose what kind of organisation you are."),
        invalid_role=N_("Choose one of the roles offered."),
        operator_via_command=N_("The platform operator is created with the command comptoir identity create-operator."),
        invalid_api_key_name=N_("Name the key (1 to 80 characters)."),
        name_length=N_("Use 2 to 120 characters."),
        text_too_long=N_("At most %(limit)s characters."),
        text_too_short=N_("At least %(minimum)s characters."),
        unknown_profile_field=N_("This profile has no such field."),
        invalid_website=N_("Give the website as an address starting with http:// or https://."),
        text_not_allowed=N_(
            "This field contains an invisible control character or a change of writing direction, which is not"
            " allowed here."
        ),
        text_blank=N_("Type something visible here: spaces and invisible characters alone do not count."),
    )


class SignUpLinkInvalid(InvalidInput):
    """A confirmation link that is not ours, has expired (``sign_up_link_invalid``) or was followed already
    (``sign_up_link_used``)."""

    code = "sign_up_link_invalid"
    sentence = N_("This link is not valid or has expired; sign up again.")
    codes = declared(sign_up_link_used=N_("This link was already used; sign in."))


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"
    sentence = N_("Wrong email or password.")


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"
    sentence = N_("This form has expired or did not come from Comptoir; reload the page and try again.")


class WrongOrganisationKind(PermissionDenied):
    code = "wrong_organisation_kind"
    sentence = N_("This space is for another kind of organisation.")


class RoleRequired(PermissionDenied):
    code = "role_required"
    sentence = N_("Only an owner or an admin of your organisation may do this.")


class OperatorOnly(PermissionDenied):
    code = "operator_only"
    sentence = N_("Only the platform operator may do this.")


class ApiKeyCannotCreateKeys(PermissionDenied):
    """Only a signed-in owner or admin creates API keys, so revoking a key never leaves keys it made behind."""

    code = "api_key_cannot_create_keys"
    sentence = N_("An API key cannot create API keys: sign in as an owner or admin to create one.")


class DelegationDenied(PermissionDenied):
    """A partner may not act for this brand; ``code`` says why (see the module docstring)."""

    code = "no_delegation"
    sentence = N_("This brand has not delegated to you.")
    codes = declared(
        not_a_partner=N_("Only an accredited partner acts for a brand."),
        delegation_revoked=N_("This brand revoked your delegation."),
        scope_not_granted=N_("This brand has not given you this permission."),
        partner_suspended=N_("Your accreditation is suspended."),
    )


class IdentityNotFound(NotFound):
    codes = declared(
        organisation_not_found=N_("There is no such organisation."),
        partner_not_found=N_("There is no such partner."),
        delegation_not_found=N_("There is no such delegation."),
        api_key_not_found=N_("There is no such API key."),
        brand_not_found=N_("There is no such brand."),
        user_not_found=N_("There is no account with this address."),
    )


class EmailTaken(Conflict):
    code = "email_taken"
    sentence = N_("This address already has an account; sign in instead.")


class DelegationExists(Conflict):
    code = "delegation_exists"
    sentence = N_("This partner already holds a delegation from you; change its permissions instead.")


class WrongPartnerStatus(Conflict):
    code = "wrong_partner_status"
    sentence = N_("This cannot be done at this stage of the application.")
    codes = declared(
        already_accredited=N_("This partner is already accredited."),
        already_suspended=N_("This partner is already suspended."),
        partner_not_pending=N_("This application is no longer waiting for a decision."),
        partner_suspended_cannot_apply=N_(
            "Your accreditation is suspended: you cannot apply again until the platform lifts the suspension."
        ),
    )


class TooManySignInAttempts(TooManyRequests):
    """The account or the client address is locked after too many failed sign-ins; see ``retry_after_s``."""

    code = "too_many_sign_in_attempts"
    sentence = N_("Too many sign-in attempts; try again in %(retry_after_s)s seconds.")
