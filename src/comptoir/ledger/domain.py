"""The double-entry ledger: accounts, transfers, and the rules that apply a batch of them.

A batch is applied in order against in-memory balances (loaded and locked by the service); each
transfer sees the effects of the earlier ones and gets exactly one :class:`TransferResult`.
A failed transfer changes nothing and is not stored, so its id may be used again later.

The checks run in this order, and the first that fails is the transfer's result:

1. ``exists`` / ``exists_with_different_fields``: the id is already stored (or accepted earlier in
   the batch); nothing changes.
2. For ``post_pending`` / ``void_pending``: ``pending_transfer_not_found`` (no such id, or not a
   pending transfer), ``pending_transfer_already_posted`` / ``_already_voided`` /
   ``pending_transfer_expired`` (already resolved), ``pending_transfer_expired`` (its timeout has
   passed), ``pending_transfer_has_different_accounts`` (accounts given and not the pending's),
   ``currencies_must_match`` (currency given and not the pending's), then the amount: a post's amount
   must be positive (``amount_must_be_positive``) and at most the pending amount
   (``exceeds_pending_amount``); a void's amount, when given, must be the whole pending amount
   (``amount_must_be_positive`` / ``exceeds_pending_amount`` / ``pending_transfer_has_different_amount``).
3. Otherwise: ``accounts_must_be_different``, ``amount_must_be_positive``, ``debit_account_not_found``,
   ``credit_account_not_found``, ``currencies_must_match`` (transfer and both accounts),
   ``exceeds_credits``, ``exceeds_debits``, ``overflows_balance`` (a balance would pass 2**63 - 1).

A group (consecutive transfers with the same non-empty ``group``) applies only if every member is
``ok`` or ``exists``; otherwise the failing member keeps its result and every other member gets
``linked_event_failed``, and none of them changes anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from hashlib import sha256
from typing import NamedTuple

from comptoir.kernel.money import MoneyError, check_currency
from comptoir.ledger.errors import LedgerInputInvalid

DEBITS_MUST_NOT_EXCEED_CREDITS = "debits_must_not_exceed_credits"
CREDITS_MUST_NOT_EXCEED_DEBITS = "credits_must_not_exceed_debits"
ACCOUNT_FLAGS = frozenset({DEBITS_MUST_NOT_EXCEED_CREDITS, CREDITS_MUST_NOT_EXCEED_DEBITS})

MAX_AMOUNT = 2**63 - 1
MAX_TIMEOUT_SECONDS = 10 * 366 * 86_400
EXPIRY_SUFFIX = "~expired"
GENESIS_HASH = "0" * 64
ID_RULE = "1-128 characters, no spaces, no control characters and no '~'"

_ID = re.compile(r"[^\s~\x00-\x1f\x7f]{1,128}")
_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")
_TEXT = re.compile(r"[^\x00-\x1f\x7f]{1,255}")


class AccountResult(StrEnum):
    OK = "ok"
    EXISTS = "exists"
    EXISTS_WITH_DIFFERENT_FIELDS = "exists_with_different_fields"


class TransferResult(StrEnum):
    OK = "ok"
    EXISTS = "exists"
    EXISTS_WITH_DIFFERENT_FIELDS = "exists_with_different_fields"
    DEBIT_ACCOUNT_NOT_FOUND = "debit_account_not_found"
    CREDIT_ACCOUNT_NOT_FOUND = "credit_account_not_found"
    ACCOUNTS_MUST_BE_DIFFERENT = "accounts_must_be_different"
    CURRENCIES_MUST_MATCH = "currencies_must_match"
    AMOUNT_MUST_BE_POSITIVE = "amount_must_be_positive"
    EXCEEDS_CREDITS = "exceeds_credits"
    EXCEEDS_DEBITS = "exceeds_debits"
    OVERFLOWS_BALANCE = "overflows_balance"
    PENDING_TRANSFER_NOT_FOUND = "pending_transfer_not_found"
    PENDING_TRANSFER_ALREADY_POSTED = "pending_transfer_already_posted"
    PENDING_TRANSFER_ALREADY_VOIDED = "pending_transfer_already_voided"
    PENDING_TRANSFER_EXPIRED = "pending_transfer_expired"
    PENDING_TRANSFER_HAS_DIFFERENT_ACCOUNTS = "pending_transfer_has_different_accounts"
    PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT = "pending_transfer_has_different_amount"
    EXCEEDS_PENDING_AMOUNT = "exceeds_pending_amount"
    LINKED_EVENT_FAILED = "linked_event_failed"


class TransferKind(StrEnum):
    """What a stored transfer did: moved money, reserved it, or resolved a reservation."""

    TRANSFER = "transfer"
    PENDING = "pending"
    POST = "post"
    VOID = "void"
    EXPIRE = "expire"


def check_id(value: object, what: str) -> str:
    """``value`` if it is a valid ledger id, else a :class:`LedgerInputInvalid` naming ``what``."""
    if not isinstance(value, str) or _ID.fullmatch(value) is None:
        raise LedgerInputInvalid(f"{what} must be {ID_RULE}; got {value!r}")
    return value


def _check_currency(value: object) -> str:
    try:
        return check_currency(value)
    except MoneyError as exc:
        raise LedgerInputInvalid(str(exc)) from exc


def _check_text(value: object, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or _TEXT.fullmatch(value) is None:
        raise LedgerInputInvalid(f"{what} must be text of at most 255 characters without control characters")
    return value


def _check_amount(value: object, what: str = "amount") -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LedgerInputInvalid(f"{what} must be an integer number of minor units; got {value!r}")
    if not -MAX_AMOUNT <= value <= MAX_AMOUNT:
        raise LedgerInputInvalid(f"{what} must lie within +/- (2**63 - 1)")


@dataclass(frozen=True, slots=True)
class NewAccount:
    """An account to open: its balances start at zero and only transfers move them."""

    id: str
    currency: str
    owner: str
    kind: str
    flags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        check_id(self.id, "account id")
        _check_currency(self.currency)
        check_id(self.owner, "owner")
        if not isinstance(self.kind, str) or _KIND.fullmatch(self.kind) is None:
            raise LedgerInputInvalid(f"kind must be a lower-case word such as 'wallet'; got {self.kind!r}")
        flags: object = self.flags
        if isinstance(flags, str) or not isinstance(flags, Iterable):
            raise LedgerInputInvalid("flags must be a list of flag names")
        names = frozenset(flags)
        unknown = sorted(str(f) for f in names - ACCOUNT_FLAGS)
        if unknown:
            raise LedgerInputInvalid(f"unknown flag(s) {unknown}; known: {sorted(ACCOUNT_FLAGS)}")
        if names == ACCOUNT_FLAGS:
            raise LedgerInputInvalid("an account takes at most one of the two balance flags")
        object.__setattr__(self, "flags", names)


@dataclass(frozen=True, slots=True)
class Account:
    """An account with its balances, in minor units of ``currency``."""

    id: str
    currency: str
    owner: str
    kind: str
    flags: frozenset[str]
    debits_posted: int = 0
    credits_posted: int = 0
    debits_pending: int = 0
    credits_pending: int = 0

    def same_fields(self, other: NewAccount) -> bool:
        return (self.currency, self.owner, self.kind, self.flags) == (
            other.currency,
            other.owner,
            other.kind,
            other.flags,
        )


@dataclass(frozen=True, slots=True)
class Transfer:
    """A transfer to post: a plain move, a reservation (``pending``), or the resolution of one.

    ``post_pending`` posts all (``amount`` absent) or part of a pending transfer and releases the rest;
    ``void_pending`` releases all of it. For both, accounts and currency may be omitted and must
    match the pending transfer's when given. Structural mistakes raise :class:`LedgerInputInvalid`;
    business refusals are results of :func:`BatchPosting.post`.
    """

    id: str
    debit_account: str | None = None
    credit_account: str | None = None
    amount: int | None = None
    currency: str | None = None
    pending: bool = False
    post_pending: str | None = None
    void_pending: str | None = None
    timeout_seconds: int = 0
    group: str | None = None
    code: str | None = None
    reference: str | None = None

    def __post_init__(self) -> None:
        check_id(self.id, "transfer id")
        if self.pending is not True and self.pending is not False:
            raise LedgerInputInvalid("pending must be true or false")
        resolves = self.post_pending is not None or self.void_pending is not None
        if resolves:
            if self.pending or (self.post_pending is not None and self.void_pending is not None):
                raise LedgerInputInvalid("a transfer is at most one of pending, post_pending and void_pending")
            check_id(self.post_pending if self.post_pending is not None else self.void_pending, "pending id")
        for name in ("debit_account", "credit_account"):
            value = getattr(self, name)
            if value is None:
                if not resolves:
                    raise LedgerInputInvalid(f"{name} is required")
            else:
                check_id(value, name)
        if self.amount is None:
            if not resolves:
                raise LedgerInputInvalid("amount is required")
        else:
            _check_amount(self.amount)
        if self.currency is None:
            if not resolves:
                raise LedgerInputInvalid("currency is required")
        else:
            _check_currency(self.currency)
        timeout = self.timeout_seconds
        if isinstance(timeout, bool) or not isinstance(timeout, int) or not 0 <= timeout <= MAX_TIMEOUT_SECONDS:
            raise LedgerInputInvalid(f"timeout_seconds must be an integer from 0 to {MAX_TIMEOUT_SECONDS}")
        if timeout and not self.pending:
            raise LedgerInputInvalid("timeout_seconds applies only to a pending transfer")
        object.__setattr__(self, "group", _check_text(self.group, "group"))
        object.__setattr__(self, "code", _check_text(self.code, "code"))
        object.__setattr__(self, "reference", _check_text(self.reference, "reference"))


class TransferRecord(NamedTuple):
    """A stored transfer, as the ledger keeps it forever.

    ``seq`` is its place in posting order (unique, increasing, with gaps where a posting rolled
    back); ``hash`` the digest of its own fields (see :func:`content_digest`). Once sealed, its link
    gives it ``chain_seq``, its place in the hash chain, and the audit reads it with the link's
    chain hash as ``hash``. Where writers are serialised anyway (SQLite) a transfer is sealed as it
    is posted, and both places are the same.
    """

    id: str
    kind: str
    debit_account: str
    credit_account: str
    amount: int
    currency: str
    pending_id: str | None
    timeout_seconds: int
    expires_at_us: int | None
    group: str | None
    code: str | None
    reference: str | None
    timestamp_us: int
    seq: int = 0
    hash: str = ""
    chain_seq: int | None = None

    @property
    def sealed(self) -> bool:
        return self.chain_seq is not None


def record_hash(previous_hash: str, record: TransferRecord, seq: int) -> str:
    """The chain hash of ``record`` at position ``seq`` after ``previous_hash`` (hex sha256).

    Fields are joined with the unit separator, which no id or text field may contain, and an
    absent value is empty (optional text is never stored empty), so distinct rows never collide.
    """
    return _link(previous_hash, seq, *record[:13])


def _link(
    previous: str, seq: int, id: str, kind: str, debit: str, credit: str, amount: int, currency: str,
    pending_id: str | None, timeout: int, expires: int | None, group: str | None, code: str | None,
    reference: str | None, timestamp_us: int,
) -> str:  # fmt: skip
    """:func:`record_hash` from the record's fields (the one place the hashed text is spelled out)."""
    return sha256(
        f"{previous}\x1f{seq}\x1f{id}\x1f{kind}\x1f{debit}\x1f{credit}\x1f{amount}\x1f{currency}"
        f"\x1f{pending_id or ''}\x1f{timeout}\x1f{'' if expires is None else expires}\x1f{group or ''}"
        f"\x1f{code or ''}\x1f{reference or ''}\x1f{timestamp_us}".encode()
    ).hexdigest()


