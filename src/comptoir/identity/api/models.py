"""The JSON shapes of identity's API: unknown fields are refused, ids are checked by their prefix."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from comptoir.identity.domain import (
    LANGUAGE_TAG_PATTERN,
    MAX_COMMISSION_BPS,
    PARTNER_SERVICES,
    TEXT_FIELDS,
    WEBSITE_PATTERN,
    ApiKey,
    AuditEntry,
    BrandProfile,
    Delegation,
    Organisation,
    Partner,
)
from comptoir.kernel.auth import BrandIdPath as BrandIdPath
from comptoir.kernel.http import WholeNumber
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.money_json import MoneyBody
from comptoir.kernel.scopes import DELEGATION_SCOPES
from comptoir.kernel.text import MultiLine, OptionalMultiLine, OptionalSingleLine, SingleLine


def longest(spec: str) -> int:
    """The ``max_length`` identity's services enforce on the text ``spec`` (see ``TEXT_FIELDS``)."""
    return TEXT_FIELDS[spec].max_length


def shortest(spec: str) -> int | None:
    """The ``min_length`` they enforce, or None for text that may be left empty."""
    return TEXT_FIELDS[spec].min_length or None


OrgId = Annotated[str, Field(pattern=id_pattern("org"), examples=["org_01JD3ZKQ0B8V5W7T8X9Y0Z1A2B"])]
PartnerIdPath = Annotated[str, Path(pattern=id_pattern("org"), description="the partner's organisation id")]
OrganisationIdPath = Annotated[str, Path(pattern=id_pattern("org"))]
DelegationIdPath = Annotated[str, Path(pattern=id_pattern("dlg"))]
ApiKeyIdPath = Annotated[str, Path(pattern=id_pattern("key"))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class OrganisationOut(Strict):
    id: str
    kind: str
    name: str
    created_at: datetime

    @classmethod
    def of(cls, org: Organisation) -> OrganisationOut:
        return cls(id=org.id, kind=org.kind.value, name=org.name, created_at=org.created_at)


class MeOut(Strict):
    organisation: OrganisationOut
    via: str
    user_id: str | None
    user_email: str | None
    api_key_id: str | None
    roles: list[str]


PartnerService = Annotated[str, Field(json_schema_extra={"enum": list(PARTNER_SERVICES)})]
LanguageTag = Annotated[str, Field(pattern=LANGUAGE_TAG_PATTERN, examples=["zh-Hans"])]


class PartnerApplicationIn(Strict):
    services: list[PartnerService] = Field(min_length=1, max_length=10)
    languages: list[LanguageTag] = Field(min_length=1, max_length=10)
    commission_bps: WholeNumber = Field(
        ge=0, le=MAX_COMMISSION_BPS, description="commission on sales in basis points (850 = 8.5 %)"
    )
    monthly_fee: MoneyBody
    description_zh: MultiLine = Field(min_length=shortest("description_zh"), max_length=longest("description_zh"))
    description_fr: MultiLine = Field(min_length=shortest("description_fr"), max_length=longest("description_fr"))


class PartnerOut(Strict):
    id: str
    name: str
    status: str
    services: list[str]
    languages: list[str]
    commission_bps: int
    monthly_fee: MoneyBody
    description_zh: str
    description_fr: str
    applied_at: datetime
    decided_at: datetime | None
    status_reason: str | None

    @classmethod
    def of(cls, partner: Partner) -> PartnerOut:
        terms = partner.terms
        return cls(
            id=partner.organisation_id,
            name=partner.name,
            status=partner.status.value,
            services=list(terms.services),
            languages=list(terms.languages),
            commission_bps=terms.commission_bps,
            monthly_fee=MoneyBody.of(terms.monthly_fee),
            description_zh=terms.description_zh,
            description_fr=terms.description_fr,
            applied_at=partner.applied_at,
            decided_at=partner.decided_at,
            status_reason=partner.status_reason,
        )


class SuspensionIn(Strict):
    reason: MultiLine = Field(min_length=shortest("decision_reason"), max_length=longest("decision_reason"))


class RejectionIn(Strict):
    """Why the application is rejected: the partner reads it in its console."""

    reason: MultiLine = Field(min_length=shortest("decision_reason"), max_length=longest("decision_reason"))


class ScopeOut(Strict):
    name: str
    description: str


def _registered_scopes(schema: dict[str, Any]) -> None:
    # Read when the schema is drawn, after every capability registered its scopes.
    schema["enum"] = list(DELEGATION_SCOPES.names())


ScopeName = Annotated[str, Field(json_schema_extra=_registered_scopes)]


class DelegationIn(Strict):
    partner_id: OrgId
    scopes: list[ScopeName] = Field(min_length=1, max_length=20)


class ScopesIn(Strict):
    scopes: list[ScopeName] = Field(min_length=1, max_length=20)


class DelegationOut(Strict):
    id: str
    brand_id: str
    brand_name: str
    partner_id: str
    partner_name: str
    scopes: list[str]
    status: str = Field(description="active, revoked, or suspended while the partner's accreditation is")
    granted_at: datetime
    updated_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, d: Delegation) -> DelegationOut:
        return cls(
            id=d.id,
            brand_id=d.brand_id,
            brand_name=d.brand_name,
            partner_id=d.partner_id,
            partner_name=d.partner_name,
            scopes=d.sorted_scopes(),
            status=d.effective_status.value,
            granted_at=d.granted_at,
            updated_at=d.updated_at,
            revoked_at=d.revoked_at,
        )


