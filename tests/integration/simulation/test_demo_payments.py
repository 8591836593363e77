"""The demo's payments section: tourists pay two Paris tills three ways through the public services, and the
ledger verifies clean."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from comptoir import identity, ledger, payments
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation import demo_identity, demo_payments, demo_pricing
from comptoir.simulation.logins import DEMO_PASSWORD


async def test_the_demo_tourists_pay_paris_shops_and_the_ledger_agrees(runtime: Runtime, clock: FrozenClock) -> None:
    clock.advance(datetime(2026, 11, 16, 9, tzinfo=UTC) - clock.now())
    await demo_identity.build(runtime)
    await demo_pricing.build(runtime)
    logins = await demo_payments.build(runtime)
    assert [(x.email, x.space) for x in logins] == [(demo_payments.SHOP_EMAIL, "/till")]
    session = await transact(
        runtime,
        partial(
            identity.sign_in,
            email=demo_payments.SHOP_EMAIL,
            password=DEMO_PASSWORD,
            settings=runtime.settings,
            throttle=runtime.throttle,
        ),
    )
    shop = await transact(runtime, partial(identity.principal_for_session, token=session.token))
    assert shop is not None
    balances = await transact(runtime, partial(payments.merchant_balances, principal=shop))
    assert balances.pending == Money.parse("75.40", "EUR")  # 38.50 + 24.90 + 12.00
    wang = await transact(
        runtime,
        partial(payments.wallet_sign_in, settings=runtime.settings, phone="+8613800000001", password=DEMO_PASSWORD),
    )
    history = await transact(runtime, partial(payments.wallet_payments, holder_id=wang.id))
    assert len(history) == 2 and sum(len(refunds) for _, refunds in history) == 1
    report = await transact(runtime, ledger.verify)
    assert report.ok, report.violations
