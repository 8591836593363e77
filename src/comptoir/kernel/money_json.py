"""Money as the API reads it: ``{"currency": "EUR", "value": "1500.00"}``, exactly as its schema says.

The schema states the whole rule (an ISO 4217 code, and no more decimals than that currency
has), so a client generating requests from the schema never meets a refusal it could not
foresee, and a request the schema forbids is always refused.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any

from babel.numbers import list_currencies
from pydantic import BaseModel, ConfigDict, Field, model_validator

from comptoir.kernel.money import Money, MoneyError, currency_exponent

_AMOUNT = r"^\d{1,15}(\.\d{1,4})?$"


@cache
def _currencies_by_exponent() -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for code in sorted(list_currencies()):
        try:
            grouped[currency_exponent(code)].append(code)
        except MoneyError:  # pragma: no cover - Babel lists only codes it knows
            continue
    return dict(grouped)


def _amount_pattern(exponent: int) -> str:
    return r"^\d{1,15}$" if exponent == 0 else rf"^\d{{1,15}}(\.\d{{1,{exponent}}})?$"


def _state_the_whole_rule(schema: dict[str, Any]) -> None:
    schema["anyOf"] = [
        {"properties": {"currency": {"enum": codes}, "value": {"pattern": _amount_pattern(exponent)}}}
        for exponent, codes in sorted(_currencies_by_exponent().items())
    ]


class MoneyBody(BaseModel):
    """A non-negative amount: a decimal string in major units and an ISO 4217 currency."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_state_the_whole_rule)

    currency: str = Field(pattern="^[A-Z]{3}$", examples=["EUR"])
    value: str = Field(pattern=_AMOUNT, examples=["1500.00"])

    @model_validator(mode="after")
    def _is_money(self) -> MoneyBody:
        try:
            exponent = currency_exponent(self.currency)
        except MoneyError as exc:
            raise ValueError(str(exc)) from exc
        _, _, decimals = self.value.partition(".")
        if len(decimals) > exponent:
            raise ValueError(f"{self.currency} has {exponent} decimal places; {self.value!r} has more")
        return self

    def money(self) -> Money:
        return Money.parse(self.value, self.currency)

    @classmethod
    def of(cls, money: Money) -> MoneyBody:
        return cls(currency=money.currency, value=money.to_major_string())
