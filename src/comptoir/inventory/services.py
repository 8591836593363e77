"""Use cases of the inventory capability: stock levels, and the reservations carts hold until checkout.

Each runs inside the caller's unit of work and never commits. Holding stock is one conditional UPDATE
per line (``reserved = reserved + :q WHERE on_hand - reserved >= :q``): the database checks and changes
the row in the same statement, so two buyers can never both take the last unit, whatever the interleaving.
When a line cannot be held the service raises :class:`OutOfStock` after trying every line (so the buyer
hears of each sold-out SKU at once); the lines it did hold are undone by the caller's rollback, which
leaving the unit of work on an exception performs.

Lock order, the same everywhere: a reservation's own rows first, then stock rows by SKU id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from comptoir.inventory import repository
from comptoir.inventory.domain import (
    DEFAULT_LOCATION,
    MAX_ON_HAND,
    ReservationLine,
    ReservationState,
    StockLevel,
    check_expiry,
    check_key,
    check_location,
    check_on_hand,
    check_quantity,
    merge_lines,
)
from comptoir.inventory.errors import (
    InventoryInvalid,
    OutOfStock,
    ReservationCommitted,
    ReservationNotFound,
    StockBelowReserved,
)
from comptoir.kernel.unit_of_work import UnitOfWork

HELD = ReservationState.HELD
COMMITTED = ReservationState.COMMITTED
RELEASED = ReservationState.RELEASED

#: Expired lines one sweep releases per transaction (the chore loops until none is left).
SWEEP_BATCH = 500


async def set_stock(uow: UnitOfWork, *, sku_id: str, on_hand: int, location: str = DEFAULT_LOCATION) -> StockLevel:
    """Set how many units of ``sku_id`` are on hand at ``location`` (what a merchant counts and types).

    Units held in carts stay held: a level below them is refused with :class:`StockBelowReserved` and
    nothing is written (the check and the change are one statement).
    """
    sku_id = check_key(sku_id, "sku_id")
    location = check_location(location)
    on_hand = check_on_hand(on_hand)
    level = await repository.set_on_hand(
        uow.session, sku_id=sku_id, location=location, on_hand=on_hand, now=uow.clock.now()
    )
    if level is None:
        current = (await repository.levels(uow.session, [(sku_id, location)]))[(sku_id, location)]
        raise StockBelowReserved(
            f"{current.reserved} units of {sku_id} are held in carts; the stock cannot be set to {on_hand}",
            sku_id=sku_id,
            reserved=current.reserved,
            on_hand=on_hand,
        )
    return level


async def stock_levels(
    uow: UnitOfWork, *, sku_ids: Sequence[str], location: str = DEFAULT_LOCATION
) -> dict[str, StockLevel]:
    """The stock of each of ``sku_ids`` at ``location``; a SKU inventory has never been told of is absent."""
    location = check_location(location)
    keys = sorted({(check_key(s, "sku_ids"), location) for s in sku_ids})
    found = await repository.levels(uow.session, keys)
    return {sku_id: level for (sku_id, _), level in found.items()}


async def _owned_lines(
    uow: UnitOfWork, reservation_id: str, owner: str | None, *, for_update: bool = True
) -> list[ReservationLine]:
    lines = await repository.lines_of(uow.session, reservation_id, for_update=for_update)
    if owner is not None and any(line.owner != owner for line in lines):
        raise ReservationNotFound(f"no reservation {reservation_id!r} of this owner")
    return lines


async def _refuse(uow: UnitOfWork, short: dict[tuple[str, str], int]) -> OutOfStock:
    """The :class:`OutOfStock` for lines that could not be held: what each of them has left."""
    found = await repository.levels(uow.session, sorted(short))
    available = {sku: found[(sku, loc)].available if (sku, loc) in found else 0 for sku, loc in short}
    return OutOfStock(available, {sku: q for (sku, _), q in short.items()})


async def reserve(
    uow: UnitOfWork,
    *,
    reservation_id: str,
    owner: str,
    lines: Sequence[tuple[str, int]],
    expires_at: datetime,
    location: str = DEFAULT_LOCATION,
) -> None:
    """Hold ``lines`` ((sku_id, quantity) pairs, 1 to 10,000 units each) for ``owner`` until ``expires_at``.

    Reserving again under the same ``reservation_id`` for a SKU already held ADDS to its line (a buyer
    who puts one more in the cart); every held line of the reservation then expires at ``expires_at``.
    Use :func:`change_reservation` to set a line's quantity instead. A reservation id that another owner
    holds is :class:`ReservationNotFound`; a committed one is :class:`ReservationCommitted`.

    Raises :class:`OutOfStock` naming every SKU that cannot be held; the caller's rollback undoes the rest.
    """
    reservation_id = check_key(reservation_id, "reservation_id")
    owner = check_key(owner, "owner")
    location = check_location(location)
    wanted = merge_lines(lines)
    now = uow.clock.now()
    check_expiry(expires_at, now)
    existing = {(line.sku_id, line.location): line for line in await _owned_lines(uow, reservation_id, owner)}
    if any(line.state is COMMITTED for line in existing.values()):
        raise ReservationCommitted(f"reservation {reservation_id!r} was committed")
    for sku_id, quantity in wanted:
        line = existing.get((sku_id, location))
        if line is not None and line.state is HELD:
            check_quantity(line.quantity + quantity, f"{sku_id}.quantity")
    short: dict[tuple[str, str], int] = {}
    for sku_id, quantity in wanted:
        if not await repository.hold(uow.session, sku_id=sku_id, location=location, quantity=quantity, now=now):
            short[(sku_id, location)] = quantity
    if short:
        raise await _refuse(uow, short)
    new_rows: list[dict[str, Any]] = []
    for sku_id, quantity in wanted:
        line = existing.get((sku_id, location))
        if line is None:
            new_rows.append(
                {
                    "reservation_id": reservation_id,
                    "sku_id": sku_id,
                    "location": location,
                    "quantity": quantity,
                    "owner": owner,
                    "state": HELD.value,
                    "expires_at": expires_at,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        elif line.state is HELD:
            await repository.update_line(
                uow.session, line, quantity=line.quantity + quantity, expires_at=expires_at, updated_at=now
            )
        else:  # released: held again, from scratch
            await repository.update_line(
                uow.session, line, quantity=quantity, state=HELD.value, expires_at=expires_at, updated_at=now
            )
    await repository.insert_lines(uow.session, new_rows)
    if any(line.state is HELD for key, line in existing.items() if key not in {(s, location) for s, _ in wanted}):
        await repository.extend(uow.session, reservation_id, expires_at=expires_at, now=now)


async def change_reservation(
    uow: UnitOfWork,
    *,
    reservation_id: str,
    sku_id: str,
    quantity: int,
    expires_at: datetime,
    location: str = DEFAULT_LOCATION,
    owner: str | None = None,
) -> None:
    """Set the held quantity of one line to ``quantity`` (0 removes the line and gives its units back).

    Holding more takes only the difference, by the same conditional update as :func:`reserve`
    (:class:`OutOfStock` when it is not there); holding fewer gives the difference back. A line that is
    not held yet is held (for ``owner``, required then). When ``owner`` is given, a reservation of
    another owner is :class:`ReservationNotFound`.
    """
    reservation_id = check_key(reservation_id, "reservation_id")
    sku_id = check_key(sku_id, "sku_id")
    location = check_location(location)
    quantity = check_quantity(quantity, allow_zero=True)
    if owner is not None:
        owner = check_key(owner, "owner")
    now = uow.clock.now()
    check_expiry(expires_at, now)
    lines = await _owned_lines(uow, reservation_id, owner)
    if any(line.state is COMMITTED for line in lines):
        raise ReservationCommitted(f"reservation {reservation_id!r} was committed")
    line = next((x for x in lines if (x.sku_id, x.location) == (sku_id, location)), None)
    held = line.quantity if line is not None and line.state is HELD else 0
    if quantity > held:
        more = quantity - held
        if not await repository.hold(uow.session, sku_id=sku_id, location=location, quantity=more, now=now):
            raise await _refuse(uow, {(sku_id, location): quantity})
    elif held > quantity:
        await repository.unhold(uow.session, sku_id=sku_id, location=location, quantity=held - quantity, now=now)
    if quantity == 0:
        if line is not None:
            await repository.delete_line(uow.session, line)
        return
    if line is None:
        line_owner = owner or (lines[0].owner if lines else None)
        if line_owner is None:
            raise InventoryInvalid("a new reservation needs its owner", field="owner")
        await repository.insert_lines(
            uow.session,
            [
                {
                    "reservation_id": reservation_id,
                    "sku_id": sku_id,
                    "location": location,
                    "quantity": quantity,
                    "owner": line_owner,
                    "state": HELD.value,
                    "expires_at": expires_at,
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )
    else:
        await repository.update_line(
            uow.session, line, quantity=quantity, state=HELD.value, expires_at=expires_at, updated_at=now
        )


async def extend_reservation(
    uow: UnitOfWork, *, reservation_id: str, expires_at: datetime, owner: str | None = None
) -> int:
    """Hold every held line of the reservation until ``expires_at`` (a buyer still at work on the cart).

    Returns how many lines are held; 0 when all of them lapsed or were released (hold them again with
    :func:`reserve`). A reservation with no line at all is :class:`ReservationNotFound`.
    """
    reservation_id = check_key(reservation_id, "reservation_id")
    now = uow.clock.now()
    check_expiry(expires_at, now)
    if owner is not None:
        await _owned_lines(uow, reservation_id, check_key(owner, "owner"), for_update=False)
    extended = await repository.extend(uow.session, reservation_id, expires_at=expires_at, now=now)
    if extended == 0 and not await repository.lines_of(uow.session, reservation_id):
        raise ReservationNotFound(f"no reservation {reservation_id!r}")
    return extended


async def commit_reservation(
    uow: UnitOfWork, *, reservation_id: str, owner: str | None = None
) -> list[tuple[str, int]]:
    """Sell what the reservation holds (checkout): each held line leaves ``on_hand`` and ``reserved``.

    Returns every committed line as (sku_id, quantity). Idempotent: committing again changes nothing and
    returns the same lines. A line whose hold lapsed (released at expiry, and not held by anyone since) is
    taken from what is available, if it still is; otherwise :class:`OutOfStock`, and the caller's rollback
    leaves everything as it was. An unknown reservation (or another owner's) is :class:`ReservationNotFound`.
    """
    reservation_id = check_key(reservation_id, "reservation_id")
    lines = await _owned_lines(uow, reservation_id, check_key(owner, "owner") if owner is not None else None)
    if not lines:
        raise ReservationNotFound(f"no reservation {reservation_id!r}")
    now = uow.clock.now()
    short: dict[tuple[str, str], int] = {}
    for line in lines:
        if line.state is HELD:
            await repository.take_held(
                uow.session, sku_id=line.sku_id, location=line.location, quantity=line.quantity, now=now
            )
        elif line.state is RELEASED and not await repository.take_available(
            uow.session, sku_id=line.sku_id, location=line.location, quantity=line.quantity, now=now
        ):
            short[(line.sku_id, line.location)] = line.quantity
    if short:
        raise await _refuse(uow, short)
    if any(line.state is not COMMITTED for line in lines):
        await repository.set_state(
            uow.session,
            reservation_id,
            from_states=[HELD.value, RELEASED.value],
            state=COMMITTED.value,
            now=now,
        )
    return [(line.sku_id, line.quantity) for line in lines]


async def release_reservation(uow: UnitOfWork, *, reservation_id: str, owner: str | None = None) -> int:
    """Give back every unit the reservation holds (an abandoned or emptied cart); how many lines that was.

    Idempotent: releasing again, or an id never reserved, changes nothing. Committed lines are sold and
    stay so (a return puts units back with :func:`restock`).
    """
    reservation_id = check_key(reservation_id, "reservation_id")
    lines = await _owned_lines(uow, reservation_id, check_key(owner, "owner") if owner is not None else None)
    held = [line for line in lines if line.state is HELD]
    now = uow.clock.now()
    for line in held:
        await repository.unhold(
            uow.session, sku_id=line.sku_id, location=line.location, quantity=line.quantity, now=now
        )
    if held:
        await repository.set_state(uow.session, reservation_id, from_states=[HELD.value], state=RELEASED.value, now=now)
    return len(held)


async def release_expired(uow: UnitOfWork, *, now: datetime, limit: int = SWEEP_BATCH) -> int:
    """Release up to ``limit`` held lines whose expiry is at or before ``now``; how many were released.

    The units of each SKU go back in one statement. A line a checkout is committing at this moment is
    skipped on PostgreSQL (locked by it) and met in its new state on SQLite (writers take turns).
    """
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise InventoryInvalid("now must be a timezone-aware instant", field="now")
    lines = await repository.expired_lines(uow.session, now=now, limit=limit)
    if not lines:
        return 0
    back: dict[tuple[str, str], int] = {}
    for line in lines:
        back[(line.sku_id, line.location)] = back.get((line.sku_id, line.location), 0) + line.quantity
    for (sku_id, location), quantity in sorted(back.items()):
        await repository.unhold(uow.session, sku_id=sku_id, location=location, quantity=quantity, now=now)
    await repository.release_lines(uow.session, lines, now=now)
    return len(lines)


async def restock(uow: UnitOfWork, *, sku_id: str, quantity: int, location: str = DEFAULT_LOCATION) -> StockLevel:
    """Put ``quantity`` units back on hand (a return, a delivery): 1 to 10,000 at a time."""
    sku_id = check_key(sku_id, "sku_id")
    location = check_location(location)
    quantity = check_quantity(quantity)
    level = await repository.add_on_hand(
        uow.session, sku_id=sku_id, location=location, quantity=quantity, now=uow.clock.now()
    )
    if level is None:
        raise InventoryInvalid(f"{sku_id} would have more than {MAX_ON_HAND} units on hand", field="quantity")
    return level
