"""catalog: the CBEC positive list, stored by edition with the day each took effect

Revision ID: catalog_0002
Revises: catalog_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "catalog_0002"
down_revision = "catalog_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_positive_list_editions",
        sa.Column("edition", sa.String(40), nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("edition", name="pk_catalog_positive_list_editions"),
    )
    op.create_table(
        "catalog_positive_list_entries",
        sa.Column("edition", sa.String(40), nullable=False),
        sa.Column("hs_code", sa.String(8), nullable=False),
        sa.Column("description_zh", sa.Text, nullable=False),
        sa.Column("description_en", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("edition", "hs_code", name="pk_catalog_positive_list_entries"),
    )


def downgrade() -> None:
    op.drop_table("catalog_positive_list_entries")
    op.drop_table("catalog_positive_list_editions")
