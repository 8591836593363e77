"""HTTP API of the ledger: read-only, for platform operators.

The ledger is written only through its Python services (payments calls them), never over HTTP.
Amounts are ``{"currency": "EUR", "value": "12.50"}``; lists are cursor-paginated.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from comptoir.kernel.auth import PlatformOperator
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.money import Money
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact
from comptoir.ledger import services
from comptoir.ledger.domain import Account, TransferRecord

router = APIRouter(prefix="/ledger", tags=["ledger"])


class MoneyOut(BaseModel):
    currency: str
    value: str


class BalancesOut(BaseModel):
    debits_posted: MoneyOut
    credits_posted: MoneyOut
    debits_pending: MoneyOut
    credits_pending: MoneyOut


class AccountOut(BaseModel):
    id: str
    currency: str
    owner: str
    kind: str
    flags: list[str]
    balances: BalancesOut


class TransferOut(BaseModel):
    id: str
    seq: int
    kind: str
    debit_account: str
    credit_account: str
    amount: MoneyOut
    pending_id: str | None
    timeout_seconds: int
    expires_at: datetime | None
    group: str | None
    code: str | None
    reference: str | None
    timestamp: datetime


def _money(minor: int, currency: str) -> MoneyOut:
    return MoneyOut(**Money(minor, currency).as_json())


def _account(account: Account) -> AccountOut:
    c = account.currency
    return AccountOut(
        id=account.id,
        currency=c,
        owner=account.owner,
        kind=account.kind,
        flags=sorted(account.flags),
        balances=BalancesOut(
            debits_posted=_money(account.debits_posted, c),
            credits_posted=_money(account.credits_posted, c),
            debits_pending=_money(account.debits_pending, c),
            credits_pending=_money(account.credits_pending, c),
        ),
    )


def _transfer(record: TransferRecord) -> TransferOut:
    return TransferOut(
        id=record.id,
        seq=record.seq,
        kind=record.kind,
        debit_account=record.debit_account,
        credit_account=record.credit_account,
        amount=_money(record.amount, record.currency),
        pending_id=record.pending_id,
        timeout_seconds=record.timeout_seconds,
        expires_at=None if record.expires_at_us is None else services.instant(record.expires_at_us),
        group=record.group,
        code=record.code,
        reference=record.reference,
        timestamp=services.instant(record.timestamp_us),
    )


@router.get("/accounts", response_model=Page[AccountOut], summary="List ledger accounts")
async def list_accounts(
    runtime: RuntimeDep,
    _operator: PlatformOperator,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
    owner: Annotated[
        str | None,
        Query(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$", description="Only this owner's accounts."),
    ] = None,
    currency: Annotated[
        str | None, Query(pattern="^[A-Z]{3}$", description="Only accounts in this ISO 4217 currency.")
    ] = None,
) -> Page[AccountOut]:
    """Accounts in id order, with their balances."""
    after = cursor_position(cursor, key="after", kind=str)
    accounts = await transact(
        runtime,
        lambda uow: services.list_accounts(uow, after=after, limit=limit + 1, owner=owner, currency=currency),
    )
    page, next_cursor = cut_page(accounts, limit, key="after", position_of=lambda a: a.id)
    return Page[AccountOut](items=[_account(a) for a in page], next_cursor=next_cursor)


@router.get("/accounts/{account_id}", response_model=AccountOut, summary="One account and its balances")
async def get_account(runtime: RuntimeDep, _operator: PlatformOperator, account_id: str) -> AccountOut:
    """The account with its posted and pending balances; 404 ``account_not_found`` if there is none."""
    return _account(await transact(runtime, lambda uow: services.get_account(uow, account_id)))


@router.get("/accounts/{account_id}/transfers", response_model=Page[TransferOut], summary="Transfers of an account")
async def account_transfers(
    runtime: RuntimeDep,
    _operator: PlatformOperator,
    account_id: str,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[TransferOut]:
    """The account's stored transfers, newest first."""
    before = cursor_position(cursor, key="before_seq", kind=int)
    records = await transact(
        runtime, lambda uow: services.account_transfers(uow, account_id, before_seq=before, limit=limit + 1)
    )
    page, next_cursor = cut_page(records, limit, key="before_seq", position_of=lambda r: r.seq)
    return Page[TransferOut](items=[_transfer(r) for r in page], next_cursor=next_cursor)
