"""The pricing capability's public names are pinned: the catalog's storefront, checkout and the demo reach it
through these, and through nothing else (import-linter's protected contract says so)."""

from __future__ import annotations

import comptoir.pricing

PUBLIC = [
    # what the entry points assemble
    "cli_app",
    # the use cases, and the rates Comptoir ships
    "indicative_price",
    "latest_rate",
    "load_rates",
    "shipped_rates",
    # locked quotes with a spread and an expiry (payments and checkout)
    "quote_fx",
    "fx_quote",
    "DEFAULT_SPREAD_BPS",
    "FxQuote",
    "FxQuoteNotFound",
    # coupons on the goods (checkout), and price lists per market
    "create_coupon",
    "coupon",
    "coupon_discount",
    "redeem_coupon",
    "release_coupon",
    "Coupon",
    "COUPON_REASONS",
    "set_market_price",
    "market_prices",
    "MARKET_CURRENCIES",
    "MAX_MARKET_PRICE_MINOR",
    # what they take and give
    "FxRate",
    "IndicativePrice",
    "LoadReport",
    "parse_rates",
    # the refusals
    "FxRatesInvalid",
    "NoFxRate",
    "CouponInvalid",
    "CouponNotAllowed",
    "CouponExists",
    "CouponNotValid",
    "CouponExhausted",
    "MarketPriceInvalid",
]


def test_the_pricing_public_names_are_exactly_these() -> None:
    assert sorted(comptoir.pricing.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(comptoir.pricing, name) is not None