class BrandProfileIn(Strict):
    """Only the fields sent are changed."""

    name_zh: OptionalSingleLine | None = Field(
        default=None, min_length=shortest("name_zh"), max_length=longest("name_zh")
    )
    story_zh: OptionalMultiLine | None = Field(
        default=None, min_length=shortest("story_zh"), max_length=longest("story_zh")
    )
    story_fr: OptionalMultiLine | None = Field(
        default=None, min_length=shortest("story_fr"), max_length=longest("story_fr")
    )
    website: str | None = Field(
        default=None, pattern=WEBSITE_PATTERN, min_length=shortest("website"), max_length=longest("website")
    )

    def changes(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump(exclude_unset=True).items() if v is not None}


class BrandProfileOut(Strict):
    brand_id: str
    name: str
    name_zh: str
    story_zh: str
    story_fr: str
    website: str
    updated_at: datetime | None
    version: int

    @classmethod
    def of(cls, p: BrandProfile) -> BrandProfileOut:
        return cls(
            brand_id=p.brand_id,
            name=p.name,
            name_zh=p.name_zh,
            story_zh=p.story_zh,
            story_fr=p.story_fr,
            website=p.website,
            updated_at=p.updated_at,
            version=p.version,
        )


class AuditEntryOut(Strict):
    id: str
    at: datetime
    summary: str
    organisation_id: str
    organisation_name: str
    actor_organisation_id: str
    actor_organisation_name: str
    actor_user_id: str | None
    actor_api_key_id: str | None
    action: str
    target: str
    details: dict[str, Any]

    @classmethod
    def of(cls, e: AuditEntry) -> AuditEntryOut:
        return cls(
            id=e.id,
            at=e.at,
            summary=e.summary(),
            organisation_id=e.organisation_id,
            organisation_name=e.organisation_name,
            actor_organisation_id=e.actor_organisation_id,
            actor_organisation_name=e.actor_organisation_name,
            actor_user_id=e.actor_user_id,
            actor_api_key_id=e.actor_api_key_id,
            action=e.action,
            target=e.target,
            details=e.details,
        )


class ApiKeyIn(Strict):
    name: SingleLine = Field(min_length=shortest("api_key_name"), max_length=longest("api_key_name"))


class ApiKeyOut(Strict):
    id: str
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def of(cls, k: ApiKey) -> ApiKeyOut:
        return cls(
            id=k.id,
            name=k.name,
            prefix=k.prefix,
            created_at=k.created_at,
            revoked_at=k.revoked_at,
            last_used_at=k.last_used_at,
        )


class CreatedApiKeyOut(ApiKeyOut):
    secret: str = Field(description="the whole key; shown this once, store it now")
