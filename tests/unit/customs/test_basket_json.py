"""The basket's JSON: read exactly, and every bad field named."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from comptoir.customs import BasketInvalid, parse_basket

BASKET: dict[str, Any] = {
    "lane": "FR-CN",
    "date": "2026-06-01",
    "buyer": {"year_to_date": {"currency": "CNY", "value": "0.00"}},
    "lines": [
        {
            "sku": "W",
            "hs_code": "22042100",
            "description": "wine",
            "unit_price": {"currency": "CNY", "value": "300.00"},
            "quantity": 2,
        },
        {
            "sku": "C",
            "hs_code": "33049900",
            "description": "cream",
            "unit_price": {"currency": "CNY", "value": "500.00"},
            "quantity": 1,
            "net_content": {"value": 50, "unit": "ml"},
            "pieces": 1,
        },
    ],
    "freight": {"currency": "CNY", "value": "30.00"},
}


def test_a_good_basket_is_read() -> None:
    basket = parse_basket(BASKET)
    assert basket.lines[1].net_content is not None and basket.lines[1].net_content.unit == "ml"
    assert basket.goods.minor == 110_000


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("lines", 1, "quantity"), 0, "lines[1].quantity"),
        (("lines", 1, "quantity"), 10_001, "lines[1].quantity"),
        (("lines", 1, "quantity"), 1.5, "lines[1].quantity"),
        (("lines", 0, "hs_code"), "2204210", "lines[0].hs_code"),
        (("lines", 0, "hs_code"), 22042100, "lines[0].hs_code"),
        (("lines", 0, "unit_price"), {"currency": "EUR", "value": "1.00"}, "lines[0].unit_price.currency"),
        (("lines", 0, "unit_price"), {"currency": "CNY", "value": 1.5}, "lines[0].unit_price.value"),
        (("lines", 1, "net_content"), {"value": 50, "unit": "oz"}, "lines[1].net_content.unit"),
        (("date",), "2026-02-30", "date"),
        (("lane",), "FR-US", "lane"),
        (("freight",), None, "freight"),
        (("buyer",), {}, "buyer.year_to_date"),
        (("lines",), [], "lines"),
    ],
)
def test_each_bad_field_is_named(path: tuple[Any, ...], value: Any, field: str) -> None:
    document = copy.deepcopy(BASKET)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(BasketInvalid) as refused:
        parse_basket(document)
    assert refused.value.field == field


def test_a_missing_field_is_named() -> None:
    document = copy.deepcopy(BASKET)
    del document["lines"][0]["sku"]
    with pytest.raises(BasketInvalid, match=r"lines\[0\]\.sku: is missing"):
        parse_basket(document)


def test_a_discount_above_the_goods_is_refused() -> None:
    document = copy.deepcopy(BASKET)
    document["discount"] = {"currency": "CNY", "value": "2000.00"}
    with pytest.raises(BasketInvalid, match="discount"):
        parse_basket(document)
