"""identity: organisations, users, sessions, API keys, partners, delegations, brand profiles, audit log

Revision ID: identity_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "identity_0001"
down_revision = None
branch_labels = ("identity",)
depends_on = "kernel_0001"

ORGS = "identity_organisations"


def _fk(table: str, column: str, referred: str = ORGS) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{referred}.id"], name=f"fk_{table}_{column}_{referred}")


def _when(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        ORGS,
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_identity_organisations"),
    )
    op.create_table(
        "identity_users",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organisation_id", sa.String(40), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_identity_users"),
        sa.UniqueConstraint("email", name="uq_identity_users_email"),
        _fk("identity_users", "organisation_id"),
    )
    op.create_index("ix_identity_users_organisation_id", "identity_users", ["organisation_id"])
    op.create_table(
        "identity_sessions",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        sa.PrimaryKeyConstraint("id", name="pk_identity_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_identity_sessions_token_hash"),
        _fk("identity_sessions", "user_id", "identity_users"),
    )
    op.create_index("ix_identity_sessions_user_id", "identity_sessions", ["user_id"])
    op.create_table(
        "identity_api_keys",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organisation_id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(40), nullable=True),
        _when("created_at"),
        _when("revoked_at", nullable=True),
        _when("last_used_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_identity_api_keys"),
        sa.UniqueConstraint("prefix", name="uq_identity_api_keys_prefix"),
        _fk("identity_api_keys", "organisation_id"),
    )
    op.create_index("ix_identity_api_keys_organisation_id", "identity_api_keys", ["organisation_id"])
    op.create_table(
        "identity_partners",
        sa.Column("organisation_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("services", sa.JSON, nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("commission_bps", sa.Integer, nullable=False),
        sa.Column("monthly_fee_minor", sa.Integer, nullable=False),
        sa.Column("monthly_fee_currency", sa.String(3), nullable=False),
        sa.Column("description_zh", sa.Text, nullable=False),
        sa.Column("description_fr", sa.Text, nullable=False),
        _when("applied_at"),
        _when("decided_at", nullable=True),
        sa.Column("decided_by", sa.String(40), nullable=True),
        sa.Column("status_reason", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("organisation_id", name="pk_identity_partners"),
        _fk("identity_partners", "organisation_id"),
    )
    op.create_table(
        "identity_delegations",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("brand_id", sa.String(40), nullable=False),
        sa.Column("partner_id", sa.String(40), nullable=False),
        sa.Column("scopes", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("granted_by", sa.String(40), nullable=True),
        _when("granted_at"),
        _when("updated_at"),
        _when("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_identity_delegations"),
        sa.UniqueConstraint("brand_id", "partner_id", name="uq_identity_delegations_brand_partner"),
        _fk("identity_delegations", "brand_id"),
        _fk("identity_delegations", "partner_id"),
    )
    op.create_index("ix_identity_delegations_partner_id", "identity_delegations", ["partner_id"])
    op.create_table(
        "identity_brand_profiles",
        sa.Column("brand_id", sa.String(40), nullable=False),
        sa.Column("name_zh", sa.String(120), nullable=False),
        sa.Column("story_zh", sa.Text, nullable=False),
        sa.Column("story_fr", sa.Text, nullable=False),
        sa.Column("website", sa.String(500), nullable=False),
        _when("updated_at"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("brand_id", name="pk_identity_brand_profiles"),
        _fk("identity_brand_profiles", "brand_id"),
    )
    op.create_table(
        "identity_audit_log",
        sa.Column("id", sa.String(40), nullable=False),
        _when("at"),
        sa.Column("organisation_id", sa.String(40), nullable=False),
        sa.Column("organisation_name", sa.String(120), nullable=False),
        sa.Column("actor_organisation_id", sa.String(40), nullable=False),
        sa.Column("actor_organisation_name", sa.String(120), nullable=False),
        sa.Column("actor_user_id", sa.String(40), nullable=True),
        sa.Column("actor_api_key_id", sa.String(40), nullable=True),
        sa.Column("action", sa.String(80), nullable=False),
        sa.Column("target", sa.String(120), nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_identity_audit_log"),
    )
    op.create_index("ix_identity_audit_log_org_id", "identity_audit_log", ["organisation_id", "id"])


def downgrade() -> None:
    for table in (
        "identity_audit_log",
        "identity_brand_profiles",
        "identity_delegations",
        "identity_partners",
        "identity_api_keys",
        "identity_sessions",
        "identity_users",
        ORGS,
    ):
        op.drop_table(table)
