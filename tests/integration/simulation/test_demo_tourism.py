"""The demo's tourism section: accepting shops in every arrondissement, placed inside Paris, tourists' wallet
payments recorded as visits over months, follows, attributed online orders, a clean ledger and a cashless-Paris
dashboard whose share is not zero. Built at a smaller scale than the demo's, with the same code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from comptoir import identity, ledger, orders, payments, tourism
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation import (
    demo_catalog,
    demo_identity,
    demo_logistics,
    demo_orders,
    demo_payments,
    demo_pricing,
    demo_tourism,
)
from comptoir.simulation.logins import DEMO_PASSWORD

SMALL = demo_tourism.Scale(
    shops={1: 3, 2: 1, 3: 2, 4: 2, 5: 1, 6: 3, 7: 2, 8: 5, 9: 5, **{n: 1 for n in range(10, 21)}},
    tourists=14,
    payments_per_trip=(3, 5),
)
# Inside the boulevard périphérique and the two woods, in micro-degrees.
PARIS_LAT = range(48_815_000, 48_903_000)
PARIS_LON = range(2_224_000, 2_470_000)


async def _signed_in(runtime: Runtime, email: str) -> Principal:
    session = await transact(
        runtime,
        partial(
            identity.sign_in, email=email, password=DEMO_PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    principal = await transact(runtime, partial(identity.principal_for_session, token=session.token))
    assert principal is not None
    return principal


async def test_the_demo_tourism_world_fills_the_cashless_paris_dashboard(runtime: Runtime, clock: FrozenClock) -> None:
    clock.advance(datetime(2026, 11, 30, 9, tzinfo=UTC) - clock.now())
    for section in (demo_identity, demo_pricing, demo_catalog, demo_payments, demo_logistics, demo_orders):
        await section.build(runtime)
    built_at = clock.now()
    counts = await demo_tourism.build_cashless_paris(runtime, SMALL)
    assert clock.now() == built_at  # the section moved a clock of its own, not the runtime's

    shop_count = sum(SMALL.shops.values())
    assert (counts.shops, counts.tourists, counts.visits, counts.withdrawn) == (
        shop_count, SMALL.tourists, counts.payments, 1
    )  # fmt: skip
    operator = await _signed_in(runtime, "ops@comptoir.demo")
    dashboard = await transact(runtime, partial(tourism.cashless_paris, principal=operator, days=365))
    assert (dashboard.shops, dashboard.shops_outside_paris) == (shop_count, 0)
    assert [a.shops for a in dashboard.arrondissements] == [SMALL.shops[n] for n in range(1, 21)]
    shops = await transact(runtime, tourism.all_shops)
    assert all(s.position.lat_e6 in PARIS_LAT and s.position.lon_e6 in PARIS_LON for s in shops)
    assert all(s.postcode.startswith("75") and int(s.postcode[-2:]) == s.arrondissement for s in shops)
    boutiques = {s.name: s.brand_name for s in shops if s.name in {b[1] for b in demo_tourism.BOUTIQUES}}
    assert boutiques == {
        "Maison Delaunay, Faubourg Saint-Honoré": "德劳内官方旗舰店",
        "Parfums Aurèle, Saint-Honoré": "奥蕾尔香水官方旗舰店",
        "Maison Émeraude, Marais": "艾美露官方旗舰店",
        "Château Lestage, bar à vins et cave": "莱斯塔酒庄官方旗舰店",
    }

    # Every wallet payment is a visit, spread over months before the build.
    assert sum(d.payments for d in dashboard.days) == counts.visits > 3 * SMALL.tourists
    months = {d.day.month for d in dashboard.days if d.payments}
    assert len(months) >= 4
    assert dashboard.tourist_spend.minor == sum(d.amount.minor for d in dashboard.days) > 0

    # Orders back home are attributed to visits, days to months later; the share is what they add up to.
    report = await transact(runtime, partial(tourism.attribution_report, principal=operator, months=12))
    assert report.orders == counts.attributed > 0 and counts.orders > 0
    assert report.amount == dashboard.online_spend
    assert sum(report.delay_buckets) == report.orders and report.delay_buckets[0] < report.orders
    assert dashboard.share_permille == dashboard.online_spend.minor * 1000 // dashboard.tourist_spend.minor > 0

    # The shop with a login sells Parfums Aurèle and has its own figures; 王芳 follows two brands.
    shop = await _signed_in(runtime, demo_tourism.SHOP_EMAIL)
    stats = await transact(runtime, partial(tourism.shop_statistics, principal=shop, days=365))
    assert (stats.shop.name, stats.shop.arrondissement, stats.shop.brand_name) == (
        demo_tourism.SHOP_NAME, 9, "奥蕾尔香水官方旗舰店"
    )  # fmt: skip
    assert stats.payments >= 1 and stats.followers >= 1
    wang = await transact(
        runtime,
        partial(payments.wallet_sign_in, settings=runtime.settings, phone="+8613800000001", password=DEMO_PASSWORD),
    )
    followed = await transact(runtime, partial(tourism.followed_brands, holder_id=wang.id))
    assert sorted(f.brand_name for f in followed) == ["奥蕾尔香水官方旗舰店", "德劳内官方旗舰店"]
    visits = await transact(runtime, partial(tourism.visits_of, holder_id=wang.id))
    assert len(visits) == 3 and all(built_at - timedelta(days=7) < v.visited_at < built_at for v in visits)
    mine = await transact(runtime, partial(orders.buyer_orders, holder_id=wang.id))
    attributed = [
        await transact(runtime, partial(tourism.attribution_of, order_id=o.id))
        for o in mine
        if o.status is orders.OrderStatus.PAID
    ]
    assert sum(a is not None for a in attributed) == 2  # her Maison Delaunay order and her Parfums Aurèle order

    report_ok = await transact(runtime, ledger.verify)
    assert report_ok.ok, report_ok.violations
