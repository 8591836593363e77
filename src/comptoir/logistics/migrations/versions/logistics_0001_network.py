"""logistics: the stored network (hubs, services and their stops, connections, clearance, last mile)

Revision ID: logistics_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "logistics_0001"
down_revision = None
branch_labels = ("logistics",)
depends_on = "kernel_0001"


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=f"pk_{table}")


def upgrade() -> None:
    op.create_table(
        "logistics_networks",
        sa.Column("key", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("operator_org_id", sa.String(40)),
        sa.Column("imported_by", sa.String(80)),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        _pk("logistics_networks", "key"),
    )
    op.create_table(
        "logistics_hubs",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        _pk("logistics_hubs", "code"),
    )
    op.create_table(
        "logistics_services",
        sa.Column("id", sa.String(120), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("destination", sa.String(16), nullable=False),
        sa.Column("days", sa.String(32), nullable=False),
        sa.Column("departs_local", sa.String(5), nullable=False),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.Column("cutoff_minutes", sa.Integer, nullable=False),
        sa.Column("ready_minutes", sa.Integer, nullable=False),
        sa.Column("capacity_kg", sa.BigInteger),
        sa.Column("cost_per_kg_minor", sa.BigInteger),
        sa.Column("cost_currency", sa.String(3)),
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_to", sa.Date),
        _pk("logistics_services", "id"),
    )
    op.create_table(
        "logistics_service_stops",
        sa.Column("service_id", sa.String(120), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("hub", sa.String(16), nullable=False),
        sa.Column("arrives_after_minutes", sa.Integer, nullable=False),
        sa.Column("departs_after_minutes", sa.Integer, nullable=False),
        _pk("logistics_service_stops", "service_id", "position"),
    )
    op.create_table(
        "logistics_connections",
        sa.Column("id", sa.String(120), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("trip", sa.String(120), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("destination", sa.String(16), nullable=False),
        sa.Column("departs_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("arrives_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cutoff_minutes", sa.Integer, nullable=False),
        sa.Column("ready_minutes", sa.Integer, nullable=False),
        sa.Column("capacity_kg", sa.BigInteger),
        _pk("logistics_connections", "id"),
    )
    op.create_table(
        "logistics_clearance",
        sa.Column("hub", sa.String(16), nullable=False),
        sa.Column("regime", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("minutes_p50", sa.Integer, nullable=False),
        sa.Column("minutes_p95", sa.Integer, nullable=False),
        _pk("logistics_clearance", "hub", "regime"),
    )
    op.create_table(
        "logistics_last_mile",
        sa.Column("hub", sa.String(16), nullable=False),
        sa.Column("zone", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("days", sa.Integer, nullable=False),
        sa.Column("cutoff_local", sa.String(5), nullable=False),
        _pk("logistics_last_mile", "hub", "zone"),
    )


def downgrade() -> None:
    for table in (
        "logistics_last_mile",
        "logistics_clearance",
        "logistics_connections",
        "logistics_service_stops",
        "logistics_services",
        "logistics_hubs",
        "logistics_networks",
    ):
        op.drop_table(table)
