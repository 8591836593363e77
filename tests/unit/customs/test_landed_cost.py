"""The landed-cost engine on examples computed by hand from customs.md, edges included."""

from __future__ import annotations

from datetime import date

import pytest

from comptoir.customs import BasketInvalid, LandedCost, compute_landed_cost
from comptoir.kernel.money import Money
from tests.unit.customs.helpers import cny, eur, line, rules, to_china, to_france


def quote(basket) -> LandedCost:  # type: ignore[no-untyped-def]
    return compute_landed_cost(basket, rules(basket.on))


def taxes(answer: LandedCost) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            t.taxable_value.to_major_string(),
            t.tariff.to_major_string(),
            t.consumption_tax.to_major_string(),
            t.vat.to_major_string(),
            t.duty.to_major_string(),
        )
        for t in answer.lines
    ]


# --- FR-CN within the limits -------------------------------------------------------------------------------


def test_wine_within_the_limits_pays_seventy_percent_of_consumption_tax_and_vat() -> None:
    answer = quote(to_china(line("WINE", "22042100", cny("200.00")), freight="20.00"))
    # 220 / 0.9 x 0.10 x 0.7 = 17.111… ; 220 / 0.9 x 0.13 x 0.7 = 22.244…
    assert (answer.allowed, answer.regime, answer.error) == (True, "CBEC", None)
    assert taxes(answer) == [("220.00", "0.00", "17.11", "22.24", "0.00")]
    assert answer.totals.tax == cny("39.35")
    assert answer.annual_remaining == cny("25780.00")
    assert answer.rules == ("cn-cbec-limits:2019-01-01", "cn-rates:2026-01-01", "positive-list:2022-sample")


def test_discount_reduces_goods_and_freight_is_allocated_by_goods_after_discount() -> None:
    basket = to_china(
        line("BAG", "42022100", cny("300.00")),
        line("SHOE", "64039900", cny("100.00")),
        freight="10.00",
        insurance="2.00",
        discount="40.00",
    )
    answer = quote(basket)
    # discount 30 + 10; after discount 270 + 90; delivery 12 -> 9 + 3
    assert [t.taxable_value for t in answer.lines] == [cny("279.00"), cny("93.00")]
    # 13 % x 0.7 = 9.1 %: 25.389 -> 25.39 ; 8.463 -> 8.46
    assert [t.vat for t in answer.lines] == [cny("25.39"), cny("8.46")]
    assert answer.totals.taxable_value == cny("372.00")


def test_an_order_of_exactly_five_thousand_is_allowed_and_one_fen_more_is_refused() -> None:
    lines = (line("BAG", "42022100", cny("2000.00")), line("DRESS", "62044300", cny("2900.00")))
    exactly = quote(to_china(*lines, freight="100.00"))
    assert (exactly.allowed, exactly.regime, exactly.totals.taxable_value) == (True, "CBEC", cny("5000.00"))
    over = quote(to_china(*lines, freight="100.01", year_to_date="1000.00"))
    assert (over.allowed, over.regime) == (False, "CBEC")
    assert over.error is not None and over.error.code == "cbec_transaction_limit_exceeded"
    assert over.error.message.startswith("This order is over the limit")
    assert over.totals.tax == cny("0.00") and over.totals.taxable_value == cny("5000.01")
    assert over.annual_remaining == cny("25000.00")


def test_the_annual_limit_exactly_is_allowed_and_one_fen_more_is_refused() -> None:
    shoe = line("SHOE", "64039900", cny("1000.00"))
    exactly = quote(to_china(shoe, year_to_date="25000.00"))
    assert exactly.allowed and exactly.annual_remaining == cny("0.00")
    over = quote(to_china(shoe, year_to_date="25000.01"))
    assert not over.allowed and over.error is not None and over.error.code == "cbec_annual_limit_exceeded"
    assert over.regime == "CBEC" and over.annual_remaining == cny("999.99")
    past = quote(to_china(shoe, year_to_date="27000.00"))
    assert past.annual_remaining == cny("0.00")


# --- FR-CN: one indivisible item over the single-order limit ------------------------------------------------


def test_a_single_handbag_over_five_thousand_pays_the_full_rate() -> None:
    answer = quote(to_china(line("BAG", "42022100", cny("6000.00"))))
    # t 10 %, v 13 %, c 0: 600 ; 6000 x 1.1 x 0.13 = 858 ; total = 6000 x (t + v + c + t v) / (1 - c) = 1458
    assert (answer.allowed, answer.regime) == (True, "CBEC-full-rate")
    assert taxes(answer) == [("6000.00", "600.00", "0.00", "858.00", "0.00")]
    assert answer.totals.tax == cny("1458.00")
    assert answer.annual_remaining == cny("20000.00")


