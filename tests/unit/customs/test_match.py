"""The three-document match: same buyer, same order, same amounts, declared tax within the tolerance."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from comptoir.customs import OrderDocument, PaymentDocument, WaybillDocument, match_documents
from tests.unit.customs.helpers import cny

ORDER = OrderDocument("ord_1", "李雷", "pk-li", cny("1000.00"), cny("30.00"), cny("93.73"), cny("1123.73"))
PAYMENT = PaymentDocument("pay_1", "ord_1", "pk-li", cny("1123.73"))
WAYBILL = WaybillDocument("WB1", "ord_1", "pk-li", 1200)
FIVE = Decimal("0.05")


def codes(order=ORDER, payment=PAYMENT, waybill=WAYBILL, **kw):  # type: ignore[no-untyped-def]
    return [m.code for m in match_documents(order, payment, waybill, **kw)]


def test_matching_documents_have_no_mismatch() -> None:
    assert codes(computed_tax=cny("93.73"), tax_tolerance=FIVE) == []


def test_another_payer_or_consignee_is_a_mismatch() -> None:
    assert codes(payment=replace(PAYMENT, payer_person_key="pk-han")) == ["payer_not_buyer"]
    assert codes(waybill=replace(WAYBILL, consignee_person_key="pk-han")) == ["consignee_not_buyer"]


def test_other_amounts_or_another_order_are_mismatches() -> None:
    assert codes(payment=replace(PAYMENT, amount=cny("1123.72"))) == ["amount_differs"]
    assert codes(order=replace(ORDER, total=cny("1200.00"))) == ["total_not_sum", "amount_differs"]
    assert codes(waybill=replace(WAYBILL, order_id="ord_2")) == ["waybill_order_differs"]


def test_the_declared_tax_may_differ_by_five_percent_and_no_more() -> None:
    computed = cny("100.00")
    assert codes(order=_with_tax("105.00"), payment=_paid("105.00"), computed_tax=computed, tax_tolerance=FIVE) == []
    assert codes(order=_with_tax("95.00"), payment=_paid("95.00"), computed_tax=computed, tax_tolerance=FIVE) == []
    late = codes(order=_with_tax("105.01"), payment=_paid("105.01"), computed_tax=computed, tax_tolerance=FIVE)
    assert late == ["tax_differs"]


def _with_tax(tax: str) -> OrderDocument:
    total = ORDER.goods_value + ORDER.freight + cny(tax)
    return replace(ORDER, tax=cny(tax), total=total)


def _paid(tax: str) -> PaymentDocument:
    return replace(PAYMENT, amount=ORDER.goods_value + ORDER.freight + cny(tax))
