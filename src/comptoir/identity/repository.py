"""Tables and queries of the identity capability (only it touches them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    or_,
    select,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.identity.domain import (
    ApiKey,
    AuditEntry,
    BrandProfile,
    Delegation,
    DelegationStatus,
    Organisation,
    Partner,
    PartnerStatus,
    PartnerTerms,
    Role,
    User,
)
from comptoir.kernel.database import UtcDateTime, metadata
from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind

organisations = Table(
    "identity_organisations",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("name", String(120), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

users = Table(
    "identity_users",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("organisation_id", String(40), ForeignKey("identity_organisations.id"), nullable=False, index=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("display_name", String(120), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# A sign-up waiting for its confirmation link: no organisation or user exists until the link is followed.
sign_up_requests = Table(
    "identity_sign_up_requests",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("email", String(254), nullable=False, index=True),
    Column("kind", String(24), nullable=False),
    Column("organisation_name", String(120), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

sessions = Table(
    "identity_sessions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", String(40), ForeignKey("identity_users.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

api_keys = Table(
    "identity_api_keys",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("organisation_id", String(40), ForeignKey("identity_organisations.id"), nullable=False, index=True),
    Column("name", String(80), nullable=False),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False),
    Column("created_by", String(40), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
    Column("last_used_at", UtcDateTime, nullable=True),
)

partners = Table(
    "identity_partners",
    metadata,
    Column("organisation_id", String(40), ForeignKey("identity_organisations.id"), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("services", JSON, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("commission_bps", Integer, nullable=False),
    Column("monthly_fee_minor", Integer, nullable=False),
    Column("monthly_fee_currency", String(3), nullable=False),
    Column("description_zh", Text, nullable=False),
    Column("description_fr", Text, nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("decided_by", String(40), nullable=True),
    Column("status_reason", Text, nullable=True),
)

delegations = Table(
    "identity_delegations",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("brand_id", String(40), ForeignKey("identity_organisations.id"), nullable=False),
    Column("partner_id", String(40), ForeignKey("identity_organisations.id"), nullable=False, index=True),
    Column("scopes", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("granted_by", String(40), nullable=True),
    Column("granted_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
    # One delegation per brand and partner: granting again after a revocation re-activates it.
    UniqueConstraint("brand_id", "partner_id", name="uq_identity_delegations_brand_partner"),
)

brand_profiles = Table(
    "identity_brand_profiles",
    metadata,
    Column("brand_id", String(40), ForeignKey("identity_organisations.id"), primary_key=True),
    Column("name_zh", String(120), nullable=False),
    Column("story_zh", Text, nullable=False),
    Column("story_fr", Text, nullable=False),
    Column("website", String(500), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
)

audit_log = Table(
    "identity_audit_log",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("at", UtcDateTime, nullable=False),
    Column("organisation_id", String(40), nullable=False),
    Column("organisation_name", String(120), nullable=False),
    Column("actor_organisation_id", String(40), nullable=False),
    Column("actor_organisation_name", String(120), nullable=False),
    Column("actor_user_id", String(40), nullable=True),
    Column("actor_api_key_id", String(40), nullable=True),
    Column("action", String(80), nullable=False),
    Column("target", String(120), nullable=False),
    Column("details", JSON, nullable=False),
)
Index("ix_identity_audit_log_org_id", audit_log.c.organisation_id, audit_log.c.id)


# -- rows to domain objects ---------------------------------------------------------------------


def organisation_from(row: RowMapping) -> Organisation:
    return Organisation(
        id=row["id"], kind=OrganisationKind(row["kind"]), name=row["name"], created_at=row["created_at"]
    )


def user_from(row: RowMapping) -> User:
    return User(
        id=row["id"],
        organisation_id=row["organisation_id"],
        email=row["email"],
        role=Role(row["role"]),
        display_name=row["display_name"],
        created_at=row["created_at"],
    )


def partner_from(row: RowMapping, name: str) -> Partner:
    terms = PartnerTerms(
        services=tuple(row["services"]),
        languages=tuple(row["languages"]),
        commission_bps=row["commission_bps"],
        monthly_fee=Money(row["monthly_fee_minor"], row["monthly_fee_currency"]),
        description_zh=row["description_zh"],
        description_fr=row["description_fr"],
    )
    return Partner(
        organisation_id=row["organisation_id"],
        name=name,
        status=PartnerStatus(row["status"]),
        terms=terms,
        applied_at=row["applied_at"],
        decided_at=row["decided_at"],
        status_reason=row["status_reason"],
    )


def api_key_from(row: RowMapping) -> ApiKey:
    return ApiKey(
        id=row["id"],
        organisation_id=row["organisation_id"],
        name=row["name"],
        prefix=row["prefix"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        last_used_at=row["last_used_at"],
    )


def audit_entry_from(row: RowMapping) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=row["at"],
        organisation_id=row["organisation_id"],
        organisation_name=row["organisation_name"],
        actor_organisation_id=row["actor_organisation_id"],
        actor_organisation_name=row["actor_organisation_name"],
        actor_user_id=row["actor_user_id"],
        actor_api_key_id=row["actor_api_key_id"],
        action=row["action"],
        target=row["target"],
        details=dict(row["details"] or {}),
    )


# -- queries ------------------------------------------------------------------------------------


async def organisation_by_id(session: AsyncSession, organisation_id: str) -> Organisation | None:
    row = (await session.execute(select(organisations).where(organisations.c.id == organisation_id))).mappings().first()
    return organisation_from(row) if row else None


async def organisation_by_kind(session: AsyncSession, kind: OrganisationKind) -> Organisation | None:
    query = select(organisations).where(organisations.c.kind == kind.value).order_by(organisations.c.id).limit(1)
    row = (await session.execute(query)).mappings().first()
    return organisation_from(row) if row else None


async def user_row_by_email(session: AsyncSession, email: str) -> RowMapping | None:
    return (await session.execute(select(users).where(users.c.email == email))).mappings().first()


async def session_principal_row(session: AsyncSession, token_hash: str) -> RowMapping | None:
    """The session with its user and organisation, by the hash of its token."""
    query = (
        select(
            sessions.c.id.label("session_id"),
            sessions.c.csrf_token,
            sessions.c.expires_at,
            users.c.id.label("user_id"),
            users.c.email,
            users.c.role,
            organisations.c.id.label("organisation_id"),
            organisations.c.kind,
            organisations.c.name,
        )
        .join(users, users.c.id == sessions.c.user_id)
        .join(organisations, organisations.c.id == users.c.organisation_id)
        .where(sessions.c.token_hash == token_hash)
    )
    return (await session.execute(query)).mappings().first()


async def api_key_principal_row(session: AsyncSession, prefix: str) -> RowMapping | None:
    query = (
        select(api_keys, organisations.c.kind, organisations.c.name.label("organisation_name"))
        .join(organisations, organisations.c.id == api_keys.c.organisation_id)
        .where(api_keys.c.prefix == prefix)
    )
    return (await session.execute(query)).mappings().first()


async def partner_by_id(session: AsyncSession, partner_id: str, *, for_update: bool = False) -> Partner | None:
    query = (
        select(partners, organisations.c.name)
        .join(organisations, organisations.c.id == partners.c.organisation_id)
        .where(partners.c.organisation_id == partner_id)
    )
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=partners)
    row = (await session.execute(query)).mappings().first()
    return partner_from(row, row["name"]) if row else None


async def partners_with_status(session: AsyncSession, statuses: list[PartnerStatus]) -> list[Partner]:
    query = (
        select(partners, organisations.c.name)
        .join(organisations, organisations.c.id == partners.c.organisation_id)
        .where(partners.c.status.in_([s.value for s in statuses]))
        .order_by(organisations.c.name, partners.c.organisation_id)
    )
    return [partner_from(r, r["name"]) for r in (await session.execute(query)).mappings()]


async def partners_page(
    session: AsyncSession, statuses: list[PartnerStatus], *, after_id: str | None, limit: int
) -> list[Partner]:
    """At most ``limit`` partners in ``statuses``, by id (oldest organisation first), after ``after_id``."""
    query = (
        select(partners, organisations.c.name)
        .join(organisations, organisations.c.id == partners.c.organisation_id)
        .where(partners.c.status.in_([s.value for s in statuses]))
    )
    if after_id is not None:
        query = query.where(partners.c.organisation_id > after_id)
    query = query.order_by(partners.c.organisation_id).limit(limit)
    return [partner_from(r, r["name"]) for r in (await session.execute(query)).mappings()]


def _delegation_query() -> Any:
    brand = organisations.alias("brand")
    partner = organisations.alias("partner")
    # The partner's accreditation is read with each delegation, which is suspended while the partner is.
    return (
        select(
            delegations,
            brand.c.name.label("brand_name"),
            partner.c.name.label("partner_name"),
            partners.c.status.label("partner_status"),
        )
        .join(brand, brand.c.id == delegations.c.brand_id)
        .join(partner, partner.c.id == delegations.c.partner_id)
        .outerjoin(partners, partners.c.organisation_id == delegations.c.partner_id)
    )


def delegation_from(row: RowMapping) -> Delegation:
    return Delegation(
        id=row["id"],
        brand_id=row["brand_id"],
        brand_name=row["brand_name"],
        partner_id=row["partner_id"],
        partner_name=row["partner_name"],
        scopes=frozenset(row["scopes"]),
        status=DelegationStatus(row["status"]),
        granted_at=row["granted_at"],
        updated_at=row["updated_at"],
        revoked_at=row["revoked_at"],
        partner_accredited=row["partner_status"] == PartnerStatus.ACCREDITED.value,
    )


async def delegation_by_id(session: AsyncSession, delegation_id: str) -> Delegation | None:
    row = (await session.execute(_delegation_query().where(delegations.c.id == delegation_id))).mappings().first()
    return delegation_from(row) if row else None


async def delegation_between(
    session: AsyncSession, *, brand_id: str, partner_id: str, for_update: bool = False
) -> Delegation | None:
    """The delegation between them; ``for_update`` locks its row (PostgreSQL) until the transaction ends."""
    query = _delegation_query().where(and_(delegations.c.brand_id == brand_id, delegations.c.partner_id == partner_id))
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=delegations)
    row = (await session.execute(query)).mappings().first()
    return delegation_from(row) if row else None


async def delegations_of(session: AsyncSession, organisation_id: str, *, include_revoked: bool) -> list[Delegation]:
    """Delegations this organisation granted (as a brand) or received (as a partner)."""
    query = _delegation_query().where(
        or_(delegations.c.brand_id == organisation_id, delegations.c.partner_id == organisation_id)
    )
    if not include_revoked:
        query = query.where(delegations.c.status == DelegationStatus.ACTIVE.value)
    query = query.order_by(delegations.c.granted_at.desc(), delegations.c.id.desc())
    return [delegation_from(r) for r in (await session.execute(query)).mappings()]


async def delegations_page(
    session: AsyncSession, organisation_id: str, *, before_id: str | None, limit: int
) -> list[Delegation]:
    """At most ``limit`` delegations this organisation granted or received, newest id first, before ``before_id``."""
    query = _delegation_query().where(
        or_(delegations.c.brand_id == organisation_id, delegations.c.partner_id == organisation_id)
    )
    if before_id is not None:
        query = query.where(delegations.c.id < before_id)
    query = query.order_by(delegations.c.id.desc()).limit(limit)
    return [delegation_from(r) for r in (await session.execute(query)).mappings()]


async def save_delegation_state(
    session: AsyncSession,
    delegation_id: str,
    *,
    scopes: list[str],
    status: DelegationStatus,
    now: datetime,
    revoked_at: datetime | None,
    granted_by: str | None = None,
) -> None:
    values: dict[str, Any] = {"scopes": scopes, "status": status.value, "updated_at": now, "revoked_at": revoked_at}
    if granted_by is not None:
        values["granted_by"] = granted_by
        values["granted_at"] = now
    await session.execute(update(delegations).where(delegations.c.id == delegation_id).values(**values))


async def brand_profile(session: AsyncSession, brand: Organisation) -> BrandProfile:
    row = (
        (await session.execute(select(brand_profiles).where(brand_profiles.c.brand_id == brand.id))).mappings().first()
    )
    if row is None:
        return BrandProfile(brand_id=brand.id, name=brand.name)
    return BrandProfile(
        brand_id=brand.id,
        name=brand.name,
        name_zh=row["name_zh"],
        story_zh=row["story_zh"],
        story_fr=row["story_fr"],
        website=row["website"],
        updated_at=row["updated_at"],
        version=row["version"],
    )


async def save_brand_profile(session: AsyncSession, profile: BrandProfile, *, now: datetime) -> int:
    """Write the profile; returns its new version. Optimistic: a concurrent write makes this one fail loudly."""
    values = {
        "name_zh": profile.name_zh,
        "story_zh": profile.story_zh,
        "story_fr": profile.story_fr,
        "website": profile.website,
        "updated_at": now,
        "version": profile.version + 1,
    }
    if profile.version == 0:
        await session.execute(brand_profiles.insert().values(brand_id=profile.brand_id, **values))
    else:
        result = await session.execute(
            update(brand_profiles)
            .where(brand_profiles.c.brand_id == profile.brand_id, brand_profiles.c.version == profile.version)
            .values(**values)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise RuntimeError("the brand profile changed concurrently")
    return profile.version + 1


async def audit_entries(
    session: AsyncSession, organisation_id: str, *, before_id: str | None, limit: int
) -> list[AuditEntry]:
    """Newest first; ``before_id`` continues after the last entry of the previous page."""
    query = select(audit_log).where(audit_log.c.organisation_id == organisation_id)
    if before_id is not None:
        query = query.where(audit_log.c.id < before_id)
    query = query.order_by(audit_log.c.id.desc()).limit(limit)
    return [audit_entry_from(r) for r in (await session.execute(query)).mappings()]


async def api_keys_of(
    session: AsyncSession, organisation_id: str, *, before_id: str | None = None, limit: int | None = None
) -> list[ApiKey]:
    """The organisation's keys, newest first; with ``limit``, one page of them before ``before_id``."""
    query = select(api_keys).where(api_keys.c.organisation_id == organisation_id)
    if before_id is not None:
        query = query.where(api_keys.c.id < before_id)
    query = query.order_by(api_keys.c.id.desc()).limit(limit)
    return [api_key_from(r) for r in (await session.execute(query)).mappings()]
