"""kernel: the outbox row records its event's schema version, so a worker decodes it into the right type

Rows written before events were typed carry no version; they are version 1.

Revision ID: kernel_0003
Revises: kernel_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "kernel_0003"
down_revision = "kernel_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kernel_outbox") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("kernel_outbox") as batch:
        batch.drop_column("version")
