"""ledger: postings take a place in posting order; a sealer chains them after they commit

Postings now run inside their caller's transaction. On PostgreSQL they no longer lock the chain
head: each record draws its posting place (``seq``) from ``ledger_transfer_seq`` and keeps the
digest of its fields in ``hash`` until a sealer gives it its chain place (``chain_seq``) and chain
hash. Every record stored so far was chained as it was posted: its chain place is its ``seq``, and
its hash is already its chain hash.

Revision ID: ledger_0003
Revises: ledger_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ledger_0003"
down_revision = "ledger_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ledger_transfers", sa.Column("chain_seq", sa.BigInteger(), nullable=True))
    op.execute("UPDATE ledger_transfers SET chain_seq = seq")
    op.create_index("uq_ledger_transfers_chain_seq", "ledger_transfers", ["chain_seq"], unique=True)
    op.create_index(
        "ix_ledger_transfers_unsealed",
        "ledger_transfers",
        ["seq"],
        postgresql_where=sa.text("chain_seq IS NULL"),
        sqlite_where=sa.text("chain_seq IS NULL"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE ledger_transfer_seq AS BIGINT OWNED BY ledger_transfers.seq")
        op.execute(
            "SELECT setval('ledger_transfer_seq', COALESCE((SELECT max(seq) FROM ledger_transfers), 0) + 1, false)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE ledger_transfer_seq")
    op.drop_index("ix_ledger_transfers_unsealed", table_name="ledger_transfers")
    op.drop_index("uq_ledger_transfers_chain_seq", table_name="ledger_transfers")
    with op.batch_alter_table("ledger_transfers") as batch:
        batch.drop_column("chain_seq")
