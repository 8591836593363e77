"""Baskets for the customs tests, written the way a person reads them."""

from __future__ import annotations

from datetime import date

from comptoir.customs import Basket, BasketLine, CustomsRules, NetContent, shipped_rules_on
from comptoir.kernel.money import Money


def cny(value: str) -> Money:
    return Money.parse(value, "CNY")


def eur(value: str) -> Money:
    return Money.parse(value, "EUR")


def line(
    sku: str,
    hs_code: str,
    price: Money,
    quantity: int = 1,
    *,
    ml: int | None = None,
    grams: int | None = None,
    pieces: int | None = None,
) -> BasketLine:
    net = NetContent(ml, "ml") if ml is not None else NetContent(grams, "g") if grams is not None else None
    return BasketLine(sku, hs_code, sku.lower(), price, quantity, net, pieces)


def to_china(
    *lines: BasketLine,
    freight: str = "0.00",
    insurance: str | None = None,
    discount: str | None = None,
    year_to_date: str = "0.00",
    on: date = date(2026, 6, 1),
) -> Basket:
    return Basket(
        lane="FR-CN",
        on=on,
        lines=tuple(lines),
        freight=cny(freight),
        insurance=cny(insurance) if insurance else None,
        discount=cny(discount) if discount else None,
        year_to_date=cny(year_to_date),
    )


def to_france(
    *lines: BasketLine,
    freight: str = "0.00",
    insurance: str | None = None,
    discount: str | None = None,
    on: date = date(2026, 7, 1),
) -> Basket:
    return Basket(
        lane="CN-FR",
        on=on,
        lines=tuple(lines),
        freight=eur(freight),
        insurance=eur(insurance) if insurance else None,
        discount=eur(discount) if discount else None,
        country="FR",
    )


def rules(on: date) -> CustomsRules:
    return shipped_rules_on(on)
