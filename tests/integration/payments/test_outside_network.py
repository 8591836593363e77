"""A till charging a code of an outside wallet network (the Alipay+-shaped adapter against its local fake):
captured once, refunded through the network, and a network that never answers leaves nothing pending.
SQLite and PostgreSQL; the ledger verifies clean after each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from functools import partial

import httpx
import pytest

from comptoir import ledger, payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.payments.network.alipayplus import AlipayPlusNetwork
from tests.integration.payments.world import PaymentsWorld, assert_ledger_clean, build_payments_world
from tests.support.fake_alipayplus import FakeAlipayPlus, seeded_key_pair

CLIENT_ID = "SANDBOX_COMPTOIR_0001"
TOURIST = "2188000000000009"
CODES = ("281012345678901111", "281012345678902222", "281012345678903333")


@pytest.fixture(scope="module")
def keys() -> tuple[object, object]:
    return seeded_key_pair(20261201), seeded_key_pair(20261202)


@pytest.fixture
async def outside(
    runtime: Runtime, keys: tuple[object, object]
) -> AsyncIterator[tuple[FakeAlipayPlus, AlipayPlusNetwork]]:
    acquirer, network_keys = keys
    fake = FakeAlipayPlus(
        acquirer_public_key_pem=acquirer.public_pem,  # type: ignore[attr-defined]
        network_private_key_pem=network_keys.private_pem,  # type: ignore[attr-defined]
        client_id=CLIENT_ID,
        hang_seconds=1.0,
    )
    fake.add_consumer(TOURIST, Money.parse("3000.00", "CNY"), *CODES)
    adapter = AlipayPlusNetwork(
        base_url="http://alipayplus.test",
        client_id=CLIENT_ID,
        private_key_pem=acquirer.private_pem,  # type: ignore[attr-defined]
        network_public_key_pem=network_keys.public_pem,  # type: ignore[attr-defined]
        timeout=0.3,
        transport=httpx.ASGITransport(app=fake.app),
    )
    payments.use_network(runtime, adapter)
    yield fake, adapter
    await adapter.aclose()


@pytest.fixture
async def world(runtime: Runtime) -> PaymentsWorld:
    return await build_payments_world(runtime)


async def test_an_outside_code_is_captured_once_and_refunded_through_the_network(
    runtime: Runtime, world: PaymentsWorld, outside: tuple[FakeAlipayPlus, AlipayPlusNetwork]
) -> None:
    fake, _ = outside
    network = payments.network_for_code(runtime, CODES[0])
    assert network.name == "alipayplus"
    paid = await payments.charge_payment_code(
        runtime,
        network,
        world.shop.principal,
        pos_id=world.shop_till.id,
        amount=Money.parse("50.00", "EUR"),
        code=CODES[0],
        request_id="ext-1",
    )
    assert paid.status is payments.PaymentStatus.SUCCEEDED and paid.network == "alipayplus"
    assert fake.balance(TOURIST) == Money.parse("2605.03", "CNY")  # 3000 - 394.97 (50 * 7.8993, half-up)
    receivable = await transact(runtime, partial(ledger.get_account, account_id="pay:network:alipayplus"))
    assert receivable.debits_posted - receivable.credits_posted == paid.paid.minor  # type: ignore[union-attr]
    refund = await payments.refund_through_network(
        runtime,
        network,
        world.shop.principal,
        payment_id=paid.id,
        amount=Money.parse("20.00", "EUR"),
        request_id="back",
    )
    assert refund.paid_back == Money.parse("157.99", "CNY")
    assert fake.balance(TOURIST) == Money.parse("2763.02", "CNY")
    again = await payments.refund_through_network(
        runtime,
        network,
        world.shop.principal,
        payment_id=paid.id,
        amount=Money.parse("20.00", "EUR"),
        request_id="back",
    )
    assert again.id == refund.id and fake.balance(TOURIST) == Money.parse("2763.02", "CNY")
    await assert_ledger_clean(runtime)


async def test_an_outside_network_that_never_answers_leaves_nothing_pending_after_the_sweep(
    runtime: Runtime, world: PaymentsWorld, outside: tuple[FakeAlipayPlus, AlipayPlusNetwork], clock
) -> None:
    fake, network = outside
    fake.script.time_out_next(None, after_applying=False, n=4)  # pay, two inquiries and the cancel: no answer
    stuck = await payments.charge_payment_code(
        runtime,
        network,
        world.shop.principal,
        pos_id=world.shop_till.id,
        amount=Money.parse("30.00", "EUR"),
        code=CODES[1],
        request_id="ext-2",
    )
    assert stuck.status is payments.PaymentStatus.PENDING  # not knowing, it neither captures nor forgets it
    clock.advance(timedelta(minutes=3))  # past its expiry; the network answers again
    assert await payments.sweep_payments(runtime, payments.wallet_networks(runtime)) == 1
    after = await transact(
        runtime, partial(payments.payment_for_merchant, principal=world.shop.principal, payment_id=stuck.id)
    )
    assert after.status is payments.PaymentStatus.CANCELLED
    assert fake.balance(TOURIST) == Money.parse("3000.00", "CNY")
    # the network was told to cancel it: the code's payment cannot arrive late any more
    late = await network.pay(
        payments.PayRequest(stuck.id, stuck.paid, CODES[1], stuck.request_id, stuck.description)  # type: ignore[arg-type]
    )
    assert late.status is not payments.NetworkStatus.SUCCEEDED and fake.balance(TOURIST) == Money.parse(
        "3000.00", "CNY"
    )
    await assert_ledger_clean(runtime)
