"""Identity's business words: organisations, users, partners, delegations, brand profiles, audit entries.

Pure Python: no I/O. The rules here (which scopes may be granted, what valid partner terms and
brand profiles look like, what a delegation allows) are used by the services. The kinds of
organisation and the delegation scopes are the kernel's, shared by every capability.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from comptoir.identity.errors import (
    InvalidEmail,
    InvalidPartnerTerms,
    InvalidProfile,
    UnknownScope,
)

# The password rules have a module of their own; they are re-exported here with the other rules.
from comptoir.identity.passwords import check_password as check_password

# So are the lengths of typed text: one table that forms, API schemas and services read.
from comptoir.identity.text_fields import TEXT_FIELDS as TEXT_FIELDS
from comptoir.identity.text_fields import TextField as TextField
from comptoir.identity.text_fields import check_length as check_length
from comptoir.kernel.errors import InvalidInput
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.scopes import DELEGATION_SCOPES
from comptoir.kernel.text import TextRefused, check_text

#: Organisations that may grant a delegation to a partner (a brand store, a small merchant's listings).
DELEGATING_KINDS = frozenset({OrganisationKind.BRAND, OrganisationKind.SMALL_MERCHANT})


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    STAFF = "staff"  # the platform operator's staff


#: Roles that may manage an organisation: grant and revoke delegations, create API keys.
MANAGING_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.STAFF})


class PartnerStatus(StrEnum):
    PENDING = "pending"
    ACCREDITED = "accredited"
    SUSPENDED = "suspended"
    REJECTED = "rejected"


class PartnerDecision(StrEnum):
    """What the platform operator decides about a partner."""

    ACCREDIT = "accredit"
    SUSPEND = "suspend"
    REJECT = "reject"


#: The decisions open in each status: an application waiting for one is accredited or rejected, an
#: accredited partner may be suspended, a suspended one accredited again. A rejected partner decides
#: the next step itself, by applying again. Pages offer these; the services refuse the others.
PARTNER_DECISIONS: dict[PartnerStatus, tuple[PartnerDecision, ...]] = {
    PartnerStatus.PENDING: (PartnerDecision.ACCREDIT, PartnerDecision.REJECT),
    PartnerStatus.ACCREDITED: (PartnerDecision.SUSPEND,),
    PartnerStatus.SUSPENDED: (PartnerDecision.ACCREDIT,),
    PartnerStatus.REJECTED: (),
}


class DelegationStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    #: Never stored: an active delegation reads as suspended while its partner is not accredited, and
    #: active again when the operator re-accredits the partner (see :attr:`Delegation.effective_status`).
    SUSPENDED = "suspended"


def check_scopes(scopes: Iterable[str]) -> frozenset[str]:
    """The scopes as a set, each one a capability registered; an unknown scope or an empty set is refused."""
    chosen = frozenset(scopes)
    known = DELEGATION_SCOPES.names()
    unknown = sorted(s for s in chosen if s not in DELEGATION_SCOPES)
    if unknown:
        raise UnknownScope(f"unknown scope(s) {', '.join(unknown)}; known: {', '.join(known)}")
    if not chosen:
        raise UnknownScope("grant at least one scope", code="no_scope")
    return chosen


#: Services a partner may offer (domain/commerce.md).
PARTNER_SERVICES = ("store_setup", "chinese_content", "marketing", "customer_service", "fulfilment")
LANGUAGE_TAG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z]{4})?(-[A-Z]{2})?$"
_LANGUAGE = re.compile(LANGUAGE_TAG_PATTERN)
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
MAX_COMMISSION_BPS = 5000  # 50 %: above that it is not a commission any more


def normalise_email(email: str) -> str:
    """The canonical form of an email address (trimmed, lowercased); malformed ones are refused."""
    value = email.strip().lower()
    try:
        check_text(value, required=False)
    except TextRefused as exc:  # NUL and friends would also break PostgreSQL's text columns
        raise InvalidEmail(f"{email!r} is not an email address", field="email") from exc
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidEmail(f"{email!r} is not an email address", field="email")
    return value


def typed_text(
    value: str,
    *,
    what: str,
    field: str | None = None,
    multiline: bool = False,
    required: bool = True,
    error: type[InvalidInput] = InvalidProfile,
) -> str:
    """``value`` if it follows the kernel's rule for typed text (:mod:`comptoir.kernel.text`), else ``error``.

    The code is ``text_not_allowed`` for a control character or a direction override, and
    ``text_blank`` for required text with nothing visible; ``field`` names the form field.
    """
    try:
        check_text(value, multiline=multiline, required=False)
    except TextRefused as exc:
        raise error(f"the {what} {exc}", code="text_not_allowed", field=field) from exc
    if required:
        try:
            check_text(value, multiline=multiline)
        except TextRefused as exc:
            raise error(f"the {what} {exc}", code="text_blank", field=field) from exc
    return value


def check_name(name: str, *, what: str = "name", field: str | None = None) -> str:
    """A name as it is kept: NFC, whitespace collapsed, something visible, no control characters."""
    value = " ".join(unicodedata.normalize("NFC", name).split())
    typed_text(value, what=what, field=field)
    return check_length(value, spec="organisation_name", field=field)


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    kind: OrganisationKind
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class User:
    id: str
    organisation_id: str
    email: str
    role: Role
    display_name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PartnerTerms:
    """What a partner publishes to brands: services, languages and fees (integers only)."""

    services: tuple[str, ...]
    languages: tuple[str, ...]
    commission_bps: int
    monthly_fee: Money
    description_zh: str
    description_fr: str

    @classmethod
    def checked(
        cls,
        *,
        services: Iterable[str],
        languages: Iterable[str],
        commission_bps: int,
        monthly_fee: Money,
        description_zh: str,
        description_fr: str,
    ) -> PartnerTerms:
        """Terms that follow the rules, or InvalidPartnerTerms naming the first broken one."""
        chosen_services = tuple(dict.fromkeys(services))
        unknown = [s for s in chosen_services if s not in PARTNER_SERVICES]
        if unknown or not chosen_services:
            raise InvalidPartnerTerms(
                f"services must be some of {', '.join(PARTNER_SERVICES)}"
                + (f"; unknown: {unknown}" if unknown else ""),
                code="unknown_partner_service",
                field="services",
            )
        chosen_languages = tuple(dict.fromkeys(languages))
        if not chosen_languages or any(not _LANGUAGE.match(x) for x in chosen_languages):
            raise InvalidPartnerTerms(
                "languages are language tags such as zh-Hans, fr, en", code="invalid_language_tag", field="languages"
            )
        if isinstance(commission_bps, bool) or not 0 <= commission_bps <= MAX_COMMISSION_BPS:
            raise InvalidPartnerTerms(
                f"commission_bps must be between 0 and {MAX_COMMISSION_BPS} basis points",
                code="commission_out_of_range",
                field="commission",
                maximum_percent=MAX_COMMISSION_BPS // 100,
            )
        if monthly_fee.minor < 0:
            raise InvalidPartnerTerms("the monthly fee cannot be negative", code="negative_fee", field="monthly_fee")
        zh, fr = description_zh.strip(), description_fr.strip()
        typed_text(zh, what="description_zh", field="description_zh", multiline=True, error=InvalidPartnerTerms)
        typed_text(fr, what="description_fr", field="description_fr", multiline=True, error=InvalidPartnerTerms)
        check_length(zh, spec="description_zh", field="description_zh", error=InvalidPartnerTerms)
        check_length(fr, spec="description_fr", field="description_fr", error=InvalidPartnerTerms)
        return cls(chosen_services, chosen_languages, commission_bps, monthly_fee, zh, fr)


def money_or_refuse(minor: int, currency: str) -> Money:
    """Money from integer minor units, or InvalidPartnerTerms for a bad currency or amount."""
    try:
        return Money(minor, currency)
    except MoneyError as exc:
        raise InvalidPartnerTerms(str(exc), code="invalid_fee", field="monthly_fee") from exc


@dataclass(frozen=True, slots=True)
class Partner:
    organisation_id: str
    name: str
    status: PartnerStatus
    terms: PartnerTerms
    applied_at: datetime
    decided_at: datetime | None = None
    status_reason: str | None = None

    @property
    def is_accredited(self) -> bool:
        return self.status is PartnerStatus.ACCREDITED

    @property
    def decisions(self) -> tuple[PartnerDecision, ...]:
        """What the platform operator may decide about this partner now."""
        return PARTNER_DECISIONS[self.status]


@dataclass(frozen=True, slots=True)
class Delegation:
    id: str
    brand_id: str
    brand_name: str
    partner_id: str
    partner_name: str
    scopes: frozenset[str]
    status: DelegationStatus
    granted_at: datetime
    updated_at: datetime
    revoked_at: datetime | None = None
    partner_accredited: bool = True

    @property
    def is_active(self) -> bool:
        """Whether the brand's grant stands (the brand may still change its scopes or revoke it)."""
        return self.status is DelegationStatus.ACTIVE

    @property
    def effective_status(self) -> DelegationStatus:
        """What the delegation allows now: a standing grant to a suspended partner is suspended."""
        if self.is_active and not self.partner_accredited:
            return DelegationStatus.SUSPENDED
        return self.status

    def allows(self, scope: str) -> bool:
        return self.effective_status is DelegationStatus.ACTIVE and scope in self.scopes

    def sorted_scopes(self) -> list[str]:
        order = {name: i for i, name in enumerate(DELEGATION_SCOPES.names())}
        return sorted(self.scopes, key=lambda s: (order.get(s, len(order)), s))