def content_digest(record: TransferRecord) -> str:
    """The digest of ``record``'s own fields (hex sha256), stored with it until it is sealed.

    Sealing checks it before chaining the record, and ``verify`` checks it for records still
    awaiting their seal, so an edit is caught at every moment of a record's life. It is the chain
    hash at position 0 after the empty hash: no chained record has that position.
    """
    return _link("", 0, *record[:13])


_new_tuple = tuple.__new__


def with_digests(records: Sequence[TransferRecord]) -> list[TransferRecord]:
    """``records`` carrying their :func:`content_digest`, to be stored unsealed."""
    return [_new_tuple(TransferRecord, (*r[:13], 0, _link("", 0, *r[:13]), None)) for r in records]


@dataclass(frozen=True, slots=True)
class Seal:
    """The chain places and hashes for a run of unsealed records, oldest posting first.

    ``links`` are ``(seq, chain_seq, hash)``; ``altered`` names the first record whose fields no
    longer match their digest: sealing stops before it, so it is never chained as if intact.
    """

    links: list[tuple[int, int, str]]
    head_seq: int
    head_hash: str
    altered: TransferRecord | None


def seal(records: Sequence[TransferRecord], *, last_seq: int, last_hash: str) -> Seal:
    """Chain ``records`` (unsealed, in posting order) after the head ``last_seq`` / ``last_hash``."""
    links: list[tuple[int, int, str]] = []
    previous, position = last_hash, last_seq
    for record in records:
        fields = record[:13]
        if _link("", 0, *fields) != record.hash:
            return Seal(links, position, previous, record)
        position += 1
        previous = _link(previous, position, *fields)
        links.append((record.seq, position, previous))
    return Seal(links, position, previous, None)


