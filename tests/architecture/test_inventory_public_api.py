"""The inventory capability's public names are pinned: the catalog and checkout reach it through these, and
through nothing else (import-linter's protected contract says so)."""

from __future__ import annotations

import comptoir.inventory

PUBLIC = [
    # stock levels, which the catalog keeps in step with what merchants type
    "set_stock",
    "stock_levels",
    "restock",
    "StockLevel",
    # a cart's reservation: hold, change, extend, commit at checkout, release on abandon or expiry
    "reserve",
    "change_reservation",
    "extend_reservation",
    "commit_reservation",
    "release_reservation",
    "release_expired",
    "release_expired_reservations",
    "ReservationLine",
    "ReservationState",
    # bounds
    "DEFAULT_LOCATION",
    "MAX_LINE_QUANTITY",
    "MAX_ON_HAND",
    # the refusals
    "InventoryInvalid",
    "OutOfStock",
    "QuantityInvalid",
    "ReservationCommitted",
    "ReservationNotFound",
    "StockBelowReserved",
]


def test_the_inventory_public_names_are_exactly_these() -> None:
    assert sorted(comptoir.inventory.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(comptoir.inventory, name) is not None
