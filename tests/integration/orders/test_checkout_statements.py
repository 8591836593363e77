"""How many SQL statements and transactions one checkout costs (placing the order and paying it from the
wallet, the ledger's writes included), counted as ``comptoir bench checkout`` counts them. The count
depends on the code, not the machine: a change that adds round trips to every checkout shows up here."""

from __future__ import annotations

from functools import partial

from comptoir import orders
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.statements import StatementCounter
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from tests.integration.orders.world import OrdersWorld, build_orders_world
from tests.integration.payments.world import assert_ledger_clean

#: One unit of work: the cart locked and priced again with its locked quotes, stock committed, the yearly
#: allowance taken, the order and its payment written, the wallet debited and the capture posted in one linked
#: ledger group, the order written paid.
STATEMENTS = {"postgresql": 37, "sqlite": 36}


async def _quoted_cart(runtime: Runtime, w: OrdersWorld) -> str:
    cart = await transact(runtime, partial(orders.open_cart, holder_id=w.buyer, market="CN"))
    await transact(
        runtime,
        partial(orders.set_line, holder_id=w.buyer, cart_id=cart.id, sku_id=w.perfume.variants[0].id, quantity=1),
    )

    async def quote(uow: UnitOfWork) -> None:
        found = await orders.cart(uow, holder_id=w.buyer, cart_id=cart.id)
        await orders.quote_cart(uow, cart=found, vault=w.vault, engines=w.engines)

    await transact(runtime, quote)
    return cart.id


async def test_a_paid_checkout_costs_a_known_number_of_statements_in_one_transaction(
    runtime: Runtime, backend: str
) -> None:
    w = await build_orders_world(runtime)
    checkout = partial(orders.checkout, holder_id=w.buyer, vault=w.vault, engines=w.engines, pay=True)
    await transact(runtime, partial(checkout, cart_id=await _quoted_cart(runtime, w)))  # warms the ledger's chain
    cart_id = await _quoted_cart(runtime, w)
    with StatementCounter(runtime.database) as counter:
        done = await transact(runtime, partial(checkout, cart_id=cart_id))
    assert done.orders[0].status is orders.OrderStatus.PAID
    assert counter.commits == 1
    assert counter.statements == STATEMENTS[backend], f"{counter.statements} statements per checkout on {backend}"
    await assert_ledger_clean(runtime)
