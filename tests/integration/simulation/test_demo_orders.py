"""The demo's orders section: a Chinese buyer's paid and unpaid orders from a brand store and the pavilion, which
the brand's partner (given the ``orders`` scope) handles; the ledger verifies clean."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from comptoir import identity, ledger, logistics, orders, payments
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation import (
    demo_catalog,
    demo_identity,
    demo_logistics,
    demo_orders,
    demo_payments,
    demo_pricing,
)
from comptoir.simulation.logins import DEMO_PASSWORD


async def test_the_demo_buyer_has_orders_the_brands_partner_handles(runtime: Runtime, clock: FrozenClock) -> None:
    clock.advance(datetime(2026, 11, 16, 9, tzinfo=UTC) - clock.now())
    for section in (demo_identity, demo_pricing, demo_catalog, demo_payments, demo_logistics, demo_orders):
        await section.build(runtime)
    wang = await transact(
        runtime,
        partial(payments.wallet_sign_in, settings=runtime.settings, phone="+8613800000001", password=DEMO_PASSWORD),
    )
    mine = await transact(runtime, partial(orders.buyer_orders, holder_id=wang.id))
    assert sorted(o.status.value for o in mine) == ["paid", "paid", "placed"]
    assert all(o.tax.minor > 0 and o.buyer_total.currency == "CNY" for o in mine)
    assert any(o.promised_by is not None for o in mine)
    session = await transact(
        runtime,
        partial(
            identity.sign_in,
            email="tp@xihu.demo",
            password=DEMO_PASSWORD,
            settings=runtime.settings,
            throttle=runtime.throttle,
        ),
    )
    partner = await transact(runtime, partial(identity.principal_for_session, token=session.token))
    assert partner is not None
    handled = await transact(runtime, partial(orders.seller_orders, principal=partner))
    assert {o.channel for o in handled} >= {"brand_store"}
    report = await transact(runtime, ledger.verify)
    assert report.ok, report.violations


async def test_the_demo_buyers_paid_orders_have_their_parcels_booked_on_the_demo_network(
    runtime: Runtime, clock: FrozenClock
) -> None:
    clock.advance(datetime(2026, 11, 16, 9, tzinfo=UTC) - clock.now())
    for section in (demo_identity, demo_pricing, demo_catalog, demo_payments, demo_logistics, demo_orders):
        await section.build(runtime)
    wang = await transact(
        runtime,
        partial(payments.wallet_sign_in, settings=runtime.settings, phone="+8613800000001", password=DEMO_PASSWORD),
    )
    paid = [
        o for o in await transact(runtime, partial(orders.buyer_orders, holder_id=wang.id)) if o.status.value == "paid"
    ]
    shipments = [
        await transact(
            runtime,
            partial(logistics.shipment_for_order, seller_org_id=o.merchant_org_id, order_reference=o.id),
        )
        for o in paid
    ]
    assert len(shipments) == 2 and all(s is not None and logistics.is_s10(s.parcel_id) for s in shipments)
    assert all(s is not None and s.status is logistics.ShipmentStatus.PLANNED and s.legs for s in shipments)
