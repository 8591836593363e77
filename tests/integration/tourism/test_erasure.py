"""A tourist's erasure, on SQLite and PostgreSQL: after paying in a shop, following its brand and ordering
online, the tourist exports their data and erases it; no table, log line or export then holds anything that
names them, tourism keeps no trace of their holder id, and the shop's and brand's counts are unchanged."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from functools import partial

import pytest

from comptoir import payments, tourism
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.orders.world import GOOD_ID
from tests.integration.payments.world import assert_ledger_clean
from tests.integration.tourism.world import build_tourism_world, order_online, pay_in_shop
from tests.support.personal_data import personal_data_left

NAME = "王芳"
PHONE = "13800000001"  # the buyer's delivery phone; the wallet's is +8613800000001
ADDRESS = "南京东路"


async def test_an_erased_tourist_leaves_no_personal_data_and_the_counts_stay(
    runtime: Runtime, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    # Everything Comptoir logs, at every level, and what libraries log at the level a server runs them (the
    # database drivers' DEBUG lines echo SQL parameters and are never on outside a debugging session).
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="comptoir")
    w = await build_tourism_world(runtime)
    holder = w.tourist
    paid = await pay_in_shop(runtime, w, "60.00")
    await transact(
        runtime, partial(tourism.follow_brand, holder_id=holder, payment_id=paid.id, follow=True, transfer=True)
    )
    clock.advance(timedelta(days=40))
    order = await order_online(runtime, w)
    assert await transact(runtime, partial(tourism.attribution_of, order_id=order.id)) is not None

    exported = await transact(runtime, partial(tourism.export_tourist_data, holder_id=holder))
    assert exported["format"] == "comptoir.tourist-data/1"
    assert exported["wallet"]["phone"].endswith(PHONE) and exported["wallet"]["display_name"] == NAME
    assert [v["payment_id"] for v in exported["visits"]] == [paid.id]
    assert sorted(c["purpose"] for c in exported["consents"]) == ["follow_brand", "transfer_to_china"]
    assert [a["order_id"] for a in exported["attributed_orders"]] == [order.id]
    json.dumps(exported)  # JSON-ready as it is

    brand = w.orders.payments.identity.brand.principal
    before = await transact(runtime, partial(tourism.attribution_report, principal=brand))
    stats_before = await transact(runtime, partial(tourism.shop_statistics, principal=w.shop_member.principal, days=60))

    receipt = await transact(runtime, partial(tourism.erase_tourist, holder_id=holder))
    assert (receipt.visits_anonymised, receipt.consents_erased, receipt.follows_erased) == (1, 2, 1)
    assert receipt.attributions_folded == 1

    needles = [NAME, PHONE, GOOD_ID, ADDRESS]
    assert await personal_data_left(runtime.database, needles) == []
    tourism_tables = [t for t, _ in await personal_data_left(runtime.database, [holder]) if t.startswith("tourism_")]
    assert tourism_tables == []
    for needle in needles:
        assert needle not in caplog.text

    # The counts stay, anonymous: one attributed order, the shop's payment, no person behind them.
    after = await transact(runtime, partial(tourism.attribution_report, principal=brand))
    assert (after.orders, after.amount, after.delay_buckets) == (before.orders, before.amount, before.delay_buckets)
    assert [(r.shop_id, r.orders) for r in after.rows] == [(w.shop.id, 1)]
    stats = await transact(runtime, partial(tourism.shop_statistics, principal=w.shop_member.principal, days=60))
    assert (
        (stats.payments, stats.amount)
        == (stats_before.payments, stats_before.amount)
        == (1, Money.parse("60.00", "EUR"))
    )
    assert stats.tourists == 0 and stats.followers == 0
    dashboard = await transact(
        runtime, partial(tourism.cashless_paris, principal=w.orders.payments.identity.operator.principal, days=60)
    )
    assert dashboard.online_spend == order.amount and dashboard.tourist_spend == Money.parse("60.00", "EUR")
    for text in (json.dumps(dashboard.positions), repr(after), repr(stats)):
        assert holder not in text and NAME not in text

    # Asked again, or asked for an export: a clear answer, nothing changes.
    with pytest.raises(tourism.AlreadyErased):
        await transact(runtime, partial(tourism.erase_tourist, holder_id=holder))
    with pytest.raises(tourism.AlreadyErased):
        await transact(runtime, partial(tourism.export_tourist_data, holder_id=holder))
    with pytest.raises(payments.PaymentsNotFound):
        await transact(runtime, partial(payments.wallet_holder, holder_id=holder))
    # A payment event replayed after the erasure records no visit for the person again.
    again = await transact(runtime, partial(tourism.record_visit, payment_id=paid.id))
    assert again is not None and again.holder_id is None
    await assert_ledger_clean(runtime)
