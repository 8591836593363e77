"""Tables and queries of the ledger capability (only it touches them).

Posting runs inside the caller's transaction, so it must not queue every business transaction
that moves money behind one lock. On PostgreSQL a posting locks only the rows of the accounts it
changes (``FOR UPDATE``, in id order, so two postings never deadlock on each other), takes its
place in posting order from a sequence *after* those locks, stores each record with the digest of
its own fields and queues it in ``ledger_unsealed``; it never touches the chain head. After the
transaction commits, a sealer chains the queued records in posting order under the chain head
lock, in short transactions of their own (:meth:`LedgerRepository.seal`): each gets a narrow row
in ``ledger_chain_links`` (its chain place and chain hash), and a transfer row is never rewritten.
Two postings that share an account commit in lock order, and the later one draws its place only
once the earlier one has committed, so sealing in posting order keeps every conflict in the order
it happened; postings that share no account commute. On SQLite, whose ``BEGIN IMMEDIATE``
serialises writers anyway, a posting takes the chain head lock at no extra cost and seals its
records as it stores them.

Writes of a batch never cost a round trip per transfer: the balances are locked in one query, and
the new transfers and balances written in one statement for a few transfers, in two for a large
batch, the rows as one text document through the asyncpg connection and the balances by the row
address read under their lock; or with the driver's ``executemany`` on SQLite.
Transfers carry no foreign keys to accounts: the service validates every account before writing,
and ``verify`` checks that every transfer names an existing account.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.kernel.database import metadata
from comptoir.ledger.domain import (
    CREDITS_MUST_NOT_EXCEED_DEBITS,
    DEBITS_MUST_NOT_EXCEED_CREDITS,
    GENESIS_HASH,
    Account,
    Balance,
    NewAccount,
    Seal,
    TransferRecord,
    seal,
    with_digests,
)


def _key(length: int) -> String:
    """An id column: compared byte by byte on PostgreSQL (collation "C", see ledger_0002), as SQLite does."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


