"""The payments capability's pure rules: ledger accounts, payments and refunds, fees and splits, codes, events."""

from comptoir.payments.domain.accounts import Accounts
from comptoir.payments.domain.codes import new_entry_code, new_order_token, new_payment_code, token_digest
from comptoir.payments.domain.events import PaymentFailed, PaymentSucceeded, PayoutPaid, RefundSucceeded
from comptoir.payments.domain.fees import Channel, FeeRule, Split, split_sale
from comptoir.payments.domain.payments import (
    MAX_ORDER_QR_VALIDITY,
    Flow,
    Payment,
    PaymentStatus,
    Refund,
    check_amount,
    refund_in_paid_currency,
)

__all__ = [
    "MAX_ORDER_QR_VALIDITY",
    "Accounts",
    "Channel",
    "FeeRule",
    "Flow",
    "Payment",
    "PaymentFailed",
    "PaymentStatus",
    "PaymentSucceeded",
    "PayoutPaid",
    "Refund",
    "RefundSucceeded",
    "Split",
    "check_amount",
    "new_entry_code",
    "new_order_token",
    "new_payment_code",
    "refund_in_paid_currency",
    "split_sale",
    "token_digest",
]
