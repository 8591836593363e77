"""Payouts: merchants' available EUR goes to their IBAN in batches, as SEPA credit-transfer files (pain.001).

Creating a batch reserves each merchant's whole available balance with a pending ledger transfer to the
payouts account: a balance cannot be reserved twice, so no payout takes it below zero, even when two
batches are made at once. The operator downloads the file for the bank, then marks the batch ``sent``, and
once the bank answers, ``confirmed`` (the reservations are posted; each merchant is told ``payout.paid``)
or ``returned`` (the reservations are released: the money is available again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import insert, select, update

from comptoir import ledger
from comptoir.kernel.database import RunAgain
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money
from comptoir.kernel.principal import Principal
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.payments import repository as tables
from comptoir.payments.domain.accounts import SETTLEMENT_CURRENCY, Accounts
from comptoir.payments.domain.events import PayoutPaid
from comptoir.payments.domain.payouts import (
    BankAccount,
    IbanInvalid,
    PayoutFile,
    PayoutLine,
    check_iban,
    credit_transfer_file,
)
from comptoir.payments.errors import (
    BankAccountInvalid,
    InsufficientFunds,
    NotTillOperator,
    PaymentsNotFound,
    PayoutRefused,
)
from comptoir.payments.services._ledger import open_accounts, platform_accounts, post
from comptoir.payments.services.queries import balances_of
from comptoir.payments.services.wallets import NETWORK


class BatchStatus(StrEnum):
    CREATED = "created"
    SENT = "sent"
    CONFIRMED = "confirmed"
    RETURNED = "returned"


_NEXT = {
    BatchStatus.CREATED: {BatchStatus.SENT, BatchStatus.RETURNED},
    BatchStatus.SENT: {BatchStatus.CONFIRMED, BatchStatus.RETURNED},
    BatchStatus.CONFIRMED: set(),
    BatchStatus.RETURNED: set(),
}


@dataclass(frozen=True, slots=True)
class Payout:
    id: str
    batch_id: str
    org_id: str
    amount: Money
    iban_masked: str
    holder: str
    status: str


@dataclass(frozen=True, slots=True)
class PayoutBatch:
    id: str
    status: BatchStatus
    execution_date: date
    message_id: str
    total: Money
    count: int
    created_at: datetime
    updated_at: datetime
    payouts: tuple[Payout, ...]


def _only_operator(principal: Principal) -> None:
    if not principal.is_platform_operator:
        raise NotTillOperator("only the platform operator handles payout batches")


def platform_account(settings: Settings) -> BankAccount:
    try:
        return check_iban(settings.payout_iban, holder=settings.payout_holder, bic=settings.payout_bic or None)
    except IbanInvalid as exc:
        raise BankAccountInvalid(f"COMPTOIR_PAYOUT_IBAN: {exc}", reason=exc.reason) from exc


def _masked(iban: str) -> str:
    hidden = iban[:4] + "*" * (len(iban) - 8) + iban[-4:]
    return " ".join(hidden[i : i + 4] for i in range(0, len(hidden), 4))


async def create_payout_batch(
    uow: UnitOfWork, principal: Principal, *, settings: Settings, execution_date: date | None = None
) -> PayoutBatch:
    """A batch paying out every merchant's whole available balance to its IBAN (merchants without one wait)."""
    _only_operator(principal)
    debtor = platform_account(settings)
    today = uow.clock.now().date()
    execution = execution_date or today
    if execution < today:
        raise PayoutRefused("a payout cannot be executed in the past", code="payout_batch_wrong_status")
    p = tables.profiles
    rows = (await uow.session.execute(select(p).where(p.c.iban.is_not(None)).order_by(p.c.org_id))).all()
    batch_id = new_id("pob")
    lines: list[tuple[str, str, Money, BankAccount]] = []
    for row in rows:
        r = row._mapping
        available = (await balances_of(uow, r["org_id"])).available
        if available.minor <= 0:
            continue
        account = BankAccount(iban=r["iban"], bic=r["bic"], holder=r["holder"])
        lines.append((new_id("po"), r["org_id"], available, account))
    if not lines:
        raise PayoutRefused("no available balance with a bank account", code="nothing_to_pay_out")
    await open_accounts(uow, platform_accounts(NETWORK))
    try:
        await post(
            uow,
            [
                ledger.Transfer(
                    id=f"{payout_id}:reserve",
                    debit_account=Accounts.merchant_available(org_id),
                    credit_account=Accounts.PAYOUTS,
                    amount=amount.minor,
                    currency=SETTLEMENT_CURRENCY,
                    pending=True,
                    code="payout",
                    reference=batch_id,
                )
                for payout_id, org_id, amount, _ in lines
            ],
        )
    except InsufficientFunds:
        raise RunAgain("a balance changed while the batch was made; make it again from fresh balances") from None
    now = uow.clock.now()
    message_id = batch_id.replace("_", "")[:35]
    file = PayoutFile(
        message_id=message_id,
        created_at=now,
        debtor=debtor,
        execution_date=execution,
        lines=tuple(
            PayoutLine(
                end_to_end_id=payout_id.replace("_", "")[:35],
                creditor=account,
                amount=amount,
                description=f"Comptoir payout {message_id}",
            )
            for payout_id, _, amount, account in lines
        ),
    )
    xml = credit_transfer_file(file).decode("utf-8")
    total = sum((amount for _, _, amount, _ in lines), Money.zero(SETTLEMENT_CURRENCY))
    await uow.session.execute(
        insert(tables.payout_batches).values(
            id=batch_id,
            status=BatchStatus.CREATED.value,
            execution_date=execution,
            message_id=message_id,
            file=xml,
            total_minor=total.minor,
            currency=SETTLEMENT_CURRENCY,
            count=len(lines),
            created_by=principal.actor_id,
            created_at=now,
            updated_at=now,
        )
    )
    await uow.session.execute(
        insert(tables.payouts),
        [
            {
                "id": payout_id,
                "batch_id": batch_id,
                "org_id": org_id,
                "amount_minor": amount.minor,
                "currency": SETTLEMENT_CURRENCY,
                "iban": account.iban,
                "bic": account.bic,
                "holder": account.holder,
                "status": BatchStatus.CREATED.value,
                "created_at": now,
            }
            for payout_id, org_id, amount, account in lines
        ],
    )
    return await payout_batch(uow, principal, batch_id=batch_id)


