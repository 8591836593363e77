"""Errors of the pricing capability.

ComptoirError
 ├── InvalidInput (422)
 │    └── FxRatesInvalid     fx_rates_invalid   a rate file with bad lines (each named); nothing was loaded
 └── NotFound (404)
      └── NoFxRate           no_fx_rate         no rate for the pair on or before the day asked
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from comptoir.kernel.errors import N_, InvalidInput, NotFound


@dataclass(frozen=True, slots=True)
class RateProblem:
    """One bad line of a rate file: its number (1 is the first line; 0 the file itself) and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


class FxRatesInvalid(InvalidInput):
    """A rate file with at least one bad line; ``problems`` lists every one of them. Nothing was loaded."""

    code = "fx_rates_invalid"
    title = N_("Invalid exchange rates")
    sentence = N_("The exchange-rate file has problems; nothing was loaded. Each problem is listed with its line.")

    def __init__(self, problems: list[RateProblem]) -> None:
        first = str(problems[0]) if problems else "no details"
        super().__init__(f"{len(problems)} problem(s) in the rates; first: {first}")
        self.problems = list(problems)


class NoFxRate(NotFound):
    """No reference rate for the pair is known on or before the day asked."""

    code = "no_fx_rate"
    title = N_("No exchange rate")
    sentence = N_("No exchange rate is known for this currency on this day.")

    def __init__(self, base: str, quote: str, on: date) -> None:
        super().__init__(f"no {base}/{quote} rate on or before {on.isoformat()}")
        self.base = base
        self.quote = quote
        self.on = on


class FxQuoteNotFound(NotFound):
    """No quote with this id."""

    code = "fx_quote_not_found"
    title = N_("No such exchange-rate quote")
    sentence = N_("This exchange-rate quote does not exist.")