def test_a_single_bottle_over_five_thousand_pays_tariff_consumption_tax_and_vat_in_full() -> None:
    answer = quote(to_china(line("GRAND-CRU", "22042100", cny("6000.00"))))
    # t 14 %, c 10 %: base 6000 x 1.14 / 0.9 = 7600 -> tariff 840, CT 760, VAT 988 (= 6000 x 0.3882 / 0.9)
    assert taxes(answer) == [("6000.00", "840.00", "760.00", "988.00", "0.00")]
    assert answer.totals.tax == cny("2588.00")


def test_two_units_over_five_thousand_are_refused_and_a_full_rate_item_past_the_year_too() -> None:
    two = quote(to_china(line("BAG", "42022100", cny("3000.00"), 2)))
    assert two.error is not None and two.error.code == "cbec_transaction_limit_exceeded"
    past_year = quote(to_china(line("BAG", "42022100", cny("6000.00")), year_to_date="21000.00"))
    assert (past_year.allowed, past_year.regime) == (False, "CBEC-full-rate")
    assert past_year.error is not None and past_year.error.code == "cbec_annual_limit_exceeded"


# --- FR-CN: high-end cosmetics --------------------------------------------------------------------------------


def test_a_cream_at_exactly_ten_yuan_per_ml_is_high_end_and_just_below_is_not() -> None:
    high = quote(to_china(line("CREAM", "33049900", cny("490.00"), ml=50), freight="10.00"))
    # 500 / 50 ml = 10.00: c 15 %: 500 / 0.85 x 0.15 x 0.7 = 61.76 ; 500 / 0.85 x 0.13 x 0.7 = 53.53
    assert taxes(high) == [("500.00", "0.00", "61.76", "53.53", "0.00")]
    ordinary = quote(to_china(line("CREAM", "33049900", cny("489.99"), ml=50), freight="10.00"))
    # 9.9998 per ml: c 0: 499.99 x 0.091 = 45.499… -> 45.50
    assert taxes(ordinary) == [("499.99", "0.00", "0.00", "45.50", "0.00")]


def test_a_mask_box_at_exactly_fifteen_yuan_per_piece_is_high_end_and_just_below_is_not() -> None:
    high = quote(to_china(line("MASKS", "33049900", cny("150.00"), pieces=10)))
    assert taxes(high) == [("150.00", "0.00", "18.53", "16.06", "0.00")]
    ordinary = quote(to_china(line("MASKS", "33049900", cny("149.99"), pieces=10)))
    assert taxes(ordinary) == [("149.99", "0.00", "0.00", "13.65", "0.00")]


def test_the_threshold_is_per_unit_and_per_gram_too() -> None:
    # two jars of 30 g at 290 + 10 freight: 300 per jar / 30 g = 10.00 per g
    answer = quote(to_china(line("POWDER", "33049100", cny("290.00"), 2, grams=30), freight="20.00"))
    assert answer.lines[0].consumption_tax == cny("74.12")  # 600 / 0.85 x 0.15 x 0.7 = 74.117…


def test_a_cosmetic_without_net_content_or_pieces_is_taken_as_high_end() -> None:
    answer = quote(to_china(line("PERFUME", "33030000", cny("100.00"))))
    assert answer.lines[0].consumption_tax == cny("12.35")  # 100 / 0.85 x 0.15 x 0.7 = 12.352…


def test_olive_oil_pays_vat_at_nine_percent() -> None:
    answer = quote(to_china(line("OIL", "15092000", cny("100.00"))))
    assert answer.lines[0].vat == cny("6.30")


# --- FR-CN: codes ----------------------------------------------------------------------------------------------


def test_a_code_off_the_positive_list_is_refused() -> None:
    answer = quote(to_china(line("CAR", "87032310", cny("100.00"))))
    assert (answer.allowed, answer.regime) == (False, "CBEC")
    assert answer.error is not None and answer.error.code == "not_on_positive_list"
    assert answer.annual_remaining == cny("26000.00")


def test_a_listed_code_without_a_rate_is_unknown() -> None:
    answer = quote(to_china(line("COGNAC", "22082000", cny("500.00"))))
    assert answer.error is not None and answer.error.code == "hs_code_unknown"


def test_before_the_rates_took_effect_no_code_has_a_rate() -> None:
    answer = quote(to_china(line("WINE", "22042100", cny("200.00")), on=date(2025, 12, 31)))
    assert answer.error is not None and answer.error.code == "hs_code_unknown"


def test_money_in_another_currency_is_not_a_basket() -> None:
    basket = to_china(line("WINE", "22042100", eur("20.00")))
    with pytest.raises(BasketInvalid) as refused:
        quote(basket)
    assert refused.value.field == "lines[0].unit_price.currency"


