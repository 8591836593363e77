"""Errors of the inventory capability, each with a stable code. A refusal holds, takes or changes no stock.

ComptoirError
 ├── InvalidInput (422)
 │    ├── QuantityInvalid       quantity_invalid        a line's quantity is not a whole number from 1 to 10,000
 │    └── InventoryInvalid      inventory_invalid       an id, location, stock level or expiry refused
 ├── NotFound (404)
 │    └── ReservationNotFound   reservation_not_found   no reservation with this id (for this owner)
 └── Conflict (409)
      ├── OutOfStock            out_of_stock            a line cannot be held: sold out, or fewer left than asked
      ├── StockBelowReserved    stock_below_reserved    a stock level below what buyers' carts hold
      └── ReservationCommitted  reservation_committed   the reservation was checked out; it no longer changes
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from comptoir.kernel.errors import N_, Conflict, InvalidInput, NotFound


class QuantityInvalid(InvalidInput):
    """A line's quantity that is not a whole number within the bounds (1 to 10,000 per line)."""

    code = "quantity_invalid"
    title = N_("Quantity refused")
    sentence = N_("A quantity is a whole number from 1 to %(maximum)s per line; nothing was changed.")

    def __init__(self, detail: str, *, maximum: int, field: str = "quantity") -> None:
        super().__init__(detail, maximum=maximum, field=field)


class InventoryInvalid(InvalidInput):
    """A SKU id, location, reservation id or owner, stock level or expiry that cannot be used; ``field`` names it."""

    code = "inventory_invalid"
    title = N_("Stock request refused")
    sentence = N_("Some of what was sent about stock cannot be accepted; nothing was changed.")

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail, field=field)


class OutOfStock(Conflict):
    """At least one line cannot be held; ``sku_ids`` names them and ``available`` says how many each has left.

    Nothing of the request was held once the caller's unit of work rolls back (which leaving it does).
    """

    code = "out_of_stock"
    title = N_("Sold out")
    sentence = N_(
        "Sorry, this item is sold out or fewer are left than you asked for (%(left)s left); "
        "lower the quantity or remove it from the cart."
    )

    def __init__(self, available: Mapping[str, int], asked: Mapping[str, int]) -> None:
        sku_ids = sorted(available)
        parts = [
            f"{sku} is sold out" if available[sku] <= 0 else f"only {available[sku]} left of {sku} ({asked[sku]} asked)"
            for sku in sku_ids
        ]
        super().__init__(
            "; ".join(parts),
            sku_ids=sku_ids,
            available={sku: max(0, available[sku]) for sku in sku_ids},
            left=min(max(0, available[sku]) for sku in sku_ids) if sku_ids else 0,
        )
        self.sku_ids: Sequence[str] = tuple(sku_ids)
        self.available: Mapping[str, int] = {sku: max(0, available[sku]) for sku in sku_ids}


class StockBelowReserved(Conflict):
    """A stock level lower than the units buyers' carts hold; the level was left as it was."""

    code = "stock_below_reserved"
    title = N_("Stock held in carts")
    sentence = N_("%(reserved)s units are held in buyers' carts: the stock cannot go below that; nothing was changed.")

    def __init__(self, detail: str, *, sku_id: str, reserved: int, on_hand: int) -> None:
        super().__init__(detail, sku_id=sku_id, reserved=reserved, on_hand=on_hand)


class ReservationNotFound(NotFound):
    """No reservation with this id, or none that this owner holds."""

    code = "reservation_not_found"
    title = N_("No such reservation")
    sentence = N_("These items are not held any more; add them to the cart again.")


class ReservationCommitted(Conflict):
    """The reservation was committed (checked out): its lines no longer change."""

    code = "reservation_committed"
    title = N_("Already checked out")
    sentence = N_("This cart was already checked out; start a new one.")
