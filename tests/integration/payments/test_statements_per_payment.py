"""How many SQL statements one in-store payment-code payment costs, counted as ``comptoir bench payments``
counts them (the ledger's driver-level writes included, BEGIN and COMMIT not). A count depends on the code,
not on the machine: a change that adds a round trip to every payment at the till shows up here."""

from __future__ import annotations

from functools import partial

from comptoir import payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.statements import StatementCounter
from comptoir.kernel.unit_of_work import transact
from tests.integration.payments.world import assert_ledger_clean, build_payments_world

#: Three units of work: the payment recorded, the network takes the wallet's money, the answer recorded.
STATEMENTS = {"postgresql": 24, "sqlite": 26}


async def test_a_payment_code_payment_costs_a_known_number_of_statements(runtime: Runtime, backend: str) -> None:
    world = await build_payments_world(runtime)
    network = payments.wallet_networks(runtime)["builtin"]

    async def pay(request_id: str, counter: StatementCounter | None = None) -> payments.Payment:
        code = (await transact(runtime, partial(payments.issue_payment_code, holder_id=world.tourist.id))).code
        charge = partial(
            payments.charge_payment_code,
            runtime,
            network,
            world.shop.principal,
            pos_id=world.shop_till.id,
            amount=Money.parse("12.30", "EUR"),
            code=code,
            request_id=request_id,
        )
        if counter is None:
            return await charge()
        with counter:
            return await charge()

    await pay("first")  # the first payment of a fresh ledger also creates its chain head
    counter = StatementCounter(runtime.database)
    paid = await pay("counted", counter)
    assert paid.status is payments.PaymentStatus.SUCCEEDED
    assert counter.commits == 3
    assert counter.statements == STATEMENTS[backend], f"{counter.statements} statements per payment on {backend}"
    await assert_ledger_clean(runtime)
