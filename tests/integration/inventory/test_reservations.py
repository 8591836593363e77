"""Stock levels and a cart's reservations: hold, change, extend, commit, release, expire; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from comptoir import inventory
from comptoir.inventory import StockLevel
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact


async def _levels(runtime: Runtime, *skus: str) -> dict[str, StockLevel]:
    return await transact(runtime, partial(inventory.stock_levels, sku_ids=list(skus)))


async def _stock(runtime: Runtime, **levels: int) -> None:
    for sku, on_hand in levels.items():
        await transact(runtime, partial(inventory.set_stock, sku_id=sku, on_hand=on_hand))


def _until(clock: FrozenClock, minutes: int = 30) -> datetime:
    return clock.now() + timedelta(minutes=minutes)


async def test_a_held_line_is_not_available_and_a_commit_sells_it(runtime: Runtime, clock: FrozenClock) -> None:
    await _stock(runtime, sku_a=10, sku_b=5)
    await transact(
        runtime,
        partial(
            inventory.reserve,
            reservation_id="cart_1",
            owner="buyer_1",
            lines=[("sku_a", 3), ("sku_b", 5)],
            expires_at=_until(clock),
        ),
    )
    levels = await _levels(runtime, "sku_a", "sku_b", "sku_unknown")
    assert levels["sku_a"] == StockLevel("sku_a", "main", on_hand=10, reserved=3) and levels["sku_a"].available == 7
    assert levels["sku_b"].available == 0 and "sku_unknown" not in levels
    sold = await transact(runtime, partial(inventory.commit_reservation, reservation_id="cart_1"))
    assert sorted(sold) == [("sku_a", 3), ("sku_b", 5)]
    levels = await _levels(runtime, "sku_a", "sku_b")
    assert (levels["sku_a"].on_hand, levels["sku_a"].reserved) == (7, 0)
    assert (levels["sku_b"].on_hand, levels["sku_b"].reserved) == (0, 0)
    again = await transact(runtime, partial(inventory.commit_reservation, reservation_id="cart_1"))
    assert sorted(again) == sorted(sold)  # idempotent: nothing sold twice
    assert (await _levels(runtime, "sku_a"))["sku_a"].on_hand == 7
    released = await transact(runtime, partial(inventory.release_reservation, reservation_id="cart_1"))
    assert released == 0  # sold is sold; a return restocks
    with pytest.raises(inventory.ReservationCommitted):
        await transact(
            runtime,
            partial(
                inventory.change_reservation,
                reservation_id="cart_1",
                sku_id="sku_a",
                quantity=1,
                expires_at=_until(clock),
            ),
        )
    back = await transact(runtime, partial(inventory.restock, sku_id="sku_b", quantity=2))
    assert back == StockLevel("sku_b", "main", on_hand=2, reserved=0)


async def test_reserving_again_adds_and_change_sets_the_line(runtime: Runtime, clock: FrozenClock) -> None:
    await _stock(runtime, sku_a=10)
    hold = partial(inventory.reserve, reservation_id="cart_1", owner="buyer_1", expires_at=_until(clock))
    await transact(runtime, partial(hold, lines=[("sku_a", 2)]))
    await transact(runtime, partial(hold, lines=[("sku_a", 1), ("sku_a", 1)]))  # a SKU given twice is added
    assert (await _levels(runtime, "sku_a"))["sku_a"].reserved == 4
    change = partial(inventory.change_reservation, reservation_id="cart_1", sku_id="sku_a", expires_at=_until(clock))
    await transact(runtime, partial(change, quantity=9))
    assert (await _levels(runtime, "sku_a"))["sku_a"].reserved == 9
    with pytest.raises(inventory.OutOfStock) as refused:
        await transact(runtime, partial(change, quantity=11))
    assert refused.value.sku_ids == ("sku_a",) and refused.value.available == {"sku_a": 1}
    await transact(runtime, partial(change, quantity=2))
    assert (await _levels(runtime, "sku_a"))["sku_a"].reserved == 2
    await transact(runtime, partial(change, quantity=0))  # the line goes, its units with it
    assert (await _levels(runtime, "sku_a"))["sku_a"].reserved == 0
    with pytest.raises(inventory.ReservationNotFound):
        await transact(runtime, partial(inventory.commit_reservation, reservation_id="cart_1"))


async def test_another_owner_does_not_see_the_reservation(runtime: Runtime, clock: FrozenClock) -> None:
    await _stock(runtime, sku_a=10)
    await transact(
        runtime,
        partial(
            inventory.reserve, reservation_id="cart_1", owner="buyer_1", lines=[("sku_a", 2)], expires_at=_until(clock)
        ),
    )
    for use_case in (
        partial(
            inventory.reserve, reservation_id="cart_1", owner="buyer_2", lines=[("sku_a", 1)], expires_at=_until(clock)
        ),
        partial(inventory.commit_reservation, reservation_id="cart_1", owner="buyer_2"),
        partial(inventory.release_reservation, reservation_id="cart_1", owner="buyer_2"),
        partial(inventory.extend_reservation, reservation_id="cart_1", owner="buyer_2", expires_at=_until(clock, 60)),
    ):
        with pytest.raises(inventory.ReservationNotFound):
            await transact(runtime, use_case)
    assert (await _levels(runtime, "sku_a"))["sku_a"].reserved == 2


async def test_release_gives_back_and_is_idempotent(runtime: Runtime, clock: FrozenClock) -> None:
    await _stock(runtime, sku_a=3)
    await transact(
        runtime,
        partial(
            inventory.reserve, reservation_id="cart_1", owner="buyer_1", lines=[("sku_a", 3)], expires_at=_until(clock)
        ),
    )
    assert await transact(runtime, partial(inventory.release_reservation, reservation_id="cart_1")) == 1
    assert await transact(runtime, partial(inventory.release_reservation, reservation_id="cart_1")) == 0
    assert await transact(runtime, partial(inventory.release_reservation, reservation_id="never")) == 0
    assert (await _levels(runtime, "sku_a"))["sku_a"] == StockLevel("sku_a", "main", 3, 0)


async def test_expired_reservations_are_released_and_extended_ones_are_not(
    runtime: Runtime, clock: FrozenClock
) -> None:
    await _stock(runtime, sku_a=10)
    for cart in ("cart_1", "cart_2"):
        await transact(
            runtime,
            partial(
                inventory.reserve,
                reservation_id=cart,
                owner="buyer",
                lines=[("sku_a", 4)],
                expires_at=_until(clock, 15),
            ),
        )
    clock.advance(timedelta(minutes=10))
    assert (
        await transact(
            runtime, partial(inventory.extend_reservation, reservation_id="cart_2", expires_at=_until(clock, 15))
        )
        == 1
    )
    with pytest.raises(inventory.ReservationNotFound):
        await transact(runtime, partial(inventory.extend_reservation, reservation_id="nope", expires_at=_until(clock)))
    clock.advance(timedelta(minutes=6))
    assert await inventory.release_expired_reservations(runtime) == 1
    assert await inventory.release_expired_reservations(runtime) == 0
    assert (await _levels(runtime, "sku_a"))["sku_a"].reserved == 4  # cart_2's
    assert (
        await transact(
            runtime, partial(inventory.extend_reservation, reservation_id="cart_1", expires_at=_until(clock))
        )
        == 0
    )  # it lapsed: nothing held to extend
    # A lapsed cart still checks out while the units are there: they are taken from what is available.
    sold = await transact(runtime, partial(inventory.commit_reservation, reservation_id="cart_1"))
    assert sold == [("sku_a", 4)]
    assert (await _levels(runtime, "sku_a"))["sku_a"] == StockLevel("sku_a", "main", 6, 4)
    # cart_2 lapses in its turn; then nothing is held and the units are on hand for the next buyer.
    clock.advance(timedelta(minutes=10))
    assert await inventory.release_expired_reservations(runtime) == 1
    assert (await _levels(runtime, "sku_a"))["sku_a"] == StockLevel("sku_a", "main", 6, 0)
    await transact(
        runtime,
        partial(inventory.reserve, reservation_id="cart_3", owner="b", lines=[("sku_a", 5)], expires_at=_until(clock)),
    )
    await transact(runtime, partial(inventory.commit_reservation, reservation_id="cart_3"))
    with pytest.raises(inventory.OutOfStock):  # a lapsed line whose units were sold meanwhile cannot check out
        await transact(runtime, partial(inventory.commit_reservation, reservation_id="cart_2"))
    assert (await _levels(runtime, "sku_a"))["sku_a"] == StockLevel("sku_a", "main", 1, 0)


async def test_a_multi_line_reservation_with_a_sold_out_line_holds_nothing(
    runtime: Runtime, clock: FrozenClock
) -> None:
    await _stock(runtime, sku_a=10, sku_b=1, sku_c=0)
    with pytest.raises(inventory.OutOfStock) as refused:
        await transact(
            runtime,
            partial(
                inventory.reserve,
                reservation_id="cart_1",
                owner="buyer_1",
                lines=[("sku_a", 2), ("sku_b", 2), ("sku_c", 1), ("sku_gone", 1)],
                expires_at=_until(clock),
            ),
        )
    error = refused.value
    assert error.code == "out_of_stock" and error.status == 409
    assert error.sku_ids == ("sku_b", "sku_c", "sku_gone")
    assert error.available == {"sku_b": 1, "sku_c": 0, "sku_gone": 0}
    assert "sku_c is sold out" in error.detail and "only 1 left of sku_b" in error.detail
    levels = await _levels(runtime, "sku_a", "sku_b")
    assert levels["sku_a"].reserved == 0 and levels["sku_b"].reserved == 0  # the first line was rolled back
    with pytest.raises(inventory.ReservationNotFound):
        await transact(runtime, partial(inventory.commit_reservation, reservation_id="cart_1"))


async def test_stock_cannot_be_set_below_what_carts_hold(runtime: Runtime, clock: FrozenClock) -> None:
    await _stock(runtime, sku_a=10)
    await transact(
        runtime,
        partial(
            inventory.reserve, reservation_id="cart_1", owner="buyer_1", lines=[("sku_a", 6)], expires_at=_until(clock)
        ),
    )
    with pytest.raises(inventory.StockBelowReserved) as refused:
        await transact(runtime, partial(inventory.set_stock, sku_id="sku_a", on_hand=5))
    assert refused.value.code == "stock_below_reserved" and refused.value.extra["reserved"] == 6
    assert (await _levels(runtime, "sku_a"))["sku_a"] == StockLevel("sku_a", "main", 10, 6)
    assert await transact(runtime, partial(inventory.set_stock, sku_id="sku_a", on_hand=6)) == StockLevel(
        "sku_a", "main", 6, 6
    )


@pytest.mark.parametrize("quantity", [0, -1, 10_001, 10**12, 2.5, True, "3"])
async def test_zero_or_absurd_quantities_are_refused_and_nothing_is_written(
    runtime: Runtime, clock: FrozenClock, quantity: object
) -> None:
    await _stock(runtime, sku_a=10)
    with pytest.raises(inventory.QuantityInvalid) as refused:
        await transact(
            runtime,
            partial(
                inventory.reserve,
                reservation_id="cart_1",
                owner="buyer_1",
                lines=[("sku_a", 1), ("sku_a", quantity)],  # type: ignore[list-item]
                expires_at=_until(clock),
            ),
        )
    assert refused.value.code == "quantity_invalid" and refused.value.status == 422
    with pytest.raises(inventory.QuantityInvalid):
        await transact(runtime, partial(inventory.restock, sku_id="sku_a", quantity=quantity))  # type: ignore[arg-type]
    assert (await _levels(runtime, "sku_a"))["sku_a"] == StockLevel("sku_a", "main", 10, 0)
    with pytest.raises(inventory.ReservationNotFound):
        await transact(runtime, partial(inventory.commit_reservation, reservation_id="cart_1"))


async def test_other_bad_input_is_refused(runtime: Runtime, clock: FrozenClock) -> None:
    bad: list[Callable[[UnitOfWork], Awaitable[object]]] = [
        partial(inventory.set_stock, sku_id="sku_a", on_hand=-1),
        partial(inventory.set_stock, sku_id="sku_a", on_hand=inventory.MAX_ON_HAND + 1),
        partial(inventory.set_stock, sku_id="", on_hand=1),
        partial(inventory.set_stock, sku_id="sku a; drop", on_hand=1),
        partial(inventory.reserve, reservation_id="c", owner="o", lines=[], expires_at=_until(clock)),
        partial(inventory.reserve, reservation_id="c", owner="o", lines=[("sku_a", 1)], expires_at=clock.now()),
        partial(
            inventory.reserve,
            reservation_id="c",
            owner="o",
            lines=[("sku_a", 1)],
            expires_at=_until(clock).replace(tzinfo=None),
        ),
        partial(
            inventory.reserve,
            reservation_id="c",
            owner="o",
            lines=[("sku_a", 5001), ("sku_a", 5000)],
            expires_at=_until(clock),
        ),
    ]
    for use_case in bad:
        with pytest.raises((inventory.InventoryInvalid, inventory.QuantityInvalid)):
            await transact(runtime, use_case)
    assert await _levels(runtime, "sku_a") == {}


async def test_the_database_itself_refuses_more_held_or_sold_than_on_hand(runtime: Runtime) -> None:
    """The CHECK constraints are the last guard, under every writer that would bypass the services."""
    await _stock(runtime, sku_a=2)
    for statement in (
        "UPDATE inventory_stock SET reserved = on_hand + 1",
        "UPDATE inventory_stock SET on_hand = -1, reserved = 0",
        "UPDATE inventory_stock SET reserved = -1",
    ):
        with pytest.raises(IntegrityError):
            async with runtime.uow() as uow:
                await uow.session.execute(text(statement))
                await uow.commit()
    assert (await _levels(runtime, "sku_a"))["sku_a"] == StockLevel("sku_a", "main", 2, 0)
