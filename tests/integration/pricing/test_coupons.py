"""Coupons on the goods: what they take off, why they do not apply, and redemptions that never exceed the
limit however many buyers race for them; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from functools import partial
from typing import Any

import pytest

from comptoir import pricing
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact

OPERATOR = Principal("org_platform", OrganisationKind.PLATFORM, "Comptoir", via="session")
PARTNER = Principal("org_partner", OrganisationKind.PARTNER, "Passerelle Chine", via="session")
STORE = "sto_maison"


def eur(value: str) -> Money:
    return Money.parse(value, "EUR")


def cny(value: str) -> Money:
    return Money.parse(value, "CNY")


async def _make(runtime: Runtime, clock: FrozenClock, code: str, **options: Any) -> pricing.Coupon:
    values: dict[str, Any] = {"store_id": STORE, "valid_from": clock.now().date(), "max_redemptions": 1}
    values.update(options)
    return await transact(runtime, partial(pricing.create_coupon, principal=PARTNER, code=code, **values))


async def _discount(runtime: Runtime, code: str, goods: Money, on: date, store_id: str = STORE) -> Money:
    return await transact(runtime, partial(pricing.coupon_discount, code=code, store_id=store_id, goods=goods, on=on))


async def test_a_percentage_rounds_half_up_and_an_amount_never_exceeds_the_goods(
    runtime: Runtime, clock: FrozenClock
) -> None:
    today = clock.now().date()
    made = await _make(runtime, clock, " ete-15 ", percent_off=15, max_redemptions=100)
    assert made.code == "ETE-15" and made.currency is None and made.created_by == PARTNER.organisation_id
    assert await _discount(runtime, "ete-15", eur("33.30"), today) == eur("5.00")  # 4.995 rounds up
    assert await _discount(runtime, "ETE-15", eur("33.20"), today) == eur("4.98")  # 4.98
    assert await _discount(runtime, "ETE-15", cny("100.01"), today) == cny("15.00")  # 15.0015
    await _make(runtime, clock, "MOINS20", amount_off=eur("20.00"), min_goods=eur("15.00"), max_redemptions=5)
    assert await _discount(runtime, "MOINS20", eur("80.00"), today) == eur("20.00")
    assert await _discount(runtime, "MOINS20", eur("16.00"), today) == eur("16.00")  # never more than the goods
    await transact(
        runtime,
        partial(
            pricing.create_coupon,
            principal=OPERATOR,
            code="BIENVENUE",
            store_id=None,
            percent_off=100,
            valid_from=today,
        ),
    )
    assert await _discount(runtime, "BIENVENUE", eur("12.34"), today, store_id="sto_other") == eur("12.34")


async def test_each_reason_a_coupon_does_not_apply_has_its_code(runtime: Runtime, clock: FrozenClock) -> None:
    today = clock.now().date()
    await _make(
        runtime,
        clock,
        "NOEL",
        amount_off=eur("5.00"),
        min_goods=eur("30.00"),
        valid_from=today + timedelta(days=2),
        valid_to=today + timedelta(days=10),
    )
    cases = [
        ("NOPE", eur("50.00"), today + timedelta(days=3), STORE, "unknown"),
        ("NOEL", eur("50.00"), today, STORE, "not_yet_valid"),
        ("NOEL", eur("50.00"), today + timedelta(days=11), STORE, "expired"),
        ("NOEL", eur("50.00"), today + timedelta(days=3), "sto_other", "wrong_store"),
        ("NOEL", cny("500.00"), today + timedelta(days=3), STORE, "currency"),
        ("NOEL", eur("29.99"), today + timedelta(days=3), STORE, "below_minimum"),
    ]
    for code, goods, on, store, reason in cases:
        with pytest.raises(pricing.CouponNotValid) as refused:
            await _discount(runtime, code, goods, on, store_id=store)
        assert refused.value.reason == reason and refused.value.code == f"coupon_{reason}", reason
        assert refused.value.status == 422
    assert await _discount(runtime, "NOEL", eur("30.00"), today + timedelta(days=10)) == eur("5.00")


async def test_bad_coupons_are_refused_and_store_wide_ones_are_the_operators(
    runtime: Runtime, clock: FrozenClock
) -> None:
    today = clock.now().date()
    bad: list[dict[str, object]] = [
        {"code": "x"},
        {"code": "DEUX MOTS", "percent_off": 10},
        {"code": "BOTH", "percent_off": 10, "amount_off": eur("1.00")},
        {"code": "NEITHER"},
        {"code": "ZERO", "percent_off": 0},
        {"code": "TOOMUCH", "percent_off": 101},
        {"code": "FLOAT", "percent_off": 12.5},
        {"code": "NEG", "amount_off": eur("-1.00")},
        {"code": "HUGE", "amount_off": eur("100000.01")},
        {"code": "MIXED", "amount_off": eur("1.00"), "min_goods": cny("10.00")},
        {"code": "NOUSE", "percent_off": 10, "max_redemptions": 0},
        {"code": "BACKWARDS", "percent_off": 10, "valid_to": today - timedelta(days=1)},
    ]
    for options in bad:
        code = options.pop("code")
        with pytest.raises(pricing.CouponInvalid):
            await _make(runtime, clock, str(code), **options)
    with pytest.raises(pricing.CouponNotAllowed):
        await _make(runtime, clock, "PARTOUT", store_id=None, percent_off=10)
    await _make(runtime, clock, "UNIQUE", percent_off=10)
    with pytest.raises(pricing.CouponExists):
        await _make(runtime, clock, "unique", percent_off=20)


async def _redeem(runtime: Runtime, code: str, redemption_id: str) -> str:
    try:
        await transact(runtime, partial(pricing.redeem_coupon, code=code, redemption_id=redemption_id))
    except ComptoirError as refused:
        return refused.code
    return "ok"


async def test_fifty_parallel_redemptions_of_a_single_use_coupon_take_it_once(
    runtime: Runtime, clock: FrozenClock
) -> None:
    await _make(runtime, clock, "UNEFOIS", amount_off=eur("10.00"))
    outcomes = await asyncio.gather(*(_redeem(runtime, "UNEFOIS", f"ord_{i}") for i in range(50)))
    assert outcomes.count("ok") == 1 and outcomes.count("coupon_exhausted") == 49, sorted(set(outcomes))
    found = await transact(runtime, partial(pricing.coupon, code="unefois"))
    assert found.redeemed == 1 and found.remaining == 0
    with pytest.raises(pricing.CouponExhausted) as refused:
        await _discount(runtime, "UNEFOIS", eur("50.00"), clock.now().date())
    assert refused.value.status == 409 and isinstance(refused.value, pricing.CouponNotValid)


async def test_a_replayed_redemption_is_one_and_a_release_gives_it_back(runtime: Runtime, clock: FrozenClock) -> None:
    await _make(runtime, clock, "DEUXFOIS", percent_off=10, max_redemptions=2)
    # the same order redeeming many times at once, and again later: one redemption
    assert set(await asyncio.gather(*(_redeem(runtime, "DEUXFOIS", "ord_a") for _ in range(10)))) == {"ok"}
    assert await _redeem(runtime, "DEUXFOIS", "ord_a") == "ok"
    assert (await transact(runtime, partial(pricing.coupon, code="DEUXFOIS"))).redeemed == 1
    assert await _redeem(runtime, "DEUXFOIS", "ord_b") == "ok"
    assert await _redeem(runtime, "DEUXFOIS", "ord_c") == "coupon_exhausted"
    released = partial(pricing.release_coupon, code="DEUXFOIS", redemption_id="ord_a")
    assert await transact(runtime, released) is True
    assert await transact(runtime, released) is False  # idempotent
    assert await transact(runtime, partial(pricing.release_coupon, code="DEUXFOIS", redemption_id="ord_x")) is False
    assert (await transact(runtime, partial(pricing.coupon, code="DEUXFOIS"))).redeemed == 1
    assert await _redeem(runtime, "DEUXFOIS", "ord_c") == "ok"
    assert await _redeem(runtime, "NOSUCH", "ord_d") == "coupon_unknown"


async def test_a_coupon_past_its_dates_is_not_redeemed(runtime: Runtime, clock: FrozenClock) -> None:
    today = clock.now().date()
    await _make(runtime, clock, "COURT", percent_off=10, max_redemptions=10, valid_to=today)
    clock.advance(timedelta(days=1))
    assert await _redeem(runtime, "COURT", "ord_1") == "coupon_expired"
    assert (await transact(runtime, partial(pricing.coupon, code="COURT"))).redeemed == 0
