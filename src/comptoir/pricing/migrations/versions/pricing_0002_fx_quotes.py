"""pricing: locked exchange-rate quotes (rate, spread, expiry)

Revision ID: pricing_0002
Revises: pricing_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "pricing_0002"
down_revision = "pricing_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pricing_fx_quotes",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("base", sa.String(3), nullable=False),
        sa.Column("quote", sa.String(3), nullable=False),
        sa.Column("reference_rate", sa.String(24), nullable=False),
        sa.Column("spread_bps", sa.Integer, nullable=False),
        sa.Column("rate", sa.String(24), nullable=False),
        sa.Column("rate_date", sa.Date, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("converted_minor", sa.BigInteger, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pricing_fx_quotes")
