from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comptoir.kernel.money import Money, MoneyError, currency_exponent


def test_currencies_carry_their_iso_4217_exponent() -> None:
    assert currency_exponent("CNY") == 2
    assert currency_exponent("EUR") == 2
    assert currency_exponent("JPY") == 0
    assert currency_exponent("BHD") == 3


def test_a_decimal_string_becomes_exact_minor_units_and_back() -> None:
    price = Money.parse("128.00", "CNY")
    assert price == Money(12800, "CNY")
    assert price.as_json() == {"currency": "CNY", "value": "128.00"}
    assert Money.parse("1500", "JPY").to_major_string() == "1500"


@pytest.mark.parametrize("value", [1.5, "1.234", "abc", "NaN", "Infinity", ""])
def test_floats_extra_decimals_and_non_numbers_are_refused(value: object) -> None:
    with pytest.raises(MoneyError):
        Money.parse(value, "EUR")  # type: ignore[arg-type]


def test_unknown_currencies_and_non_integer_amounts_are_refused() -> None:
    with pytest.raises(MoneyError):
        Money(100, "XYZ")
    with pytest.raises(MoneyError):
        Money(1.0, "EUR")  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        Money(True, "EUR")


def test_amounts_in_different_currencies_never_combine() -> None:
    with pytest.raises(MoneyError):
        Money(100, "EUR") + Money(100, "CNY")


def test_multiplying_rounds_half_up_at_the_minor_unit() -> None:
    assert Money(5, "EUR").multiply(Decimal("0.5")) == Money(3, "EUR")  # 2.5 cents -> 3
    assert Money(10000, "EUR").multiply(Decimal("0.091")) == Money(910, "EUR")


@given(
    minor=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8).filter(lambda w: sum(w) > 0),
)
def test_allocation_never_creates_or_loses_a_cent(minor: int, weights: list[int]) -> None:
    parts = Money(minor, "CNY").allocate(weights)
    assert sum(p.minor for p in parts) == minor
    assert len(parts) == len(weights)


@given(minor=st.integers(min_value=-(10**15), max_value=10**15), currency=st.sampled_from(["EUR", "CNY", "JPY", "BHD"]))
def test_the_api_string_round_trips_exactly(minor: int, currency: str) -> None:
    money = Money(minor, currency)
    assert Money.parse(money.to_major_string(), currency) == money
