"""The three customs documents of a CBEC order (三单对碰) and their match, and what customs answered.

The platform files the order, the payment provider the payment, the carrier the waybill; customs matches them.
:func:`match_documents` checks what customs will check before the parcel may leave: one buyer (the payer and
the consignee are the person who ordered), the same order on every document, the same currency and amounts
(goods + freight + tax = total = the amount paid), a positive weight, and, when the tax customs computes is
known, a declared tax within the tolerance of it (5 % in ``cn_cbec_limits.csv``). Each disagreement is a
:class:`Mismatch` with a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from comptoir.kernel.events import event
from comptoir.kernel.money import Money


@dataclass(frozen=True, slots=True)
class OrderDocument:
    order_id: str
    buyer_name: str
    buyer_person_key: str
    goods_value: Money
    freight: Money
    tax: Money
    total: Money

    @property
    def currency(self) -> str:
        return self.total.currency


@dataclass(frozen=True, slots=True)
class PaymentDocument:
    payment_id: str
    order_id: str
    payer_person_key: str
    amount: Money


@dataclass(frozen=True, slots=True)
class WaybillDocument:
    waybill_no: str
    order_id: str
    consignee_person_key: str
    weight_g: int


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One disagreement between the documents: a stable ``code`` and what differs, in English."""

    code: str
    detail: str


def match_documents(
    order: OrderDocument,
    payment: PaymentDocument,
    waybill: WaybillDocument,
    *,
    computed_tax: Money | None = None,
    tax_tolerance: Decimal | None = None,
) -> list[Mismatch]:
    """Every way the three documents disagree (empty: they match)."""
    found: list[Mismatch] = []
    if payment.payer_person_key != order.buyer_person_key:
        found.append(Mismatch("payer_not_buyer", "the payer is not the buyer"))
    if waybill.consignee_person_key != order.buyer_person_key:
        found.append(Mismatch("consignee_not_buyer", "the consignee is not the buyer"))
    if payment.order_id != order.order_id:
        found.append(Mismatch("payment_order_differs", f"the payment is for order {payment.order_id}"))
    if waybill.order_id != order.order_id:
        found.append(Mismatch("waybill_order_differs", f"the waybill is for order {waybill.order_id}"))
    amounts = (order.goods_value, order.freight, order.tax, order.total, payment.amount)
    if len({m.currency for m in amounts}) != 1:
        found.append(Mismatch("currency_differs", "the documents' amounts are not all in one currency"))
        return found
    if order.goods_value.minor + order.freight.minor + order.tax.minor != order.total.minor:
        found.append(
            Mismatch(
                "total_not_sum",
                f"goods {order.goods_value} + freight {order.freight} + tax {order.tax} is not the total {order.total}",
            )
        )
    if payment.amount != order.total:
        found.append(Mismatch("amount_differs", f"paid {payment.amount}, the order's total is {order.total}"))
    if waybill.weight_g <= 0:
        found.append(Mismatch("weight_missing", "the waybill has no weight"))
    if computed_tax is not None and tax_tolerance is not None and computed_tax.currency == order.tax.currency:
        allowed = computed_tax.to_decimal() * tax_tolerance
        if abs(order.tax.to_decimal() - computed_tax.to_decimal()) > allowed:
            found.append(
                Mismatch("tax_differs", f"declared tax {order.tax} is not within {tax_tolerance:%} of {computed_tax}")
            )
    return found


class FilingStatus(StrEnum):
    FILED = "filed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


KINDS = ("order", "payment", "waybill")


@dataclass(frozen=True, slots=True)
class Filing:
    """One document of a declaration as sent to customs, and what customs answered."""

    id: str
    order_id: str
    kind: str  # order | payment | waybill
    document: dict[str, Any]
    status: FilingStatus
    reason: str | None
    attempts: int
    filed_at: datetime
    answered_at: datetime | None


@dataclass(frozen=True, slots=True)
class Declaration:
    """An order's three filings, the mismatches found between them, and the outcome once customs answered."""

    order_id: str
    buyer_name: str
    total: Money
    filings: tuple[Filing, ...]
    mismatches: tuple[Mismatch, ...]
    outcome: str | None  # None while customs has not answered every filing; cleared | rejected
    outcome_reason: str | None
    declared_at: datetime


@event("customs.CustomsCleared", version=1)
@dataclass(frozen=True, slots=True)
class CustomsCleared:
    """Customs accepted the order's three documents, and they match: the parcel may leave."""

    order_id: str


@event("customs.CustomsRejected", version=1)
@dataclass(frozen=True, slots=True)
class CustomsRejected:
    """Customs rejected one of the order's documents, or they do not match: the parcel may not leave."""

    order_id: str
    reason: str
