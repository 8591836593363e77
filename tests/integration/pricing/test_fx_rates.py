"""Stored reference rates and indicative prices, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.pricing import (
    FxRate,
    FxRatesInvalid,
    IndicativePrice,
    LoadReport,
    NoFxRate,
    indicative_price,
    latest_rate,
    load_rates,
    parse_rates,
    shipped_rates,
)

RATES = parse_rates(
    "date,base,quote,rate\n"
    "2026-10-29,EUR,CNY,7.9981\n"
    "2026-10-30,EUR,CNY,8.0113\n"  # a Friday
    "2026-11-02,EUR,CNY,8.023456\n"  # the Monday after
    "2026-10-30,CNY,EUR,0.124824\n"
)


async def _price(runtime: Runtime, amount: Money, to_currency: str, on: date) -> IndicativePrice:
    async with runtime.uow() as uow:
        return await indicative_price(uow, amount=amount, to_currency=to_currency, on=on)


async def test_the_price_uses_the_latest_rate_on_or_before_the_day(runtime: Runtime) -> None:
    report = await transact(runtime, lambda uow: load_rates(uow, rows=RATES))
    assert report == LoadReport(inserted=4, updated=0, unchanged=0)
    euros = Money.parse("39.90", "EUR")
    saturday = await _price(runtime, euros, "CNY", date(2026, 10, 31))
    assert saturday == IndicativePrice(
        amount=Money.parse("319.65", "CNY"), rate=Decimal("8.0113"), rate_date=date(2026, 10, 30)
    )
    monday = await _price(runtime, euros, "CNY", date(2026, 11, 2))
    assert monday.rate == Decimal("8.023456")  # every decimal as published, on both databases
    assert monday.amount == Money.parse("320.14", "CNY")  # 320.1358944
    later = await _price(runtime, euros, "CNY", date(2027, 1, 15))
    assert later.rate_date == date(2026, 11, 2)
    back = await _price(runtime, Money.parse("319.65", "CNY"), "EUR", date(2026, 11, 5))
    assert back == IndicativePrice(
        amount=Money.parse("39.90", "EUR"), rate=Decimal("0.124824"), rate_date=date(2026, 10, 30)
    )


async def test_no_rate_before_the_first_day_or_for_another_pair_is_no_fx_rate(runtime: Runtime) -> None:
    await transact(runtime, lambda uow: load_rates(uow, rows=RATES))
    with pytest.raises(NoFxRate) as refused:
        await _price(runtime, Money.parse("1.00", "EUR"), "CNY", date(2026, 10, 28))
    assert refused.value.code == "no_fx_rate" and refused.value.status == 404
    with pytest.raises(NoFxRate):
        await _price(runtime, Money.parse("1.00", "EUR"), "USD", date(2026, 11, 2))
    with pytest.raises(NoFxRate):  # CNY/EUR was published on 2026-10-30 only; no inverse is made up
        await _price(runtime, Money.parse("1.00", "CNY"), "EUR", date(2026, 10, 29))


async def test_a_price_in_its_own_currency_is_itself(runtime: Runtime) -> None:
    price = await _price(runtime, Money.parse("39.90", "EUR"), "EUR", date(2026, 11, 2))
    assert price == IndicativePrice(Money.parse("39.90", "EUR"), Decimal(1), date(2026, 11, 2))


async def test_loading_again_changes_nothing_and_a_corrected_rate_replaces_the_old_one(runtime: Runtime) -> None:
    await transact(runtime, lambda uow: load_rates(uow, rows=RATES))
    again = await transact(runtime, lambda uow: load_rates(uow, rows=RATES))
    assert again == LoadReport(inserted=0, updated=0, unchanged=4)
    corrected = [
        FxRate(date(2026, 10, 30), "EUR", "CNY", Decimal("8.0100")),
        FxRate(date(2026, 11, 3), "EUR", "CNY", Decimal("8.0300")),
    ]
    report = await transact(runtime, lambda uow: load_rates(uow, rows=corrected))
    assert report == LoadReport(inserted=1, updated=1, unchanged=0)
    async with runtime.uow() as uow:
        rate = await latest_rate(uow, base="EUR", quote="CNY", on=date(2026, 10, 31))
    assert rate == FxRate(date(2026, 10, 30), "EUR", "CNY", Decimal("8.0100"))


async def test_rates_are_stored_only_when_the_caller_commits(runtime: Runtime) -> None:
    async with runtime.uow() as uow:
        await load_rates(uow, rows=RATES)
        assert (await latest_rate(uow, base="EUR", quote="CNY", on=date(2026, 11, 2))).day == date(2026, 11, 2)
    async with runtime.uow() as uow:
        with pytest.raises(NoFxRate):
            await latest_rate(uow, base="EUR", quote="CNY", on=date(2026, 11, 2))


async def test_rows_given_twice_or_not_storable_are_refused_whole(runtime: Runtime) -> None:
    twice = [*RATES, RATES[0]]
    bad = [FxRate(date(2026, 11, 4), "EUR", "CNY", Decimal("-1.0000"))]
    for rows in (twice, bad):
        with pytest.raises(FxRatesInvalid):
            await transact(runtime, lambda uow, rows=rows: load_rates(uow, rows=rows))  # type: ignore[misc]
    async with runtime.uow() as uow:
        with pytest.raises(NoFxRate):
            await latest_rate(uow, base="EUR", quote="CNY", on=date(2026, 12, 1))


async def test_the_shipped_rates_load_and_price_the_demo_catalog_in_yuan(runtime: Runtime) -> None:
    rates = shipped_rates()
    report = await transact(runtime, lambda uow: load_rates(uow, rows=rates))
    assert report.inserted == len(rates) > 200
    price = await _price(runtime, Money.parse("39.90", "EUR"), "CNY", date(2026, 12, 1))
    assert price.rate_date == date(2026, 12, 1)
    assert Money.parse("300.00", "CNY") < price.amount < Money.parse("330.00", "CNY")
