"""Tables of the payments capability (only payments touches them).

Amounts are integer minor units beside their currency; rates are the decimal text they were locked at.
Every table of payments, refunds, settlements and payouts carries the owning organisation, so a
query for one merchant never reads another's rows.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from comptoir.kernel.database import UtcDateTime, metadata

profiles = Table(
    "payments_profiles",
    metadata,
    Column("org_id", String(40), primary_key=True),
    Column("org_kind", String(24), nullable=False),
    Column("name", String(200), nullable=False),
    Column("iban", String(34)),
    Column("bic", String(11)),
    Column("holder", String(70)),
    Column("updated_at", UtcDateTime, nullable=False),
)

points_of_sale = Table(
    "payments_points_of_sale",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("owner_org_id", String(40), nullable=False, index=True),
    Column("operator_partner_id", String(40), index=True),
    Column("name", String(120), nullable=False),
    Column("city", String(80), nullable=False),
    Column("entry_code", String(16), nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
)

wallet_holders = Table(
    "payments_wallet_holders",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("display_name", String(80), nullable=False),
    Column("phone", String(20), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # Set once the holder's personal data was erased: name, phone and password hash are tombstones then.
    Column("erased_at", UtcDateTime),
)

topups = Table(
    "payments_topups",
    metadata,
    Column("id", String(100), primary_key=True),  # the holder's request id, so a retried top-up credits once
    Column("holder_id", String(40), ForeignKey("payments_wallet_holders.id"), nullable=False, index=True),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("bank_reference", String(80), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

payment_codes = Table(
    "payments_payment_codes",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("holder_id", String(40), ForeignKey("payments_wallet_holders.id"), nullable=False, index=True),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
    Column("used_by", String(64)),
)

# The built-in wallet network's own record of what it was asked (keyed by the acquirer's request id).
network_payments = Table(
    "payments_network_payments",
    metadata,
    Column("request_id", String(64), primary_key=True),
    Column("holder_id", String(40)),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", String(40)),
    Column("refunded_minor", BigInteger, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

network_refunds = Table(
    "payments_network_refunds",
    metadata,
    Column("request_id", String(64), primary_key=True),
    Column("payment_request_id", String(64), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

payments = Table(
    "payments_payments",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("request_id", String(64), nullable=False),
    Column("flow", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("merchant_org_id", String(40), nullable=False),
    Column("beneficiary_org_id", String(40), nullable=False),
    Column("partner_org_id", String(40)),
    Column("channel", String(16), nullable=False),
    Column("point_of_sale_id", String(40)),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("paid_minor", BigInteger),
    Column("paid_currency", String(3)),
    Column("rate", String(24)),
    Column("quote_id", String(40)),
    Column("refunded_minor", BigInteger, nullable=False),
    Column("network", String(24), nullable=False),
    Column("payer", String(64)),
    Column("description", String(200), nullable=False),
    Column("order_reference", String(64)),
    Column("token_digest", String(64), unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("authorised_at", UtcDateTime),  # online: the wallet reserved the amount, not yet captured
    Column("decided_at", UtcDateTime),
    Column("settled_at", UtcDateTime),
    Column("failure_reason", String(40)),
    # online: the buyer's import taxes (in paid_currency) collected for customs, and their one refund
    Column("import_tax_minor", BigInteger),
    Column("import_tax_refunded_at", UtcDateTime),
    Column("import_tax_refund_request", String(64)),
    Column("network_reference", String(64)),  # card: the acquirer's reference of the charge
    UniqueConstraint("merchant_org_id", "request_id", name="uq_payments_payments_request"),
    Index("ix_payments_payments_open", "status", "expires_at"),
    Index("ix_payments_payments_unsettled", "status", "settled_at", "decided_at"),
    Index("ix_payments_payments_merchant", "merchant_org_id", "created_at"),
    Index("ix_payments_payments_pos", "point_of_sale_id", "created_at"),
    Index("ix_payments_payments_payer", "payer", "created_at"),
)

refunds = Table(
    "payments_refunds",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("payment_id", String(40), ForeignKey("payments_payments.id"), nullable=False, index=True),
    Column("merchant_org_id", String(40), nullable=False),
    Column("request_id", String(64), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("paid_back_minor", BigInteger, nullable=False),
    Column("paid_back_currency", String(3), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("payment_id", "request_id", name="uq_payments_refunds_request"),
)

card_refunds = Table(
    "payments_card_refunds",  # what a card payment gives back, recorded at once, sent to the acquirer by a chore
    metadata,
    Column("id", String(64), primary_key=True),  # the acquirer request id: a retry sends the same
    Column("payment_id", String(40), ForeignKey("payments_payments.id"), nullable=False, index=True),
    Column("charge_reference", String(64), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    Column("acquirer_reference", String(64)),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", String(120)),
    Index("ix_payments_card_refunds_unsent", "sent_at", "created_at"),
)

fee_rules = Table(
    "payments_fee_rules",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("channel", String(16), nullable=False),
    Column("platform_fee_bps", Integer, nullable=False),
    Column("partner_commission_bps", Integer, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("channel", "effective_from", name="uq_payments_fee_rules_day"),
)

settlements = Table(
    "payments_settlements",
    metadata,
    Column("payment_id", String(40), ForeignKey("payments_payments.id"), primary_key=True),
    Column("merchant_org_id", String(40), nullable=False, index=True),
    Column("fee_rule_id", String(40), nullable=False),
    Column("net_minor", BigInteger, nullable=False),
    Column("beneficiary_org_id", String(40), nullable=False),
    Column("beneficiary_minor", BigInteger, nullable=False),
    Column("partner_org_id", String(40)),
    Column("partner_minor", BigInteger, nullable=False),
    Column("platform_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("settled_at", UtcDateTime, nullable=False),
)

payout_batches = Table(
    "payments_payout_batches",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("execution_date", Date, nullable=False),
    Column("message_id", String(35), nullable=False, unique=True),
    Column("file", Text, nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("count", Integer, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

payouts = Table(
    "payments_payouts",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("batch_id", String(40), ForeignKey("payments_payout_batches.id"), nullable=False, index=True),
    Column("org_id", String(40), nullable=False, index=True),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("iban", String(34), nullable=False),
    Column("bic", String(11)),
    Column("holder", String(70), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# Merchants' webhooks (see comptoir.payments.domain.webhooks). An endpoint's event types are a space-separated
# list; a secret signs from its creation until ``expires_at`` (none: until the next rotation and its overlap).
webhook_endpoints = Table(
    "payments_webhook_endpoints",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("org_id", String(40), nullable=False, index=True),
    Column("url", String(2000), nullable=False),
    Column("description", String(200), nullable=False),
    Column("event_types", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("disabled_reason", String(40)),
    Column("created_at", UtcDateTime, nullable=False),
)

webhook_secrets = Table(
    "payments_webhook_secrets",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("endpoint_id", String(40), ForeignKey("payments_webhook_endpoints.id"), nullable=False, index=True),
    Column("secret", String(80), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime),
)

# One row per event sent to an endpoint; its id is the ``webhook-id`` (the same when the event is handled again).
# ``queued_at`` starts the window of retries (its creation, or its last replay); ``attempts`` counts those since.
webhook_deliveries = Table(
    "payments_webhook_deliveries",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("endpoint_id", String(40), ForeignKey("payments_webhook_endpoints.id"), nullable=False),
    Column("org_id", String(40), nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime),
    Column("last_status_code", Integer),
    Column("last_error", String(500)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("queued_at", UtcDateTime, nullable=False),
    Column("delivered_at", UtcDateTime),
    Index("ix_payments_webhook_deliveries_due", "status", "next_attempt_at"),
    Index("ix_payments_webhook_deliveries_endpoint", "endpoint_id", "id"),
)

webhook_attempts = Table(
    "payments_webhook_attempts",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("delivery_id", String(100), ForeignKey("payments_webhook_deliveries.id"), nullable=False, index=True),
    Column("attempted_at", UtcDateTime, nullable=False),
    Column("status_code", Integer),
    Column("error", String(500)),
    Column("duration_ms", Integer, nullable=False),
)