_SPACE = r"\t\n\v\f\r "
_WEBSITE = re.compile(rf"^https?://[^{_SPACE}/$.?#][^{_SPACE}]*$", re.IGNORECASE)
#: The same rule as the API's schema states it (surrounding spaces are trimmed; empty clears the website).
WEBSITE_PATTERN = rf"^[{_SPACE}]*([Hh][Tt][Tt][Pp][Ss]?://[^{_SPACE}/$.?#][^{_SPACE}]*)?[{_SPACE}]*$"
PROFILE_FIELDS = ("name_zh", "story_zh", "story_fr", "website")


@dataclass(frozen=True, slots=True)
class BrandProfile:
    """The brand's public face: its Chinese name, its story in Chinese and French, its website."""

    brand_id: str
    name: str
    name_zh: str = ""
    story_zh: str = ""
    story_fr: str = ""
    website: str = ""
    updated_at: datetime | None = None
    version: int = 0

    def changed(self, changes: Mapping[str, str]) -> tuple[BrandProfile, dict[str, Any]]:
        """The profile with ``changes`` applied, and what actually changed (field -> [before, after])."""
        unknown = sorted(set(changes) - set(PROFILE_FIELDS))
        if unknown:
            raise InvalidProfile(f"unknown profile field(s): {', '.join(unknown)}", code="unknown_profile_field")
        values = {name: getattr(self, name) for name in PROFILE_FIELDS}
        diff: dict[str, Any] = {}
        for name, raw in changes.items():
            value = raw.strip()
            typed_text(value, what=name, field=name, multiline=name.startswith("story_"), required=False)
            check_length(value, spec=name, field=name)
            if name == "website" and value and not _WEBSITE.match(value):
                raise InvalidProfile(
                    "the website is an http:// or https:// address", code="invalid_website", field=name
                )
            if value != values[name]:
                diff[name] = [values[name], value]
                values[name] = value
        profile = BrandProfile(
            brand_id=self.brand_id,
            name=self.name,
            name_zh=values["name_zh"],
            story_zh=values["story_zh"],
            story_fr=values["story_fr"],
            website=values["website"],
            updated_at=self.updated_at,
            version=self.version,
        )
        return profile, diff


@dataclass(frozen=True, slots=True)
class Actor:
    """Who does something, and for whom: a partner acting for a brand, or an organisation for itself."""

    organisation_id: str
    organisation_name: str
    organisation_kind: OrganisationKind
    user_id: str | None
    api_key_id: str | None
    on_behalf_of_id: str
    on_behalf_of_name: str

    @property
    def is_delegate(self) -> bool:
        return self.organisation_id != self.on_behalf_of_id


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: str
    at: datetime
    organisation_id: str  # on whose behalf (whose log it is in)
    organisation_name: str
    actor_organisation_id: str
    actor_organisation_name: str
    actor_user_id: str | None
    actor_api_key_id: str | None
    action: str
    target: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def on_behalf(self) -> bool:
        """Whether someone acted for this organisation (e.g. "partner X for brand Y")."""
        return self.actor_organisation_id != self.organisation_id

    def summary(self) -> str:
        if self.on_behalf:
            return f"{self.actor_organisation_name} for {self.organisation_name}"
        return self.organisation_name


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str
    organisation_id: str
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
