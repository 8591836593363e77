"""logistics: tracking events as received from carriers, and each parcel's state folded from them

Every event a carrier sends is kept, with what became of it (applied, rejected with the reason,
duplicate of an earlier one); a parcel's state row is what the pure fold of its set of events gives,
and is the row locked while a parcel's events are ingested.

Revision ID: logistics_0004
Revises: logistics_0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "logistics_0004"
down_revision = "logistics_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "logistics_tracking_events",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("parcel_id", sa.String(40), nullable=False),
        sa.Column("carrier_org_id", sa.String(40)),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("offset_seconds", sa.Integer, nullable=False),
        sa.Column("hub", sa.String(64), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("code", sa.String(3)),
        sa.Column("step", sa.String(40)),
        sa.Column("carrier_event_id", sa.String(120)),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("rejection", sa.String(24)),
        sa.Column("reason", sa.String(500)),
        sa.Column("fingerprint", sa.String(64)),
        sa.Column("duplicate_of", sa.String(40)),
        sa.PrimaryKeyConstraint("id", name="pk_logistics_tracking_events"),
        sa.UniqueConstraint("parcel_id", "fingerprint", name="uq_logistics_tracking_events_parcel_id"),
    )
    op.create_index("ix_logistics_tracking_events_hub_at", "logistics_tracking_events", ["hub", "at"])
    op.create_table(
        "logistics_parcel_tracking",
        sa.Column("parcel_id", sa.String(40), nullable=False),
        sa.Column("carrier_org_id", sa.String(40)),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("last_event_id", sa.String(40)),
        sa.Column("last_event_at", sa.DateTime(timezone=True)),
        sa.Column("events_applied", sa.Integer, nullable=False),
        sa.Column("events_rejected", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("parcel_id", name="pk_logistics_parcel_tracking"),
    )
    op.create_index(
        "ix_logistics_parcel_tracking_status", "logistics_parcel_tracking", ["carrier_org_id", "status", "parcel_id"]
    )
    op.create_table(
        "logistics_carrier_cursors",
        sa.Column("carrier", sa.String(80), nullable=False),
        sa.Column("cursor", sa.String(200)),
        sa.Column("pulled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("carrier", name="pk_logistics_carrier_cursors"),
    )


def downgrade() -> None:
    op.drop_table("logistics_carrier_cursors")
    op.drop_index("ix_logistics_parcel_tracking_status", table_name="logistics_parcel_tracking")
    op.drop_table("logistics_parcel_tracking")
    op.drop_index("ix_logistics_tracking_events_hub_at", table_name="logistics_tracking_events")
    op.drop_table("logistics_tracking_events")
