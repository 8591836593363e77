"""Each person's CBEC imports per calendar year, kept so that no one passes the annual limit, even at once.

``person_key`` is an opaque keyed hash of the buyer's resident ID number (orders computes it): customs never
sees the number. :func:`record_annual_import` claims the order (once per ``order_id``), then moves the total
with one conditional ``UPDATE … SET total = total + :v WHERE total + :v <= :limit``: two checkouts of one
person at the same moment cannot both pass the limit, on PostgreSQL or SQLite. Recording an order again does
nothing; :func:`cancel_annual_import` gives its value back once, and an order cancelled stays cancelled.
"""

from __future__ import annotations

from comptoir.customs import repository
from comptoir.customs.errors import AnnualLimitExceeded, CustomsRefused
from comptoir.customs.services.rules import customs_rules
from comptoir.kernel.money import Money
from comptoir.kernel.unit_of_work import UnitOfWork


async def _annual_limit(uow: UnitOfWork) -> Money:
    rules = await customs_rules(uow, on=uow.clock.now().date())
    found = rules.cn_limits.get("annual_limit")
    if found is None or found.money is None:
        raise CustomsRefused("no CBEC annual limit is in force today", code="no_customs_rules")
    return found.money


async def annual_total(uow: UnitOfWork, *, person_key: str, year: int) -> Money:
    """What ``person_key`` imported through CBEC in ``year`` (orders cancelled since given back), in CNY."""
    total = await repository.annual_total(uow.session, person_key, year)
    return Money(total or 0, "CNY")


async def record_annual_import(
    uow: UnitOfWork, *, person_key: str, year: int, order_id: str, taxable_value: Money
) -> None:
    """Count ``taxable_value`` (CNY) of ``order_id`` toward the person's ``year``; raises
    :class:`AnnualLimitExceeded` (nothing counted) when it would pass the annual limit. Idempotent per order."""
    if taxable_value.currency != "CNY" or taxable_value.minor < 0:
        raise ValueError("an annual CBEC import is a non-negative CNY amount")
    limit = await _annual_limit(uow)
    claimed = await repository.claim_import(
        uow.session,
        order_id=order_id,
        person_key=person_key,
        year=year,
        taxable_minor=taxable_value.minor,
        now=uow.clock.now(),
    )
    if not claimed:
        return
    added = await repository.add_to_total(
        uow.session,
        person_key=person_key,
        year=year,
        currency="CNY",
        amount_minor=taxable_value.minor,
        limit_minor=limit.minor,
    )
    if not added:
        await repository.unclaim_import(uow.session, order_id=order_id)
        raise AnnualLimitExceeded(
            f"order {order_id}: {taxable_value} would take the buyer past {limit} in {year}",
            order_id=order_id,
        )


async def cancel_annual_import(uow: UnitOfWork, *, order_id: str) -> bool:
    """Give the value ``order_id`` counted back to its person's year; False when there was nothing to give back
    (never recorded, or cancelled already)."""
    return await repository.cancel_import(uow.session, order_id=order_id, now=uow.clock.now())
