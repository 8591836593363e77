"""The tourist loop on SQLite and PostgreSQL: a tourist pays in a Paris shop that sells a brand, follows the brand
with two separate consents, orders online back home, and the brand and the shop see the attributed sale; the
refusals (no consent, another tourist's visit, another shop's figures, a withdrawn consent) change nothing."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest

from comptoir import tourism
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.payments.world import assert_ledger_clean
from tests.integration.tourism.world import build_tourism_world, order_online, pay_in_shop


async def test_a_visit_followed_brand_and_online_order_are_attributed_to_the_shop(
    runtime: Runtime, clock: FrozenClock
) -> None:
    w = await build_tourism_world(runtime)
    paid = await pay_in_shop(runtime, w, "42.50")
    visit = await transact(runtime, partial(tourism.visit_of_payment, payment_id=paid.id))
    assert visit is not None
    assert (visit.shop_id, visit.holder_id, visit.brand_org_id) == (w.shop.id, w.tourist, w.brand_id)
    assert visit.amount == Money.parse("42.50", "EUR") and visit.paid == paid.paid

    offer = await transact(runtime, partial(tourism.follow_offer, holder_id=w.tourist, payment_id=paid.id))
    assert offer is not None and offer.brand_org_id == w.brand_id and not offer.following

    with pytest.raises(tourism.ConsentRequired) as refused:
        await transact(
            runtime, partial(tourism.follow_brand, holder_id=w.tourist, payment_id=paid.id, follow=True, transfer=False)
        )
    assert refused.value.missing == ["transfer_to_china"]
    assert await transact(runtime, partial(tourism.consents_of, holder_id=w.tourist)) == []

    follow = await transact(
        runtime, partial(tourism.follow_brand, holder_id=w.tourist, payment_id=paid.id, follow=True, transfer=True)
    )
    again = await transact(
        runtime, partial(tourism.follow_brand, holder_id=w.tourist, payment_id=paid.id, follow=True, transfer=True)
    )
    assert again.id == follow.id
    consents = await transact(runtime, partial(tourism.consents_of, holder_id=w.tourist))
    assert sorted(c.purpose.value for c in consents) == ["follow_brand", "transfer_to_china"]
    followed = await transact(runtime, partial(tourism.followed_brands, holder_id=w.tourist))
    assert [f.brand_org_id for f in followed] == [w.brand_id]
    assert [s.slug for s in followed[0].stores] == [w.orders.brand_store.slug]

    clock.advance(timedelta(days=12))
    order = await order_online(runtime, w)
    attribution = await transact(runtime, partial(tourism.attribution_of, order_id=order.id))
    assert attribution is not None
    assert (attribution.shop_id, attribution.visit_id, attribution.delay_days) == (w.shop.id, visit.id, 12)
    assert attribution.amount == order.amount

    brand = w.orders.payments.identity.brand.principal
    report = await transact(runtime, partial(tourism.attribution_report, principal=brand))
    assert report.orders == 1 and report.amount == order.amount
    assert [(r.shop_id, r.orders) for r in report.rows] == [(w.shop.id, 1)]
    assert report.delay_buckets == (0, 1, 0, 0, 0) and report.mean_delay_days == 12 and report.window_days == 180
    own = await transact(runtime, partial(tourism.attribution_report, principal=w.shop_member.principal))
    assert own.orders == 1
    others = await transact(runtime, partial(tourism.attribution_report, principal=w.other_member.principal))
    assert others.orders == 0 and others.rows == ()

    stats = await transact(runtime, partial(tourism.shop_statistics, principal=w.shop_member.principal, days=30))
    assert (stats.payments, stats.amount, stats.tourists, stats.followers) == (1, Money.parse("42.50", "EUR"), 1, 1)
    assert (stats.attributed_orders, stats.attributed_amount) == (1, order.amount)
    assert len(stats.days) == 30 and sum(d.payments for d in stats.days) == 1
    await assert_ledger_clean(runtime)


async def test_another_shop_reads_nothing_of_this_shop(runtime: Runtime) -> None:
    w = await build_tourism_world(runtime)
    await pay_in_shop(runtime, w, "10.00")
    with pytest.raises(tourism.TourismNotFound):
        await transact(runtime, partial(tourism.shop_statistics, principal=w.other_member.principal, shop_id=w.shop.id))
    # The brand the shop sells may read it; the operator too.
    brand = w.orders.payments.identity.brand.principal
    seen = await transact(runtime, partial(tourism.shop_statistics, principal=brand, shop_id=w.shop.id))
    assert seen.payments == 1
    with pytest.raises(tourism.TourismNotFound):
        await transact(runtime, partial(tourism.shop_statistics, principal=brand, shop_id=w.other_shop.id))


async def test_another_tourists_visit_cannot_be_followed_or_attributed(runtime: Runtime) -> None:
    w = await build_tourism_world(runtime)
    other = w.orders.payments.other_tourist.id
    paid = await pay_in_shop(runtime, w, "20.00")
    assert await transact(runtime, partial(tourism.follow_offer, holder_id=other, payment_id=paid.id)) is None
    with pytest.raises(tourism.TourismNotFound):
        await transact(
            runtime, partial(tourism.follow_brand, holder_id=other, payment_id=paid.id, follow=True, transfer=True)
        )
    await transact(
        runtime, partial(tourism.follow_brand, holder_id=w.tourist, payment_id=paid.id, follow=True, transfer=True)
    )
    # An order of another person from the same brand is not attributed to this tourist's visit.
    none = await transact(
        runtime,
        partial(
            tourism.attribute_order,
            order_id="ord_someone_else",
            merchant_org_id=w.brand_id,
            holder_id=other,
            lane="FR-CN",
            amount=Money.parse("95.00", "EUR"),
        ),
    )
    assert none is None
    assert await transact(runtime, partial(tourism.attribution_of, order_id="ord_someone_else")) is None


async def test_a_withdrawn_consent_stops_attribution_and_a_visit_past_the_window_does_not_count(
    runtime: Runtime, clock: FrozenClock
) -> None:
    w = await build_tourism_world(runtime)
    paid = await pay_in_shop(runtime, w, "30.00")
    await transact(
        runtime, partial(tourism.follow_brand, holder_id=w.tourist, payment_id=paid.id, follow=True, transfer=True)
    )
    transfer = next(
        c
        for c in await transact(runtime, partial(tourism.consents_of, holder_id=w.tourist))
        if c.purpose is tourism.Purpose.TRANSFER_TO_CHINA
    )
    withdrawn = await transact(runtime, partial(tourism.withdraw_consent, holder_id=w.tourist, consent_id=transfer.id))
    assert withdrawn.withdrawn_at is not None
    assert await transact(runtime, partial(tourism.followed_brands, holder_id=w.tourist)) == []
    order = await order_online(runtime, w)
    assert await transact(runtime, partial(tourism.attribution_of, order_id=order.id)) is None
    with pytest.raises(tourism.TourismNotFound):
        await transact(
            runtime,
            partial(tourism.withdraw_consent, holder_id=w.orders.payments.other_tourist.id, consent_id=transfer.id),
        )

    # Following again, then ordering after the brand's 30-day window: not attributed; within it: attributed.
    await transact(
        runtime, partial(tourism.follow_brand, holder_id=w.tourist, payment_id=paid.id, follow=True, transfer=True)
    )
    brand = w.orders.payments.identity.brand.principal
    assert await transact(runtime, partial(tourism.set_attribution_window, principal=brand, days=30)) == 30
    with pytest.raises(tourism.ShopInvalid):
        await transact(runtime, partial(tourism.set_attribution_window, principal=brand, days=0))
    clock.advance(timedelta(days=31))
    late = await order_online(runtime, w)
    assert await transact(runtime, partial(tourism.attribution_of, order_id=late.id)) is None
    await pay_in_shop(runtime, w, "5.00", request_id="r2")
    clock.advance(timedelta(days=3))
    fresh = await order_online(runtime, w)
    attribution = await transact(runtime, partial(tourism.attribution_of, order_id=fresh.id))
    assert attribution is not None and attribution.delay_days == 3
    await assert_ledger_clean(runtime)


async def test_a_repeated_payment_event_records_one_visit(runtime: Runtime) -> None:
    w = await build_tourism_world(runtime)
    paid = await pay_in_shop(runtime, w, "12.00")
    first = await transact(runtime, partial(tourism.record_visit, payment_id=paid.id))
    second = await transact(runtime, partial(tourism.record_visit, payment_id=paid.id))
    assert first is not None and second is not None and first.id == second.id
    visits = await transact(runtime, partial(tourism.visits_of, holder_id=w.tourist))
    assert [v.payment_id for v in visits] == [paid.id]
