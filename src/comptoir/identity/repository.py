"""Tables and queries of the identity capability (only it touches them)."""

from __future__ import annotations
