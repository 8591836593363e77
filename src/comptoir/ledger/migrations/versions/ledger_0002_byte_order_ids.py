"""ledger: compare ids byte by byte (collation "C") on PostgreSQL

Ledger ids are opaque keys, never text to sort for people. Under the server's locale collation
every comparison in their indexes went through the locale's rules; with "C" it is a plain byte
comparison, which makes each batch's index inserts and lookups cheaper (and orders ids the way
SQLite already does). SQLite compares bytes already: nothing to do there.

Revision ID: ledger_0002
Revises: ledger_0001
"""

from __future__ import annotations

from alembic import op

revision = "ledger_0002"
down_revision = "ledger_0001"
branch_labels = None
depends_on = None

_COLUMNS = {
    "ledger_accounts": (("id", 128),),
    "ledger_transfers": (("id", 160), ("debit_account", 128), ("credit_account", 128), ("pending_id", 128)),
}


def _collate(collation: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in _COLUMNS.items():
        changes = ", ".join(f'ALTER COLUMN {name} TYPE VARCHAR({size}) COLLATE "{collation}"' for name, size in columns)
        op.execute(f"ALTER TABLE {table} {changes}")


def upgrade() -> None:
    _collate("C")


def downgrade() -> None:
    _collate("default")
