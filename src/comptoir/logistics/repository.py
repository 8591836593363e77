"""Tables and queries of the logistics capability (only it touches them)."""

from __future__ import annotations
