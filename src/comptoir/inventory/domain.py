"""Stock per SKU and location, and the units buyers' carts hold.

A stock row says how many units of a SKU are ``on_hand`` at a location and how many of those are
``reserved`` (held in carts, not yet sold); ``available = on_hand - reserved`` is what a buyer may still
take. The database keeps ``0 <= reserved <= on_hand`` as CHECK constraints, so no interleaving of writers
can ever sell a unit twice or leave a negative stock.

A reservation is keyed by its ``reservation_id`` (a cart id): one line per SKU and location, each
``held`` (counted in ``reserved``), ``committed`` (sold: taken from ``on_hand``) or ``released`` (given
back, on abandon or expiry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from comptoir.inventory.errors import InventoryInvalid, QuantityInvalid

#: The most units one line of a reservation (or one restock) may move: more is a typing mistake.
MAX_LINE_QUANTITY = 10_000
#: The most units a SKU may have on hand at one location (the catalog's own ceiling).
MAX_ON_HAND = 1_000_000
#: The most lines one reservation call may hold at once.
MAX_LINES = 200
#: Where stock is when nobody says otherwise.
DEFAULT_LOCATION = "main"

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}$")
_LOCATION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


class ReservationState(StrEnum):
    HELD = "held"
    COMMITTED = "committed"
    RELEASED = "released"


@dataclass(frozen=True, slots=True)
class StockLevel:
    """How many units of ``sku_id`` are at ``location``: on hand, held in carts, and left to sell."""

    sku_id: str
    location: str
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass(frozen=True, slots=True)
class ReservationLine:
    """One SKU of a reservation: how many units, in which state, until when."""

    reservation_id: str
    sku_id: str
    location: str
    quantity: int
    owner: str
    state: ReservationState
    expires_at: datetime


def check_key(value: object, field: str) -> str:
    """A SKU id, reservation id or owner: letters, digits and ``. _ : / -``, at most 80 characters."""
    if not isinstance(value, str) or not _KEY.match(value):
        raise InventoryInvalid(f"{field} {value!r} is not an identifier (letters, digits, . _ : / -)", field=field)
    return value


def check_location(value: object) -> str:
    if not isinstance(value, str) or not _LOCATION.match(value):
        raise InventoryInvalid(f"location {value!r} is not a location name", field="location")
    return value


def check_quantity(value: object, field: str = "quantity", *, allow_zero: bool = False) -> int:
    """A whole number of units from 1 (or 0 when ``allow_zero``) to :data:`MAX_LINE_QUANTITY`."""
    low = 0 if allow_zero else 1
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_LINE_QUANTITY:
        raise QuantityInvalid(
            f"{field} {value!r} is not a whole number from {low} to {MAX_LINE_QUANTITY}",
            maximum=MAX_LINE_QUANTITY,
            field=field,
        )
    return value


def check_on_hand(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ON_HAND:
        raise InventoryInvalid(f"stock {value!r} is not a whole number from 0 to {MAX_ON_HAND}", field="on_hand")
    return value


def check_expiry(expires_at: object, now: datetime) -> datetime:
    """An aware instant after ``now``: a reservation that has already expired holds nothing."""
    if not isinstance(expires_at, datetime) or expires_at.tzinfo is None:
        raise InventoryInvalid("expires_at must be a timezone-aware instant", field="expires_at")
    if expires_at <= now:
        raise InventoryInvalid("expires_at is not in the future", field="expires_at")
    return expires_at


def merge_lines(lines: object) -> list[tuple[str, int]]:
    """``lines`` as (sku_id, quantity) pairs, each checked, one per SKU (quantities of a SKU given twice
    are added, then checked again), sorted by SKU id so that concurrent writers lock rows in one order."""
    if isinstance(lines, (str, bytes)) or not hasattr(lines, "__iter__"):
        raise InventoryInvalid("lines must be a sequence of (sku_id, quantity) pairs", field="lines")
    merged: dict[str, int] = {}
    count = 0
    for position, line in enumerate(lines):
        count += 1
        if not isinstance(line, tuple | list) or len(line) != 2:
            raise InventoryInvalid(f"line {position} is not a (sku_id, quantity) pair", field=f"lines[{position}]")
        sku_id = check_key(line[0], f"lines[{position}].sku_id")
        quantity = check_quantity(line[1], f"lines[{position}].quantity")
        merged[sku_id] = check_quantity(merged.get(sku_id, 0) + quantity, f"lines[{position}].quantity")
    if count == 0:
        raise InventoryInvalid("a reservation holds at least one line", field="lines")
    if count > MAX_LINES:
        raise InventoryInvalid(f"at most {MAX_LINES} lines at once", field="lines")
    return sorted(merged.items())
