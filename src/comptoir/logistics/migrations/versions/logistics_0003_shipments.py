"""logistics: shipments booked onto the network's capacity, their plans, and disruptions of connections

A shipment is one parcel (``parcel_id``: its UPU S10 id or an internal ``prc_`` id, unique: tracking reads
it to refuse events of unknown parcels) with its plan (legs and milestones). ``logistics_connection_loads``
holds the kilograms booked per connection, consumed by one conditional UPDATE per leg; serials of S10
ids come from ``logistics_parcel_serials``, one row per issuing operator, service indicator and country.

Revision ID: logistics_0003
Revises: logistics_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "logistics_0003"
down_revision = "logistics_0002"
branch_labels = None
depends_on = None


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=f"pk_{table}")


def upgrade() -> None:
    op.create_table(
        "logistics_shipments",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("parcel_id", sa.String(40), nullable=False),
        sa.Column("operator_org_id", sa.String(40)),
        sa.Column("seller_org_id", sa.String(40), nullable=False),
        sa.Column("order_reference", sa.String(80), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("zone", sa.String(40), nullable=False),
        sa.Column("regime", sa.String(40)),
        sa.Column("weight_g", sa.Integer, nullable=False),
        sa.Column("ready_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("station", sa.String(16)),
        sa.Column("gateway", sa.String(16)),
        sa.Column("promised_date", sa.Date),
        sa.Column("promised_by", sa.DateTime(timezone=True)),
        sa.Column("first_promised_date", sa.Date),
        sa.Column("first_promised_by", sa.DateTime(timezone=True)),
        sa.Column("promise_reason", sa.String(200)),
        sa.Column("replans", sa.Integer, nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.Column("shipper_name", sa.String(200), nullable=False),
        sa.Column("consignee_masked", sa.String(120), nullable=False),
        sa.Column("consignee_key", sa.String(64)),
        sa.Column("contents", sa.String(400), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _pk("logistics_shipments", "id"),
        sa.UniqueConstraint("parcel_id", name="uq_logistics_shipments_parcel_id"),
        sa.UniqueConstraint("seller_org_id", "order_reference", name="uq_logistics_shipments_order"),
    )
    op.create_index("ix_logistics_shipments_operator", "logistics_shipments", ["operator_org_id", "id"])
    op.create_table(
        "logistics_shipment_legs",
        sa.Column("shipment_id", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("connection_id", sa.String(120), nullable=False),
        sa.Column("trip", sa.String(120), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("destination", sa.String(16), nullable=False),
        sa.Column("departs_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("arrives_at", sa.DateTime(timezone=True), nullable=False),
        _pk("logistics_shipment_legs", "shipment_id", "position"),
    )
    op.create_index("ix_logistics_shipment_legs_connection", "logistics_shipment_legs", ["connection_id"])
    op.create_table(
        "logistics_shipment_milestones",
        sa.Column("shipment_id", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("hub", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _pk("logistics_shipment_milestones", "shipment_id", "position"),
    )
    op.create_table(
        "logistics_connection_loads",
        sa.Column("connection_id", sa.String(120), nullable=False),
        sa.Column("departs_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity_g", sa.BigInteger),
        sa.Column("booked_g", sa.BigInteger, nullable=False),
        sa.Column("parcels", sa.Integer, nullable=False),
        _pk("logistics_connection_loads", "connection_id"),
    )
    op.create_index("ix_logistics_connection_loads_departs", "logistics_connection_loads", ["departs_at"])
    op.create_table(
        "logistics_disruptions",
        sa.Column("connection_id", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("delay_minutes", sa.Integer, nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("declared_by", sa.String(80)),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        _pk("logistics_disruptions", "connection_id"),
    )
    op.create_table(
        "logistics_parcel_serials",
        sa.Column("issuer", sa.String(40), nullable=False),
        sa.Column("service", sa.String(2), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("last_serial", sa.BigInteger, nullable=False),
        _pk("logistics_parcel_serials", "issuer", "service", "country"),
    )


def downgrade() -> None:
    op.drop_table("logistics_parcel_serials")
    op.drop_table("logistics_disruptions")
    op.drop_index("ix_logistics_connection_loads_departs", table_name="logistics_connection_loads")
    op.drop_table("logistics_connection_loads")
    op.drop_table("logistics_shipment_milestones")
    op.drop_index("ix_logistics_shipment_legs_connection", table_name="logistics_shipment_legs")
    op.drop_table("logistics_shipment_legs")
    op.drop_index("ix_logistics_shipments_operator", table_name="logistics_shipments")
    op.drop_table("logistics_shipments")