accounts_table = Table(
    "ledger_accounts",
    metadata,
    Column("id", _key(128), primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("owner", String(128), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("debits_must_not_exceed_credits", Boolean, nullable=False),
    Column("credits_must_not_exceed_debits", Boolean, nullable=False),
    Column("debits_posted", BigInteger, nullable=False),
    Column("credits_posted", BigInteger, nullable=False),
    Column("debits_pending", BigInteger, nullable=False),
    Column("credits_pending", BigInteger, nullable=False),
    Column("opened_at_us", BigInteger, nullable=False),
)

transfers_table = Table(
    "ledger_transfers",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("id", _key(160), nullable=False, unique=True),
    Column("kind", String(12), nullable=False),
    Column("debit_account", _key(128), nullable=False),
    Column("credit_account", _key(128), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("pending_id", _key(128)),
    Column("timeout_seconds", Integer, nullable=False),
    Column("expires_at_us", BigInteger),
    Column("group_key", String(255)),
    Column("code", String(255)),
    Column("reference", String(255)),
    Column("timestamp_us", BigInteger, nullable=False),
    # The digest of the record's own fields (see domain.content_digest); its chain hash is a link's.
    Column("hash", String(64), nullable=False),
    # At most one post, void or expiry per pending transfer, enforced by the database itself
    # (partial: plain transfers, the vast majority, cost this index nothing).
    Index(
        "uq_ledger_transfers_pending_id",
        "pending_id",
        unique=True,
        postgresql_where=text("pending_id IS NOT NULL"),
        sqlite_where=text("pending_id IS NOT NULL"),
    ),
    Index("ix_ledger_transfers_debit_account_seq", "debit_account", "seq"),
    Index("ix_ledger_transfers_credit_account_seq", "credit_account", "seq"),
    Index(
        "ix_ledger_transfers_expires_at_us",
        "expires_at_us",
        postgresql_where=text("expires_at_us IS NOT NULL"),
        sqlite_where=text("expires_at_us IS NOT NULL"),
    ),
)

# The hash chain: one link per sealed transfer, its place in the chain and its chain hash. Sealing
# inserts narrow rows here instead of rewriting the transfers, which are never updated.
links_table = Table(
    "ledger_chain_links",
    metadata,
    Column("chain_seq", BigInteger, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("hash", String(64), nullable=False),
)

# The transfers committed and still awaiting their seal, by posting place (PostgreSQL only).
unsealed_table = Table(
    "ledger_unsealed",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
)

chain_table = Table(
    "ledger_chain",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

_T = transfers_table.c
_A = accounts_table.c
_RECORD_COLUMNS = (
    _T.id, _T.kind, _T.debit_account, _T.credit_account, _T.amount, _T.currency, _T.pending_id,
    _T.timeout_seconds, _T.expires_at_us, _T.group_key, _T.code, _T.reference, _T.timestamp_us, _T.seq, _T.hash,
)  # fmt: skip
_L = links_table.c
_RECORD_NAMES = tuple(c.name for c in _RECORD_COLUMNS)
_SQL_RECORD = ", ".join(_RECORD_NAMES)
_BALANCE_COLUMNS = (
    _A.id, _A.currency, _A.debits_must_not_exceed_credits, _A.credits_must_not_exceed_debits,
    _A.debits_posted, _A.credits_posted, _A.debits_pending, _A.credits_pending,
)  # fmt: skip
_SQL_BALANCE = ", ".join(c.name for c in _BALANCE_COLUMNS)
_ACCOUNT_COLUMNS = (
    _A.id, _A.currency, _A.owner, _A.kind, _A.debits_must_not_exceed_credits, _A.credits_must_not_exceed_debits,
    _A.debits_posted, _A.credits_posted, _A.debits_pending, _A.credits_pending,
)  # fmt: skip
_SQLITE_CHUNK = 500
_ONE_STATEMENT_RECORDS = 64

_PG_KNOWN = f"""
SELECT {_SQL_RECORD} FROM ledger_transfers
WHERE id = ANY(CAST(:ids AS VARCHAR[])) OR pending_id = ANY(CAST(:refs AS VARCHAR[]))
"""
# The accounts a posting changes, locked in id order (two postings then never deadlock on each
# other) and read at their latest committed version, which ``FOR UPDATE`` guarantees.
# Ids travel as one text joined by the unit separator, which no ledger id may contain: asyncpg's
# array encoder inspects every element in Python.
_PG_LOCK_BALANCES = f"""
SELECT ctid::text, {_SQL_BALANCE} FROM ledger_accounts
WHERE id = ANY(string_to_array($1::text, chr(31))) ORDER BY id FOR UPDATE
"""
_PG_LOCK_CHAIN = "SELECT last_seq, last_hash FROM ledger_chain WHERE id = 1 FOR UPDATE"
_PG_TRY_LOCK_CHAIN = "SELECT last_seq, last_hash FROM ledger_chain WHERE id = 1 FOR UPDATE SKIP LOCKED"
# Balances travel as one JSON text per statement: asyncpg's array encoder inspects every element
# in Python, which cost more than the whole statement on the server for a batch of 1,000.
# Balances are written back by the row address (ctid) read under their row lock: it cannot move
# while the lock is held (VACUUM never moves a live row), and it spares a second index search per
# account (or a scan of the whole table, which the planner picks when it cannot guess how many rows
# the JSON holds). The addresses also come as an array literal, cheap to parse, so that the
# balances' JSON is mentioned, and parsed, once.
# Records travel as one text: fields joined by the unit separator (chr 31), records by the record
# separator (chr 30). No stored field may contain either (ids and free text exclude control
# characters, as the chain hash already relies on), and an empty field is an absent value
# (optional text is never stored empty): splitting text costs the server less than parsing JSON.
# Each record's place in posting order is drawn here, in the batch's order, after the balances'
# locks were taken (see the module docstring for why that order matters).
_PG_INSERT = f"""
    INSERT INTO ledger_transfers ({_SQL_RECORD})
    SELECT a[1], a[2], a[3], a[4], a[5]::bigint, a[6], NULLIF(a[7], ''), a[8]::int, NULLIF(a[9], '')::bigint,
           NULLIF(a[10], ''), NULLIF(a[11], ''), NULLIF(a[12], ''), a[13]::bigint, nextval('ledger_transfer_seq'),
           a[14]
    FROM unnest(string_to_array($1::text, chr(30))) WITH ORDINALITY AS t(line, n), string_to_array(line, chr(31)) AS a
    ORDER BY t.n
"""
_PG_UPDATE_BALANCES = """
    UPDATE ledger_accounts AS a
    SET debits_posted = (b->>1)::bigint, credits_posted = (b->>2)::bigint,
        debits_pending = (b->>3)::bigint, credits_pending = (b->>4)::bigint
    FROM jsonb_array_elements(${balances}::text::jsonb) AS u(b)
    WHERE a.ctid = ANY(${addresses}::text::tid[]) AND a.ctid = (b->>0)::tid
    RETURNING 1
"""
# The stored records join the queue of those awaiting their seal, in the same statement.
_PG_QUEUE = "queued AS (INSERT INTO ledger_unsealed (seq) SELECT seq FROM inserted RETURNING 1)"
# Everything in one statement (a few transfers): $1 records, $2 balances, $3 addresses.
_PG_APPEND = f"""
WITH inserted AS ({_PG_INSERT} RETURNING seq), {_PG_QUEUE},
balances AS ({_PG_UPDATE_BALANCES.format(balances=2, addresses=3)})
SELECT (SELECT count(*) FROM balances), (SELECT count(*) FROM queued)
"""
# A large batch's records, after its balances ($1).
_PG_STORE = f"WITH inserted AS ({_PG_INSERT} RETURNING seq), {_PG_QUEUE} SELECT count(*) FROM queued"
# A large batch in two statements: the balances first ($1, $2), then the records.
_PG_WRITE_BACK = f"""
WITH balances AS ({_PG_UPDATE_BALANCES.format(balances=1, addresses=2)}) SELECT count(*) FROM balances
"""
# One transfer (so two balances), every value its own parameter: nothing to parse, and after a few
# runs PostgreSQL keeps one generic plan instead of planning each lone transfer again.
_PG_APPEND_ONE = f"""
WITH inserted AS (
    INSERT INTO ledger_transfers ({_SQL_RECORD})
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, nextval('ledger_transfer_seq'), $14)
    RETURNING seq
), {_PG_QUEUE}, balances AS (
    UPDATE ledger_accounts AS a
    SET debits_posted = u.dp, credits_posted = u.cp, debits_pending = u.dq, credits_pending = u.cq
    FROM (VALUES ($15::tid, $16::bigint, $17::bigint, $18::bigint, $19::bigint),
                 ($20::tid, $21::bigint, $22::bigint, $23::bigint, $24::bigint)) AS u(t, dp, cp, dq, cq)
    WHERE a.ctid = ANY(ARRAY[$15::tid, $20::tid]) AND a.ctid = u.t
    RETURNING 1
)
SELECT (SELECT count(*) FROM balances), (SELECT count(*) FROM queued)
"""
# The sealer: the oldest records awaiting their seal (fields and digest), then their links (posting
# places, the first chain place, chain hashes, as texts so nothing is encoded per element), stored
# while the records leave the queue.
# The queue is read first and each record fetched by its key (OFFSET 0 keeps the planner from turning
# the lookups into a hash join over the whole transfers table, a cost that would grow with the ledger).
_PG_UNSEALED = f"""
SELECT {", ".join("t." + n for n in _RECORD_NAMES)}
FROM (SELECT seq FROM ledger_unsealed ORDER BY seq LIMIT $1) AS u
CROSS JOIN LATERAL (SELECT * FROM ledger_transfers AS r WHERE r.seq = u.seq OFFSET 0) AS t
ORDER BY u.seq
"""
_PG_SEAL = """
WITH links AS (
    SELECT s::bigint AS seq, $2::bigint + n - 1 AS chain_seq, h AS hash
    FROM unnest(string_to_array($1::text, ','), string_to_array($3::text, ',')) WITH ORDINALITY AS u(s, h, n)
), stored AS (
    INSERT INTO ledger_chain_links (chain_seq, seq, hash) SELECT chain_seq, seq, hash FROM links RETURNING seq
), done AS (
    DELETE FROM ledger_unsealed WHERE seq IN (SELECT seq FROM stored) RETURNING 1
), head AS (
    UPDATE ledger_chain SET last_seq = $4, last_hash = $5 WHERE id = 1 RETURNING 1
)
SELECT (SELECT count(*) FROM done), (SELECT count(*) FROM head)
"""

_SQLITE_INSERT = f"INSERT INTO ledger_transfers ({_SQL_RECORD}) VALUES ({', '.join('?' * len(_RECORD_NAMES))})"
_SQLITE_LINK = "INSERT INTO ledger_chain_links (seq, chain_seq, hash) VALUES (?, ?, ?)"
_SQLITE_UPDATE = (
    "UPDATE ledger_accounts SET debits_posted = ?, credits_posted = ?, debits_pending = ?, credits_pending = ?"
    " WHERE id = ?"
)
_EXPIRED = f"""
SELECT {", ".join("p." + n for n in _RECORD_NAMES)} FROM ledger_transfers AS p
WHERE p.expires_at_us IS NOT NULL AND p.expires_at_us <= :now AND p.kind = 'pending'
  AND NOT EXISTS (SELECT 1 FROM ledger_transfers AS r WHERE r.pending_id = p.id)
ORDER BY p.expires_at_us, p.seq
LIMIT :limit
"""


def _account(row: Sequence[Any]) -> Account:
    flags = set()
    if row[4]:
        flags.add(DEBITS_MUST_NOT_EXCEED_CREDITS)
    if row[5]:
        flags.add(CREDITS_MUST_NOT_EXCEED_DEBITS)
    return Account(
        id=row[0], currency=row[1], owner=row[2], kind=row[3], flags=frozenset(flags),
        debits_posted=row[6], credits_posted=row[7], debits_pending=row[8], credits_pending=row[9],
    )  # fmt: skip


_RECORD_FIELDS = len(TransferRecord._fields)


def _record(row: Sequence[Any]) -> TransferRecord:
    """A stored transfer from a row of its columns (without its chain place, unless the row has one)."""
    return TransferRecord._make((*row, *(None,) * (_RECORD_FIELDS - len(row))))


def _records_text(records: Sequence[TransferRecord]) -> str:
    """Unsealed records (their fields and digest) in the text form ``_PG_INSERT`` splits (absent values empty)."""
    return "\x1e".join(
        ["\x1f".join(["" if value is None else str(value) for value in (*r[:13], r.hash)]) for r in records]
    )


def _tid(address: str) -> tuple[int, int]:
    """A row address read as text, ``(page,item)``, as the pair asyncpg sends for a ``tid``."""
    page, item = address[1:-1].split(",")
    return int(page), int(item)


def _tids(rows: Sequence[Sequence[Any]]) -> str:
    """The row addresses heading ``rows`` as a PostgreSQL ``tid[]`` literal."""
    return "{" + ",".join([f'"{row[0]}"' for row in rows]) + "}"


class LedgerRepository:
    """The ledger's storage inside one unit of work's transaction."""

    def __init__(self, session: AsyncSession, *, postgresql: bool) -> None:
        self.session = session
        self.postgresql = postgresql
        self._row_addresses: dict[str, str] = {}

    async def _driver(self) -> Any:
        """The asyncpg connection under this session, inside the session's transaction."""
        connection = await self.session.connection()
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection
        if not driver.is_in_transaction():
            await self.session.execute(text("SELECT 1"))
        return driver

    async def _sqlite_driver(self) -> Any:
        """The aiosqlite connection under this session, inside its (BEGIN IMMEDIATE) transaction."""
        connection = await self.session.connection()
        raw = await connection.get_raw_connection()
        return raw.driver_connection

    # -- posting -------------------------------------------------------------------------------

    async def known_transfers(
        self, ids: list[str], pending_ids: list[str]
    ) -> tuple[dict[str, TransferRecord], dict[str, TransferRecord]]:
        """Stored transfers with these ids (or these pending ids), and the stored resolution of each pending id."""
        wanted = list(dict.fromkeys(ids + pending_ids)) if pending_ids else ids
        rows: list[Any] = []
        if self.postgresql:
            result = await self.session.execute(text(_PG_KNOWN), {"ids": wanted, "refs": pending_ids})
            rows = list(result)
        else:
            for start in range(0, max(len(wanted), len(pending_ids)), _SQLITE_CHUNK):
                chunk_ids = wanted[start : start + _SQLITE_CHUNK]
                chunk_refs = pending_ids[start : start + _SQLITE_CHUNK]
                query = select(*_RECORD_COLUMNS).where(or_(_T.id.in_(chunk_ids), _T.pending_id.in_(chunk_refs)))
                rows.extend(await self.session.execute(query))
        known: dict[str, TransferRecord] = {}
        resolutions: dict[str, TransferRecord] = {}
        references = set(pending_ids)
        for row in rows:
            record = _record(row)
            known[record.id] = record
            if record.pending_id is not None and record.pending_id in references:
                resolutions[record.pending_id] = record
        return known, resolutions

    async def stored_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these transfer ids are already stored."""
        found: set[str] = set()
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), _SQLITE_CHUNK):
            chunk = unique[start : start + _SQLITE_CHUNK]
            found.update((await self.session.execute(select(_T.id).where(_T.id.in_(chunk)))).scalars())
        return found

    @property
    def seals_as_it_posts(self) -> bool:
        """Whether postings are chained in their own transaction (writers are serialised anyway)."""
        return not self.postgresql

    async def lock_for_posting(self, account_ids: list[str]) -> tuple[tuple[int, str] | None, dict[str, Balance]]:
        """Lock these accounts' balances (those that exist) until the transaction ends, and read them.

        Where postings seal as they post (SQLite), the chain head is locked first and returned too;
        on PostgreSQL only the accounts' rows are locked, and the chain head is ``None``.
        """
        if self.postgresql:
            return None, await self._lock_balances_postgresql(account_ids)
        chain = await self.lock_chain()
        if not account_ids:
            return chain, {}
        # SQLite has no row locks: the BEGIN IMMEDIATE of every transaction already serialises writers.
        driver = await self._sqlite_driver()
        balances: dict[str, Balance] = {}
        for start in range(0, len(account_ids), _SQLITE_CHUNK):
            chunk = account_ids[start : start + _SQLITE_CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = await driver.execute_fetchall(
                f"SELECT {_SQL_BALANCE} FROM ledger_accounts WHERE id IN ({marks})", chunk
            )
            for row in rows:
                balances[row[0]] = Balance(row[0], row[1], bool(row[2]), bool(row[3]), *row[4:])
        return chain, balances

    async def _lock_balances_postgresql(self, account_ids: list[str]) -> dict[str, Balance]:
        if not account_ids:
            return {}
        driver = await self._driver()
        rows = await driver.fetch(_PG_LOCK_BALANCES, "\x1f".join(account_ids))
        addresses = self._row_addresses
        balances: dict[str, Balance] = {}
        for row in rows:
            addresses[row[1]] = row[0]
            balances[row[1]] = Balance(*row[1:])
        return balances

    async def lock_chain(self) -> tuple[int, str]:
        """Lock the chain head until the transaction ends; the last sealed place and hash."""
        for _ in range(2):
            if self.postgresql:
                row = (await self.session.execute(text(_PG_LOCK_CHAIN))).first()
            else:
                query = select(chain_table.c.last_seq, chain_table.c.last_hash).where(chain_table.c.id == 1)
                row = (await self.session.execute(query)).first()
            if row is not None:
                return int(row[0]), str(row[1])
            await self._create_chain_head()
        raise RuntimeError("the ledger chain head could not be created")

    async def _create_chain_head(self) -> None:
        values = {"id": 1, "last_seq": 0, "last_hash": GENESIS_HASH}
        if self.postgresql:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            await self.session.execute(pg_insert(chain_table).values(**values).on_conflict_do_nothing())
        else:
            await self.session.execute(sqlite_insert(chain_table).values(**values).on_conflict_do_nothing())

    async def append(
        self, records: Sequence[TransferRecord], balances: Iterable[Balance], *, chain: tuple[int, str] | None
    ) -> None:
        """Store ``records``, write back the changed balances, and, given the locked ``chain`` head
        (SQLite), seal the records after it and move it.

        On PostgreSQL the records are stored unsealed, with their digests, for :meth:`seal`. For a
        large batch the balances go first and the digests are computed while the server writes them.
        """
        changed = list(balances)
        if self.postgresql:
            await self._append_postgresql(records, changed)
            return
        if chain is None:
            raise RuntimeError("posting on SQLite seals as it posts: lock the chain head first")
        last_seq, last_hash = chain
        # Writers come one at a time here: each record's posting place is its chain place.
        stored = [r._replace(seq=last_seq + i) for i, r in enumerate(with_digests(records), start=1)]
        sealed = seal(stored, last_seq=last_seq, last_hash=last_hash)
        driver = await self._sqlite_driver()
        await driver.executemany(_SQLITE_INSERT, [r[:15] for r in stored])
        await driver.executemany(_SQLITE_LINK, sealed.links)
        await driver.executemany(
            _SQLITE_UPDATE,
            [(b.debits_posted, b.credits_posted, b.debits_pending, b.credits_pending, b.id) for b in changed],
        )
        await driver.execute(
            "UPDATE ledger_chain SET last_seq = ?, last_hash = ? WHERE id = 1", (sealed.head_seq, sealed.head_hash)
        )

    async def _append_postgresql(self, records: Sequence[TransferRecord], changed: list[Balance]) -> None:
        driver = await self._driver()
        addresses = self._row_addresses
        rows = [
            (addresses[b.id], b.debits_posted, b.credits_posted, b.debits_pending, b.credits_pending) for b in changed
        ]
        if len(records) == 1 and len(rows) == 2:
            (record,) = with_digests(records)
            (debit_at, *debit), (credit_at, *credit) = rows
            updated, inserted = await driver.fetchrow(
                _PG_APPEND_ONE, *record[:13], record.hash, _tid(debit_at), *debit, _tid(credit_at), *credit
            )
        elif len(records) <= _ONE_STATEMENT_RECORDS:
            # A few transfers: one round trip less matters more than overlapping a little hashing.
            updated, inserted = await driver.fetchrow(
                _PG_APPEND, _records_text(with_digests(records)), json.dumps(rows), _tids(rows)
            )
        else:
            # Sent now, awaited after hashing: the server writes balances while Python hashes.
            write_back = asyncio.ensure_future(driver.fetchval(_PG_WRITE_BACK, json.dumps(rows), _tids(rows)))
            await asyncio.sleep(0)
            try:
                records_text = _records_text(with_digests(records))
            finally:
                updated = await write_back
            inserted = await driver.fetchval(_PG_STORE, records_text)
        if (updated, inserted) != (len(changed), len(records)):
            raise RuntimeError(
                f"ledger write touched {updated} of {len(changed)} accounts and stored {inserted} of"
                f" {len(records)} transfers; rolled back"
            )

    async def seal(self, limit: int) -> Seal | None:
        """Chain up to ``limit`` committed records awaiting their seal, oldest posting first (PostgreSQL).

        Locks the chain head until the transaction ends, so sealers take turns; ``None`` when there
        was nothing to seal. Stops before a record whose fields no longer match its digest.

        The seal's commit does not wait for its WAL to reach the disk: a seal lost in a crash loses
        the links, the head move and the queue's deletes together, and the next seal redoes it from
        the queue; the transfers themselves were committed durably by their posting.
        """
        driver = await self._driver()
        await driver.execute("SET LOCAL synchronous_commit = off")
        last_seq, last_hash = await self.lock_chain()
        result = await self._seal_queued(driver, limit, last_seq, last_hash)
        return result if result.links or result.altered is not None else None

    async def seal_in_posting(self, limit: int) -> Seal | None:
        """Inside a posting's transaction: seal what is queued, this posting's records included, if the
        chain head is free at this moment; ``None`` (nothing done) when another transaction holds it.

        A lone writer then commits its transfers sealed, in one transaction. The chain head stays
        locked until the posting's use case ends, which makes other sealers wait, never postings: a
        posting that finds it held leaves its records to the seal after its commit.
        """
        driver = await self._driver()
        row = await driver.fetchrow(_PG_TRY_LOCK_CHAIN)
        if row is None:
            return None
        return await self._seal_queued(driver, limit, int(row[0]), str(row[1]))

    async def _seal_queued(self, driver: Any, limit: int, last_seq: int, last_hash: str) -> Seal:
        rows = await driver.fetch(_PG_UNSEALED, limit)
        result = seal([_record(row) for row in rows], last_seq=last_seq, last_hash=last_hash)
        if result.links:
            sealed, moved = await driver.fetchrow(
                _PG_SEAL,
                ",".join([str(link[0]) for link in result.links]),
                last_seq + 1,
                ",".join([link[2] for link in result.links]),
                result.head_seq,
                result.head_hash,
            )
            if (sealed, moved) != (len(result.links), 1):
                raise RuntimeError(f"ledger seal touched {sealed} of {len(result.links)} transfers; rolled back")
        return result

    async def expired_pendings(self, now_us: int, limit: int) -> list[TransferRecord]:
        """Unresolved pending transfers whose timeout has passed at ``now_us``, oldest expiry first."""
        result = await self.session.execute(text(_EXPIRED), {"now": now_us, "limit": limit})
        return [_record(row) for row in result]

    # -- accounts ------------------------------------------------------------------------------

    async def accounts_by_id(self, account_ids: Sequence[str]) -> dict[str, Account]:
        found: dict[str, Account] = {}
        ids = list(dict.fromkeys(account_ids))
        for start in range(0, len(ids), _SQLITE_CHUNK):
            chunk = ids[start : start + _SQLITE_CHUNK]
            result = await self.session.execute(select(*_ACCOUNT_COLUMNS).where(_A.id.in_(chunk)))
            for row in result:
                found[row[0]] = _account(row)
        return found

    async def insert_accounts(self, accounts: Sequence[NewAccount], opened_at_us: int) -> None:
        if not accounts:
            return
        await self.session.execute(
            accounts_table.insert(),
            [
                {
                    "id": a.id, "currency": a.currency, "owner": a.owner, "kind": a.kind,
                    "debits_must_not_exceed_credits": DEBITS_MUST_NOT_EXCEED_CREDITS in a.flags,
                    "credits_must_not_exceed_debits": CREDITS_MUST_NOT_EXCEED_DEBITS in a.flags,
                    "debits_posted": 0, "credits_posted": 0, "debits_pending": 0, "credits_pending": 0,
                    "opened_at_us": opened_at_us,
                }
                for a in accounts
            ],
        )  # fmt: skip

    async def page_of_accounts(
        self, *, after: str | None, limit: int, owner: str | None = None, currency: str | None = None
    ) -> list[Account]:
        """Accounts in id order after ``after``, optionally only one owner's or one currency's."""
        query = select(*_ACCOUNT_COLUMNS).order_by(_A.id).limit(limit)
        if after is not None:
            query = query.where(_A.id > after)
        if owner is not None:
            query = query.where(_A.owner == owner)
        if currency is not None:
            query = query.where(_A.currency == currency)
        return [_account(row) for row in (await self.session.execute(query))]

    async def all_accounts(self) -> AsyncIterator[Account]:
        result = await self.session.stream(select(*_ACCOUNT_COLUMNS).order_by(_A.id).execution_options(yield_per=2000))
        async for row in result:
            yield _account(row)

    # -- transfers -----------------------------------------------------------------------------

    async def transfers_of_account(
        self, account_id: str, *, before_seq: int | None, limit: int
    ) -> list[TransferRecord]:
        """The account's transfers, newest first, older than ``before_seq`` when given."""
        query = (
            select(*_RECORD_COLUMNS, _L.chain_seq)
            .select_from(transfers_table.outerjoin(links_table, _L.seq == _T.seq))
            .where(or_(_T.debit_account == account_id, _T.credit_account == account_id))
        )
        if before_seq is not None:
            query = query.where(_T.seq < before_seq)
        query = query.order_by(_T.seq.desc()).limit(limit)
        return [_record(row) for row in (await self.session.execute(query))]

    async def transfer(self, transfer_id: str) -> TransferRecord | None:
        query = select(*_RECORD_COLUMNS, _L.chain_seq).select_from(
            transfers_table.outerjoin(links_table, _L.seq == _T.seq)
        )
        result = await self.session.execute(query.where(_T.id == transfer_id))
        row = result.first()
        return _record(row) if row is not None else None

    async def all_transfers(self) -> AsyncIterator[TransferRecord]:
        """Every stored transfer, streamed: the sealed ones in chain order, then the rest in posting order."""
        # A sealed record carries its link's place and chain hash; an unsealed one its digest.
        sealed = (
            select(*_RECORD_COLUMNS[:-1], _L.hash, _L.chain_seq)
            .select_from(links_table.join(transfers_table, _T.seq == _L.seq))
            .order_by(_L.chain_seq)
        )
        linked = select(_L.seq).where(_L.seq == _T.seq).exists()
        unsealed = select(*_RECORD_COLUMNS).where(~linked).order_by(_T.seq)
        for query in (sealed, unsealed):
            result = await self.session.stream(query.execution_options(yield_per=5000))
            async for row in result:
                yield _record(row)

    async def chain_head(self) -> tuple[int, str]:
        row = (await self.session.execute(select(chain_table.c.last_seq, chain_table.c.last_hash))).first()
        return (0, GENESIS_HASH) if row is None else (int(row[0]), str(row[1]))
