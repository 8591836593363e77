"""Nothing is declared here any more: logistics's error tree is :mod:`comptoir.logistics.errors`.

These two names are re-exported only until ``logistics/services/network.py`` imports them from
``errors`` like every other module; then this module goes.
"""

from __future__ import annotations

from comptoir.logistics.errors import NetworkNotLoaded, UnknownZone

__all__ = ["NetworkNotLoaded", "UnknownZone"]
