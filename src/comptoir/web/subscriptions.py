"""What reacts to what: outbox handlers on the bus, and the worker's periodic chores.

The one place where capabilities' reactions are wired, so a reader sees them all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from comptoir import ledger
from comptoir.kernel.idempotency import purge_expired_keys
from comptoir.kernel.runtime import Runtime


def subscribe_all(runtime: Runtime) -> None:
    """Subscribe every capability's outbox handlers on ``runtime.bus``."""
    # No capability reacts to another's events yet; handlers are subscribed here as they arrive.
    _ = runtime


def worker_chores(runtime: Runtime) -> list[Callable[[], Awaitable[object]]]:
    """Housekeeping the outbox worker runs periodically (both in-process and in ``comptoir worker``)."""

    async def sweep_expired_reservations() -> int:
        return await ledger.sweep_expired(runtime)

    async def forget_expired_idempotency_keys() -> int:
        return await purge_expired_keys(runtime.database, now=runtime.clock.now())

    return [sweep_expired_reservations, forget_expired_idempotency_keys]
