"""Use cases of the ledger: open accounts, post transfers, sweep expired reservations, read, verify.

Each runs inside the caller's unit of work and never commits: a payment posts its transfers in
the same transaction as its own rows, and the money moves only if that transaction commits. The
entry point runs the use case through :func:`comptoir.kernel.unit_of_work.transact`, which runs it
again whole on a conflict with a concurrent writer; a posting's results are then those of a serial
order. Postings lock only the accounts they change; the hash chain is sealed after commit (see
:mod:`comptoir.ledger.repository`), by :func:`seal_chain` in a short transaction of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from comptoir.kernel.clock import Clock
from comptoir.kernel.database import Database, RunAgain
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
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
from comptoir.ledger.errors import AccountNotFound, LedgerInputInvalid
from comptoir.ledger.repository import LedgerRepository

SWEEP_BATCH = 1000
SEAL_BATCH = 5000
SEAL_HERE_AT_MOST = 64
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

log = logging.getLogger(__name__)


def microseconds(instant: datetime) -> int:
    """``instant`` as integer microseconds since the Unix epoch (how the ledger stores time)."""
    return (instant - _EPOCH) // _MICROSECOND


def instant(microseconds_since_epoch: int) -> datetime:
    """The UTC instant of a stored ledger time."""
    return _EPOCH + timedelta(microseconds=microseconds_since_epoch)


def _repository(uow: UnitOfWork) -> LedgerRepository:
    return LedgerRepository(uow.session, postgresql=uow.database.is_postgresql)


def _checked(items: Sequence[object], kind: type, what: str) -> None:
    for item in items:
        if not isinstance(item, kind):
            raise LedgerInputInvalid(f"expected {what}, got {type(item).__name__}")


async def open_accounts(uow: UnitOfWork, accounts: Sequence[NewAccount]) -> list[AccountResult]:
    """Open each account; one result per account, in order.

    ``exists`` when an account with the same id and the same fields is already open (a safe retry),
    ``exists_with_different_fields`` when the id is taken by a different account.
    """
    _checked(accounts, NewAccount, "NewAccount")
    if not accounts:
        return []
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


async def post_transfers(uow: UnitOfWork, transfers: Sequence[Transfer]) -> list[TransferResult]:
    """Apply a batch of transfers in order; one result per transfer, in order.

    Each transfer sees the effects of the earlier ones (in this batch and earlier in the unit of
    work); a group applies all or nothing; a failed transfer changes nothing and is not stored. See
    :mod:`comptoir.ledger.domain` for the rules. The transfers are stored when the caller commits.

    On the use case's first attempt a batch of plain transfers skips reading its own ids up front
    (new ids are the common case): a stored id then shows up as a unique violation on insert, or,
    for a transfer that failed, in a check of the failed ids afterwards, and the use case runs again
    (``transact`` does that) with the full id check.
    """
    _checked(transfers, Transfer, "Transfer")
    if not transfers:
        return []
    optimistic = uow.attempt == 0
    repository = _repository(uow)
    ids, pending_ids = referenced_ids(transfers)
    if optimistic and not pending_ids:
        known: dict[str, TransferRecord] = {}
        resolutions: dict[str, TransferRecord] = {}
    else:
        known, resolutions = await repository.known_transfers([] if optimistic else ids, pending_ids)
    chain, balances = await repository.lock_for_posting(account_ids_to_lock(transfers, known))
    posting = BatchPosting(
        balances=balances, known=known, resolutions=resolutions, now_us=microseconds(uow.clock.now())
    )
    results = posting.post(transfers)
    if optimistic:
        failed = [t.id for t, result in zip(transfers, results, strict=True) if result is not TransferResult.OK]
        if failed and await repository.stored_ids(failed):
            raise RunAgain("a failed transfer's id is already stored: check every id")
    await _store(uow, repository, posting, chain)
    return results


async def _store(
    uow: UnitOfWork, repository: LedgerRepository, posting: BatchPosting, chain: tuple[int, str] | None
) -> None:
    if not posting.records:
        return
    await repository.append(posting.records, posting.changed.values(), chain=chain)
    if repository.seals_as_it_posts:
        return
    # A few transfers are sealed here when the chain head is free (a lone writer: one transaction,
    # one commit). A large batch is sealed right after its commit: sealing it here would hold its
    # accounts' row locks longer, and other writers wait on those. So is anything left over.
    sealed = await repository.seal_in_posting(SEAL_BATCH) if len(posting.records) <= SEAL_HERE_AT_MOST else None
    if sealed is None or sealed.altered is not None or len(sealed.links) >= SEAL_BATCH:
        database, clock = uow.database, uow.clock
        uow.after_commit("ledger.seal", lambda: seal_chain(_Source(database, clock)))


class _Source:
    """A database and a clock, for the sealer's own transactions after a posting commits."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock


