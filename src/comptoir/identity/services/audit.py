"""The audit log: who did what, for whom ("partner X for brand Y"), and who may read it."""

from __future__ import annotations

from typing import Any

from comptoir.identity import repository as repo
from comptoir.identity.domain import Actor, AuditEntry, Organisation, Role
from comptoir.identity.errors import IdentityNotFound, RoleRequired, WrongOrganisationKind
from comptoir.kernel.ids import new_id
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork


def actor_for(principal: Principal, on_behalf_of: Organisation) -> Actor:
    """The caller acting for ``on_behalf_of`` (itself, or a brand that delegated to it)."""
    return Actor(
        organisation_id=principal.organisation_id,
        organisation_name=principal.organisation_name,
        organisation_kind=principal.organisation_kind,
        user_id=principal.user_id,
        api_key_id=principal.api_key_id,
        on_behalf_of_id=on_behalf_of.id,
        on_behalf_of_name=on_behalf_of.name,
    )


async def record(uow: UnitOfWork, actor: Actor, *, action: str, target: str, details: dict[str, Any]) -> AuditEntry:
    """Write one audit entry in the caller's transaction (it commits with the change it describes)."""
    entry = AuditEntry(
        id=new_id("aud"),
        at=uow.clock.now(),
        organisation_id=actor.on_behalf_of_id,
        organisation_name=actor.on_behalf_of_name,
        actor_organisation_id=actor.organisation_id,
        actor_organisation_name=actor.organisation_name,
        actor_user_id=actor.user_id,
        actor_api_key_id=actor.api_key_id,
        action=action,
        target=target,
        details=details,
    )
    await uow.execute(
        repo.audit_log.insert().values(
            id=entry.id,
            at=entry.at,
            organisation_id=entry.organisation_id,
            organisation_name=entry.organisation_name,
            actor_organisation_id=entry.actor_organisation_id,
            actor_organisation_name=entry.actor_organisation_name,
            actor_user_id=entry.actor_user_id,
            actor_api_key_id=entry.actor_api_key_id,
            action=entry.action,
            target=entry.target,
            details=entry.details,
        )
    )
    return entry


def require_organisation_kind(principal: Principal, *kinds: OrganisationKind) -> None:
    """Refuse callers whose organisation is not of one of ``kinds``."""
    if principal.organisation_kind not in kinds:
        raise WrongOrganisationKind(f"only an organisation of kind {' or '.join(kinds)} may do this")


def require_manager(principal: Principal) -> None:
    """Refuse members: managing delegations and keys takes an owner, an admin or platform staff."""
    if not principal.roles & {Role.OWNER.value, Role.ADMIN.value, Role.STAFF.value}:
        raise RoleRequired("an owner or admin of the organisation may do this")


async def audit_log(
    uow: UnitOfWork,
    principal: Principal,
    *,
    organisation_id: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE,
) -> tuple[list[AuditEntry], str | None]:
    """One page of an organisation's audit log, newest first, and the cursor of the next page.

    An organisation reads its own log; only the platform operator reads another's.
    """
    target = organisation_id or principal.organisation_id
    if target != principal.organisation_id and not principal.is_platform_operator:
        raise IdentityNotFound("no such organisation", code="organisation_not_found")
    before = cursor_position(cursor, key="before", kind=str, prefix="aud")
    size = page_size(limit)
    if target != principal.organisation_id and await repo.organisation_by_id(uow.session, target) is None:
        raise IdentityNotFound("no such organisation", code="organisation_not_found")
    entries = await repo.audit_entries(uow.session, target, before_id=before, limit=size + 1)
    return cut_page(entries, size, key="before", position_of=lambda e: e.id)
