"""The demo world: a small, coherent France <-> China trade world built through public services.

Each capability contributes a section (``simulation/demo_<capability>.py``) with an
``async def build(runtime) -> list[DemoLogin]``; sections run in order, lower
capabilities first, and only ever call public services.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path

from comptoir.kernel.runtime import Runtime
from comptoir.simulation import (
    demo_catalog,
    demo_identity,
    demo_ledger,
    demo_logistics,
    demo_orders,
    demo_payments,
    demo_pricing,
    demo_tourism,
)
from comptoir.simulation.logins import DemoLogin

MARKER = "demo-world.json"


Section = Callable[[Runtime], Awaitable[list[DemoLogin]]]


def sections() -> list[Section]:
    """The sections that make up the world, lower capabilities first."""
    return [
        demo_identity.build,
        demo_pricing.build,
        demo_catalog.build,
        demo_ledger.build,
        demo_payments.build,
        demo_logistics.build,
        demo_orders.build,
        demo_tourism.build,
    ]


async def build_demo_world(runtime: Runtime) -> list[DemoLogin]:
    """Build every section into an empty database and remember the logins next to it."""
    logins: list[DemoLogin] = []
    for section in sections():
        logins.extend(await section(runtime))
    marker = runtime.settings.data_dir / MARKER
    marker.write_text(json.dumps({"logins": [asdict(x) for x in logins]}, ensure_ascii=False, indent=2))
    return logins


def existing_world(data_dir: Path) -> list[DemoLogin] | None:
    """The logins of a world built earlier in ``data_dir``, or None if there is none."""
    marker = data_dir / MARKER
    if not marker.exists():
        return None
    try:
        data = json.loads(marker.read_text())
        return [DemoLogin(**x) for x in data["logins"]]
    except (ValueError, KeyError, TypeError):
        return None
