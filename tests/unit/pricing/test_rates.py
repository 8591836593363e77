"""Reference rates: the file format, the shipped rates, and converting at a rate (half-up, integer minor units)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from comptoir.kernel.money import Money, MoneyError
from comptoir.pricing import FxRate, FxRatesInvalid, parse_rates, shipped_rates
from comptoir.pricing.domain import rate_problems

HEADER = "date,base,quote,rate\n"


def test_a_rate_file_is_read_with_its_comments_and_exact_decimals() -> None:
    rates = parse_rates("# reference rates\n" + HEADER + "2026-11-02,EUR,CNY,8.0113\n2026-11-02,CNY,EUR,0.124824\n")
    assert rates == [
        FxRate(date(2026, 11, 2), "EUR", "CNY", Decimal("8.0113")),
        FxRate(date(2026, 11, 2), "CNY", "EUR", Decimal("0.124824")),
    ]


def test_every_bad_line_is_named_and_nothing_is_read() -> None:
    text = HEADER + (
        "2026-11-02,EUR,CNY,8.0113\n"  # line 2: good
        "2026-11-31,EUR,CNY,8.0113\n"  # line 3: no such day
        "2026-11-03,EUR,ZZZ,8.0113\n"  # line 4: no such currency
        "2026-11-04,EUR,CNY,8.01\n"  # line 5: 2 decimals
        "2026-11-05,EUR,CNY,8.0113001\n"  # line 6: 7 decimals
        "2026-11-06,EUR,CNY,-8.0113\n"  # line 7: negative
        "2026-11-02,EUR,CNY,8.0200\n"  # line 8: the pair twice on one day
        "2026-11-07,EUR,EUR,1.0000\n"  # line 9: base is quote
        "2026-11-09,EUR,CNY\n"  # line 10: a column short
        "2026-11-10,EUR,CNY,0.0000\n"  # line 11: zero
    )
    with pytest.raises(FxRatesInvalid) as refused:
        parse_rates(text)
    assert [p.line for p in refused.value.problems] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert refused.value.code == "fx_rates_invalid"
    reasons = [p.reason for p in refused.value.problems]
    assert "not a date" in reasons[0]
    assert "ISO 4217" in reasons[1]
    assert "4 to 6 decimals" in reasons[2] and "4 to 6 decimals" in reasons[3] and "4 to 6 decimals" in reasons[4]
    assert "already on line 2" in reasons[5]
    assert "both EUR" in reasons[6]
    assert "columns" in reasons[7]
    assert "more than 0" in reasons[8]
    assert str(refused.value.problems[0]).startswith("line 3: ")


def test_a_file_without_its_header_or_without_rates_is_refused() -> None:
    for text in ("2026-11-02,EUR,CNY,8.0113\n", HEADER, ""):
        with pytest.raises(FxRatesInvalid):
            parse_rates(text)


def test_the_shipped_rates_are_valid_realistic_and_run_up_to_december_2026() -> None:
    rates = shipped_rates()
    eur_cny = {r.day: r.rate for r in rates if (r.base, r.quote) == ("EUR", "CNY")}
    cny_eur = {r.day: r.rate for r in rates if (r.base, r.quote) == ("CNY", "EUR")}
    assert max(eur_cny) == date(2026, 12, 1)
    assert max(eur_cny) - min(eur_cny) >= timedelta(days=90)
    assert all(Decimal("7.6") <= rate <= Decimal("8.2") for rate in eur_cny.values())
    assert eur_cny.keys() == cny_eur.keys()
    assert all(day.weekday() < 5 for day in eur_cny)
    for day, rate in eur_cny.items():  # each inverse is the rate's, to its 6 decimals
        assert abs(cny_eur[day] * rate - 1) < Decimal("0.00001"), day


@pytest.mark.parametrize(
    ("euros", "rate", "yuan"),
    [
        ("39.90", "7.8600", "313.61"),  # 313.614
        ("10.00", "7.86125", "78.61"),  # 78.6125 -> 78.61
        ("0.02", "7.8625", "0.16"),  # 0.15725 -> 0.16
        ("1.00", "7.8650", "7.87"),  # 7.865 exactly: half-up, not half-even
        ("100000.00", "8.123456", "812345.60"),
    ],
)
def test_converting_rounds_half_up_to_the_fen(euros: str, rate: str, yuan: str) -> None:
    fx = FxRate(date(2026, 11, 2), "EUR", "CNY", Decimal(rate))
    assert fx.convert(Money.parse(euros, "EUR")) == Money.parse(yuan, "CNY")


def test_a_rate_converts_only_its_own_base_currency() -> None:
    fx = FxRate(date(2026, 11, 2), "EUR", "CNY", Decimal("7.86"))
    with pytest.raises(MoneyError):
        fx.convert(Money.parse("1.00", "CNY"))


def test_a_rate_that_cannot_be_stored_says_why() -> None:
    assert rate_problems(FxRate(date(2026, 1, 1), "EUR", "CNY", Decimal("7.8612"))) == []
    assert rate_problems(FxRate(date(2026, 1, 1), "EUR", "CNY", 7.86)) != []  # type: ignore[arg-type]
    assert rate_problems(FxRate(date(2026, 1, 1), "EUR", "CNY", Decimal("7.8612345"))) == [
        "rate 7.8612345 has more than 6 decimals"
    ]
    assert rate_problems(FxRate(date(2026, 1, 1), "EUR", "EUR", Decimal("NaN")))[0] == "base and quote are both EUR"
