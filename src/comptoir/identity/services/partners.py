"""Partner accreditation: a partner applies with its terms; the platform operator accredits, rejects or suspends it.

Which decision is open in which status is the domain's table :data:`PARTNER_DECISIONS`.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import update

from comptoir.identity import repository as repo
from comptoir.identity.domain import (
    Partner,
    PartnerDecision,
    PartnerStatus,
    PartnerTerms,
    check_length,
    money_or_refuse,
    typed_text,
)
from comptoir.identity.errors import IdentityNotFound, InvalidPartnerTerms, OperatorOnly, WrongPartnerStatus
from comptoir.identity.services.audit import actor_for, record, require_manager, require_organisation_kind
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork


def _require_operator(principal: Principal) -> None:
    if not principal.is_platform_operator:
        raise OperatorOnly("only the platform operator may do this")


async def apply_as_partner(
    uow: UnitOfWork,
    principal: Principal,
    *,
    services: Iterable[str],
    languages: Iterable[str],
    commission_bps: int,
    monthly_fee_minor: int,
    monthly_fee_currency: str,
    description_zh: str,
    description_fr: str,
) -> Partner:
    """File (or update a pending) application with the partner's published terms.

    An accredited partner's terms are fixed until the operator reviews them again: applying
    then is refused with ``already_accredited``. A suspended partner stays suspended, with its
    reason, until the operator accredits it again: applying then is refused with
    ``partner_suspended_cannot_apply``. A rejected partner may apply again: its application is
    pending once more.
    """
    require_organisation_kind(principal, OrganisationKind.PARTNER)
    require_manager(principal)
    terms = PartnerTerms.checked(
        services=services,
        languages=languages,
        commission_bps=commission_bps,
        monthly_fee=money_or_refuse(monthly_fee_minor, monthly_fee_currency),
        description_zh=description_zh,
        description_fr=description_fr,
    )
    values = {
        "status": PartnerStatus.PENDING.value,
        "services": list(terms.services),
        "languages": list(terms.languages),
        "commission_bps": terms.commission_bps,
        "monthly_fee_minor": terms.monthly_fee.minor,
        "monthly_fee_currency": terms.monthly_fee.currency,
        "description_zh": terms.description_zh,
        "description_fr": terms.description_fr,
    }
    org = await repo.organisation_by_id(uow.session, principal.organisation_id)
    if org is None:
        raise IdentityNotFound("no such organisation", code="organisation_not_found")
    now = uow.clock.now()
    existing = await repo.partner_by_id(uow.session, org.id, for_update=True)
    if existing is None:
        await uow.execute(repo.partners.insert().values(organisation_id=org.id, applied_at=now, **values))
    elif existing.status is PartnerStatus.ACCREDITED:
        raise WrongPartnerStatus("this partner is already accredited", code="already_accredited")
    elif existing.status is PartnerStatus.SUSPENDED:
        # Re-applying would turn the suspension back into a pending application and erase its reason.
        raise WrongPartnerStatus(
            "this partner is suspended; only the platform operator can lift the suspension",
            code="partner_suspended_cannot_apply",
        )
    else:
        await uow.execute(
            update(repo.partners)
            .where(repo.partners.c.organisation_id == org.id)
            .values(applied_at=now, decided_at=None, decided_by=None, status_reason=None, **values)
        )
    await record(
        uow,
        actor_for(principal, org),
        action="partner.applied",
        target=org.id,
        details={"services": values["services"], "languages": values["languages"]},
    )
    partner = await repo.partner_by_id(uow.session, org.id)
    assert partner is not None
    return partner


#: The status each decision leads to.
_OUTCOME = {
    PartnerDecision.ACCREDIT: PartnerStatus.ACCREDITED,
    PartnerDecision.SUSPEND: PartnerStatus.SUSPENDED,
    PartnerDecision.REJECT: PartnerStatus.REJECTED,
}


def _refuse_decision(partner: Partner, decision: PartnerDecision) -> WrongPartnerStatus:
    """Why ``decision`` is not open for ``partner`` now, with the most telling stable code."""
    status = _OUTCOME[decision]
    if partner.status is status and status is PartnerStatus.ACCREDITED:
        return WrongPartnerStatus("the partner is already accredited", code="already_accredited")
    if partner.status is status and status is PartnerStatus.SUSPENDED:
        return WrongPartnerStatus("the partner is already suspended", code="already_suspended")
    if decision is PartnerDecision.REJECT:
        return WrongPartnerStatus("only a pending application can be rejected", code="partner_not_pending")
    return WrongPartnerStatus(f"a {partner.status.value} partner cannot be given the decision {decision.value}")


async def _decide(
    uow: UnitOfWork, operator: Principal, partner_id: str, *, decision: PartnerDecision, reason: str | None
) -> Partner:
    _require_operator(operator)
    status = _OUTCOME[decision]
    partner = await repo.partner_by_id(uow.session, partner_id, for_update=True)
    if partner is None:
        raise IdentityNotFound("no partner application with this id", code="partner_not_found")
    if decision not in partner.decisions:
        raise _refuse_decision(partner, decision)
    now = uow.clock.now()
    await uow.execute(
        update(repo.partners)
        .where(repo.partners.c.organisation_id == partner_id)
        .values(status=status.value, decided_at=now, decided_by=operator.actor_id, status_reason=reason)
    )
    org = await repo.organisation_by_id(uow.session, partner_id)
    assert org is not None
    details: dict[str, str] = {"from": partner.status.value, "to": status.value}
    if reason:
        details["reason"] = reason
    await record(uow, actor_for(operator, org), action=f"partner.{status.value}", target=partner_id, details=details)
    decided = await repo.partner_by_id(uow.session, partner_id)
    assert decided is not None
    return decided


async def accredit_partner(uow: UnitOfWork, operator: Principal, *, partner_id: str) -> Partner:
    """The platform operator accredits a pending (or suspended) partner: brands now see it in the list."""
    return await _decide(uow, operator, partner_id, decision=PartnerDecision.ACCREDIT, reason=None)


def _reason(reason: str, *, what: str) -> str:
    clean = typed_text(
        " ".join(reason.split()), what=f"reason the partner is {what}", field="reason", error=InvalidPartnerTerms
    )
    return check_length(clean, spec="decision_reason", field="reason", error=InvalidPartnerTerms)


async def suspend_partner(uow: UnitOfWork, operator: Principal, *, partner_id: str, reason: str) -> Partner:
    """The platform operator suspends an accredited partner, saying why; its delegations stop working at once."""
    clean = _reason(reason, what="suspended")
    return await _decide(uow, operator, partner_id, decision=PartnerDecision.SUSPEND, reason=clean)


async def reject_partner(uow: UnitOfWork, operator: Principal, *, partner_id: str, reason: str) -> Partner:
    """The platform operator rejects a pending application, saying why; the partner reads it and may apply again.

    Only a pending application can be rejected (``partner_not_pending``); the decision is in the
    partner's audit log as ``partner.rejected``, with its reason.
    """
    clean = _reason(reason, what="rejected")
    return await _decide(uow, operator, partner_id, decision=PartnerDecision.REJECT, reason=clean)


async def accredited_partners(uow: UnitOfWork) -> list[Partner]:
    """The partners brands may choose from, by name."""
    return await repo.partners_with_status(uow.session, [PartnerStatus.ACCREDITED])


async def partner_applications(
    uow: UnitOfWork, operator: Principal, *, status: PartnerStatus | None = None
) -> list[Partner]:
    """Every partner application (or those in ``status``), for the platform operator only."""
    _require_operator(operator)
    statuses = [status] if status else list(PartnerStatus)
    return await repo.partners_with_status(uow.session, statuses)


async def accredited_partners_page(
    uow: UnitOfWork, *, cursor: str | None = None, limit: int = DEFAULT_PAGE
) -> tuple[list[Partner], str | None]:
    """One page of the partners brands may choose from, by id, and the cursor of the next page."""
    return await _partners_page(uow, [PartnerStatus.ACCREDITED], cursor=cursor, limit=limit)


async def partner_applications_page(
    uow: UnitOfWork,
    operator: Principal,
    *,
    status: PartnerStatus | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE,
) -> tuple[list[Partner], str | None]:
    """One page of every partner application (or those in ``status``), by id, for the platform operator only."""
    _require_operator(operator)
    return await _partners_page(uow, [status] if status else list(PartnerStatus), cursor=cursor, limit=limit)


async def _partners_page(
    uow: UnitOfWork, statuses: list[PartnerStatus], *, cursor: str | None, limit: int
) -> tuple[list[Partner], str | None]:
    after = cursor_position(cursor, key="after", kind=str, prefix="org")
    size = page_size(limit)
    found = await repo.partners_page(uow.session, statuses, after_id=after, limit=size + 1)
    return cut_page(found, size, key="after", position_of=lambda p: p.organisation_id)


async def my_partner_application(uow: UnitOfWork, principal: Principal) -> Partner | None:
    """The caller's own application and its status (None if it has not applied yet)."""
    require_organisation_kind(principal, OrganisationKind.PARTNER)
    return await repo.partner_by_id(uow.session, principal.organisation_id)
