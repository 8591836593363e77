"""Inventory: stock per SKU and location, and the reservations carts hold until checkout.

Other capabilities reach inventory through these names only:

- the use cases, each ``verb(uow, *, ...)`` inside the caller's unit of work: :func:`set_stock` and
  :func:`stock_levels` (the catalog keeps them in step with the stock a merchant types), :func:`reserve`,
  :func:`change_reservation`, :func:`extend_reservation`, :func:`commit_reservation`,
  :func:`release_reservation` (a cart's life), :func:`release_expired` and :func:`restock`;
- the worker's chore :func:`release_expired_reservations` (runs :func:`release_expired` through ``transact``);
- what they take and give: :class:`StockLevel`, :class:`ReservationLine`, :class:`ReservationState`, and
  the bounds :data:`MAX_LINE_QUANTITY`, :data:`MAX_ON_HAND`, :data:`DEFAULT_LOCATION`;
- the refusals :class:`OutOfStock` (``out_of_stock``), :class:`StockBelowReserved` (``stock_below_reserved``),
  :class:`ReservationNotFound` (``reservation_not_found``), :class:`ReservationCommitted`
  (``reservation_committed``), :class:`QuantityInvalid` (``quantity_invalid``) and :class:`InventoryInvalid`
  (``inventory_invalid``).

See ``docs/inventory.md``.
"""

from comptoir.inventory.chores import release_expired_reservations
from comptoir.inventory.domain import (
    DEFAULT_LOCATION,
    MAX_LINE_QUANTITY,
    MAX_ON_HAND,
    ReservationLine,
    ReservationState,
    StockLevel,
)
from comptoir.inventory.errors import (
    InventoryInvalid,
    OutOfStock,
    QuantityInvalid,
    ReservationCommitted,
    ReservationNotFound,
    StockBelowReserved,
)
from comptoir.inventory.services import (
    change_reservation,
    commit_reservation,
    extend_reservation,
    release_expired,
    release_reservation,
    reserve,
    restock,
    set_stock,
    stock_levels,
)

__all__ = [
    "DEFAULT_LOCATION",
    "MAX_LINE_QUANTITY",
    "MAX_ON_HAND",
    "InventoryInvalid",
    "OutOfStock",
    "QuantityInvalid",
    "ReservationCommitted",
    "ReservationLine",
    "ReservationNotFound",
    "ReservationState",
    "StockBelowReserved",
    "StockLevel",
    "change_reservation",
    "commit_reservation",
    "extend_reservation",
    "release_expired",
    "release_expired_reservations",
    "release_reservation",
    "reserve",
    "restock",
    "set_stock",
    "stock_levels",
]
