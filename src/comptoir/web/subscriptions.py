"""Which capability reacts to which event: the one place handlers are wired to the bus."""

from __future__ import annotations

from comptoir.kernel.runtime import Runtime


def subscribe_all(runtime: Runtime) -> None:
    """Subscribe every capability's outbox handlers on ``runtime.bus``."""
    # Capabilities add their handlers here as they publish events others react to.
    _ = runtime
