"""identity: sign-ups waiting for their confirmation link

Signing up no longer opens the account at once (the answer would tell whether an address
already has one): the request waits here until the link sent to the address is followed.

Revision ID: identity_0002
Revises: identity_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "identity_0002"
down_revision = "identity_0001"
branch_labels = None
depends_on = None

TABLE = "identity_sign_up_requests"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("organisation_name", sa.String(120), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{TABLE}"),
    )
    op.create_index(f"ix_{TABLE}_email", TABLE, ["email"])


def downgrade() -> None:
    op.drop_index(f"ix_{TABLE}_email", table_name=TABLE)
    op.drop_table(TABLE)
