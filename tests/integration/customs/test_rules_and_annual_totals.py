"""The rule tables, quotes from them, and each person's annual CBEC total under concurrency, on both databases."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from functools import partial
from pathlib import Path

from comptoir import customs
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.unit.customs.helpers import cny, eur, line, to_china, to_france
from tests.unit.customs.test_quote_command import basket as cli_basket

COMPTOIR = Path(sys.executable).with_name("comptoir")


async def test_loading_the_rules_twice_changes_nothing_the_second_time(runtime: Runtime) -> None:
    first = await transact(runtime, customs.load_rules)
    assert sum(r.inserted for r in first) == sum(r.rows for r in first) > 0
    again = await transact(runtime, customs.load_rules)
    assert [(r.inserted, r.updated, r.unchanged) for r in again] == [(0, 0, r.rows) for r in again]


async def test_a_quote_from_the_tables_is_the_quote_of_the_command(runtime: Runtime) -> None:
    await transact(runtime, customs.load_rules)
    document = cli_basket(
        lines=[
            {
                "sku": "CREAM",
                "hs_code": "33049900",
                "description": "crème",
                "unit_price": {"currency": "CNY", "value": "480.00"},
                "quantity": 2,
                "net_content": {"value": 50, "unit": "ml"},
            },
            {
                "sku": "BAG",
                "hs_code": "42022100",
                "description": "sac",
                "unit_price": {"currency": "CNY", "value": "1999.99"},
                "quantity": 1,
            },
        ],
        discount={"currency": "CNY", "value": "100.00"},
        insurance={"currency": "CNY", "value": "5.00"},
    )
    france = {
        "lane": "CN-FR",
        "date": "2026-07-01",
        "buyer": {"country": "FR"},
        "lines": [
            {
                "sku": "S",
                "hs_code": "62061000",
                "description": "silk",
                "unit_price": {"currency": "EUR", "value": "60.00"},
                "quantity": 1,
            },
            {
                "sku": "W",
                "hs_code": "62062000",
                "description": "wool",
                "unit_price": {"currency": "EUR", "value": "45.00"},
                "quantity": 2,
            },
        ],
        "freight": {"currency": "EUR", "value": "10.00"},
    }
    for body in (document, france):
        done = subprocess.run(
            [str(COMPTOIR), "customs", "quote", "--json"],
            input=json.dumps(body),
            capture_output=True,
            text=True,
            check=True,
        )
        stored = await transact(runtime, partial(customs.landed_cost, basket=customs.parse_basket(body)))
        assert stored.as_json() == json.loads(done.stdout)


async def test_quotes_work_before_any_rule_is_stored(runtime: Runtime) -> None:
    answer = await transact(
        runtime, partial(customs.landed_cost, basket=to_china(line("WINE", "22042100", cny("200.00")), freight="20.00"))
    )
    assert answer.allowed and answer.totals.tax == cny("39.35")
    eu = await transact(runtime, partial(customs.landed_cost, basket=to_france(line("S", "62061000", eur("20.00")))))
    assert eu.regime == "EU-IOSS" and eu.totals.duty == eur("3.00")


async def _outcome(coro: object) -> str:
    try:
        await coro  # type: ignore[misc]
    except ComptoirError as exc:
        return exc.code
    return "ok"


async def test_twenty_concurrent_imports_of_one_person_never_pass_the_annual_limit(runtime: Runtime) -> None:
    record = partial(customs.record_annual_import, person_key="person-a", year=2026)
    outcomes = await asyncio.gather(
        *(
            _outcome(transact(runtime, partial(record, order_id=f"ord-{i}", taxable_value=cny("2000.00"))))
            for i in range(20)
        )
    )
    assert outcomes.count("ok") == 13 and set(outcomes) <= {"ok", "cbec_annual_limit_exceeded"}, outcomes
    total = await transact(runtime, partial(customs.annual_total, person_key="person-a", year=2026))
    assert total == cny("26000.00")


async def test_recording_is_idempotent_per_order_and_cancelling_gives_the_value_back(runtime: Runtime) -> None:
    record = partial(customs.record_annual_import, person_key="person-b", year=2026)
    total = partial(customs.annual_total, person_key="person-b", year=2026)
    await transact(runtime, partial(record, order_id="o1", taxable_value=cny("20000.00")))
    await transact(runtime, partial(record, order_id="o1", taxable_value=cny("20000.00")))
    assert await transact(runtime, total) == cny("20000.00")
    refused = await _outcome(transact(runtime, partial(record, order_id="o2", taxable_value=cny("6000.01"))))
    assert refused == "cbec_annual_limit_exceeded"
    assert await transact(runtime, partial(customs.cancel_annual_import, order_id="o1")) is True
    assert await transact(runtime, partial(customs.cancel_annual_import, order_id="o1")) is False
    assert await transact(runtime, total) == Money.zero("CNY")
    # the refused order was not remembered: it may be recorded once there is room
    await transact(runtime, partial(record, order_id="o2", taxable_value=cny("6000.01")))
    assert await transact(runtime, total) == cny("6000.01")
    other_year = await transact(runtime, partial(customs.annual_total, person_key="person-b", year=2025))
    assert other_year == Money.zero("CNY")
