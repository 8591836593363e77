"""pricing: dated reference exchange rates

Revision ID: pricing_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "pricing_0001"
down_revision = None
branch_labels = ("pricing",)
depends_on = "kernel_0001"


def upgrade() -> None:
    op.create_table(
        "pricing_fx_rates",
        sa.Column("base", sa.String(3), nullable=False),
        sa.Column("quote", sa.String(3), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("rate", sa.String(24), nullable=False),
        sa.PrimaryKeyConstraint("base", "quote", "day", name="pk_pricing_fx_rates"),
    )


def downgrade() -> None:
    op.drop_table("pricing_fx_rates")
