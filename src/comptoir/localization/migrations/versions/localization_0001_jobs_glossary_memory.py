"""localization: translation jobs, the glossary and the translation memory

Revision ID: localization_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "localization_0001"
down_revision = None
branch_labels = ("localization",)
depends_on = "kernel_0001"


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=f"pk_{table}")


def upgrade() -> None:
    op.create_table(
        "localization_jobs",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("product_id", sa.String(40), nullable=False),
        sa.Column("store_id", sa.String(40), nullable=False),
        sa.Column("operator_org_id", sa.String(40), nullable=False),
        sa.Column("brand_org_id", sa.String(40), nullable=True),
        sa.Column("brand_name", sa.String(200), nullable=False),
        sa.Column("brand_name_zh", sa.String(200), nullable=True),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("source_version", sa.Integer, nullable=False),
        sa.Column("title_fr", sa.Text, nullable=False),
        sa.Column("description_fr", sa.Text, nullable=False),
        sa.Column("draft_title_zh", sa.Text, nullable=True),
        sa.Column("draft_description_zh", sa.Text, nullable=True),
        sa.Column("draft_state", sa.String(16), nullable=False),
        sa.Column("draft_segments", sa.JSON, nullable=False),
        sa.Column("edited_title_zh", sa.Text, nullable=True),
        sa.Column("edited_description_zh", sa.Text, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(40), nullable=True),
        _pk("localization_jobs"),
        sa.UniqueConstraint("product_id", "source_version", name="uq_localization_jobs_product_version"),
    )
    op.create_index("ix_localization_jobs_store_status", "localization_jobs", ["store_id", "status", "id"])

    op.create_table(
        "localization_glossary",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("brand_org_id", sa.String(40), nullable=True),
        sa.Column("scope_key", sa.String(40), nullable=False),
        sa.Column("fr", sa.String(120), nullable=False),
        sa.Column("fr_key", sa.String(120), nullable=False),
        sa.Column("zh", sa.String(120), nullable=False),
        sa.Column("keep", sa.Boolean, nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(40), nullable=True),
        _pk("localization_glossary"),
        sa.UniqueConstraint("scope_key", "fr_key", name="uq_localization_glossary_scope_fr"),
    )

    op.create_table(
        "localization_memory",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("brand_org_id", sa.String(40), nullable=True),
        sa.Column("scope_key", sa.String(40), nullable=False),
        sa.Column("fr", sa.Text, nullable=False),
        sa.Column("zh", sa.Text, nullable=False),
        sa.Column("fr_hash", sa.String(64), nullable=False),
        sa.Column("key_length", sa.Integer, nullable=False),
        sa.Column("product_id", sa.String(40), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        _pk("localization_memory"),
        sa.UniqueConstraint("scope_key", "fr_hash", name="uq_localization_memory_scope_hash"),
    )
    op.create_index("ix_localization_memory_scope_length", "localization_memory", ["scope_key", "key_length"])


def downgrade() -> None:
    op.drop_index("ix_localization_memory_scope_length", table_name="localization_memory")
    op.drop_table("localization_memory")
    op.drop_table("localization_glossary")
    op.drop_index("ix_localization_jobs_store_status", table_name="localization_jobs")
    op.drop_table("localization_jobs")
