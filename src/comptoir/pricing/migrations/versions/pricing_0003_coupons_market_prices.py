"""pricing: coupons and their redemptions, price lists per market

Revision ID: pricing_0003
Revises: pricing_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "pricing_0003"
down_revision = "pricing_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pricing_coupons",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("store_id", sa.String(40)),
        sa.Column("percent_off", sa.Integer),
        sa.Column("amount_off_minor", sa.BigInteger),
        sa.Column("min_goods_minor", sa.BigInteger),
        sa.Column("currency", sa.String(3)),
        sa.Column("max_redemptions", sa.Integer, nullable=False),
        sa.Column("redeemed", sa.Integer, nullable=False),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_to", sa.Date),
        sa.Column("created_by", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        # The conditional update (redeemed < max_redemptions) keeps this; the CHECK is the last guard.
        sa.CheckConstraint(
            "redeemed >= 0 AND redeemed <= max_redemptions", name=op.f("ck_pricing_coupons_redeemed_within_limit")
        ),
    )
    op.create_table(
        "pricing_coupon_redemptions",
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("redemption_id", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", "redemption_id", name=op.f("pk_pricing_coupon_redemptions")),
    )
    op.create_table(
        "pricing_market_prices",
        sa.Column("sku_id", sa.String(80), nullable=False),
        sa.Column("market", sa.String(2), nullable=False),
        sa.Column("price_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sku_id", "market", name=op.f("pk_pricing_market_prices")),
    )


def downgrade() -> None:
    op.drop_table("pricing_market_prices")
    op.drop_table("pricing_coupon_redemptions")
    op.drop_table("pricing_coupons")
