"""Use cases of the pricing capability: dated reference rates, and indicative prices in another currency.

Each runs inside the caller's unit of work and never commits: an entry point runs one with
``transact(runtime, lambda uow: ...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from comptoir.kernel.money import Money, check_currency
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.pricing import repository
from comptoir.pricing.domain import FxRate, IndicativePrice, LoadReport, parse_rates, rate_problems
from comptoir.pricing.errors import FxRatesInvalid, NoFxRate, RateProblem

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


async def stored_pairs(uow: UnitOfWork) -> list[tuple[str, str, date, date, int]]:
    """Each stored pair (base, quote) with its first and last day and its number of days."""
    return await repository.rate_days(uow.session)
