"""payments: the import taxes an online order collects for customs, and when they went back to the buyer

Revision ID: payments_0003
Revises: payments_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "payments_0003"
down_revision = "payments_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments_payments") as batch:
        batch.add_column(sa.Column("import_tax_minor", sa.BigInteger()))
        batch.add_column(sa.Column("import_tax_refunded_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("import_tax_refund_request", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("payments_payments") as batch:
        batch.drop_column("import_tax_refund_request")
        batch.drop_column("import_tax_refunded_at")
        batch.drop_column("import_tax_minor")
