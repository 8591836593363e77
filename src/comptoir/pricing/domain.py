"""Reference exchange rates by day, and the indicative price a storefront shows in the buyer's currency.

A rate says how many units of ``quote`` one unit of ``base`` is worth on ``day`` (EUR/CNY 7.8600: one euro
is 7.86 yuan). Rates are Decimals, amounts integer minor units (:class:`~comptoir.kernel.money.Money`):
nothing here is ever a float. A rate file (Comptoir ships ``pricing/data/fx_rates.csv``)::

    # comment lines are allowed
    date,base,quote,rate
    2026-11-02,EUR,CNY,8.0113

is read by :func:`parse_rates`, which checks every line (a date, two ISO 4217 currencies that differ, a
positive rate with 4 to 6 decimals, no pair twice on one day) and raises :class:`FxRatesInvalid` naming
every bad line; a file with any bad line loads nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from comptoir.kernel.money import Money, MoneyError, check_currency
from comptoir.pricing.errors import FxRatesInvalid, RateProblem

COLUMNS = ("date", "base", "quote", "rate")

_RATE = re.compile(r"^\d{1,6}\.\d{4,6}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class FxRate:
    """One unit of ``base`` is worth ``rate`` units of ``quote`` on ``day`` (and after, until the next rate)."""

    day: date
    base: str
    quote: str
    rate: Decimal

    def convert(self, amount: Money) -> Money:
        """``amount`` (in ``base``) in ``quote``, rounded half-up to the quote currency's minor unit."""
        if amount.currency != self.base:
            raise MoneyError(f"a {self.base}/{self.quote} rate converts {self.base}, not {amount.currency}")
        return Money.from_decimal_rounded(amount.to_decimal() * self.rate, self.quote)


@dataclass(frozen=True, slots=True)
class IndicativePrice:
    """A price shown in another currency: the converted ``amount``, the ``rate`` used and the day it is from.

    Indicative only: the price a buyer pays is locked at checkout with the payment's own quote.
    """

    amount: Money
    rate: Decimal
    rate_date: date


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What loading rates changed: new (day, pair) rows, rows whose rate was corrected, rows already there."""

    inserted: int
    updated: int
    unchanged: int


def rate_problems(rate: FxRate) -> list[str]:
    """Why ``rate`` cannot be stored (empty when it can): currencies, a positive finite rate of at most 6 decimals."""
    reasons = []
    for name, currency in (("base", rate.base), ("quote", rate.quote)):
        try:
            check_currency(currency)
        except MoneyError:
            reasons.append(f"{name} {currency!r} is not an ISO 4217 currency such as EUR or CNY")
    if rate.base == rate.quote:
        reasons.append(f"base and quote are both {rate.base}")
    if not isinstance(rate.rate, Decimal) or not rate.rate.is_finite() or rate.rate <= 0:
        reasons.append(f"rate {rate.rate!r} must be a Decimal more than 0")
    elif rate.rate != rate.rate.quantize(Decimal("0.000001")) or len(str(rate.rate)) > 24:
        reasons.append(f"rate {rate.rate} has more than 6 decimals")
    return reasons


def parse_rates(text: str) -> list[FxRate]:
    """Every rate of a rate file's ``text``, or :class:`FxRatesInvalid` naming each bad line (1 is the first)."""
    problems: list[RateProblem] = []
    rates: list[FxRate] = []
    seen: dict[tuple[date, str, str], int] = {}
    header_seen = False
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in next(csv.reader(io.StringIO(line)))]
        if not header_seen:
            header_seen = True
            if tuple(cells) != COLUMNS:
                problems.append(RateProblem(number, f"the header must be {','.join(COLUMNS)}"))
            continue
        rate = _read_line(number, cells, problems)
        if rate is None:
            continue
        key = (rate.day, rate.base, rate.quote)
        if key in seen:
            problems.append(
                RateProblem(number, f"{rate.base}/{rate.quote} on {rate.day} is already on line {seen[key]}")
            )
            continue
        seen[key] = number
        rates.append(rate)
    if not header_seen:
        problems.append(RateProblem(max(1, len(lines)), f"no header line {','.join(COLUMNS)}"))
    elif not rates and not problems:
        problems.append(RateProblem(len(lines), "the file has no rate"))
    if problems:
        raise FxRatesInvalid(problems)
    return rates


def _read_line(number: int, cells: list[str], problems: list[RateProblem]) -> FxRate | None:
    if len(cells) != len(COLUMNS):
        problems.append(
            RateProblem(number, f"expected {len(COLUMNS)} columns (date,base,quote,rate), got {len(cells)}")
        )
        return None
    day_text, base, quote, rate_text = cells
    reasons: list[str] = []
    day: date | None = None
    try:
        if not _DAY.match(day_text):
            raise ValueError
        day = date.fromisoformat(day_text)
    except ValueError:
        reasons.append(f"date {day_text!r} is not a date YYYY-MM-DD")
    for name, currency in (("base", base), ("quote", quote)):
        try:
            check_currency(currency)
        except MoneyError:
            reasons.append(f"{name} {currency!r} is not an ISO 4217 currency such as EUR or CNY")
    if base == quote:
        reasons.append(f"base and quote are both {base}")
    if not _RATE.match(rate_text):
        reasons.append(f"rate {rate_text!r} is not a decimal with 4 to 6 decimals, e.g. 7.8612")
    elif Decimal(rate_text) <= 0:
        reasons.append(f"rate {rate_text} must be more than 0")
    if reasons or day is None:
        problems.extend(RateProblem(number, reason) for reason in reasons)
        return None
    return FxRate(day=day, base=base, quote=quote, rate=Decimal(rate_text))


