"""Faults: a till process killed (SIGKILL) between two steps of a payment, a wallet network that times out,
answers twice or out of order. After recovery and a sweep nothing is pending past its expiry, no posting is
missing or doubled, and the ledger verifies clean."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from comptoir import ledger, payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import signed_in
from tests.integration.payments.world import PaymentsWorld, assert_ledger_clean, build_payments_world

ROOT = Path(__file__).resolve().parents[3]


def eur(value: str) -> Money:
    return Money.parse(value, "EUR")


async def _wallet(runtime: Runtime, w: PaymentsWorld) -> Money:
    return (await transact(runtime, partial(payments.wallet_balance, holder_id=w.tourist.id))).balance


def _run_till_until_killed(
    database_url: str, data_dir: Path, session: str, w: PaymentsWorld, code: str, stop_after: str
) -> str:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integration.payments._interrupted_till",
            database_url,
            str(data_dir),
            session,
            w.shop_till.id,
            code,
            stop_after,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("stopped "), (line, process.stderr.read() if process.poll() is not None else "")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    return line.split()[1]


@pytest.mark.parametrize(("stop_after", "outcome"), [("record", "cancelled"), ("network", "succeeded")])
async def test_a_till_killed_between_two_steps_is_repaired_by_the_sweep(
    runtime: Runtime, database_url: str, tmp_path: Path, clock, stop_after: str, outcome: str
) -> None:
    world = await build_payments_world(runtime)
    # the killed process runs on the real clock: bring the test's clock to it, and sign the shop in then
    clock.advance(datetime.now(UTC) - clock.now())
    code = await transact(runtime, partial(payments.issue_payment_code, holder_id=world.tourist.id))
    _, session = await signed_in(runtime, world.shop.email)
    payment_id = _run_till_until_killed(database_url, tmp_path / "till", session, world, code.code, stop_after)
    stuck = await transact(
        runtime, partial(payments.payment_for_merchant, principal=world.shop.principal, payment_id=payment_id)
    )
    assert stuck.status is payments.PaymentStatus.PENDING
    before = await _wallet(runtime, world)
    clock.advance(timedelta(minutes=3))  # past the payment's expiry
    closed = await payments.sweep_payments(runtime, payments.wallet_networks(runtime))
    assert closed == 1
    after = await transact(
        runtime, partial(payments.payment_for_merchant, principal=world.shop.principal, payment_id=payment_id)
    )
    assert after.status.value == outcome
    assert await payments.sweep_payments(runtime, payments.wallet_networks(runtime)) == 0  # nothing left
    network = await transact(runtime, partial(ledger.get_account, account_id="pay:network:builtin"))
    assert network.debits_posted == network.credits_posted  # what the wallet network took was recorded, once
    balances = await transact(runtime, partial(payments.merchant_balances, principal=world.shop.principal))
    if outcome == "succeeded":
        assert before == Money.parse("4763.02", "CNY") and balances.pending == eur("30.00")  # 5000 - 236.98
    else:
        assert before == Money.parse("5000.00", "CNY") and balances.pending == eur("0.00")
        # the network was told to cancel: the code can no longer pay that request
        late = await payments.wallet_networks(runtime)["builtin"].inquire(payment_id)
        assert late.status is payments.NetworkStatus.CANCELLED
    assert await _wallet(runtime, world) == before
    await assert_ledger_clean(runtime)


class FlakyNetwork:
    """The built-in wallet behind a network that misbehaves: loses answers, answers twice, answers late."""

    def __init__(self, inner: payments.WalletNetwork, *, lose: int = 0, twice: bool = False, pending: int = 0) -> None:
        self.name = inner.name
        self._inner = inner
        self.lose, self.twice, self.pending = lose, twice, pending
        self.calls: list[str] = []

    async def pay(self, request: payments.PayRequest) -> payments.NetworkAnswer:
        self.calls.append("pay")
        answer = await self._inner.pay(request)
        if self.twice:
            answer = await self._inner.pay(request)  # a retry after a lost answer: same request id
        if self.lose > 0:
            self.lose -= 1
            raise payments.NetworkUnavailable("timed out")
        if self.pending > 0:
            self.pending -= 1
            return payments.NetworkAnswer(request.request_id, payments.NetworkStatus.PENDING)
        return answer

    async def inquire(self, request_id: str) -> payments.NetworkAnswer:
        self.calls.append("inquire")
        if self.lose > 0:
            self.lose -= 1
            raise payments.NetworkUnavailable("timed out")
        if self.pending > 0:
            self.pending -= 1
            return payments.NetworkAnswer(request_id, payments.NetworkStatus.PENDING)
        return await self._inner.inquire(request_id)

    async def cancel(self, request_id: str) -> payments.NetworkAnswer:
        self.calls.append("cancel")
        return await self._inner.cancel(request_id)

    async def refund(self, request: payments.RefundRequest) -> payments.NetworkAnswer:
        return await self._inner.refund(request)


@pytest.mark.parametrize(
    ("script", "status", "calls"),
    [
        ({"lose": 1}, "succeeded", ["pay", "inquire"]),  # the answer was lost: asking again finds it paid
        ({"twice": True}, "succeeded", ["pay"]),  # asked twice: paid once
        ({"pending": 1}, "succeeded", ["pay", "inquire"]),  # "processing" first, the final answer on inquiry
        ({"lose": 4}, "cancelled", ["pay", "inquire", "inquire", "cancel"]),  # never answers: cancelled
    ],
)
async def test_a_misbehaving_network_neither_loses_nor_doubles_a_payment(
    runtime: Runtime, script: dict[str, object], status: str, calls: list[str]
) -> None:
    world = await build_payments_world(runtime)
    code = await transact(runtime, partial(payments.issue_payment_code, holder_id=world.tourist.id))
    network = FlakyNetwork(payments.wallet_networks(runtime)["builtin"], **script)  # type: ignore[arg-type]
    try:
        paid = await payments.charge_payment_code(
            runtime,
            network,
            world.shop.principal,
            pos_id=world.shop_till.id,
            amount=eur("30.00"),
            code=code.code,
            request_id="flaky",
        )
        assert paid.status.value == status
    except payments.PaymentUndecided:
        assert status == "cancelled"
    assert network.calls == calls
    expected = "4763.02" if status == "succeeded" else "5000.00"
    assert await _wallet(runtime, world) == Money.parse(expected, "CNY")
    net = await transact(runtime, partial(ledger.get_account, account_id="pay:network:builtin"))
    assert net.debits_posted == net.credits_posted
    await assert_ledger_clean(runtime)
