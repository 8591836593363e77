"""What payments tells the rest of the platform and merchants' webhooks (typed events, through the outbox).

Amounts are integer minor units with their currency, never floats.
"""

from __future__ import annotations

from dataclasses import dataclass

from comptoir.kernel.events import event


@event("payments.PaymentSucceeded", version=1)
@dataclass(frozen=True)
class PaymentSucceeded:
    """A payment was captured: the merchant will be settled ``amount_minor`` of ``currency``."""

    payment_id: str
    merchant_org_id: str
    flow: str
    amount_minor: int
    currency: str
    paid_minor: int
    paid_currency: str
    order_reference: str | None
    payer: str | None


@event("payments.PaymentFailed", version=1)
@dataclass(frozen=True)
class PaymentFailed:
    """A payment ended without money moving: refused by the wallet, cancelled or expired."""

    payment_id: str
    merchant_org_id: str
    status: str
    reason: str


@event("payments.RefundSucceeded", version=1)
@dataclass(frozen=True)
class RefundSucceeded:
    """Part or all of a payment went back to the payer's wallet at the payment's locked rate."""

    refund_id: str
    payment_id: str
    merchant_org_id: str
    amount_minor: int
    currency: str
    paid_back_minor: int
    paid_back_currency: str


@event("payments.PayoutPaid", version=1)
@dataclass(frozen=True)
class PayoutPaid:
    """The bank confirmed a payout to the merchant's account."""

    payout_id: str
    batch_id: str
    merchant_org_id: str
    amount_minor: int
    currency: str
