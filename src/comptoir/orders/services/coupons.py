"""Coupons for a store, made by whoever runs the store (pricing keeps them, but cannot see stores)."""

from __future__ import annotations

from datetime import date

from comptoir import catalog, pricing
from comptoir.kernel.money import Money
from comptoir.kernel.principal import Principal
from comptoir.kernel.unit_of_work import UnitOfWork


async def create_store_coupon(
    uow: UnitOfWork,
    principal: Principal,
    *,
    store_id: str,
    code: str,
    percent_off: int | None = None,
    amount_off: Money | None = None,
    min_goods: Money | None = None,
    max_redemptions: int = 1,
    valid_from: date,
    valid_to: date | None = None,
) -> pricing.Coupon:
    """A coupon off the goods of ``store_id``, if ``principal`` runs the store (checked in this transaction)."""
    await catalog.authorize_store_operator(uow, principal, store_id=store_id)
    return await pricing.create_coupon(
        uow,
        principal,
        code=code,
        store_id=store_id,
        percent_off=percent_off,
        amount_off=amount_off,
        min_goods=min_goods,
        max_redemptions=max_redemptions,
        valid_from=valid_from,
        valid_to=valid_to,
    )
