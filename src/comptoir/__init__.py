"""Comptoir: cross-border commerce for the France <-> China trade loop."""

from __future__ import annotations

__version__ = "0.1.0"
