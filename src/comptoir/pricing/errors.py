"""Errors of the pricing capability.

ComptoirError
 ├── InvalidInput (422)
 │    ├── FxRatesInvalid     fx_rates_invalid   a rate file with bad lines (each named); nothing was loaded
 │    ├── CouponInvalid      coupon_invalid     a coupon's code, amounts, limit or dates cannot be used
 │    ├── MarketPriceInvalid market_price_invalid  a market that is not CN or FR, a price out of range or in
 │    │                                         another currency than the market's
 │    └── CouponNotValid     coupon_unknown | coupon_expired | coupon_not_yet_valid | coupon_wrong_store |
 │         │                 coupon_below_minimum | coupon_currency   (``reason`` says which)
 │         └── CouponExhausted  coupon_exhausted (409)  every redemption of the coupon is taken
 ├── PermissionDenied (403)
 │    └── CouponNotAllowed   coupon_not_allowed  only the platform operator makes a coupon for every store
 ├── NotFound (404)
 │    ├── NoFxRate           no_fx_rate         no rate for the pair on or before the day asked
 │    └── FxQuoteNotFound    fx_quote_not_found
 └── Conflict (409)
      └── CouponExists       coupon_exists      a coupon with this code exists
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from comptoir.kernel.errors import N_, Conflict, InvalidInput, NotFound, PermissionDenied, declared


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


class CouponInvalid(InvalidInput):
    """A coupon that cannot be made as given; ``field`` names what is wrong. Nothing was stored."""

    code = "coupon_invalid"
    title = N_("Coupon refused")
    sentence = N_("This coupon cannot be made as given; check its code, discount, limit and dates.")

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail, field=field)


class CouponNotAllowed(PermissionDenied):
    code = "coupon_not_allowed"
    title = N_("Coupon not allowed")
    sentence = N_("Only the platform operator makes a coupon valid in every store; name the store.")


class CouponExists(Conflict):
    code = "coupon_exists"
    title = N_("Coupon code taken")
    sentence = N_("A coupon with this code already exists; choose another code.")


#: Why a coupon does not apply, each with its code.
COUPON_REASONS = ("unknown", "expired", "not_yet_valid", "wrong_store", "below_minimum", "currency", "exhausted")


class CouponNotValid(InvalidInput):
    """A coupon that does not apply to these goods; ``reason`` says why (one of :data:`COUPON_REASONS`)."""

    code = "coupon_unknown"
    title = N_("Coupon not valid")
    sentence = N_("This coupon code does not exist; check how it is spelt.")
    codes = declared(
        coupon_expired=N_("This coupon has expired."),
        coupon_not_yet_valid=N_("This coupon cannot be used yet."),
        coupon_wrong_store=N_("This coupon is for another store."),
        coupon_below_minimum=N_("This coupon applies from %(minimum)s of goods."),
        coupon_currency=N_("This coupon is in another currency than the goods."),
    )

    def __init__(self, detail: str, *, reason: str, **extra: object) -> None:
        super().__init__(detail, code=f"coupon_{reason}", reason=reason, **extra)
        self.reason = reason


class CouponExhausted(CouponNotValid):
    """Every redemption of the coupon is taken (a single-use coupon used once, by anyone)."""

    code = "coupon_exhausted"
    status = 409
    sentence = N_("This coupon has been used as many times as it may be.")
    codes = declared()

    def __init__(self, detail: str) -> None:
        super().__init__(detail, reason="exhausted")


class MarketPriceInvalid(InvalidInput):
    """A market price that cannot be set; ``field`` names what is wrong. Nothing was stored."""

    code = "market_price_invalid"
    title = N_("Price refused")
    sentence = N_("A market is CN or FR, and its price is more than zero, in its currency, at most 100,000.00.")

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail, field=field)
