"""payments: merchants' webhook endpoints, their signing secrets, deliveries and the attempts log

Revision ID: payments_0002
Revises: payments_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "payments_0002"
down_revision = "payments_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payments_webhook_endpoints",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("event_types", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("disabled_reason", sa.String(40)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_payments_webhook_endpoints_org_id", "payments_webhook_endpoints", ["org_id"])
    op.create_table(
        "payments_webhook_secrets",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("endpoint_id", sa.String(40), sa.ForeignKey("payments_webhook_endpoints.id"), nullable=False),
        sa.Column("secret", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_payments_webhook_secrets_endpoint_id", "payments_webhook_secrets", ["endpoint_id"])
    op.create_table(
        "payments_webhook_deliveries",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("endpoint_id", sa.String(40), sa.ForeignKey("payments_webhook_endpoints.id"), nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("last_status_code", sa.Integer()),
        sa.Column("last_error", sa.String(500)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_payments_webhook_deliveries_due", "payments_webhook_deliveries", ["status", "next_attempt_at"])
    op.create_index("ix_payments_webhook_deliveries_endpoint", "payments_webhook_deliveries", ["endpoint_id", "id"])
    op.create_table(
        "payments_webhook_attempts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("delivery_id", sa.String(100), sa.ForeignKey("payments_webhook_deliveries.id"), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.Integer()),
        sa.Column("error", sa.String(500)),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
    )
    op.create_index("ix_payments_webhook_attempts_delivery_id", "payments_webhook_attempts", ["delivery_id"])


def downgrade() -> None:
    op.drop_table("payments_webhook_attempts")
    op.drop_table("payments_webhook_deliveries")
    op.drop_table("payments_webhook_secrets")
    op.drop_table("payments_webhook_endpoints")
