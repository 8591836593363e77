"""Topping up a built-in wallet through the bank port: credited once per request, nothing on a refusal or on
a bank that does not answer; bad amounts refused. SQLite and PostgreSQL."""

from __future__ import annotations

from functools import partial

import pytest

from comptoir import payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.payments.world import assert_ledger_clean, load_rates, open_wallet


class SilentBank:
    name = "silent"

    async def charge(self, request: payments.TopUpRequest) -> payments.TopUpReceipt:
        raise payments.BankUnavailable("timed out")


async def test_a_top_up_credits_once_per_request_and_never_on_a_refusal(runtime: Runtime) -> None:
    await load_rates(runtime)
    holder = await open_wallet(runtime, "王芳", "+8613800000011")
    bank = payments.top_up_bank(runtime)
    assert isinstance(bank, payments.OfflineBank)
    top_up = partial(payments.top_up_from_bank, runtime, bank, holder_id=holder.id)
    assert await top_up(amount=Money.parse("800.00", "CNY"), request_id="t1") == Money.parse("800.00", "CNY")
    assert await top_up(amount=Money.parse("800.00", "CNY"), request_id="t1") == Money.parse("800.00", "CNY")
    with pytest.raises(payments.PaymentInvalid):
        await top_up(amount=Money.parse("50000.01", "CNY"), request_id="t2")  # above the bank's ceiling
    for bad in (Money.parse("0.00", "CNY"), Money.parse("10.00", "EUR"), Money(-100, "CNY")):
        with pytest.raises(payments.PaymentInvalid):
            await top_up(amount=bad, request_id="t3")
    with pytest.raises(payments.PaymentInvalid):
        await top_up(amount=Money.parse("1.00", "CNY"), request_id="x" * 65)
    with pytest.raises(payments.PaymentUndecided):
        await payments.top_up_from_bank(
            runtime, SilentBank(), holder_id=holder.id, amount=Money.parse("5.00", "CNY"), request_id="t4"
        )
    with pytest.raises(payments.PaymentsNotFound):
        await payments.top_up_from_bank(
            runtime, bank, holder_id="wal_nobody", amount=Money.parse("5.00", "CNY"), request_id="t5"
        )
    balance = await transact(runtime, partial(payments.wallet_balance, holder_id=holder.id))
    assert balance.balance == Money.parse("800.00", "CNY")
    await assert_ledger_clean(runtime)
