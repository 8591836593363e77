"""Use cases of the pricing capability: dated reference rates, and indicative prices in another currency.

Each runs inside the caller's unit of work and never commits: an entry point runs one with
``transact(runtime, lambda uow: ...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money, MoneyError, check_currency
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.pricing import repository
from comptoir.pricing.domain import (
    DEFAULT_SPREAD_BPS,
    FxQuote,
    FxRate,
    IndicativePrice,
    LoadReport,
    parse_rates,
    quoted_rate,
    rate_problems,
)
from comptoir.pricing.errors import FxQuoteNotFound, FxRatesInvalid, NoFxRate, RateProblem

SHIPPED_RATES = Path(__file__).resolve().parent / "data" / "fx_rates.csv"


def read_rates_file(path: Path) -> list[FxRate]:
    """The rates of the file at ``path`` (UTF-8), every line checked; :class:`FxRatesInvalid` names each bad one."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FxRatesInvalid([RateProblem(0, f"cannot read {path}: {exc}")]) from exc
    return parse_rates(text)


def shipped_rates() -> list[FxRate]:
    """The reference rates shipped with Comptoir (``pricing/data/fx_rates.csv``), which the demo loads."""
    return read_rates_file(SHIPPED_RATES)


async def load_rates(uow: UnitOfWork, *, rows: Sequence[FxRate]) -> LoadReport:
    """Store ``rows`` (checked already, e.g. by :func:`read_rates_file`); a rate given again for the same pair
    and day replaces the stored one (a correction), the same rate again changes nothing."""
    seen: set[tuple[str, str, date]] = set()
    problems = []
    for position, rate in enumerate(rows, start=1):
        key = (rate.base, rate.quote, rate.day)
        if key in seen:
            problems.append(RateProblem(position, f"{rate.base}/{rate.quote} on {rate.day} is given twice"))
        seen.add(key)
        problems.extend(RateProblem(position, reason) for reason in rate_problems(rate))
    if problems:
        raise FxRatesInvalid(problems)
    return await repository.store_rates(uow.session, list(rows))


async def latest_rate(uow: UnitOfWork, *, base: str, quote: str, on: date) -> FxRate:
    """The reference rate of ``base``/``quote`` on ``on``, or of the latest day before it that has one."""
    rate = await repository.latest_rate(uow.session, base=check_currency(base), quote=check_currency(quote), on=on)
    if rate is None:
        raise NoFxRate(base, quote, on)
    return rate


async def indicative_price(uow: UnitOfWork, *, amount: Money, to_currency: str, on: date) -> IndicativePrice:
    """``amount`` in ``to_currency`` at the latest reference rate on or before ``on``, rounded half-up to the
    minor unit (raises :class:`NoFxRate`, ``no_fx_rate``, when there is none).

    This is the indicative price the Chinese storefront shows beside the euro price: it moves with the
    reference rate and promises nothing. The price a buyer pays is quoted at checkout by checkout and
    payments, with their spread and an expiry, and locked for the order (refunds use that locked rate).
    """
    check_currency(to_currency)
    if amount.currency == to_currency:
        return IndicativePrice(amount=amount, rate=Decimal(1), rate_date=on)
    rate = await latest_rate(uow, base=amount.currency, quote=to_currency, on=on)
    return IndicativePrice(amount=rate.convert(amount), rate=rate.rate, rate_date=rate.day)


#: How long a quote holds by default, and at most.
DEFAULT_QUOTE_VALIDITY = timedelta(minutes=10)
MAX_QUOTE_VALIDITY = timedelta(hours=24)


async def quote_fx(
    uow: UnitOfWork,
    *,
    amount: Money,
    to_currency: str,
    spread_bps: int = DEFAULT_SPREAD_BPS,
    valid_for: timedelta = DEFAULT_QUOTE_VALIDITY,
) -> FxQuote:
    """Lock the price of ``amount`` in ``to_currency``: today's reference rate (or the latest before) plus
    ``spread_bps``, holding for ``valid_for`` from now. The quote is stored; :func:`fx_quote` reads it back.

    Raises :class:`NoFxRate` when no rate is known, ``MoneyError`` for a spread or validity out of range.
    """
    check_currency(to_currency)
    if amount.currency == to_currency:
        raise MoneyError(f"a quote converts between two currencies; both are {to_currency}")
    if amount.minor <= 0:
        raise MoneyError("a quote is for a positive amount")
    if not timedelta(seconds=1) <= valid_for <= MAX_QUOTE_VALIDITY:
        raise MoneyError("a quote holds between one second and 24 hours")
    now = uow.clock.now()
    reference = await latest_rate(uow, base=amount.currency, quote=to_currency, on=now.date())
    rate = quoted_rate(reference.rate, spread_bps)
    quote = FxQuote(
        id=new_id("fxq"),
        base=amount.currency,
        quote=to_currency,
        reference_rate=reference.rate,
        spread_bps=spread_bps,
        rate=rate,
        rate_date=reference.day,
        amount=amount,
        converted=Money.from_decimal_rounded(amount.to_decimal() * rate, to_currency),
        created_at=now,
        expires_at=now + valid_for,
    )
    await repository.insert_quote(uow.session, quote)
    return quote


async def fx_quote(uow: UnitOfWork, *, quote_id: str) -> FxQuote:
    """The stored quote ``quote_id`` (expired or not: the caller decides what an expired quote means)."""
    found = await repository.quote_by_id(uow.session, quote_id)
    if found is None:
        raise FxQuoteNotFound(f"no exchange-rate quote {quote_id!r}")
    return found


async def stored_pairs(uow: UnitOfWork) -> list[tuple[str, str, date, date, int]]:
    """Each stored pair (base, quote) with its first and last day and its number of days."""
    return await repository.rate_days(uow.session)