#: The spread added to the reference rate when a buyer pays in another currency, in basis points (0.50 %).
DEFAULT_SPREAD_BPS = 50
#: The most a spread may be (10 %): anything higher is a typing mistake, not a price.
MAX_SPREAD_BPS = 1_000
#: Decimals a quoted rate keeps (the reference rates have 4 to 6).
QUOTE_RATE_PLACES = 6


def quoted_rate(reference: Decimal, spread_bps: int) -> Decimal:
    """The rate a buyer gets: the reference rate plus the spread, rounded half-up to 6 decimals."""
    if isinstance(spread_bps, bool) or not isinstance(spread_bps, int) or not 0 <= spread_bps <= MAX_SPREAD_BPS:
        raise MoneyError(f"a spread is a whole number of basis points between 0 and {MAX_SPREAD_BPS}")
    raw = reference * (Decimal(10_000 + spread_bps) / Decimal(10_000))
    return raw.quantize(Decimal(1).scaleb(-QUOTE_RATE_PLACES), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class FxQuote:
    """A locked price in another currency: ``amount`` (in ``base``) costs ``converted`` (in ``quote``).

    ``rate`` is the reference rate of ``rate_date`` plus ``spread_bps``; the quote holds until
    ``expires_at``. Refunds of what was paid at this quote use :meth:`convert` with the same rate.
    """

    id: str
    base: str
    quote: str
    reference_rate: Decimal
    spread_bps: int
    rate: Decimal
    rate_date: date
    amount: Money
    converted: Money
    created_at: datetime
    expires_at: datetime

    def convert(self, amount: Money) -> Money:
        """``amount`` (in ``base``) at this quote's locked rate, rounded half-up to the minor unit."""
        if amount.currency != self.base:
            raise MoneyError(f"this quote converts {self.base}, not {amount.currency}")
        return Money.from_decimal_rounded(amount.to_decimal() * self.rate, self.quote)

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


#: The currency a price list of each market is in: the Chinese storefront sells in yuan, the French one in euros.
MARKET_CURRENCIES = {"CN": "CNY", "FR": "EUR"}
#: The highest price a SKU may have in a market, in the market currency's minor units (100,000.00), as the
#: catalog caps euro prices; more is a typing mistake.
MAX_MARKET_PRICE_MINOR = 10_000_000
#: The most any coupon may take off, and the highest minimum of goods it may ask, in minor units (100,000.00).
MAX_COUPON_AMOUNT_MINOR = 10_000_000
#: The most times one coupon may be redeemed.
MAX_COUPON_REDEMPTIONS = 1_000_000


@dataclass(frozen=True, slots=True)
class Coupon:
    """A code that takes ``percent_off`` (1 to 100) or ``amount_off`` off the goods (never the freight or
    taxes), in one store (``store_id``) or, when None, in every store; from ``min_goods`` of goods if set,
    ``max_redemptions`` times in all, from ``valid_from`` to ``valid_to`` (inclusive; None: no end)."""

    code: str
    store_id: str | None
    percent_off: int | None
    amount_off: Money | None
    min_goods: Money | None
    max_redemptions: int
    redeemed: int
    valid_from: date
    valid_to: date | None
    created_by: str
    created_at: datetime

    @property
    def currency(self) -> str | None:
        """The currency the coupon is bound to (by its amount off or its minimum), or None for a bare percentage."""
        for amount in (self.amount_off, self.min_goods):
            if amount is not None:
                return amount.currency
        return None

    @property
    def remaining(self) -> int:
        return self.max_redemptions - self.redeemed

    def refusal(self, *, store_id: str, goods: Money, on: date) -> str | None:
        """Why the coupon does not apply to ``goods`` in ``store_id`` on ``on`` (a reason code), or None."""
        if on < self.valid_from:
            return "not_yet_valid"
        if self.valid_to is not None and on > self.valid_to:
            return "expired"
        if self.store_id is not None and self.store_id != store_id:
            return "wrong_store"
        if self.currency is not None and self.currency != goods.currency:
            return "currency"
        if self.min_goods is not None and goods < self.min_goods:
            return "below_minimum"
        if self.redeemed >= self.max_redemptions:
            return "exhausted"
        return None

    def discount(self, goods: Money) -> Money:
        """What the coupon takes off ``goods``: the percentage rounded half-up to the minor unit, or the
        amount off; never more than the goods themselves."""
        if self.percent_off is not None:
            off = goods.multiply(Decimal(self.percent_off) / Decimal(100))
        else:
            assert self.amount_off is not None
            off = self.amount_off
        return off if off <= goods else goods
