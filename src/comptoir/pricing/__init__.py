"""Pricing: dated reference exchange rates, indicative prices and locked quotes, coupons, price lists per market.

Other capabilities and the demo reach pricing through these names only:

- the use cases, each ``verb(uow, *, ...)`` inside the caller's unit of work: :func:`load_rates`,
  :func:`latest_rate`, :func:`indicative_price`, the locked quotes :func:`quote_fx` and :func:`fx_quote`
  (rate, spread, expiry); and :func:`shipped_rates`, the rates Comptoir ships;
- coupons, which take a percentage or an amount off the goods only: :func:`create_coupon`, :func:`coupon`,
  :func:`coupon_discount` (what it takes off, or why it does not apply), :func:`redeem_coupon` (one conditional
  update: a single-use coupon is used once however many race for it; idempotent per redemption id) and
  :func:`release_coupon` (a cancelled order gives it back). Pricing sits below the catalog and cannot tell who
  runs a store: the caller (the orders capability's API) checks that the principal may make a coupon for its
  store, with ``catalog.authorize_store_operator``; pricing only keeps coupons for every store to the platform
  operator;
- price lists per market: :func:`set_market_price` and :func:`market_prices` (``CN`` in CNY, ``FR`` in EUR;
  a SKU without a market price is absent, and checkout converts its euro price at the locked quote);
- what they take and give: :class:`FxRate`, :class:`IndicativePrice`, :class:`LoadReport`, :class:`FxQuote`,
  :class:`Coupon`, and the bounds :data:`MARKET_CURRENCIES`, :data:`MAX_MARKET_PRICE_MINOR`;
- the refusals :class:`FxRatesInvalid` (``fx_rates_invalid``), :class:`NoFxRate` (``no_fx_rate``),
  :class:`FxQuoteNotFound` (``fx_quote_not_found``), :class:`CouponInvalid` (``coupon_invalid``),
  :class:`CouponNotAllowed` (``coupon_not_allowed``), :class:`CouponExists` (``coupon_exists``),
  :class:`CouponNotValid` (``coupon_<reason>``, ``reason`` one of :data:`COUPON_REASONS`),
  :class:`CouponExhausted` (``coupon_exhausted``) and :class:`MarketPriceInvalid` (``market_price_invalid``).

The entry points assemble ``cli_app``; no capability uses it.
"""

from comptoir.pricing.cli import app as cli_app
from comptoir.pricing.domain import (
    DEFAULT_SPREAD_BPS,
    MARKET_CURRENCIES,
    MAX_MARKET_PRICE_MINOR,
    Coupon,
    FxQuote,
    FxRate,
    IndicativePrice,
    LoadReport,
    parse_rates,
)
from comptoir.pricing.errors import (
    COUPON_REASONS,
    CouponExhausted,
    CouponExists,
    CouponInvalid,
    CouponNotAllowed,
    CouponNotValid,
    FxQuoteNotFound,
    FxRatesInvalid,
    MarketPriceInvalid,
    NoFxRate,
)
from comptoir.pricing.services import (
    coupon,
    coupon_discount,
    create_coupon,
    fx_quote,
    indicative_price,
    latest_rate,
    load_rates,
    market_prices,
    quote_fx,
    redeem_coupon,
    release_coupon,
    set_market_price,
    shipped_rates,
)

__all__ = [
    "COUPON_REASONS",
    "DEFAULT_SPREAD_BPS",
    "MARKET_CURRENCIES",
    "MAX_MARKET_PRICE_MINOR",
    "Coupon",
    "CouponExhausted",
    "CouponExists",
    "CouponInvalid",
    "CouponNotAllowed",
    "CouponNotValid",
    "FxQuote",
    "FxQuoteNotFound",
    "FxRate",
    "FxRatesInvalid",
    "IndicativePrice",
    "LoadReport",
    "MarketPriceInvalid",
    "NoFxRate",
    "cli_app",
    "coupon",
    "coupon_discount",
    "create_coupon",
    "fx_quote",
    "indicative_price",
    "latest_rate",
    "load_rates",
    "market_prices",
    "parse_rates",
    "quote_fx",
    "redeem_coupon",
    "release_coupon",
    "set_market_price",
    "shipped_rates",
]