async def sweep_expired(uow: UnitOfWork, *, batch_size: int = SWEEP_BATCH) -> int:
    """Release up to ``batch_size`` pending transfers whose timeout has passed (by the unit of work's
    clock); how many. Run it again while it returns ``batch_size``.

    Each release is stored as a transfer ``<pending id>~expired`` of kind ``expire``.
    """
    repository = _repository(uow)
    now_us = microseconds(uow.clock.now())
    expired = await repository.expired_pendings(now_us, batch_size)
    if not expired:
        return 0
    accounts = sorted({a for p in expired for a in (p.debit_account, p.credit_account)})
    chain, balances = await repository.lock_for_posting(accounts)
    posting = BatchPosting(balances=balances, known={}, resolutions={}, now_us=now_us)
    for pending in expired:
        posting.expire(pending)
    await _store(uow, repository, posting, chain)
    return len(expired)


async def sweep_all_expired(source: OpensUnitsOfWork) -> int:
    """Release every pending transfer past its timeout, a batch per transaction, then seal; how many.

    For entry points (``ledger sweep``, the worker's chore): each batch is its own use case.
    """
    total = 0
    while True:
        released = await transact(source, sweep_expired)
        total += released
        if released < SWEEP_BATCH:
            break
    await seal_chain(source)
    return total


async def seal_chain(source: OpensUnitsOfWork) -> int:
    """Chain every committed transfer still awaiting its seal; how many were sealed.

    Runs after each posting commits (once per unit of work), in transactions of its own that hold
    the chain head lock only while they seal; ``ledger verify`` and ``ledger sweep`` run it too, so
    a seal that failed after a commit is caught up. A transfer whose fields no longer match their
    digest is never sealed: sealing stops before it, it is logged, and ``verify`` reports it.
    """
    total = 0
    while True:
        outcome = await transact(source, _seal_batch)
        if outcome is None:
            return total
        sealed, altered = outcome
        total += sealed
        if altered is not None:
            log.error("ledger transfer %r was altered before it was sealed; sealing stopped before it", altered)
            return total
        if sealed < SEAL_BATCH:
            return total


async def _seal_batch(uow: UnitOfWork) -> tuple[int, str | None] | None:
    repository = _repository(uow)
    if repository.seals_as_it_posts:
        return None
    result = await repository.seal(SEAL_BATCH)
    if result is None:
        return None
    return len(result.links), (result.altered.id if result.altered is not None else None)


async def balances(uow: UnitOfWork, account_ids: Sequence[str] | None = None) -> list[Account]:
    """The named accounts with their balances, in the order asked (all accounts by id when none named).

    Raises :class:`AccountNotFound` for the first id that names no account.
    """
    repository = _repository(uow)
    if account_ids is None:
        return [account async for account in repository.all_accounts()]
    found = await repository.accounts_by_id(list(account_ids))
    for account_id in account_ids:
        if account_id not in found:
            raise AccountNotFound(account_id)
    return [found[account_id] for account_id in account_ids]


async def get_account(uow: UnitOfWork, account_id: str) -> Account:
    """One account with its balances; :class:`AccountNotFound` if there is none."""
    return (await balances(uow, [account_id]))[0]


async def list_accounts(
    uow: UnitOfWork,
    *,
    after: str | None = None,
    limit: int = 50,
    owner: str | None = None,
    currency: str | None = None,
) -> list[Account]:
    """Up to ``limit`` accounts in id order after ``after``, optionally one owner's or one currency's."""
    return await _repository(uow).page_of_accounts(after=after, limit=limit, owner=owner, currency=currency)


async def account_transfers(
    uow: UnitOfWork, account_id: str, *, before_seq: int | None = None, limit: int = 50
) -> list[TransferRecord]:
    """Up to ``limit`` of the account's stored transfers, newest posting first, older than ``before_seq``."""
    repository = _repository(uow)
    if not await repository.accounts_by_id([account_id]):
        raise AccountNotFound(account_id)
    return await repository.transfers_of_account(account_id, before_seq=before_seq, limit=limit)


async def find_transfer(uow: UnitOfWork, transfer_id: str) -> TransferRecord | None:
    """The stored transfer with this id, if any."""
    return await _repository(uow).transfer(transfer_id)


async def verify(uow: UnitOfWork) -> VerificationReport:
    """Check every invariant from one consistent snapshot; the report names each violation.

    Run it first in its unit of work: on PostgreSQL it then reads at REPEATABLE READ, so every
    query sees the same committed state. Transfers committed but not sealed yet are checked against
    their digests and counted in ``awaiting_seal`` (run :func:`seal_chain` first to seal them).
    Pending transfers open past their timeout (by the clock) are reported too: run
    :func:`sweep_expired` first when that is expected.
    """
    if uow.database.is_postgresql and not uow.session.in_transaction():
        await uow.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    repository = _repository(uow)
    head_seq, head_hash = await repository.chain_head()
    audit = LedgerAudit()
    async for record in repository.all_transfers():
        audit.check(record)
    accounts = [account async for account in repository.all_accounts()]
    return audit.finish(accounts, head_seq=head_seq, head_hash=head_hash, now_us=microseconds(uow.clock.now()))
