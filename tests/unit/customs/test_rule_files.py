"""The rule files: the shipped ones parse and cover the codes checkout needs; a bad file names each bad line."""

from __future__ import annotations

from datetime import date

import pytest

from comptoir import catalog
from comptoir.customs import CustomsRulesInvalid
from comptoir.customs.domain import parse_rule_file, rules_in_force
from comptoir.customs.services import shipped_rules
from tests.unit.customs.helpers import rules

CODES = [
    "22042100",
    "22042900",
    "33030000",
    "33049900",
    "33049100",
    "19011010",
    "62044300",
    "62043200",
    "42022100",
    "42022200",
    "64039900",
    "85171300",
    "85183000",
    "63049300",
    "15092000",
    "15099000",
    "04069000",
    "19053100",
]


def test_every_seed_code_is_on_the_positive_list_and_has_a_chinese_rate_and_a_french_vat_rate() -> None:
    day = rules(date(2026, 6, 1))
    positive = catalog.default_positive_list()
    for code in CODES:
        assert positive.contains(code), code
        assert day.cn_rate(code) is not None, code
        assert day.french_vat(code) is not None, code
        assert code[:6] in day.hs_subheadings, code


def test_the_longest_prefix_wins() -> None:
    day = rules(date(2026, 6, 1))
    assert day.cn_rate("22042900").mfn_tariff != day.cn_rate("22042100").mfn_tariff  # type: ignore[union-attr]
    assert str(day.french_vat("15092000").rate) == "0.055"  # type: ignore[union-attr]
    assert str(day.french_vat("62061000").rate) == "0.20"  # type: ignore[union-attr]


def test_every_shipped_row_has_a_version_and_a_first_day() -> None:
    rows = shipped_rules()
    assert {r.rule_set for r in rows} == {
        "cn-cbec-limits",
        "cn-rates",
        "fr-vat",
        "eu-mfn-duties",
        "eu-low-value",
        "excise",
    }
    assert all(r.version and r.effective_from for r in rows)


GOOD = """# rules: eu-low-value
name,value,unit,effective_from,effective_to,version
ioss_ceiling,150.00,EUR,2021-07-01,,2021-07-01
"""


def test_a_good_file_parses_and_a_row_applies_only_within_its_dates() -> None:
    [row] = parse_rule_file(GOOD)
    assert (row.key, row.label) == ("ioss_ceiling", "eu-low-value:2021-07-01")
    on = rules_in_force([row], on=date(2021, 6, 30), positive_list=None, hs_subheadings=())
    assert "ioss_ceiling" not in on.eu_low_value


def test_a_bad_file_names_every_bad_line() -> None:
    text = """# rules: cn-rates
hs_prefix,vat,consumption_tax,mfn_tariff,high_end_consumption_tax,high_end_cny_per_ml_g,high_end_cny_per_piece,description,effective_from,effective_to,version
22A4,0.13,0,0.14,,,,wine,2026-01-01,,v1
2204,1.5,0,0.14,,,,wine,2026-01-01,,v1
2205,0.13,0,0.14,,,,vermouth,2026-13-01,,v1
2206,0.13,0,0.14,,,,cider
"""
    with pytest.raises(CustomsRulesInvalid) as refused:
        parse_rule_file(text, file="cn_rates.csv")
    lines = [(p.line, p.reason.split(" ")[0]) for p in refused.value.problems]
    assert lines == [(3, "hs_prefix"), (4, "vat"), (5, "effective_from"), (6, "expected")]


def test_two_rows_of_one_key_in_force_together_are_refused() -> None:
    text = GOOD + "ioss_ceiling,160.00,EUR,2024-01-01,,2024-01-01\n"
    with pytest.raises(CustomsRulesInvalid, match="in force together"):
        parse_rule_file(text)


def test_an_unknown_rule_set_or_a_wrong_unit_is_refused() -> None:
    with pytest.raises(CustomsRulesInvalid, match="unknown rule set"):
        parse_rule_file("# rules: moon-tax\na,b\n")
    with pytest.raises(CustomsRulesInvalid, match="must be EUR"):
        parse_rule_file(GOOD.replace(",EUR,", ",CNY,"))
