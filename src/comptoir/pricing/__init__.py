"""Pricing: dated reference exchange rates, and the indicative price shown in another currency.

Other capabilities and the demo reach pricing through these names only:

- the use cases, each ``verb(uow, *, ...)`` inside the caller's unit of work: :func:`load_rates`,
  :func:`latest_rate` and :func:`indicative_price`; and :func:`shipped_rates`, the rates Comptoir ships;
- what they take and give: :class:`FxRate`, :class:`IndicativePrice`, :class:`LoadReport`;
- the refusals :class:`FxRatesInvalid` (``fx_rates_invalid``) and :class:`NoFxRate` (``no_fx_rate``).

The entry points assemble ``cli_app``; no capability uses it.
"""

from comptoir.pricing.cli import app as cli_app
from comptoir.pricing.domain import FxRate, IndicativePrice, LoadReport, parse_rates
from comptoir.pricing.errors import FxRatesInvalid, NoFxRate
from comptoir.pricing.services import indicative_price, latest_rate, load_rates, shipped_rates

__all__ = [
    "FxRate",
    "FxRatesInvalid",
    "IndicativePrice",
    "LoadReport",
    "NoFxRate",
    "cli_app",
    "indicative_price",
    "latest_rate",
    "load_rates",
    "parse_rates",
    "shipped_rates",
]
