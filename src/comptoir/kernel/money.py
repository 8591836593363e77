"""Money in integer minor units, with ISO 4217 exponents; never floats.

>>> Money.parse("128.00", "CNY")
Money(minor=12800, currency='CNY')
>>> Money.parse("128.00", "CNY").to_major_string()
'128.00'
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel.numbers import get_currency_precision, list_currencies


class MoneyError(ValueError):
    """An amount or currency that cannot be money."""


@cache
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@cache
def currency_exponent(currency: str) -> int:
    """Minor-unit exponent of an ISO 4217 currency (CNY 2, JPY 0, BHD 3)."""
    check_currency(currency)
    return int(get_currency_precision(currency))


def check_currency(currency: object) -> str:
    if not isinstance(currency, str) or len(currency) != 3 or currency not in _known_currencies():
        raise MoneyError(f"unknown currency {currency!r}: expected an ISO 4217 code such as EUR or CNY")
    return currency


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount: ``minor`` units of ``currency`` (12800 CNY cents = 128.00 CNY)."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise MoneyError("money is an integer number of minor units")
        check_currency(self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def parse(cls, value: str | Decimal | int, currency: str) -> Money:
        """Money from a decimal amount in major units; more decimals than the currency has are refused."""
        if isinstance(value, float):
            raise MoneyError("floats are not money; pass a decimal string")
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise MoneyError(f"not a decimal amount: {value!r}") from exc
        if not amount.is_finite():
            raise MoneyError(f"not a finite amount: {value!r}")
        exponent = currency_exponent(currency)
        scaled = amount.scaleb(exponent)
        if scaled != scaled.to_integral_value():
            raise MoneyError(f"{currency} has {exponent} decimal places; {value!r} has more")
        return cls(int(scaled), currency)

    @classmethod
    def from_decimal_rounded(cls, amount: Decimal, currency: str) -> Money:
        """Money from a computed decimal, rounded half-up to the currency's minor unit."""
        exponent = currency_exponent(currency)
        return cls(int(amount.scaleb(exponent).to_integral_value(rounding=ROUND_HALF_UP)), currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.minor).scaleb(-currency_exponent(self.currency))

    def to_major_string(self) -> str:
        exponent = currency_exponent(self.currency)
        return f"{self.to_decimal():.{exponent}f}"

    def as_json(self) -> dict[str, str]:
        """The API shape: ``{"currency": "CNY", "value": "128.00"}``."""
        return {"currency": self.currency, "value": self.to_major_string()}

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError("money only combines with money")
        if other.currency != self.currency:
            raise MoneyError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    def multiply(self, factor: Decimal | int) -> Money:
        """This amount times an exact factor, rounded half-up to the minor unit."""
        if isinstance(factor, float):
            raise MoneyError("floats are not allowed in money arithmetic")
        return Money.from_decimal_rounded(self.to_decimal() * Decimal(factor), self.currency)

    def allocate(self, weights: list[int]) -> list[Money]:
        """Split into parts proportional to ``weights``; the parts always sum to this amount."""
        if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
            raise MoneyError("allocation needs non-negative weights with a positive sum")
        total = sum(weights)
        parts = [self.minor * w // total for w in weights]
        remainder = self.minor - sum(parts)
        for i in range(remainder):
            parts[i % len(parts)] += 1
        return [Money(p, self.currency) for p in parts]

    def __str__(self) -> str:
        return f"{self.to_major_string()} {self.currency}"
