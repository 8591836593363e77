"""customs: dated rule rows, and each person's CBEC total per calendar year

Revision ID: customs_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "customs_0001"
down_revision = None
branch_labels = ("customs",)
depends_on = "kernel_0001"


def upgrade() -> None:
    op.create_table(
        "customs_rules",
        sa.Column("rule_set", sa.String(40), nullable=False),
        sa.Column("rule_key", sa.String(40), nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("effective_to", sa.Date, nullable=True),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("cells", sa.Text, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("rule_set", "rule_key", "effective_from", name="pk_customs_rules"),
    )
    op.create_table(
        "customs_annual_totals",
        sa.Column("person_key", sa.String(128), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("total_minor", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("person_key", "year", name="pk_customs_annual_totals"),
    )
    op.create_table(
        "customs_annual_imports",
        sa.Column("order_id", sa.String(64), primary_key=True),
        sa.Column("person_key", sa.String(128), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("taxable_minor", sa.BigInteger, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_customs_annual_imports_person", "customs_annual_imports", ["person_key", "year"])


def downgrade() -> None:
    op.drop_index("ix_customs_annual_imports_person", table_name="customs_annual_imports")
    op.drop_table("customs_annual_imports")
    op.drop_table("customs_annual_totals")
    op.drop_table("customs_rules")
