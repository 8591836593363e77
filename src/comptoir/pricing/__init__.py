"""Pricing: dated reference exchange rates, and the indicative price shown in another currency.

Other capabilities and the demo reach pricing through these names only:

- the use cases, each ``verb(uow, *, ...)`` inside the caller's unit of work: :func:`load_rates`,
  :func:`latest_rate`, :func:`indicative_price`, the locked quotes :func:`quote_fx` and :func:`fx_quote`
  (rate, spread, expiry); and :func:`shipped_rates`, the rates Comptoir ships;
- what they take and give: :class:`FxRate`, :class:`IndicativePrice`, :class:`LoadReport`,
  :class:`FxQuote`;
- the refusals :class:`FxRatesInvalid` (``fx_rates_invalid``), :class:`NoFxRate` (``no_fx_rate``) and
  :class:`FxQuoteNotFound` (``fx_quote_not_found``).

The entry points assemble ``cli_app``; no capability uses it.
"""

from comptoir.pricing.cli import app as cli_app
from comptoir.pricing.domain import DEFAULT_SPREAD_BPS, FxQuote, FxRate, IndicativePrice, LoadReport, parse_rates
from comptoir.pricing.errors import FxQuoteNotFound, FxRatesInvalid, NoFxRate
from comptoir.pricing.services import fx_quote, indicative_price, latest_rate, load_rates, quote_fx, shipped_rates

__all__ = [
    "DEFAULT_SPREAD_BPS",
    "FxQuote",
    "FxQuoteNotFound",
    "FxRate",
    "FxRatesInvalid",
    "IndicativePrice",
    "LoadReport",
    "NoFxRate",
    "cli_app",
    "fx_quote",
    "indicative_price",
    "latest_rate",
    "load_rates",
    "parse_rates",
    "quote_fx",
    "shipped_rates",
]
