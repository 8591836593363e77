"""kernel: index idempotency keys by expiry, so purging expired keys stays cheap

Revision ID: kernel_0002
Revises: kernel_0001
"""

from __future__ import annotations

from alembic import op

revision = "kernel_0002"
down_revision = "kernel_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_kernel_idempotency_keys_expires_at", "kernel_idempotency_keys", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_kernel_idempotency_keys_expires_at", table_name="kernel_idempotency_keys")
