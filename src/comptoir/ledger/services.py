"""Use cases of the ledger: open accounts, post transfers, sweep expired reservations, read, verify.

Every write runs in one transaction that first locks the head of the hash chain: writers queue
there, one at a time, so transfers are chained in commit order and writers never wait on each
other in a convoy of account row locks. A write is retried here, not by the caller, when the
database still reports a conflict (deadlock, serialisation failure, an id stored meanwhile): a
retried call starts again from fresh data, so its results are those of a serial order.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from comptoir.kernel.database import is_transient_conflict
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.ledger.audit import LedgerAudit, VerificationReport
from comptoir.ledger.domain import (
    Account,
    AccountResult,
    BatchPosting,
    NewAccount,
    Transfer,
    TransferRecord,
    TransferResult,
    account_ids_to_lock,
    referenced_ids,
)
from comptoir.ledger.errors import AccountNotFound, LedgerBusy, LedgerInputInvalid
from comptoir.ledger.repository import LedgerRepository

MAX_ATTEMPTS = 12
SWEEP_BATCH = 1000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

T = TypeVar("T")


def microseconds(instant: datetime) -> int:
    """``instant`` as integer microseconds since the Unix epoch (how the ledger stores time)."""
    return (instant - _EPOCH) // _MICROSECOND


def instant(microseconds_since_epoch: int) -> datetime:
    """The UTC instant of a stored ledger time."""
    return _EPOCH + timedelta(microseconds=microseconds_since_epoch)


def _repository(uow: UnitOfWork) -> LedgerRepository:
    return LedgerRepository(uow.session, postgresql=uow.database.is_postgresql)


class _IdsAlreadyStored(Exception):
    """An optimistic attempt met an id that is already stored: redo the batch with the full id check."""


async def _retrying(runtime: Runtime, work: Callable[[UnitOfWork, bool], Awaitable[T]]) -> T:
    """Run ``work`` in a fresh unit of work, committing it; retry it whole on a write conflict.

    ``work`` gets ``careful=False`` on the first attempt and ``True`` once any attempt failed.
    """
    careful = False
    for attempt in range(MAX_ATTEMPTS):
        try:
            async with runtime.uow() as uow:
                outcome = await work(uow, careful)
                await uow.commit()
                return outcome
        except _IdsAlreadyStored:
            careful = True
            continue
        except Exception as exc:
            if not is_transient_conflict(exc):
                raise
            careful = True
            await asyncio.sleep(random.uniform(0, 0.002 * 2 ** min(attempt, 6)))
    raise LedgerBusy(f"concurrent writers conflicted {MAX_ATTEMPTS} times in a row; nothing was written")


def _checked(items: Sequence[object], kind: type, what: str) -> None:
    for item in items:
        if not isinstance(item, kind):
            raise LedgerInputInvalid(f"expected {what}, got {type(item).__name__}")


async def open_accounts(runtime: Runtime, accounts: Sequence[NewAccount]) -> list[AccountResult]:
    """Open each account; one result per account, in order.

    ``exists`` when an account with the same id and the same fields is already open (a safe retry),
    ``exists_with_different_fields`` when the id is taken by a different account.
    """
    _checked(accounts, NewAccount, "NewAccount")
    if not accounts:
        return []

    async def work(uow: UnitOfWork, careful: bool) -> list[AccountResult]:
        repository = _repository(uow)
        existing = await repository.accounts_by_id([a.id for a in accounts])
        fresh: dict[str, NewAccount] = {}
        results: list[AccountResult] = []
        for account in accounts:
            stored = existing.get(account.id)
            if stored is not None:
                same = stored.same_fields(account)
            elif account.id in fresh:
                same = fresh[account.id] == account
            else:
                fresh[account.id] = account
                results.append(AccountResult.OK)
                continue
            results.append(AccountResult.EXISTS if same else AccountResult.EXISTS_WITH_DIFFERENT_FIELDS)
        await repository.insert_accounts(list(fresh.values()), microseconds(uow.clock.now()))
        return results

    return await _retrying(runtime, work)


async def post_transfers_in(uow: UnitOfWork, transfers: Sequence[Transfer]) -> list[TransferResult]:
    """Post a batch inside the caller's unit of work (the caller commits, and retries on a conflict).

    Use :func:`post_transfers` unless the transfers must commit atomically with the caller's own rows.
    """
    _checked(transfers, Transfer, "Transfer")
    if not transfers:
        return []
    return await _post(uow, transfers, optimistic=False)


async def _post(uow: UnitOfWork, transfers: Sequence[Transfer], *, optimistic: bool) -> list[TransferResult]:
    """Apply the batch. ``optimistic`` skips reading the batch's own ids up front (new ids are the
    common case): a stored id then shows up as a unique violation on insert, or, for a transfer that
    failed, in a check of the failed ids afterwards; either way the caller redoes the batch carefully.
    """
    repository = _repository(uow)
    ids, pending_ids = referenced_ids(transfers)
    if optimistic and not pending_ids:
        # Plain transfers name all their accounts: lock the chain and them in one go.
        known: dict[str, TransferRecord] = {}
        resolutions: dict[str, TransferRecord] = {}
        chain, balances = await repository.lock_chain_and_balances(account_ids_to_lock(transfers, known))
    else:
        chain = await repository.lock_chain()
        known, resolutions = await repository.known_transfers([] if optimistic else ids, pending_ids)
        balances = await repository.lock_balances(account_ids_to_lock(transfers, known))
    posting = BatchPosting(
        balances=balances, known=known, resolutions=resolutions, now_us=microseconds(uow.clock.now())
    )
    results = posting.post(transfers)
    if optimistic:
        failed = [t.id for t, result in zip(transfers, results, strict=True) if result is not TransferResult.OK]
        if failed and await repository.stored_ids(failed):
            raise _IdsAlreadyStored
    await _append(repository, posting, chain)
    return results


async def _append(repository: LedgerRepository, posting: BatchPosting, chain: tuple[int, str]) -> None:
    if not posting.records:
        return
    last_seq, last_hash = chain
    await repository.append(posting.records, posting.changed.values(), last_seq=last_seq, last_hash=last_hash)


async def post_transfers(runtime: Runtime, transfers: Sequence[Transfer]) -> list[TransferResult]:
    """Apply a batch of transfers in order, in one transaction; one result per transfer, in order.

    Each transfer sees the effects of the earlier ones; a group applies all or nothing; a failed
    transfer changes nothing and is not stored. See :mod:`comptoir.ledger.domain` for the rules.
    """
    _checked(transfers, Transfer, "Transfer")
    if not transfers:
        return []
    return await _retrying(runtime, lambda uow, careful: _post(uow, transfers, optimistic=not careful))


async def sweep_expired(runtime: Runtime, *, batch_size: int = SWEEP_BATCH) -> int:
    """Release every pending transfer whose timeout has passed (by the runtime's clock); how many.

    Each release is stored as a transfer ``<pending id>~expired`` of kind ``expire``.
    """

    async def work(uow: UnitOfWork, careful: bool) -> int:
        repository = _repository(uow)
        chain = await repository.lock_chain()
        now_us = microseconds(uow.clock.now())
        expired = await repository.expired_pendings(now_us, batch_size)
        if not expired:
            return 0
        accounts = sorted({a for p in expired for a in (p.debit_account, p.credit_account)})
        balances = await repository.lock_balances(accounts)
        posting = BatchPosting(balances=balances, known={}, resolutions={}, now_us=now_us)
        for pending in expired:
            posting.expire(pending)
        await _append(repository, posting, chain)
        return len(expired)

    total = 0
    while True:
        released = await _retrying(runtime, work)
        total += released
        if released < batch_size:
            return total


async def balances(runtime: Runtime, account_ids: Sequence[str] | None = None) -> list[Account]:
    """The named accounts with their balances, in the order asked (all accounts by id when none named).

    Raises :class:`AccountNotFound` for the first id that names no account.
    """
    async with runtime.uow() as uow:
        repository = _repository(uow)
        if account_ids is None:
            return [account async for account in repository.all_accounts()]
        found = await repository.accounts_by_id(list(account_ids))
        for account_id in account_ids:
            if account_id not in found:
                raise AccountNotFound(account_id)
        return [found[account_id] for account_id in account_ids]


async def get_account(runtime: Runtime, account_id: str) -> Account:
    """One account with its balances; :class:`AccountNotFound` if there is none."""
    return (await balances(runtime, [account_id]))[0]


async def list_accounts(
    runtime: Runtime,
    *,
    after: str | None = None,
    limit: int = 50,
    owner: str | None = None,
    currency: str | None = None,
) -> list[Account]:
    """Up to ``limit`` accounts in id order after ``after``, optionally one owner's or one currency's."""
    async with runtime.uow() as uow:
        return await _repository(uow).page_of_accounts(after=after, limit=limit, owner=owner, currency=currency)


async def account_transfers(
    runtime: Runtime, account_id: str, *, before_seq: int | None = None, limit: int = 50
) -> list[TransferRecord]:
    """Up to ``limit`` of the account's stored transfers, newest first, older than ``before_seq``."""
    async with runtime.uow() as uow:
        repository = _repository(uow)
        if not await repository.accounts_by_id([account_id]):
            raise AccountNotFound(account_id)
        return await repository.transfers_of_account(account_id, before_seq=before_seq, limit=limit)


async def find_transfer(runtime: Runtime, transfer_id: str) -> TransferRecord | None:
    """The stored transfer with this id, if any."""
    async with runtime.uow() as uow:
        return await _repository(uow).transfer(transfer_id)


async def verify(runtime: Runtime) -> VerificationReport:
    """Check every invariant from one consistent snapshot; the report names each violation.

    Pending transfers open past their timeout (by the runtime's clock) are reported too: run
    :func:`sweep_expired` first when that is expected.
    """
    async with runtime.uow() as uow:
        if uow.database.is_postgresql:
            await uow.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        repository = _repository(uow)
        head_seq, head_hash = await repository.chain_head()
        audit = LedgerAudit()
        async for record in repository.all_transfers():
            audit.check(record)
        accounts = [account async for account in repository.all_accounts()]
        return audit.finish(accounts, head_seq=head_seq, head_hash=head_hash, now_us=microseconds(uow.clock.now()))
