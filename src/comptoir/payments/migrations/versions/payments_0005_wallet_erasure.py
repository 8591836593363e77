"""payments: when a wallet holder's personal data was erased (the row stays, for the payments that name it)

Revision ID: payments_0005
Revises: payments_0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "payments_0005"
down_revision = "payments_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments_wallet_holders") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("payments_wallet_holders") as batch:
        batch.drop_column("erased_at")
