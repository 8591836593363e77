"""Demo section: the reference EUR/CNY rates Comptoir ships, so the storefront shows prices in yuan."""

from __future__ import annotations

from functools import partial

from comptoir import pricing
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation.logins import DemoLogin


async def build(runtime: Runtime) -> list[DemoLogin]:
    """Load the shipped reference rates; no login to add."""
    await transact(runtime, partial(pricing.load_rates, rows=pricing.shipped_rates()))
    return []
