"""The product line of `comptoir search index`: what it accepts, and what it says about a bad one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from comptoir.intelligence import ProductDocument, ProductLineInvalid, parse_product_line

GOOD: dict[str, Any] = {
    "id": "demo-001",
    "brand": {"name": "Lancôme", "name_zh": "兰蔻"},
    "title": {"zh-Hans": "兰蔻面霜", "fr": "Lancôme crème", "en": "Lancôme cream"},
    "description": {"zh-Hans": "滋润", "fr": "Nourrissante"},
    "category": "cosmetics_skincare",
}


def test_a_good_line_round_trips() -> None:
    document = parse_product_line(json.dumps(GOOD))
    assert document == ProductDocument(
        "demo-001",
        "Lancôme",
        "兰蔻",
        {"zh-Hans": "兰蔻面霜", "fr": "Lancôme crème", "en": "Lancôme cream"},
        {"zh-Hans": "滋润", "fr": "Nourrissante"},
        "cosmetics_skincare",
    )
    assert document.as_json() == GOOD


def test_optional_parts_may_be_left_out_or_null() -> None:
    line = {**GOOD, "brand": {"name": "Maison Dupont", "name_zh": None}, "title": {"zh-Hans": "蜂蜜", "fr": "Miel"}}
    del line["description"]
    document = parse_product_line(json.dumps(line))
    assert document.brand_name_zh is None
    assert document.description == {}
    assert parse_product_line(json.dumps({**line, "brand": {"name": "X"}})).brand_name_zh is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": ""}, "id must be a non-empty string"),
        ({"id": 7}, "id must be a non-empty string"),
        ({"brand": "Lancôme"}, "brand must be an object"),
        ({"brand": {"name_zh": "兰蔻"}}, "brand.name must be a non-empty string"),
        ({"title": {"fr": "Crème"}}, "title.zh-Hans is missing"),
        ({"title": {"zh-Hans": "面霜", "fr": "Crème", "de": "Creme"}}, "unknown locale(s) de"),
        ({"description": {"fr": 3}}, "description.fr must be a non-empty string or null"),
        ({"category": "Cosmetics!"}, "category must be a category code"),
        ({"titel": {}}, "unexpected key(s) titel"),
    ],
)
def test_a_bad_line_says_what_is_wrong(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ProductLineInvalid, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_product_line(json.dumps({**GOOD, **change}))


def test_what_is_not_an_object_is_refused() -> None:
    with pytest.raises(ProductLineInvalid, match="not valid JSON"):
        parse_product_line("{")
    with pytest.raises(ProductLineInvalid, match="expected a JSON object"):
        parse_product_line("[1]")
    with pytest.raises(ProductLineInvalid, match="missing id, brand"):
        parse_product_line("{}")
