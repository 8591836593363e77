"""Many buyers for the last units at once: never more sold than there are, never a negative stock.

On PostgreSQL the buyers' transactions really run in parallel (the conditional update waits on the row
lock and checks again); on SQLite writers take turns. The same assertions hold on both.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial

from comptoir import inventory
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact

BUYERS = 500
LAST_UNITS = 20


async def _buy(runtime: Runtime, buyer: int) -> str:
    async def checkout(uow: UnitOfWork) -> list[tuple[str, int]]:
        await inventory.reserve(
            uow,
            reservation_id=f"cart_{buyer}",
            owner=f"buyer_{buyer}",
            lines=[("sku_last", 1)],
            expires_at=uow.clock.now() + timedelta(minutes=15),
        )
        return await inventory.commit_reservation(uow, reservation_id=f"cart_{buyer}")

    try:
        sold = await transact(runtime, checkout)
    except ComptoirError as refused:
        return refused.code
    assert sold == [("sku_last", 1)]
    return "ok"


async def test_five_hundred_buyers_for_the_last_twenty_units_buy_exactly_twenty(runtime: Runtime) -> None:
    await transact(runtime, lambda uow: inventory.set_stock(uow, sku_id="sku_last", on_hand=LAST_UNITS))
    outcomes = await asyncio.gather(*(_buy(runtime, i) for i in range(BUYERS)))
    assert outcomes.count("ok") == LAST_UNITS, sorted(set(outcomes))
    assert outcomes.count("out_of_stock") == BUYERS - LAST_UNITS, sorted(set(outcomes))
    level = (await transact(runtime, lambda uow: inventory.stock_levels(uow, sku_ids=["sku_last"])))["sku_last"]
    assert (level.on_hand, level.reserved, level.available) == (0, 0, 0)


async def test_holds_racing_releases_and_the_sweep_keep_the_counts_exact(runtime: Runtime, clock: FrozenClock) -> None:
    """Buyers hold two SKUs (in either order) and some give them back, while the sweep runs: at the end
    exactly what the live carts hold is reserved, and nothing was ever held beyond what is on hand."""
    for sku in ("sku_a", "sku_b"):
        await transact(runtime, partial(inventory.set_stock, sku_id=sku, on_hand=30))
    soon, later = clock.now() + timedelta(seconds=1), clock.now() + timedelta(minutes=10)

    def lines_of(i: int) -> list[tuple[str, int]]:
        return [("sku_a", 1 + i % 3), ("sku_b", 1)] if i % 2 else [("sku_b", 2), ("sku_a", 1)]

    async def hold(i: int) -> str:
        hold_it = partial(
            inventory.reserve,
            reservation_id=f"cart_{i}",
            owner=f"buyer_{i}",
            lines=lines_of(i),
            expires_at=soon if i % 5 == 0 else later,
        )
        try:
            await transact(runtime, hold_it)
        except ComptoirError as refused:
            return refused.code
        if i % 4 == 0:
            await transact(runtime, partial(inventory.release_reservation, reservation_id=f"cart_{i}"))
            return "released"
        return "held"

    outcomes = await asyncio.gather(*(hold(i) for i in range(60)), inventory.release_expired_reservations(runtime))
    held = [i for i, outcome in enumerate(outcomes[:-1]) if outcome == "held"]
    assert set(outcomes[:-1]) <= {"held", "released", "out_of_stock"} and held
    clock.advance(timedelta(seconds=2))
    await inventory.release_expired_reservations(runtime)
    levels = await transact(runtime, partial(inventory.stock_levels, sku_ids=["sku_a", "sku_b"]))
    live = [i for i in held if i % 5]
    for sku in ("sku_a", "sku_b"):
        expected = sum(q for i in live for s, q in lines_of(i) if s == sku)
        assert levels[sku].on_hand == 30 and levels[sku].reserved == expected