# --- CN-FR ---------------------------------------------------------------------------------------------------------


def _blouses(silk: str = "60.00") -> tuple:  # type: ignore[type-arg]
    return (line("SILK", "62061000", eur(silk)), line("WOOL", "62062000", eur("45.00"), 2))


def test_one_silk_blouse_and_two_wool_blouses_pay_six_euros_of_flat_duty() -> None:
    answer = quote(to_france(*_blouses(), freight="10.00", on=date(2026, 7, 1)))
    # intrinsic value 150.00 exactly: IOSS; delivery 10 -> 4 + 6; VAT 20 %
    assert (answer.allowed, answer.regime) == (True, "EU-IOSS")
    assert taxes(answer) == [("64.00", "0.00", "0.00", "12.80", "3.00"), ("96.00", "0.00", "0.00", "19.20", "3.00")]
    assert answer.totals.duty == eur("6.00") and answer.totals.tax == eur("38.00")
    assert answer.annual_remaining is None
    assert "eu-low-value:2026-07-01" in answer.rules and "fr-vat:2014-01-01" in answer.rules


def test_the_flat_duty_counts_each_subheading_once() -> None:
    answer = quote(to_france(line("A", "62061000", eur("10.00")), line("B", "62061000", eur("10.00"))))
    assert [t.duty for t in answer.lines] == [eur("3.00"), eur("0.00")]


def test_no_flat_duty_the_day_before_it_starts_nor_the_day_it_ends() -> None:
    for day in (date(2026, 6, 30), date(2028, 7, 1)):
        answer = quote(to_france(*_blouses(), freight="10.00", on=day))
        assert answer.regime == "EU-IOSS" and answer.totals.duty == eur("0.00"), day
    last = quote(to_france(*_blouses(), on=date(2028, 6, 30)))
    assert last.totals.duty == eur("6.00")


def test_over_one_hundred_fifty_euros_is_a_normal_import_with_duty_and_vat_on_both() -> None:
    answer = quote(to_france(*_blouses("60.01"), freight="10.00"))
    # delivery 10 by largest remainder: 4.00 + 6.00 ; duty 12 % ; VAT 20 % on value + tariff
    assert (answer.allowed, answer.regime, answer.collected_at_import) == (True, "EU-import", True)
    assert taxes(answer) == [("64.01", "7.68", "0.00", "14.34", "0.00"), ("96.00", "11.52", "0.00", "21.50", "0.00")]
    assert "eu-mfn-duties:2026-01-01" in answer.rules


def test_the_ioss_ceiling_is_on_goods_after_discount_not_on_delivery() -> None:
    answer = quote(to_france(*_blouses("70.00"), discount="10.00", freight="50.00"))
    assert answer.regime == "EU-IOSS"


def test_excise_goods_never_use_the_ioss() -> None:
    answer = quote(to_france(line("CIGARS", "24021000", eur("20.00"))))
    # tariff 26 %: 5.20 ; VAT (20 + 5.20) x 20 % = 5.04
    assert (answer.allowed, answer.regime) == (True, "EU-import")
    assert taxes(answer) == [("20.00", "5.20", "0.00", "5.04", "0.00")]
    wine = quote(to_france(line("WINE", "22042100", eur("20.00"))))
    assert wine.regime == "EU-import"
    assert wine.error is not None and wine.error.code == "hs_code_unknown"  # specific duties are not modelled


def test_french_reduced_vat_applies_to_food() -> None:
    answer = quote(to_france(line("OIL", "15092000", eur("20.00"))))
    assert answer.lines[0].vat == eur("1.10")


def test_a_code_whose_first_six_digits_are_no_subheading_is_unknown() -> None:
    answer = quote(to_france(line("X", "77001000", eur("20.00"))))
    assert (answer.allowed, answer.regime) == (False, "EU-IOSS")
    assert answer.error is not None and answer.error.code == "hs_code_unknown"


def test_the_json_answer_has_exactly_the_contract_shape() -> None:
    document = quote(to_china(line("WINE", "22042100", cny("200.00")), freight="20.00")).as_json()
    assert list(document) == ["allowed", "regime", "error", "lines", "totals", "annual_remaining", "rules"]
    assert list(document["lines"][0]) == ["sku", "taxable_value", "tariff", "consumption_tax", "vat", "duty"]
    assert list(document["totals"]) == ["taxable_value", "tariff", "consumption_tax", "vat", "duty", "tax"]
    assert document["totals"]["tax"] == {"currency": "CNY", "value": "39.35"}
    assert document["annual_remaining"] == Money.parse("25780.00", "CNY").as_json()
