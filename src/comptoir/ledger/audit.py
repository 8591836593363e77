"""Auditing the ledger: every invariant, recomputed from the stored transfers alone.

Pure Python over records streamed in chain order, then the records still awaiting their seal in
posting order; the service feeds it and reports what it finds.
Each :class:`Violation` has a stable ``code``:

- ``chain_row_missing``: a sequence number is absent (a transfer row was deleted);
- ``chain_row_altered``: a row's hash does not match its fields and its predecessor's hash (edited),
  or, for a row still awaiting its seal, its digest does not match its fields;
- ``chain_head_mismatch``: the chain head does not point at the last row (rows deleted at the end);
- ``balance_drift``: an account's stored balance is not the sum of its transfers;
- ``flag_broken``: an account breaks its ``debits_must_not_exceed_credits`` / ``credits_must_not_exceed_debits``;
- ``currency_unbalanced``: in a currency, debits and credits (posted, or pending) do not add up;
- ``pending_resolved_twice`` / ``resolution_without_pending``: a reservation resolved more than once,
  or a post/void/expiry of something that is not an earlier pending transfer;
- ``pending_open_past_timeout``: a pending transfer still open after its timeout (run a sweep);
- ``transfer_account_missing`` / ``transfer_currency_mismatch``: a transfer names an unknown account
  or one in another currency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from comptoir.ledger.domain import (
    CREDITS_MUST_NOT_EXCEED_DEBITS,
    DEBITS_MUST_NOT_EXCEED_CREDITS,
    GENESIS_HASH,
    Account,
    TransferKind,
    TransferRecord,
    content_digest,
    record_hash,
)

_RESOLUTIONS = frozenset({TransferKind.POST, TransferKind.VOID, TransferKind.EXPIRE})
_MAX_REPORTED_PER_CODE = 50


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken invariant: a stable ``code`` and a sentence naming what is wrong."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass
class VerificationReport:
    """What ``verify`` found; the ledger is sound when ``violations`` is empty."""

    transfers_checked: int
    accounts_checked: int
    chain_head_seq: int
    chain_head_hash: str
    violations: list[Violation] = field(default_factory=list)
    #: Committed transfers not sealed into the chain yet (checked against their own digest).
    awaiting_seal: int = 0

    @property
    def ok(self) -> bool:
        return not self.violations


class _Sums:
    __slots__ = ("credits_pending", "credits_posted", "debits_pending", "debits_posted")

    def __init__(self) -> None:
        self.debits_posted = 0
        self.credits_posted = 0
        self.debits_pending = 0
        self.credits_pending = 0


class LedgerAudit:
    """Feed every transfer in chain order with :meth:`check`, then call :meth:`finish`."""

    def __init__(self) -> None:
        self.violations: list[Violation] = []
        self._counts: dict[str, int] = defaultdict(int)
        self._previous_hash = GENESIS_HASH
        self._expected_seq = 1
        self._sums: dict[str, _Sums] = defaultdict(_Sums)
        self._open: dict[str, TransferRecord] = {}
        self._resolved: set[str] = set()
        self._accounts_named: dict[str, str] = {}
        self.transfers_checked = 0
        self.last_seq = 0
        self.last_hash = GENESIS_HASH
        self.awaiting_seal = 0

    def _report(self, code: str, message: str) -> None:
        self._counts[code] += 1
        if self._counts[code] <= _MAX_REPORTED_PER_CODE:
            self.violations.append(Violation(code, message))

    def check(self, record: TransferRecord) -> None:
        """Check one stored transfer's place in the chain (or its digest, unsealed) and add it to the sums.

        Sealed records come first, in chain order; then the unsealed ones, in posting order.
        """
        self.transfers_checked += 1
        position = record.chain_seq
        if position is None:
            self.awaiting_seal += 1
            if content_digest(record) != record.hash:
                self._report(
                    "chain_row_altered", f"transfer {record.id!r} (awaiting its seal) does not match its digest"
                )
        elif position != self._expected_seq:
            if position > self._expected_seq:
                missing = f"#{self._expected_seq}" + (f"..#{position - 1}" if position - 1 > self._expected_seq else "")
                self._report("chain_row_missing", f"transfer row(s) {missing} are missing before {record.id!r}")
            else:
                self._report("chain_row_altered", f"transfer {record.id!r} has out-of-order sequence #{position}")
        elif record_hash(self._previous_hash, record, position) != record.hash:
            self._report("chain_row_altered", f"transfer {record.id!r} (#{position}) does not match its hash")
        if position is not None:
            self._previous_hash = record.hash
            self._expected_seq = position + 1
            self.last_seq, self.last_hash = position, record.hash
        self._accounts_named[record.debit_account] = record.currency
        self._accounts_named[record.credit_account] = record.currency
        kind = record.kind
        if kind == TransferKind.TRANSFER:
            self._sums[record.debit_account].debits_posted += record.amount
            self._sums[record.credit_account].credits_posted += record.amount
        elif kind == TransferKind.PENDING:
            self._open[record.id] = record
        elif kind in _RESOLUTIONS:
            self._resolve(record)
        else:
            self._report("chain_row_altered", f"transfer {record.id!r} has an unknown kind {kind!r}")

    def _resolve(self, record: TransferRecord) -> None:
        pending_id = record.pending_id or ""
        pending = self._open.pop(pending_id, None)
        if pending is None:
            if pending_id in self._resolved:
                self._report(
                    "pending_resolved_twice", f"pending transfer {pending_id!r} resolved again by {record.id!r}"
                )
            else:
                self._report(
                    "resolution_without_pending",
                    f"{record.id!r} resolves {pending_id!r}, not an earlier pending transfer",
                )
            return
        self._resolved.add(pending_id)
        if (record.debit_account, record.credit_account, record.currency) != (
            pending.debit_account,
            pending.credit_account,
            pending.currency,
        ):
            self._report("resolution_without_pending", f"{record.id!r} names other accounts than {pending_id!r}")
        if record.kind == TransferKind.POST:
            if not 0 < record.amount <= pending.amount:
                self._report("balance_drift", f"{record.id!r} posts {record.amount} of a {pending.amount} reservation")
            self._sums[record.debit_account].debits_posted += record.amount
            self._sums[record.credit_account].credits_posted += record.amount

    def finish(self, accounts: Iterable[Account], *, head_seq: int, head_hash: str, now_us: int) -> VerificationReport:
        """Compare the sums with the stored accounts and the chain head; the full report."""
        if (head_seq, head_hash) != (self.last_seq, self.last_hash):
            self._report(
                "chain_head_mismatch",
                f"the chain head is #{head_seq} but the last stored transfer is #{self.last_seq}"
                " (rows deleted or the head edited)",
            )
        for pending in self._open.values():
            self._sums[pending.debit_account].debits_pending += pending.amount
            self._sums[pending.credit_account].credits_pending += pending.amount
            if pending.expires_at_us is not None and pending.expires_at_us <= now_us:
                self._report(
                    "pending_open_past_timeout",
                    f"pending transfer {pending.id!r} is open past its timeout; run 'comptoir ledger sweep'",
                )
        per_currency: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        count = 0
        seen: set[str] = set()
        for account in accounts:
            count += 1
            seen.add(account.id)
            self._check_account(account)
            totals = per_currency[account.currency]
            totals[0] += account.debits_posted
            totals[1] += account.credits_posted
            totals[2] += account.debits_pending
            totals[3] += account.credits_pending
        for account_id in sorted(set(self._accounts_named) - seen):
            self._report("transfer_account_missing", f"transfers name account {account_id!r}, which does not exist")
        for currency, (dp, cp, dpe, cpe) in sorted(per_currency.items()):
            if dp != cp:
                self._report("currency_unbalanced", f"{currency}: debits posted {dp} != credits posted {cp}")
            if dpe != cpe:
                self._report("currency_unbalanced", f"{currency}: debits pending {dpe} != credits pending {cpe}")
        for code, total in sorted(self._counts.items()):
            if total > _MAX_REPORTED_PER_CODE:
                self.violations.append(Violation(code, f"... and {total - _MAX_REPORTED_PER_CODE} more like this"))
        return VerificationReport(
            transfers_checked=self.transfers_checked,
            accounts_checked=count,
            chain_head_seq=head_seq,
            chain_head_hash=head_hash,
            violations=self.violations,
            awaiting_seal=self.awaiting_seal,
        )

    def _check_account(self, account: Account) -> None:
        sums = self._sums.get(account.id) or _Sums()
        stored = (account.debits_posted, account.credits_posted, account.debits_pending, account.credits_pending)
        computed = (sums.debits_posted, sums.credits_posted, sums.debits_pending, sums.credits_pending)
        if stored != computed:
            names = ("debits_posted", "credits_posted", "debits_pending", "credits_pending")
            diffs = ", ".join(f"{n} {s} != {c}" for n, s, c in zip(names, stored, computed, strict=True) if s != c)
            self._report("balance_drift", f"account {account.id!r}: stored vs sum of transfers: {diffs}")
        named = self._accounts_named.get(account.id)
        if named is not None and named != account.currency:
            self._report(
                "transfer_currency_mismatch", f"account {account.id!r} in {account.currency} has {named} transfers"
            )
        if DEBITS_MUST_NOT_EXCEED_CREDITS in account.flags and (
            account.debits_posted + account.debits_pending > account.credits_posted
        ):
            self._report("flag_broken", f"account {account.id!r}: debits exceed credits")
        if CREDITS_MUST_NOT_EXCEED_DEBITS in account.flags and (
            account.credits_posted + account.credits_pending > account.debits_posted
        ):
            self._report("flag_broken", f"account {account.id!r}: credits exceed debits")
