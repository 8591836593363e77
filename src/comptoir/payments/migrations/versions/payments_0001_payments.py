"""payments: wallets, payments and refunds, fee rules, settlements and payouts

Revision ID: payments_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "payments_0001"
down_revision = None
branch_labels = ("payments",)
depends_on = "kernel_0001"


def upgrade() -> None:
    op.create_table(
        "payments_profiles",
        sa.Column("org_id", sa.String(40), primary_key=True),
        sa.Column("org_kind", sa.String(24), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("iban", sa.String(34)),
        sa.Column("bic", sa.String(11)),
        sa.Column("holder", sa.String(70)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "payments_points_of_sale",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("owner_org_id", sa.String(40), nullable=False),
        sa.Column("operator_partner_id", sa.String(40)),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("city", sa.String(80), nullable=False),
        sa.Column("entry_code", sa.String(16), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("entry_code", name="uq_payments_points_of_sale_entry_code"),
    )
    op.create_index("ix_payments_points_of_sale_owner_org_id", "payments_points_of_sale", ["owner_org_id"])
    op.create_index(
        "ix_payments_points_of_sale_operator_partner_id", "payments_points_of_sale", ["operator_partner_id"]
    )
    op.create_table(
        "payments_wallet_holders",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("phone", name="uq_payments_wallet_holders_phone"),
    )
    op.create_table(
        "payments_topups",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("holder_id", sa.String(40), sa.ForeignKey("payments_wallet_holders.id"), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("bank_reference", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_payments_topups_holder_id", "payments_topups", ["holder_id"])
    op.create_table(
        "payments_payment_codes",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("holder_id", sa.String(40), sa.ForeignKey("payments_wallet_holders.id"), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        sa.Column("used_by", sa.String(64)),
    )
    op.create_index("ix_payments_payment_codes_holder_id", "payments_payment_codes", ["holder_id"])
    op.create_table(
        "payments_network_payments",
        sa.Column("request_id", sa.String(64), primary_key=True),
        sa.Column("holder_id", sa.String(40)),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(40)),
        sa.Column("refunded_minor", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "payments_network_refunds",
        sa.Column("request_id", sa.String(64), primary_key=True),
        sa.Column("payment_request_id", sa.String(64), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "payments_payments",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("request_id", sa.String(64), nullable=False),
        sa.Column("flow", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("merchant_org_id", sa.String(40), nullable=False),
        sa.Column("beneficiary_org_id", sa.String(40), nullable=False),
        sa.Column("partner_org_id", sa.String(40)),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("point_of_sale_id", sa.String(40)),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("paid_minor", sa.BigInteger()),
        sa.Column("paid_currency", sa.String(3)),
        sa.Column("rate", sa.String(24)),
        sa.Column("quote_id", sa.String(40)),
        sa.Column("refunded_minor", sa.BigInteger(), nullable=False),
        sa.Column("network", sa.String(24), nullable=False),
        sa.Column("payer", sa.String(64)),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("order_reference", sa.String(64)),
        sa.Column("token_digest", sa.String(64), unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("authorised_at", sa.DateTime(timezone=True)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("settled_at", sa.DateTime(timezone=True)),
        sa.Column("failure_reason", sa.String(40)),
        sa.UniqueConstraint("token_digest", name="uq_payments_payments_token_digest"),
        sa.UniqueConstraint("merchant_org_id", "request_id", name="uq_payments_payments_request"),
    )
    op.create_index("ix_payments_payments_open", "payments_payments", ["status", "expires_at"])
    op.create_index("ix_payments_payments_unsettled", "payments_payments", ["status", "settled_at", "decided_at"])
    op.create_index("ix_payments_payments_merchant", "payments_payments", ["merchant_org_id", "created_at"])
    op.create_index("ix_payments_payments_pos", "payments_payments", ["point_of_sale_id", "created_at"])
    op.create_index("ix_payments_payments_payer", "payments_payments", ["payer", "created_at"])
    op.create_table(
        "payments_refunds",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("payment_id", sa.String(40), sa.ForeignKey("payments_payments.id"), nullable=False),
        sa.Column("merchant_org_id", sa.String(40), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("paid_back_minor", sa.BigInteger(), nullable=False),
        sa.Column("paid_back_currency", sa.String(3), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("payment_id", "request_id", name="uq_payments_refunds_request"),
    )
    op.create_index("ix_payments_refunds_payment_id", "payments_refunds", ["payment_id"])
    op.create_table(
        "payments_fee_rules",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("platform_fee_bps", sa.Integer(), nullable=False),
        sa.Column("partner_commission_bps", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("channel", "effective_from", name="uq_payments_fee_rules_day"),
    )
    op.create_table(
        "payments_settlements",
        sa.Column("payment_id", sa.String(40), sa.ForeignKey("payments_payments.id"), primary_key=True),
        sa.Column("merchant_org_id", sa.String(40), nullable=False),
        sa.Column("fee_rule_id", sa.String(40), nullable=False),
        sa.Column("net_minor", sa.BigInteger(), nullable=False),
        sa.Column("beneficiary_org_id", sa.String(40), nullable=False),
        sa.Column("beneficiary_minor", sa.BigInteger(), nullable=False),
        sa.Column("partner_org_id", sa.String(40)),
        sa.Column("partner_minor", sa.BigInteger(), nullable=False),
        sa.Column("platform_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_payments_settlements_merchant_org_id", "payments_settlements", ["merchant_org_id"])
    op.create_table(
        "payments_payout_batches",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("execution_date", sa.Date(), nullable=False),
        sa.Column("message_id", sa.String(35), nullable=False, unique=True),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("message_id", name="uq_payments_payout_batches_message_id"),
    )
    op.create_table(
        "payments_payouts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("batch_id", sa.String(40), sa.ForeignKey("payments_payout_batches.id"), nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("iban", sa.String(34), nullable=False),
        sa.Column("bic", sa.String(11)),
        sa.Column("holder", sa.String(70), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_payments_payouts_batch_id", "payments_payouts", ["batch_id"])
    op.create_index("ix_payments_payouts_org_id", "payments_payouts", ["org_id"])


def downgrade() -> None:
    op.drop_table("payments_payouts")
    op.drop_table("payments_payout_batches")
    op.drop_table("payments_settlements")
    op.drop_table("payments_fee_rules")
    op.drop_table("payments_refunds")
    op.drop_table("payments_payments")
    op.drop_table("payments_network_refunds")
    op.drop_table("payments_network_payments")
    op.drop_table("payments_payment_codes")
    op.drop_table("payments_topups")
    op.drop_table("payments_wallet_holders")
    op.drop_table("payments_points_of_sale")
    op.drop_table("payments_profiles")
