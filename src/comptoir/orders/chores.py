"""The worker's chore: orders placed but not paid in time are cancelled, their stock and allowance given back."""

from __future__ import annotations

from functools import partial

from comptoir.kernel.unit_of_work import OpensUnitsOfWork, transact
from comptoir.orders.services import cancel_unpaid

BATCH = 50


async def cancel_unpaid_orders(runtime: OpensUnitsOfWork) -> int:
    """Cancel every placed order past its payment window, a batch per transaction; how many were cancelled."""
    cancelled = 0
    while True:
        batch = await transact(runtime, partial(cancel_unpaid, limit=BATCH))
        cancelled += batch
        if batch < BATCH:
            return cancelled
