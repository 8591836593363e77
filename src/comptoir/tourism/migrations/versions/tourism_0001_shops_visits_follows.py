"""tourism: shops accepting the wallet, tourists' visits, consents and follows, attributed orders

Revision ID: tourism_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "tourism_0001"
down_revision = None
branch_labels = ("tourism",)
depends_on = "kernel_0001"


def upgrade() -> None:
    op.create_table(
        "tourism_shops",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("org_id", sa.String(40), nullable=False, unique=True),
        sa.Column("point_of_sale_id", sa.String(40), nullable=False, unique=True),
        sa.Column("entry_code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_zh", sa.String(120), nullable=True),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("category", sa.String(24), nullable=False),
        sa.Column("street", sa.String(120), nullable=False),
        sa.Column("house_number", sa.String(12), nullable=False),
        sa.Column("postcode", sa.String(10), nullable=False),
        sa.Column("city", sa.String(80), nullable=False),
        sa.Column("lat_e6", sa.Integer, nullable=False),
        sa.Column("lon_e6", sa.Integer, nullable=False),
        sa.Column("arrondissement", sa.Integer, nullable=True),
        sa.Column("brand_org_id", sa.String(40), nullable=True),
        sa.Column("brand_name", sa.String(200), nullable=True),
        sa.Column("hours", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("org_id", name="uq_tourism_shops_org_id"),
        sa.UniqueConstraint("point_of_sale_id", name="uq_tourism_shops_point_of_sale_id"),
    )
    op.create_index("ix_tourism_shops_position", "tourism_shops", ["lat_e6", "lon_e6"])
    op.create_index("ix_tourism_shops_brand", "tourism_shops", ["brand_org_id"])
    op.create_table(
        "tourism_visits",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("payment_id", sa.String(40), nullable=False, unique=True),
        sa.Column("shop_id", sa.String(40), nullable=False),
        sa.Column("holder_id", sa.String(40), nullable=True),
        sa.Column("brand_org_id", sa.String(40), nullable=True),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("paid_minor", sa.BigInteger, nullable=False),
        sa.Column("paid_currency", sa.String(3), nullable=False),
        sa.Column("visited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.UniqueConstraint("payment_id", name="uq_tourism_visits_payment_id"),
    )
    op.create_index("ix_tourism_visits_holder", "tourism_visits", ["holder_id", "brand_org_id", "visited_at"])
    op.create_index("ix_tourism_visits_shop", "tourism_visits", ["shop_id", "day"])
    op.create_index("ix_tourism_visits_day", "tourism_visits", ["day"])
    op.create_table(
        "tourism_consents",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("holder_id", sa.String(40), nullable=False),
        sa.Column("purpose", sa.String(24), nullable=False),
        sa.Column("brand_org_id", sa.String(40), nullable=False),
        sa.Column("visit_id", sa.String(40), nullable=False),
        sa.Column("text_version", sa.String(16), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_tourism_consents_holder_id", "tourism_consents", ["holder_id"])
    op.create_table(
        "tourism_follows",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("holder_id", sa.String(40), nullable=False),
        sa.Column("brand_org_id", sa.String(40), nullable=False),
        sa.Column("shop_id", sa.String(40), nullable=False),
        sa.Column("visit_id", sa.String(40), nullable=False),
        sa.Column("follow_consent_id", sa.String(40), nullable=False),
        sa.Column("transfer_consent_id", sa.String(40), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("holder_id", "brand_org_id", name="uq_tourism_follows_holder_brand"),
    )
    op.create_table(
        "tourism_attributions",
        sa.Column("order_id", sa.String(40), primary_key=True),
        sa.Column("holder_id", sa.String(40), nullable=False),
        sa.Column("brand_org_id", sa.String(40), nullable=False),
        sa.Column("shop_id", sa.String(40), nullable=False),
        sa.Column("visit_id", sa.String(40), nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("visited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("delay_days", sa.Integer, nullable=False),
    )
    op.create_index("ix_tourism_attributions_holder_id", "tourism_attributions", ["holder_id"])
    op.create_index("ix_tourism_attributions_brand", "tourism_attributions", ["brand_org_id", "month"])
    op.create_index("ix_tourism_attributions_shop", "tourism_attributions", ["shop_id", "month"])
    op.create_table(
        "tourism_anonymous_attributions",
        sa.Column("shop_id", sa.String(40), primary_key=True),
        sa.Column("brand_org_id", sa.String(40), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("currency", sa.String(3), primary_key=True),
        sa.Column("orders", sa.Integer, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("delay_days_total", sa.BigInteger, nullable=False),
        sa.Column("delay_buckets", sa.String(80), nullable=False),
    )
    op.create_table(
        "tourism_brand_settings",
        sa.Column("brand_org_id", sa.String(40), primary_key=True),
        sa.Column("window_days", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "tourism_brand_settings",
        "tourism_anonymous_attributions",
        "tourism_attributions",
        "tourism_follows",
        "tourism_consents",
        "tourism_visits",
        "tourism_shops",
    ):
        op.drop_table(table)
