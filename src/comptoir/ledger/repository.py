"""Tables and queries of the ledger capability (only it touches them)."""

from __future__ import annotations