class Balance:
    """The working copy of one account's balances while a batch is applied."""

    __slots__ = (
        "credits_limited",
        "credits_pending",
        "credits_posted",
        "currency",
        "debits_limited",
        "debits_pending",
        "debits_posted",
        "id",
    )

    def __init__(
        self,
        id: str,
        currency: str,
        debits_limited: bool,
        credits_limited: bool,
        debits_posted: int,
        credits_posted: int,
        debits_pending: int,
        credits_pending: int,
    ) -> None:
        self.id = id
        self.currency = currency
        self.debits_limited = debits_limited
        self.credits_limited = credits_limited
        self.debits_posted = debits_posted
        self.credits_posted = credits_posted
        self.debits_pending = debits_pending
        self.credits_pending = credits_pending

    def snapshot(self) -> tuple[int, int, int, int]:
        return (self.debits_posted, self.credits_posted, self.debits_pending, self.credits_pending)

    def restore(self, values: tuple[int, int, int, int]) -> None:
        self.debits_posted, self.credits_posted, self.debits_pending, self.credits_pending = values


class _Undo:
    """What a group changed so far, to put back if one of its members fails."""

    __slots__ = ("accepted", "balances", "resolved")

    def __init__(self) -> None:
        self.balances: list[tuple[Balance, tuple[int, int, int, int]]] = []
        self.accepted: list[str] = []
        self.resolved: list[str] = []


