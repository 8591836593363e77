"""The worker's chore: give back what expired reservations hold."""

from __future__ import annotations

from functools import partial

from comptoir.inventory.services import SWEEP_BATCH, release_expired
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, transact


async def release_expired_reservations(runtime: OpensUnitsOfWork) -> int:
    """Release every held line past its expiry, a batch per transaction; how many lines were released."""
    released = 0
    now = runtime.clock.now()
    while True:
        batch = await transact(runtime, partial(release_expired, now=now, limit=SWEEP_BATCH))
        released += batch
        if batch < SWEEP_BATCH:
            return released
