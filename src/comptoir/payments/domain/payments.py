"""Payments and refunds as values, and the arithmetic that must never lose or create a cent.

A payment is asked for in the merchant's currency (``amount``, EUR) and paid in the wallet's (``paid``,
CNY) at a locked FX quote; an online order may also collect the buyer's import taxes (``import_tax``, CNY),
which are owed to customs, not to the merchant. Its statuses are those of the wallet networks: ``pending`` (asked, not
decided), then exactly one of ``succeeded`` (captured), ``failed`` (refused), ``cancelled`` (called off or
expired). A succeeded payment may be refunded, in part or in full, never past what was captured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from comptoir.kernel.money import Money, MoneyError

#: An order QR holds at most this long (and 15 minutes unless the till says otherwise).
MAX_ORDER_QR_VALIDITY = timedelta(minutes=30)
DEFAULT_ORDER_QR_VALIDITY = timedelta(minutes=15)
#: The largest single payment this platform takes, in minor units (100,000.00): anything bigger is a typo.
MAX_PAYMENT_MINOR = 10_000_000
#: How far a checkout's own CNY total (the sum of per-unit conversions) may stray from the quote's conversion
#: of the EUR total: 5 fen plus 0.5 % of the quote's amount, never more than 1.00 CNY (about 200 units' rounding).
PAID_TOLERANCE_BASE_MINOR = 5
PAID_TOLERANCE_BPS = 50
PAID_TOLERANCE_MAX_MINOR = 100


class Flow(StrEnum):
    ONLINE = "online"  # an order on the storefront, authorised then captured
    ORDER_QR = "order_qr"  # the till shows a QR for an amount; the tourist scans and confirms
    USER_CODE = "user_code"  # the tourist shows a one-time code; the till scans it and is paid at once
    ENTRY_CODE = "entry_code"  # the shop's printed code; the tourist types the amount


class PaymentStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


def check_amount(amount: object, *, currency: str, what: str = "amount") -> Money:
    """``amount`` if it is money of ``currency``, positive and within the platform's ceiling; else MoneyError."""
    if not isinstance(amount, Money):
        raise MoneyError(f"{what} must be money")
    if amount.currency != currency:
        raise MoneyError(f"{what} must be in {currency}, not {amount.currency}")
    if amount.minor <= 0:
        raise MoneyError(f"{what} must be more than zero")
    if amount.minor > MAX_PAYMENT_MINOR:
        raise MoneyError(f"{what} is above the largest payment taken ({MAX_PAYMENT_MINOR // 100:,} {currency})")
    return amount


@dataclass(frozen=True, slots=True)
class Payment:
    id: str
    request_id: str
    flow: Flow
    status: PaymentStatus
    merchant_org_id: str  # merchant of record: its pending balance receives the sale
    beneficiary_org_id: str  # who gets the net at settlement (the brand, the small merchant, the shop)
    partner_org_id: str | None  # the partner operating the store or till, who takes a commission
    channel: str
    point_of_sale_id: str | None
    amount: Money  # what the merchant is owed (EUR)
    paid: Money | None  # what the payer paid (CNY), once a quote is locked
    rate: Decimal | None
    quote_id: str | None
    refunded: Money
    network: str
    payer: str | None
    description: str
    order_reference: str | None
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    settled_at: datetime | None
    failure_reason: str | None
    authorised_at: datetime | None = None  # online: reserved in the payer's wallet, waiting for capture
    import_tax: Money | None = None  # online: the buyer's import taxes (CNY) collected for customs, on top of paid
    import_tax_refunded_at: datetime | None = None  # when those taxes went back to the payer's wallet

    @property
    def refundable(self) -> Money:
        if self.status is not PaymentStatus.SUCCEEDED:
            return Money.zero(self.amount.currency)
        return self.amount - self.refunded

    @property
    def refund_status(self) -> str | None:
        """``refunded`` / ``partially_refunded`` once money went back, else None."""
        if self.refunded.minor == 0:
            return None
        return "refunded" if self.refunded == self.amount else "partially_refunded"

    def is_expired(self, now: datetime) -> bool:
        return self.status is PaymentStatus.PENDING and now >= self.expires_at


def paid_tolerance(converted: Money) -> Money:
    """How far a checkout's CNY total may differ from ``converted`` (the quote's conversion of the EUR total)."""
    spread = PAID_TOLERANCE_BASE_MINOR + converted.minor * PAID_TOLERANCE_BPS // 10_000
    return Money(min(PAID_TOLERANCE_MAX_MINOR, spread), converted.currency)


@dataclass(frozen=True, slots=True)
class Refund:
    id: str
    payment_id: str
    request_id: str
    amount: Money  # EUR
    paid_back: Money  # CNY, at the payment's locked rate
    reason: str
    created_at: datetime


def refund_in_paid_currency(*, amount: Money, paid: Money, refunded_before: Money, refund: Money) -> Money:
    """How much of ``paid`` goes back for ``refund`` of ``amount``, when ``refunded_before`` went back already.

    At the payment's locked rate (``paid`` / ``amount``), counted on the cumulative refunded amount, so the
    parts add up to exactly ``paid`` when the payment is refunded in full, whatever the number of refunds.
    """
    if refund.minor <= 0:
        raise MoneyError("a refund is more than zero")
    after = refunded_before + refund
    if amount < after:
        raise MoneyError("a refund cannot exceed what was captured and not yet refunded")

    def cumulative(part: Money) -> int:
        if part == amount:
            return paid.minor
        # half-up of paid * part / amount, in integers
        return (paid.minor * part.minor * 2 + amount.minor) // (2 * amount.minor)

    return Money(cumulative(after) - cumulative(refunded_before), paid.currency)
