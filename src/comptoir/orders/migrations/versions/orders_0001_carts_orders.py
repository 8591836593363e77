"""orders: buyers' sealed identities, carts and their lines, orders, their lines and their history

Revision ID: orders_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "orders_0001"
down_revision = None
branch_labels = ("orders",)
depends_on = "kernel_0001"


def upgrade() -> None:
    op.create_table(
        "orders_buyers",
        sa.Column("holder_id", sa.String(40), primary_key=True),
        sa.Column("name_box", sa.LargeBinary),
        sa.Column("id_box", sa.LargeBinary),
        sa.Column("person_key", sa.String(64)),
        sa.Column("id_last4", sa.String(4)),
        sa.Column("zone", sa.String(8)),
        sa.Column("address_box", sa.LargeBinary),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_orders_buyers_person_key", "orders_buyers", ["person_key"])
    op.create_table(
        "orders_carts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("holder_id", sa.String(40), nullable=False),
        sa.Column("market", sa.String(2), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("coupon_code", sa.String(40)),
        sa.Column("quote", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_orders_carts_holder_id", "orders_carts", ["holder_id"])
    op.create_table(
        "orders_cart_lines",
        sa.Column("cart_id", sa.String(40), primary_key=True),
        sa.Column("sku_id", sa.String(40), primary_key=True),
        sa.Column("product_id", sa.String(40), nullable=False),
        sa.Column("store_id", sa.String(40), nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "orders_orders",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("number", sa.String(24), nullable=False),
        sa.Column("checkout_id", sa.String(40), nullable=False),
        sa.Column("cart_id", sa.String(40), nullable=False),
        sa.Column("holder_id", sa.String(40), nullable=False),
        sa.Column("market", sa.String(2), nullable=False),
        sa.Column("lane", sa.String(8), nullable=False),
        sa.Column("regime", sa.String(20), nullable=False),
        sa.Column("store_id", sa.String(40), nullable=False),
        sa.Column("merchant_org_id", sa.String(40), nullable=False),
        sa.Column("beneficiary_org_id", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("goods_minor", sa.BigInteger, nullable=False),
        sa.Column("freight_minor", sa.BigInteger, nullable=False),
        sa.Column("discount_minor", sa.BigInteger, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("buyer_currency", sa.String(3), nullable=False),
        sa.Column("buyer_goods_minor", sa.BigInteger, nullable=False),
        sa.Column("buyer_freight_minor", sa.BigInteger, nullable=False),
        sa.Column("tax_minor", sa.BigInteger, nullable=False),
        sa.Column("buyer_total_minor", sa.BigInteger, nullable=False),
        sa.Column("rate", sa.String(24)),
        sa.Column("quote_id", sa.String(40)),
        sa.Column("payment_id", sa.String(40)),
        sa.Column("person_key", sa.String(64)),
        sa.Column("coupon_code", sa.String(40)),
        sa.Column("promised_by", sa.Date),
        sa.Column("zone", sa.String(8)),
        sa.Column("rules", sa.Text, nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("number", name="uq_orders_orders_number"),
    )
    for column in ("checkout_id", "holder_id", "store_id", "merchant_org_id", "beneficiary_org_id", "payment_id"):
        op.create_index(f"ix_orders_orders_{column}", "orders_orders", [column])
    op.create_index("ix_orders_orders_status_placed_at", "orders_orders", ["status", "placed_at"])
    op.create_table(
        "orders_order_lines",
        sa.Column("order_id", sa.String(40), primary_key=True),
        sa.Column("sku_id", sa.String(40), primary_key=True),
        sa.Column("product_id", sa.String(40), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("hs_code", sa.String(10), nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger, nullable=False),
        sa.Column("unit_price_buyer_minor", sa.BigInteger, nullable=False),
        sa.Column("taxable_value_minor", sa.BigInteger, nullable=False),
        sa.Column("tariff_minor", sa.BigInteger, nullable=False),
        sa.Column("consumption_tax_minor", sa.BigInteger, nullable=False),
        sa.Column("vat_minor", sa.BigInteger, nullable=False),
        sa.Column("duty_minor", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "orders_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("order_id", sa.String(40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
    )
    op.create_index("ix_orders_history_order_id", "orders_history", ["order_id"])


def downgrade() -> None:
    for table in (
        "orders_history",
        "orders_order_lines",
        "orders_orders",
        "orders_cart_lines",
        "orders_carts",
        "orders_buyers",
    ):
        op.drop_table(table)
