"""Many hands on the same money at once: concurrent refunds of one payment, one payment code presented many
times, payouts made together. On PostgreSQL (where writers really run in parallel) and on SQLite."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial

from comptoir import ledger, payments
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.payments.world import assert_ledger_clean, build_payments_world


def eur(value: str) -> Money:
    return Money.parse(value, "EUR")


async def _attempt(coro: object) -> str:
    try:
        await coro  # type: ignore[misc]
    except ComptoirError as exc:
        return exc.code
    return "ok"


async def test_two_hundred_concurrent_refunds_never_refund_more_than_captured(runtime: Runtime) -> None:
    world = await build_payments_world(runtime)
    code = await transact(runtime, partial(payments.issue_payment_code, holder_id=world.tourist.id))
    paid = await payments.charge_payment_code(
        runtime,
        payments.wallet_networks(runtime)["builtin"],
        world.shop.principal,
        pos_id=world.shop_till.id,
        amount=eur("100.00"),
        code=code.code,
        request_id="big",
    )
    refund = partial(payments.refund_payment, principal=world.shop.principal, payment_id=paid.id)
    # 200 refunds of 0.70 EUR: at most 142 fit in 100.00 EUR
    outcomes = await asyncio.gather(
        *(_attempt(transact(runtime, partial(refund, amount=eur("0.70"), request_id=f"r{i}"))) for i in range(200))
    )
    accepted = outcomes.count("ok")
    assert accepted == 142 and set(outcomes) <= {"ok", "refund_too_large", "busy"}, sorted(set(outcomes))
    after = await transact(
        runtime, partial(payments.payment_for_merchant, principal=world.shop.principal, payment_id=paid.id)
    )
    assert after.refunded == eur("99.40")
    refunds = await transact(runtime, partial(payments.refunds_of, principal=world.shop.principal, payment_id=paid.id))
    assert len(refunds) == 142 and sum(r.paid_back.minor for r in refunds) <= paid.paid.minor  # type: ignore[union-attr]
    pending = await transact(runtime, partial(ledger.get_account, account_id=f"pay:merchant:{world.shop.id}:pending"))
    assert pending.credits_posted - pending.debits_posted == 60  # 0.60 EUR left
    await assert_ledger_clean(runtime)


async def test_one_payment_code_presented_fifty_times_at_once_pays_exactly_once(runtime: Runtime) -> None:
    world = await build_payments_world(runtime)
    code = await transact(runtime, partial(payments.issue_payment_code, holder_id=world.tourist.id))
    network = payments.wallet_networks(runtime)["builtin"]
    outcomes = await asyncio.gather(
        *(
            _attempt(
                payments.charge_payment_code(
                    runtime,
                    network,
                    world.shop.principal,
                    pos_id=world.shop_till.id,
                    amount=eur("10.00"),
                    code=code.code,
                    request_id=f"scan-{i}",
                )
            )
            for i in range(50)
        )
    )
    assert outcomes.count("ok") == 1, sorted(set(outcomes))
    assert set(outcomes) - {"ok"} <= {"payment_code_used", "busy"}
    wallet = await transact(runtime, partial(payments.wallet_balance, holder_id=world.tourist.id))
    assert wallet.balance == Money.parse("4921.01", "CNY")  # 5000.00 - 78.99
    listed = await transact(runtime, partial(payments.payments_page, principal=world.shop.principal, limit=100))
    assert [p.status for p in listed].count(payments.PaymentStatus.SUCCEEDED) == 1
    await assert_ledger_clean(runtime)


async def test_concurrent_payout_batches_never_take_a_balance_below_zero(runtime: Runtime, clock) -> None:
    world = await build_payments_world(runtime)
    code = await transact(runtime, partial(payments.issue_payment_code, holder_id=world.tourist.id))
    await payments.charge_payment_code(
        runtime,
        payments.wallet_networks(runtime)["builtin"],
        world.shop.principal,
        pos_id=world.shop_till.id,
        amount=eur("80.00"),
        code=code.code,
        request_id="sale",
    )
    clock.advance(timedelta(days=1))
    await transact(runtime, partial(payments.settle_due, delay=timedelta(hours=24)))
    await transact(
        runtime,
        partial(
            payments.set_bank_account,
            principal=world.shop.principal,
            iban="DE89370400440532013000",
            holder="Pharmacie du Louvre",
        ),
    )
    operator = world.identity.operator.principal
    outcomes = await asyncio.gather(
        *(
            _attempt(
                transact(runtime, partial(payments.create_payout_batch, principal=operator, settings=runtime.settings))
            )
            for _ in range(6)
        )
    )
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) - {"ok"} <= {"nothing_to_pay_out", "busy"}
    balances = await transact(runtime, partial(payments.merchant_balances, principal=world.shop.principal))
    assert balances.available == eur("0.00") and balances.paying_out == eur("78.80")  # 80.00 less the 1.5 % fee
    await assert_ledger_clean(runtime)
