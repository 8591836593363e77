"""ledger: postings take a place in posting order; a sealer chains them after they commit

Postings now run inside their caller's transaction. On PostgreSQL they no longer lock the chain
head: each record draws its posting place (``seq``) from ``ledger_transfer_seq``, keeps the digest
of its own fields in ``hash`` and waits in ``ledger_unsealed`` until a sealer gives it a link
in ``ledger_chain_links``: its chain place and chain hash. Transfers are never rewritten.

Every record stored so far was chained as it was posted: its link is its ``seq`` and the chain
hash it holds, and its ``hash`` becomes the digest of its fields (the formula of
``comptoir.ledger.domain.content_digest``, spelled out here as it stood when this ran).

Revision ID: ledger_0003
Revises: ledger_0002
"""

from __future__ import annotations

from hashlib import sha256

import sqlalchemy as sa
from alembic import op

revision = "ledger_0003"
down_revision = "ledger_0002"
branch_labels = None
depends_on = None

_FIELDS = (
    "id, kind, debit_account, credit_account, amount, currency, pending_id, timeout_seconds, expires_at_us,"
    " group_key, code, reference, timestamp_us"
)


def _digest(row: sa.Row) -> str:  # type: ignore[type-arg]
    text = "\x1f".join(["", "0", *("" if value is None else str(value) for value in row[1:])])
    return sha256(text.encode()).hexdigest()


def upgrade() -> None:
    op.create_table(
        "ledger_chain_links",
        sa.Column("chain_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain_seq", name="pk_ledger_chain_links"),
        sa.UniqueConstraint("seq", name="uq_ledger_chain_links_seq"),
    )
    op.create_table(
        "ledger_unsealed",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_ledger_unsealed"),
    )
    bind = op.get_bind()
    op.execute("INSERT INTO ledger_chain_links (chain_seq, seq, hash) SELECT seq, seq, hash FROM ledger_transfers")
    rows = bind.execute(sa.text(f"SELECT seq, {_FIELDS} FROM ledger_transfers ORDER BY seq")).all()
    if rows:
        bind.execute(
            sa.text("UPDATE ledger_transfers SET hash = :digest WHERE seq = :seq"),
            [{"seq": row[0], "digest": _digest(row)} for row in rows],
        )
    if bind.dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE ledger_transfer_seq AS BIGINT OWNED BY ledger_transfers.seq")
        op.execute(
            "SELECT setval('ledger_transfer_seq', COALESCE((SELECT max(seq) FROM ledger_transfers), 0) + 1, false)"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP SEQUENCE ledger_transfer_seq")
    if bind.execute(sa.text("SELECT count(*) FROM ledger_unsealed")).scalar_one():
        raise RuntimeError("seal the ledger first ('comptoir ledger verify' does): transfers await their seal")
    op.execute(
        "UPDATE ledger_transfers SET hash = (SELECT l.hash FROM ledger_chain_links AS l"
        " WHERE l.seq = ledger_transfers.seq)"
    )
    op.drop_table("ledger_unsealed")
    op.drop_table("ledger_chain_links")