async def payout_batch(uow: UnitOfWork, principal: Principal, *, batch_id: str) -> PayoutBatch:
    _only_operator(principal)
    b = tables.payout_batches
    row = (await uow.session.execute(select(b).where(b.c.id == batch_id))).first()
    if row is None:
        raise PaymentsNotFound("no such payout batch", code="payout_batch_not_found")
    return await _batch(uow, row)


async def _batch(uow: UnitOfWork, row: object) -> PayoutBatch:
    r = row._mapping  # type: ignore[attr-defined]
    t = tables.payouts
    lines = await uow.session.execute(select(t).where(t.c.batch_id == r["id"]).order_by(t.c.id))
    payouts = tuple(
        Payout(
            id=m["id"],
            batch_id=m["batch_id"],
            org_id=m["org_id"],
            amount=Money(m["amount_minor"], m["currency"]),
            iban_masked=_masked(m["iban"]),
            holder=m["holder"],
            status=m["status"],
        )
        for m in (line._mapping for line in lines)
    )
    return PayoutBatch(
        id=r["id"],
        status=BatchStatus(r["status"]),
        execution_date=r["execution_date"],
        message_id=r["message_id"],
        total=Money(r["total_minor"], r["currency"]),
        count=r["count"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        payouts=payouts,
    )


async def payout_batches(uow: UnitOfWork, principal: Principal, *, limit: int = 50) -> list[PayoutBatch]:
    _only_operator(principal)
    b = tables.payout_batches
    rows = await uow.session.execute(select(b).order_by(b.c.created_at.desc(), b.c.id.desc()).limit(limit))
    return [await _batch(uow, row) for row in rows.all()]


async def payout_file(uow: UnitOfWork, principal: Principal, *, batch_id: str) -> tuple[str, bytes]:
    """The batch's pain.001 file: its name and bytes."""
    batch = await payout_batch(uow, principal, batch_id=batch_id)
    b = tables.payout_batches
    xml = (await uow.session.execute(select(b.c.file).where(b.c.id == batch_id))).scalar_one()
    return f"{batch.message_id}.pain.001.xml", xml.encode("utf-8")


async def mark_batch(uow: UnitOfWork, principal: Principal, *, batch_id: str, status: str) -> PayoutBatch:
    """Move a batch on: ``sent`` (given to the bank), ``confirmed`` (paid) or ``returned`` (refused by the bank)."""
    _only_operator(principal)
    try:
        target = BatchStatus(status)
    except ValueError:
        raise PayoutRefused(f"unknown status {status!r}", code="payout_batch_wrong_status") from None
    b = tables.payout_batches
    row = (await uow.session.execute(select(b).where(b.c.id == batch_id).with_for_update())).first()
    if row is None:
        raise PaymentsNotFound("no such payout batch", code="payout_batch_not_found")
    current = BatchStatus(row._mapping["status"])
    if target not in _NEXT[current]:
        raise PayoutRefused(f"a {current} batch cannot become {target}", code="payout_batch_wrong_status")
    batch = await _batch(uow, row)
    if target is BatchStatus.CONFIRMED:
        await post(uow, [ledger.Transfer(id=f"{p.id}:paid", post_pending=f"{p.id}:reserve") for p in batch.payouts])
        for p in batch.payouts:
            uow.publish(
                PayoutPaid(
                    payout_id=p.id,
                    batch_id=batch.id,
                    merchant_org_id=p.org_id,
                    amount_minor=p.amount.minor,
                    currency=p.amount.currency,
                )
            )
    elif target is BatchStatus.RETURNED:
        await post(uow, [ledger.Transfer(id=f"{p.id}:returned", void_pending=f"{p.id}:reserve") for p in batch.payouts])
    now = uow.clock.now()
    await uow.session.execute(update(b).where(b.c.id == batch_id).values(status=target.value, updated_at=now))
    await uow.session.execute(
        update(tables.payouts).where(tables.payouts.c.batch_id == batch_id).values(status=target.value)
    )
    return await payout_batch(uow, principal, batch_id=batch_id)
