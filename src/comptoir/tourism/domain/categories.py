"""What a shop mainly sells, as a tourist would search for it."""

from __future__ import annotations

from enum import StrEnum


class ShopCategory(StrEnum):
    """The category a shop chooses at sign-up; its value is stored and shown in URLs."""

    COSMETICS = "cosmetics"
    FASHION = "fashion"
    LEATHER_GOODS = "leather_goods"
    JEWELLERY_WATCHES = "jewellery_watches"
    FOOD_WINE = "food_wine"
    DEPARTMENT_STORE = "department_store"
    CHILDREN = "children"
    PHARMACY = "pharmacy"
    SOUVENIRS = "souvenirs"
    OTHER = "other"
