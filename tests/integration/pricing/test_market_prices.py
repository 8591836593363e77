"""Price lists per market: a SKU's price in the Chinese (CNY) and French (EUR) markets; on SQLite and PostgreSQL."""

from __future__ import annotations

from functools import partial

import pytest

from comptoir import pricing
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact


async def test_market_prices_are_set_replaced_and_absent_when_none(runtime: Runtime) -> None:
    cn = partial(pricing.set_market_price, market="CN")
    await transact(runtime, partial(cn, sku_id="sku_a", price=Money.parse("299.00", "CNY")))
    await transact(runtime, partial(cn, sku_id="sku_b", price=Money.parse("88.80", "CNY")))
    await transact(runtime, partial(cn, sku_id="sku_a", price=Money.parse("279.00", "CNY")))
    await transact(
        runtime, partial(pricing.set_market_price, sku_id="sku_a", market="FR", price=Money.parse("35.00", "EUR"))
    )
    found = await transact(runtime, partial(pricing.market_prices, sku_ids=["sku_a", "sku_b", "sku_c"], market="CN"))
    assert found == {"sku_a": Money.parse("279.00", "CNY"), "sku_b": Money.parse("88.80", "CNY")}
    fr = await transact(runtime, partial(pricing.market_prices, sku_ids=["sku_a", "sku_b"], market="FR"))
    assert fr == {"sku_a": Money.parse("35.00", "EUR")}
    assert await transact(runtime, partial(pricing.market_prices, sku_ids=[], market="FR")) == {}


@pytest.mark.parametrize(
    ("market", "price"),
    [
        ("DE", Money.parse("10.00", "EUR")),
        ("cn", Money.parse("10.00", "CNY")),
        ("CN", Money.parse("10.00", "EUR")),  # a market's prices are in its currency
        ("CN", Money.parse("0.00", "CNY")),
        ("CN", Money.parse("-1.00", "CNY")),
        ("CN", Money(pricing.MAX_MARKET_PRICE_MINOR + 1, "CNY")),
    ],
)
async def test_bad_market_prices_are_refused_and_nothing_is_stored(runtime: Runtime, market: str, price: Money) -> None:
    with pytest.raises(pricing.MarketPriceInvalid):
        await transact(runtime, partial(pricing.set_market_price, sku_id="sku_a", market=market, price=price))
    found = await transact(runtime, partial(pricing.market_prices, sku_ids=["sku_a"], market="CN"))
    assert found == {}
