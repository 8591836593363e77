"""Refusals of the stored network and the delivery promise (stable codes).

ComptoirError
 ├── NotFound (404)
 │    └── NetworkNotLoaded   network_not_loaded   no network was imported into this installation
 └── InvalidInput (422)
      └── UnknownZone        unknown_zone         no last-mile zone of that name in the network
"""

from __future__ import annotations

from comptoir.kernel.errors import N_, InvalidInput, NotFound


class NetworkNotLoaded(NotFound):
    """No network has been imported yet (``comptoir logistics import --network FILE`` loads one)."""

    code = "network_not_loaded"
    title = N_("No logistics network loaded")
    sentence = N_("No logistics network has been imported yet.")

    def __init__(self) -> None:
        super().__init__("no logistics network is loaded; import one with 'comptoir logistics import --network FILE'")


class UnknownZone(InvalidInput):
    """A promise asks for a last-mile zone that no delivery station of the network serves."""

    code = "unknown_zone"
    title = N_("Unknown delivery zone")
    sentence = N_("No delivery station of the network serves this zone.")

    def __init__(self, zone: str) -> None:
        super().__init__(f"no delivery station serves zone {zone!r}")
        self.zone = zone