_R = TransferResult
_K = TransferKind


class BatchPosting:
    """Applies transfers in order to in-memory balances.

    ``balances`` must hold every account the batch names (and the accounts of the pending
    transfers it resolves), ``known`` every stored transfer whose id the batch uses or refers to,
    and ``resolutions`` the stored post/void/expire of each referenced pending transfer, keyed by
    the pending id. Afterwards ``records`` holds the transfers to store, in order, and ``changed``
    the balances to write back.
    """

    def __init__(
        self,
        *,
        balances: dict[str, Balance],
        known: dict[str, TransferRecord],
        resolutions: dict[str, TransferRecord],
        now_us: int,
    ) -> None:
        self.balances = balances
        self.known = known
        self.resolutions = resolutions
        self.now_us = now_us
        self.records: list[TransferRecord] = []
        self.changed: dict[str, Balance] = {}
        self._accepted: dict[str, TransferRecord] = {}
        self._resolved: dict[str, str] = {}
        self._undo: _Undo | None = None

    def post(self, transfers: Sequence[Transfer]) -> list[TransferResult]:
        """The result of each transfer, in order; groups apply all or nothing."""
        results: list[TransferResult] = []
        apply = self._apply
        count = len(transfers)
        i = 0
        while i < count:
            group = transfers[i].group
            if group is None:
                results.append(apply(transfers[i]))
                i += 1
                continue
            end = i + 1
            while end < count and transfers[end].group == group:
                end += 1
            results.extend(self._apply_group(transfers[i:end]))
            i = end
        return results

    def _apply_group(self, members: Sequence[Transfer]) -> list[TransferResult]:
        self._undo = _Undo()
        mark = len(self.records)
        results: list[TransferResult] = []
        try:
            for index, transfer in enumerate(members):
                result = self._apply(transfer)
                if result is not _R.OK and result is not _R.EXISTS:
                    self._roll_back(mark)
                    return [result if k == index else _R.LINKED_EVENT_FAILED for k in range(len(members))]
                results.append(result)
            return results
        finally:
            self._undo = None

    def _roll_back(self, mark: int) -> None:
        undo = self._undo
        assert undo is not None
        for balance, values in reversed(undo.balances):
            balance.restore(values)
        for transfer_id in undo.accepted:
            del self._accepted[transfer_id]
        for pending_id in undo.resolved:
            del self._resolved[pending_id]
        del self.records[mark:]

    def _touch(self, balance: Balance) -> None:
        if self._undo is not None:
            self._undo.balances.append((balance, balance.snapshot()))
        self.changed[balance.id] = balance

    def _accept(self, record: TransferRecord) -> TransferResult:
        self.records.append(record)
        self._accepted[record.id] = record
        if self._undo is not None:
            self._undo.accepted.append(record.id)
        return _R.OK

    def _lookup(self, transfer_id: str) -> TransferRecord | None:
        found = self._accepted.get(transfer_id)
        return found if found is not None else self.known.get(transfer_id)

    def _apply(self, t: Transfer) -> TransferResult:
        prior = self._lookup(t.id)
        if prior is not None:
            return _R.EXISTS if self._same_fields(t, prior) else _R.EXISTS_WITH_DIFFERENT_FIELDS
        if t.post_pending is not None or t.void_pending is not None:
            return self._resolve(t)
        amount = t.amount
        assert amount is not None and t.debit_account is not None and t.credit_account is not None
        if t.debit_account == t.credit_account:
            return _R.ACCOUNTS_MUST_BE_DIFFERENT
        if amount <= 0:
            return _R.AMOUNT_MUST_BE_POSITIVE
        debit = self.balances.get(t.debit_account)
        if debit is None:
            return _R.DEBIT_ACCOUNT_NOT_FOUND
        credit = self.balances.get(t.credit_account)
        if credit is None:
            return _R.CREDIT_ACCOUNT_NOT_FOUND
        if debit.currency != t.currency or credit.currency != t.currency:
            return _R.CURRENCIES_MUST_MATCH
        debits = debit.debits_posted + debit.debits_pending + amount
        credits = credit.credits_posted + credit.credits_pending + amount
        if debit.debits_limited and debits > debit.credits_posted:
            return _R.EXCEEDS_CREDITS
        if credit.credits_limited and credits > credit.debits_posted:
            return _R.EXCEEDS_DEBITS
        if debits > MAX_AMOUNT or credits > MAX_AMOUNT:
            return _R.OVERFLOWS_BALANCE
        self._touch(debit)
        self._touch(credit)
        if t.pending:
            debit.debits_pending += amount
            credit.credits_pending += amount
            kind = _K.PENDING
            expires = self.now_us + t.timeout_seconds * 1_000_000 if t.timeout_seconds else None
        else:
            debit.debits_posted += amount
            credit.credits_posted += amount
            kind = _K.TRANSFER
            expires = None
        return self._accept(
            TransferRecord(
                t.id, kind, t.debit_account, t.credit_account, amount, t.currency or "", None,
                t.timeout_seconds, expires, t.group, t.code, t.reference, self.now_us,
            )
        )  # fmt: skip

    def _resolve(self, t: Transfer) -> TransferResult:
        posting = t.post_pending is not None
        pending_id = t.post_pending if posting else t.void_pending
        assert pending_id is not None
        pending = self._lookup(pending_id)
        if pending is None or pending.kind != _K.PENDING:
            return _R.PENDING_TRANSFER_NOT_FOUND
        resolved = self._resolved.get(pending_id)
        if resolved is None:
            stored = self.resolutions.get(pending_id)
            resolved = stored.kind if stored is not None else None
        if resolved is not None:
            if resolved == _K.POST:
                return _R.PENDING_TRANSFER_ALREADY_POSTED
            if resolved == _K.VOID:
                return _R.PENDING_TRANSFER_ALREADY_VOIDED
            return _R.PENDING_TRANSFER_EXPIRED
        if pending.expires_at_us is not None and pending.expires_at_us <= self.now_us:
            return _R.PENDING_TRANSFER_EXPIRED
        if (t.debit_account is not None and t.debit_account != pending.debit_account) or (
            t.credit_account is not None and t.credit_account != pending.credit_account
        ):
            return _R.PENDING_TRANSFER_HAS_DIFFERENT_ACCOUNTS
        if t.currency is not None and t.currency != pending.currency:
            return _R.CURRENCIES_MUST_MATCH
        amount = pending.amount if t.amount is None else t.amount
        if amount <= 0:
            return _R.AMOUNT_MUST_BE_POSITIVE
        if amount > pending.amount:
            return _R.EXCEEDS_PENDING_AMOUNT
        if not posting and amount != pending.amount:
            return _R.PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT
        kind = _K.POST if posting else _K.VOID
        self._release(pending, kind, amount if posting else 0)
        return self._accept(
            TransferRecord(
                t.id, kind, pending.debit_account, pending.credit_account, amount, pending.currency, pending_id,
                0, None, t.group, t.code, t.reference, self.now_us,
            )
        )  # fmt: skip

    def _release(self, pending: TransferRecord, kind: str, posted: int) -> None:
        debit = self.balances[pending.debit_account]
        credit = self.balances[pending.credit_account]
        self._touch(debit)
        self._touch(credit)
        debit.debits_pending -= pending.amount
        credit.credits_pending -= pending.amount
        debit.debits_posted += posted
        credit.credits_posted += posted
        self._resolved[pending.id] = kind
        if self._undo is not None:
            self._undo.resolved.append(pending.id)

    def expire(self, pending: TransferRecord) -> None:
        """Release a pending transfer past its timeout, recording it as ``<pending id>~expired``.

        The caller passes only pending transfers that are unresolved and expired at ``now_us``.
        """
        self._release(pending, _K.EXPIRE, 0)
        self._accept(
            TransferRecord(
                pending.id + EXPIRY_SUFFIX, _K.EXPIRE, pending.debit_account, pending.credit_account,
                pending.amount, pending.currency, pending.id, 0, None, None, None, None, self.now_us,
            )
        )  # fmt: skip

    def _same_fields(self, t: Transfer, prior: TransferRecord) -> bool:
        if t.group != prior.group or t.code != prior.code or t.reference != prior.reference:
            return False
        kind = prior.kind
        if kind == _K.TRANSFER or kind == _K.PENDING:
            return (
                t.post_pending is None
                and t.void_pending is None
                and t.pending == (kind == _K.PENDING)
                and t.debit_account == prior.debit_account
                and t.credit_account == prior.credit_account
                and t.amount == prior.amount
                and t.currency == prior.currency
                and t.timeout_seconds == prior.timeout_seconds
            )
        reference = t.post_pending if kind == _K.POST else t.void_pending if kind == _K.VOID else None
        if reference is None or reference != prior.pending_id:
            return False
        if t.debit_account is not None and t.debit_account != prior.debit_account:
            return False
        if t.credit_account is not None and t.credit_account != prior.credit_account:
            return False
        if t.currency is not None and t.currency != prior.currency:
            return False
        if t.amount is not None:
            return t.amount == prior.amount
        if kind == _K.VOID:
            return True
        pending = self._lookup(reference)
        return pending is not None and pending.amount == prior.amount


def account_ids_to_lock(transfers: Sequence[Transfer], known: dict[str, TransferRecord]) -> list[str]:
    """Every account a batch may touch (named, or behind a pending it resolves), sorted to avoid deadlocks."""
    ids: set[str] = set()
    add = ids.add
    for t in transfers:
        if t.debit_account is not None:
            add(t.debit_account)
        if t.credit_account is not None:
            add(t.credit_account)
        reference = t.post_pending if t.post_pending is not None else t.void_pending
        if reference is not None:
            pending = known.get(reference)
            if pending is not None:
                add(pending.debit_account)
                add(pending.credit_account)
    return sorted(ids)


def referenced_ids(transfers: Sequence[Transfer]) -> tuple[list[str], list[str]]:
    """The transfer ids a batch uses, and the pending ids it resolves (each once, in first-seen order)."""
    ids = list(dict.fromkeys([t.id for t in transfers]))
    references = [t.post_pending if t.post_pending is not None else t.void_pending for t in transfers]
    pending = list(dict.fromkeys([r for r in references if r is not None]))
    return ids, pending
