"""inventory: stock per SKU and location, and the reservations carts hold

Revision ID: inventory_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "inventory_0001"
down_revision = None
branch_labels = ("inventory",)
depends_on = "kernel_0001"


def upgrade() -> None:
    op.create_table(
        "inventory_stock",
        sa.Column("sku_id", sa.String(80), nullable=False),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("on_hand", sa.Integer, nullable=False),
        sa.Column("reserved", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sku_id", "location", name=op.f("pk_inventory_stock")),
        # reserved <= on_hand is what keeps the conditional updates honest on both engines: no writer,
        # whatever it read, can commit more units held or sold than there are.
        sa.CheckConstraint("on_hand >= 0", name=op.f("ck_inventory_stock_on_hand_not_negative")),
        sa.CheckConstraint("reserved >= 0", name=op.f("ck_inventory_stock_reserved_not_negative")),
        sa.CheckConstraint("reserved <= on_hand", name=op.f("ck_inventory_stock_reserved_within_on_hand")),
    )
    op.create_table(
        "inventory_reservations",
        sa.Column("reservation_id", sa.String(80), nullable=False),
        sa.Column("sku_id", sa.String(80), nullable=False),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("owner", sa.String(80), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("reservation_id", "sku_id", "location", name=op.f("pk_inventory_reservations")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_inventory_reservations_quantity_positive")),
        sa.CheckConstraint(
            "state IN ('held', 'committed', 'released')", name=op.f("ck_inventory_reservations_state_known")
        ),
    )
    op.create_index("ix_inventory_reservations_state_expires_at", "inventory_reservations", ["state", "expires_at"])


def downgrade() -> None:
    op.drop_index("ix_inventory_reservations_state_expires_at", table_name="inventory_reservations")
    op.drop_table("inventory_reservations")
    op.drop_table("inventory_stock")
