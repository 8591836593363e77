"""Use cases of the pricing capability: dated reference rates, indicative prices and locked quotes in another
currency, coupons, and price lists per market.

Each runs inside the caller's unit of work and never commits: an entry point runs one with
``transact(runtime, lambda uow: ...)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money, MoneyError, check_currency
from comptoir.kernel.principal import Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.pricing import repository
from comptoir.pricing.domain import (
    DEFAULT_SPREAD_BPS,
    MARKET_CURRENCIES,
    MAX_COUPON_AMOUNT_MINOR,
    MAX_COUPON_REDEMPTIONS,
    MAX_MARKET_PRICE_MINOR,
    Coupon,
    FxQuote,
    FxRate,
    IndicativePrice,
    LoadReport,
    parse_rates,
    quoted_rate,
    rate_problems,
)
from comptoir.pricing.errors import (
    CouponExhausted,
    CouponExists,
    CouponInvalid,
    CouponNotAllowed,
    CouponNotValid,
    FxQuoteNotFound,
    FxRatesInvalid,
    MarketPriceInvalid,
    NoFxRate,
    RateProblem,
)

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


# --- coupons ------------------------------------------------------------------------------------------------

_COUPON_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{2,39}$")
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}$")


def normalise_coupon_code(code: object) -> str | None:
    """A coupon code as stored (upper case, trimmed), or None when it cannot be one: 3 to 40 letters,
    digits, ``_`` and ``-``."""
    if not isinstance(code, str):
        return None
    normal = code.strip().upper()
    return normal if _COUPON_CODE.match(normal) else None


def _amount(value: object, field: str) -> Money | None:
    if value is None:
        return None
    if not isinstance(value, Money) or not 0 < value.minor <= MAX_COUPON_AMOUNT_MINOR:
        raise CouponInvalid(f"{field} must be an amount more than zero and at most 100,000.00", field=field)
    return value


async def create_coupon(
    uow: UnitOfWork,
    principal: Principal,
    *,
    code: str,
    store_id: str | None,
    percent_off: int | None = None,
    amount_off: Money | None = None,
    min_goods: Money | None = None,
    max_redemptions: int = 1,
    valid_from: date,
    valid_to: date | None = None,
) -> Coupon:
    """Make a coupon ``code`` taking ``percent_off`` (1 to 100) or ``amount_off`` off the goods of ``store_id``
    (None: every store), from ``min_goods`` if set, at most ``max_redemptions`` times, from ``valid_from`` to
    ``valid_to`` (inclusive).

    Who may make one is decided above pricing, which cannot see stores: the caller checks that ``principal``
    runs ``store_id`` (``catalog.authorize_store_operator``, from the orders capability's API) before calling.
    Pricing itself refuses a coupon for every store (``store_id`` None) to anyone but the platform operator
    (:class:`CouponNotAllowed`), and records who made each one. A code already used is :class:`CouponExists`.
    """
    normal = normalise_coupon_code(code)
    if normal is None:
        raise CouponInvalid("a coupon code is 3 to 40 letters, digits, _ or -", field="code")
    if store_id is not None and (not isinstance(store_id, str) or not _KEY.match(store_id)):
        raise CouponInvalid("store_id is not a store id", field="store_id")
    if (percent_off is None) == (amount_off is None):
        raise CouponInvalid("a coupon takes either a percentage or an amount off", field="percent_off")
    if percent_off is not None and (
        isinstance(percent_off, bool) or not isinstance(percent_off, int) or not 1 <= percent_off <= 100
    ):
        raise CouponInvalid("percent_off is a whole number from 1 to 100", field="percent_off")
    off = _amount(amount_off, "amount_off")
    minimum = _amount(min_goods, "min_goods")
    if off is not None and minimum is not None and off.currency != minimum.currency:
        raise CouponInvalid("amount_off and min_goods are in different currencies", field="min_goods")
    if (
        isinstance(max_redemptions, bool)
        or not isinstance(max_redemptions, int)
        or not 1 <= max_redemptions <= MAX_COUPON_REDEMPTIONS
    ):
        raise CouponInvalid(f"max_redemptions is from 1 to {MAX_COUPON_REDEMPTIONS}", field="max_redemptions")
    if not isinstance(valid_from, date) or (valid_to is not None and not isinstance(valid_to, date)):
        raise CouponInvalid("valid_from and valid_to are dates", field="valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise CouponInvalid("valid_to is before valid_from", field="valid_to")
    if store_id is None and not principal.is_platform_operator:
        raise CouponNotAllowed("only the platform operator makes a coupon valid in every store")
    if await repository.coupon_by_code(uow.session, normal) is not None:
        raise CouponExists(f"a coupon {normal!r} exists")
    coupon = Coupon(
        code=normal,
        store_id=store_id,
        percent_off=percent_off,
        amount_off=off,
        min_goods=minimum,
        max_redemptions=max_redemptions,
        redeemed=0,
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=principal.organisation_id,
        created_at=uow.clock.now(),
    )
    await repository.insert_coupon(uow.session, coupon)
    return coupon


async def _coupon_or_unknown(uow: UnitOfWork, code: str) -> Coupon:
    normal = normalise_coupon_code(code)
    found = await repository.coupon_by_code(uow.session, normal) if normal is not None else None
    if found is None:
        raise CouponNotValid("no such coupon", reason="unknown")
    return found


def _refuse(coupon: Coupon, reason: str) -> CouponNotValid:
    if reason == "exhausted":
        return CouponExhausted(f"coupon {coupon.code} has been redeemed {coupon.redeemed} times, its limit")
    extra: dict[str, object] = {}
    if reason == "below_minimum" and coupon.min_goods is not None:
        extra["minimum"] = str(coupon.min_goods)
    details = {
        "expired": f"coupon {coupon.code} ended on {coupon.valid_to}",
        "not_yet_valid": f"coupon {coupon.code} starts on {coupon.valid_from}",
        "wrong_store": f"coupon {coupon.code} is for another store",
        "currency": f"coupon {coupon.code} is in {coupon.currency}",
        "below_minimum": f"coupon {coupon.code} applies from {coupon.min_goods}",
    }
    return CouponNotValid(details.get(reason, reason), reason=reason, **extra)


async def coupon(uow: UnitOfWork, *, code: str) -> Coupon:
    """The coupon ``code`` (any case), or :class:`CouponNotValid` with reason ``unknown``."""
    return await _coupon_or_unknown(uow, code)


async def coupon_discount(uow: UnitOfWork, *, code: str, store_id: str, goods: Money, on: date) -> Money:
    """What coupon ``code`` takes off ``goods`` (the goods only: never freight, taxes or duty) in ``store_id``
    on ``on``: a percentage rounded half-up to the minor unit, or an amount off, never more than the goods.

    Raises :class:`CouponNotValid` whose ``reason`` (and code ``coupon_<reason>``) says why it does not apply:
    ``unknown``, ``not_yet_valid``, ``expired``, ``wrong_store``, ``currency``, ``below_minimum``, or
    ``exhausted`` (:class:`CouponExhausted`). Reads only: :func:`redeem_coupon` takes the redemption.
    """
    if not isinstance(goods, Money) or goods.minor < 0:
        raise MoneyError("goods are an amount of money, zero or more")
    found = await _coupon_or_unknown(uow, code)
    reason = found.refusal(store_id=store_id, goods=goods, on=on)
    if reason is not None:
        raise _refuse(found, reason)
    return found.discount(goods)


async def redeem_coupon(uow: UnitOfWork, *, code: str, redemption_id: str) -> None:
    """Take one redemption of coupon ``code`` for ``redemption_id`` (an order id): one conditional UPDATE
    (``redeemed = redeemed + 1 WHERE redeemed < max_redemptions``, and valid today), so 50 buyers racing for a
    single-use coupon get it once. The same ``redemption_id`` again changes nothing (idempotent).

    Raises :class:`CouponExhausted` when none is left, :class:`CouponNotValid` when it is unknown or outside
    its dates. Store, currency and minimum are checked by :func:`coupon_discount`, which checkout calls first.
    """
    if not isinstance(redemption_id, str) or not _KEY.match(redemption_id):
        raise CouponInvalid("redemption_id is not an identifier", field="redemption_id")
    found = await _coupon_or_unknown(uow, code)
    if await repository.redemption_exists(uow.session, found.code, redemption_id):
        return
    today = uow.clock.now().date()
    if not await repository.take_redemption(uow.session, found.code, on=today):
        current = await _coupon_or_unknown(uow, found.code)
        if today < current.valid_from:
            raise _refuse(current, "not_yet_valid")
        if current.valid_to is not None and today > current.valid_to:
            raise _refuse(current, "expired")
        raise _refuse(current, "exhausted")
    # Two requests with one redemption id racing: the second insert meets the first's key, the unit of work
    # runs again and finds the redemption made.
    await repository.insert_redemption(uow.session, found.code, redemption_id, uow.clock.now())


async def release_coupon(uow: UnitOfWork, *, code: str, redemption_id: str) -> bool:
    """Give back the redemption ``redemption_id`` of coupon ``code`` (a cancelled order); whether one was given
    back. Idempotent: releasing again, or what was never redeemed, changes nothing."""
    normal = normalise_coupon_code(code)
    if normal is None or not isinstance(redemption_id, str):
        return False
    return await repository.give_back_redemption(uow.session, normal, redemption_id)


# --- price lists per market ---------------------------------------------------------------------------------


def _market(market: object) -> str:
    if not isinstance(market, str) or market not in MARKET_CURRENCIES:
        raise MarketPriceInvalid(f"market {market!r} is not one of {', '.join(MARKET_CURRENCIES)}", field="market")
    return market


async def set_market_price(uow: UnitOfWork, *, sku_id: str, market: str, price: Money) -> Money:
    """Set the price of ``sku_id`` in ``market`` (``CN``, in CNY; ``FR``, in EUR): more than zero, at most
    100,000.00 (:data:`MAX_MARKET_PRICE_MINOR`). Setting it again replaces it.

    Who may set a SKU's price is decided above pricing (the catalog knows who sells the SKU): the caller
    checks before calling.
    """
    market = _market(market)
    if not isinstance(sku_id, str) or not _KEY.match(sku_id):
        raise MarketPriceInvalid("sku_id is not a SKU id", field="sku_id")
    if not isinstance(price, Money):
        raise MarketPriceInvalid("the price is an amount of money", field="price")
    if price.currency != MARKET_CURRENCIES[market]:
        raise MarketPriceInvalid(
            f"prices in {market} are in {MARKET_CURRENCIES[market]}, not {price.currency}", field="price"
        )
    if not 0 < price.minor <= MAX_MARKET_PRICE_MINOR:
        raise MarketPriceInvalid("the price is more than zero and at most 100,000.00", field="price")
    await repository.upsert_market_price(uow.session, sku_id=sku_id, market=market, price=price, now=uow.clock.now())
    return price


async def market_prices(uow: UnitOfWork, *, sku_ids: Sequence[str], market: str) -> dict[str, Money]:
    """The price of each of ``sku_ids`` in ``market``; a SKU without one is absent (checkout then converts the
    catalog's euro price at its locked FX quote)."""
    market = _market(market)
    wanted = sorted({s for s in sku_ids if isinstance(s, str)})
    if not wanted:
        return {}
    return await repository.market_prices_of(uow.session, sku_ids=wanted, market=market)
