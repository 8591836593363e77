"""payments: card payments in EUR (the acquirer's reference of each charge) and the card refunds to send

Revision ID: payments_0004
Revises: payments_0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "payments_0004"
down_revision = "payments_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments_payments") as batch:
        batch.add_column(sa.Column("network_reference", sa.String(64)))
    op.create_table(
        "payments_card_refunds",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("payment_id", sa.String(40), sa.ForeignKey("payments_payments.id"), nullable=False, index=True),
        sa.Column("charge_reference", sa.String(64), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("acquirer_reference", sa.String(64)),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(120)),
    )
    op.create_index("ix_payments_card_refunds_unsent", "payments_card_refunds", ["sent_at", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_payments_card_refunds_unsent", table_name="payments_card_refunds")
    op.drop_table("payments_card_refunds")
    with op.batch_alter_table("payments_payments") as batch:
        batch.drop_column("network_reference")
