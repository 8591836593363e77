"""Online payments from the buyer's wallet: authorised (reserved), captured or voided, expired by the sweeper,
refunded at the locked rate; the payer must be the buyer. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest

from comptoir import ledger, payments, pricing
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.payments.world import PaymentsWorld, assert_ledger_clean, build_payments_world


def eur(value: str) -> Money:
    return Money.parse(value, "EUR")


def cny(value: str) -> Money:
    return Money.parse(value, "CNY")


@pytest.fixture
async def world(runtime: Runtime) -> PaymentsWorld:
    return await build_payments_world(runtime)


async def _order(runtime: Runtime, w: PaymentsWorld, amount: str, reference: str) -> payments.Payment:
    quote = await transact(runtime, partial(pricing.quote_fx, amount=eur(amount), to_currency="CNY"))
    return await transact(
        runtime,
        partial(
            payments.create_online_payment,
            request_id=reference,
            merchant_org_id=w.identity.brand.id,
            beneficiary_org_id=w.identity.brand.id,
            partner_org_id=w.identity.partner.id,
            channel="brand_store",
            amount=eur(amount),
            quote_id=quote.id,
            payer=w.tourist.id,
            order_reference=reference,
            description="Robe",
        ),
    )


async def _wallet(runtime: Runtime, w: PaymentsWorld) -> payments.WalletBalance:
    return await transact(runtime, partial(payments.wallet_balance, holder_id=w.tourist.id))


async def test_an_order_is_authorised_then_captured_then_refunded(runtime: Runtime, world: PaymentsWorld) -> None:
    payment = await _order(runtime, world, "120.00", "ord-1")
    assert payment.paid == cny("947.92")  # 120 * 7.8993 = 947.916
    with pytest.raises(payments.PaymentsNotFound):  # only the buyer named on it may pay it
        await transact(
            runtime, partial(payments.authorise_online_payment, holder_id=world.other_tourist.id, payment_id=payment.id)
        )
    await transact(
        runtime, partial(payments.authorise_online_payment, holder_id=world.tourist.id, payment_id=payment.id)
    )
    held = await _wallet(runtime, world)
    assert (held.balance, held.reserved) == (cny("4052.08"), cny("947.92"))
    captured = await transact(runtime, partial(payments.capture_online_payment, payment_id=payment.id))
    assert captured.status is payments.PaymentStatus.SUCCEEDED
    again = await transact(runtime, partial(payments.capture_online_payment, payment_id=payment.id))
    assert again.id == captured.id
    after = await _wallet(runtime, world)
    assert (after.balance, after.reserved) == (cny("4052.08"), cny("0.00"))
    brand = await transact(runtime, partial(payments.merchant_balances, principal=world.identity.brand.principal))
    assert brand.pending == eur("120.00")
    refund = await transact(
        runtime,
        partial(
            payments.refund_payment,
            principal=world.identity.brand.principal,
            payment_id=payment.id,
            amount=eur("120.00"),
            request_id="return",
        ),
    )
    assert refund.paid_back == cny("947.92")
    assert (await _wallet(runtime, world)).balance == cny("5000.00")
    await assert_ledger_clean(runtime)


async def test_a_cancelled_or_expired_order_releases_the_reservation(
    runtime: Runtime, world: PaymentsWorld, clock
) -> None:
    cancelled = await _order(runtime, world, "50.00", "ord-2")
    await transact(
        runtime, partial(payments.authorise_online_payment, holder_id=world.tourist.id, payment_id=cancelled.id)
    )
    voided = await transact(runtime, partial(payments.void_online_payment, payment_id=cancelled.id))
    assert voided.status is payments.PaymentStatus.CANCELLED
    with pytest.raises(payments.PaymentClosed):
        await transact(runtime, partial(payments.capture_online_payment, payment_id=cancelled.id))
    expiring = await _order(runtime, world, "60.00", "ord-3")
    await transact(
        runtime, partial(payments.authorise_online_payment, holder_id=world.tourist.id, payment_id=expiring.id)
    )
    clock.advance(timedelta(hours=2))
    with pytest.raises(payments.PaymentClosed) as late:
        await transact(runtime, partial(payments.capture_online_payment, payment_id=expiring.id))
    assert late.value.code == "payment_expired"
    assert await payments.sweep_payments(runtime, payments.wallet_networks(runtime)) == 1
    await transact(runtime, ledger.sweep_expired)
    wallet = await _wallet(runtime, world)
    assert (wallet.balance, wallet.reserved) == (cny("5000.00"), cny("0.00"))
    await assert_ledger_clean(runtime)


async def test_an_order_beyond_the_wallet_or_at_an_expired_quote_is_refused(
    runtime: Runtime, world: PaymentsWorld, clock
) -> None:
    big = await _order(runtime, world, "700.00", "ord-4")  # 5,529.51 CNY from a 5,000 CNY wallet
    with pytest.raises(payments.InsufficientFunds) as short:
        await transact(
            runtime, partial(payments.authorise_online_payment, holder_id=world.tourist.id, payment_id=big.id)
        )
    assert short.value.code == "wallet_balance_too_low"
    quote = await transact(runtime, partial(pricing.quote_fx, amount=eur("10.00"), to_currency="CNY"))
    clock.advance(timedelta(minutes=11))
    with pytest.raises(payments.QuoteExpired):
        await transact(
            runtime,
            partial(
                payments.create_online_payment,
                request_id="ord-5",
                merchant_org_id=world.identity.brand.id,
                beneficiary_org_id=world.identity.brand.id,
                partner_org_id=None,
                channel="brand_store",
                amount=eur("10.00"),
                quote_id=quote.id,
                payer=world.tourist.id,
                order_reference="ord-5",
                description="x",
            ),
        )
    assert (await _wallet(runtime, world)).balance == cny("5000.00")
    await assert_ledger_clean(runtime)
