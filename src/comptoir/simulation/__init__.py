"""Simulation: the generated demo world and a trade simulator (an entry point: only the cli imports it)."""

from __future__ import annotations

from comptoir.simulation.demo import build_demo_world, existing_world
from comptoir.simulation.logins import DemoLogin

__all__ = ["DemoLogin", "build_demo_world", "existing_world"]
