"""What merchants, partners, consumers and the operator read: payments, refunds, balances.

A merchant sees its own payments; a partner sees those of the tills it runs (for a brand, while the
brand grants it ``payments``); the platform operator sees all. Anyone else is told the payment does not
exist, so an id from another organisation reveals nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from comptoir import identity, ledger
from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.payments import repository as tables
from comptoir.payments.domain.accounts import SETTLEMENT_CURRENCY, Accounts
from comptoir.payments.domain.payments import Flow, Payment, PaymentStatus, Refund
from comptoir.payments.errors import PaymentsNotFound
from comptoir.payments.scopes import PAYMENTS
from comptoir.payments.services._payments import payment_row, to_payment


@dataclass(frozen=True, slots=True)
class Balances:
    """A merchant's money in EUR: captured and waiting for settlement, settled and free, on its way to the bank."""

    pending: Money
    available: Money
    paying_out: Money


async def may_see(uow: UnitOfWork, principal: Principal, payment: Payment) -> bool:
    if principal.is_platform_operator or principal.organisation_id in (
        payment.merchant_org_id,
        payment.beneficiary_org_id,
    ):
        return True
    if principal.organisation_kind is OrganisationKind.PARTNER and principal.organisation_id == payment.partner_org_id:
        kind = (
            await uow.session.execute(
                select(tables.profiles.c.org_kind).where(tables.profiles.c.org_id == payment.merchant_org_id)
            )
        ).scalar_one_or_none()
        if kind != OrganisationKind.BRAND.value:
            return True
        try:
            await identity.authorize_delegate(uow, principal, brand_id=payment.merchant_org_id, scope=PAYMENTS.name)
        except identity.DelegationDenied:
            return False
        return True
    return False


async def payment_for_merchant(
    uow: UnitOfWork, principal: Principal, *, payment_id: str, lock: bool = False
) -> Payment:
    payment = await payment_row(uow, payment_id, lock=lock) if isinstance(payment_id, str) else None
    if payment is None or not await may_see(uow, principal, payment):
        raise PaymentsNotFound("no such payment", code="payment_not_found")
    return payment


async def payments_page(
    uow: UnitOfWork,
    principal: Principal,
    *,
    pos_id: str | None = None,
    limit: int = 50,
    before: str | None = None,
) -> list[Payment]:
    """The caller's payments, newest first (the operator's: everyone's), ``limit`` of them before id ``before``.

    Fetch ``limit + 1`` to learn whether a next page exists (see :mod:`comptoir.kernel.paging`).
    """
    t = tables.payments
    query = select(t)
    if not principal.is_platform_operator:
        query = query.where(
            or_(
                t.c.merchant_org_id == principal.organisation_id,
                t.c.beneficiary_org_id == principal.organisation_id,
                t.c.partner_org_id == principal.organisation_id,
            )
        )
    if pos_id is not None:
        query = query.where(t.c.point_of_sale_id == pos_id)
    if before is not None:
        query = query.where(t.c.id < before)
    found = [to_payment(r) for r in await uow.session.execute(query.order_by(t.c.id.desc()).limit(limit))]
    return [p for p in found if await may_see(uow, principal, p)]


def _refund(row: object) -> Refund:
    r = row._mapping  # type: ignore[attr-defined]
    return Refund(
        id=r["id"],
        payment_id=r["payment_id"],
        request_id=r["request_id"],
        amount=Money(r["amount_minor"], r["currency"]),
        paid_back=Money(r["paid_back_minor"], r["paid_back_currency"]),
        reason=r["reason"],
        created_at=r["created_at"],
    )


async def refunds_of(uow: UnitOfWork, principal: Principal, *, payment_id: str) -> list[Refund]:
    await payment_for_merchant(uow, principal, payment_id=payment_id)
    t = tables.refunds
    rows = await uow.session.execute(select(t).where(t.c.payment_id == payment_id).order_by(t.c.created_at, t.c.id))
    return [_refund(r) for r in rows]


async def balances_of(uow: UnitOfWork, org_id: str) -> Balances:
    ids = [Accounts.merchant_pending(org_id), Accounts.merchant_available(org_id)]
    accounts = {}
    for account_id in ids:  # a merchant paid nothing yet has no account: its balances are zero
        try:
            accounts.update({a.id: a for a in await ledger.balances(uow, [account_id])})
        except ledger.AccountNotFound:
            continue
    zero = Money.zero(SETTLEMENT_CURRENCY)
    pending = accounts.get(ids[0])
    available = accounts.get(ids[1])
    return Balances(
        pending=Money(pending.credits_posted - pending.debits_posted, SETTLEMENT_CURRENCY) if pending else zero,
        available=Money(
            available.credits_posted - available.debits_posted - available.debits_pending, SETTLEMENT_CURRENCY
        )
        if available
        else zero,
        paying_out=Money(available.debits_pending, SETTLEMENT_CURRENCY) if available else zero,
    )


async def merchant_balances(uow: UnitOfWork, principal: Principal) -> Balances:
    return await balances_of(uow, principal.organisation_id)


async def wallet_payments(uow: UnitOfWork, *, holder_id: str, limit: int = 50) -> list[tuple[Payment, list[Refund]]]:
    """A wallet's payments, newest first, each with its refunds (the wallet's history page)."""
    t = tables.payments
    rows = await uow.session.execute(
        select(t).where(t.c.payer == holder_id).order_by(t.c.created_at.desc(), t.c.id.desc()).limit(limit)
    )
    found = [to_payment(r) for r in rows]
    if not found:
        return []
    r = tables.refunds
    refund_rows = await uow.session.execute(
        select(r).where(r.c.payment_id.in_([p.id for p in found])).order_by(r.c.created_at, r.c.id)
    )
    by_payment: dict[str, list[Refund]] = {}
    for row in refund_rows:
        refund = _refund(row)
        by_payment.setdefault(refund.payment_id, []).append(refund)
    return [(p, by_payment.get(p.id, [])) for p in found]


IN_STORE_FLOWS = frozenset({Flow.ORDER_QR, Flow.USER_CODE, Flow.ENTRY_CODE})


async def in_store_payment(uow: UnitOfWork, *, payment_id: str) -> Payment | None:
    """A captured payment made at a till (order QR, payment code or entry code), or None for any other.

    For capabilities that react to :class:`PaymentSucceeded` and need the till and the instant it was paid
    (tourism records the tourist's visit to the shop); the event itself carries neither.
    """
    payment = await payment_row(uow, payment_id)
    if payment is None or payment.flow not in IN_STORE_FLOWS or payment.point_of_sale_id is None:
        return None
    if payment.status is not PaymentStatus.SUCCEEDED or payment.decided_at is None:
        return None
    return payment
