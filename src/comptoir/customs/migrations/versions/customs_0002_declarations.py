"""customs: the three documents of an order (order, payment, waybill), their filings and mismatches

Revision ID: customs_0002
Revises: customs_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "customs_0002"
down_revision = "customs_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customs_declarations",
        sa.Column("order_id", sa.String(64), primary_key=True),
        sa.Column("buyer_name", sa.String(200), nullable=False),
        sa.Column("buyer_person_key", sa.String(128), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("goods_minor", sa.BigInteger, nullable=False),
        sa.Column("freight_minor", sa.BigInteger, nullable=False),
        sa.Column("tax_minor", sa.BigInteger, nullable=False),
        sa.Column("total_minor", sa.BigInteger, nullable=False),
        sa.Column("computed_tax_minor", sa.BigInteger, nullable=True),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("outcome_reason", sa.Text, nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "customs_filings",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_customs_filings_status", "customs_filings", ["status", "id"])
    op.create_index("uq_customs_filings_order_kind", "customs_filings", ["order_id", "kind"], unique=True)
    op.create_table(
        "customs_mismatches",
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("order_id", "code", name="pk_customs_mismatches"),
    )


def downgrade() -> None:
    op.drop_table("customs_mismatches")
    op.drop_index("uq_customs_filings_order_kind", table_name="customs_filings")
    op.drop_index("ix_customs_filings_status", table_name="customs_filings")
    op.drop_table("customs_filings")
    op.drop_table("customs_declarations")
