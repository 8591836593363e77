"""Server-rendered pages of the logistics capability: the network page, its promise form, and the control tower.

- :mod:`.network`: the network's routes and the logistics operator's space (:data:`SPACES`);
- :mod:`.network_map`: the plot of hubs and lanes drawn as an inline SVG;
- :mod:`.network_words`: the network in the reader's language (hub kinds, modes, zones, legs...);
- :mod:`.control_tower`: the operator's control tower and its form to cancel or delay a connection;
- :mod:`.network_edits`: its forms to edit a hub or a service, stored as a new version of the network;
- :mod:`.charts`: the horizontal bar charts it draws as inline SVG;
- :mod:`.tower_words`: statuses, promise health and why a promise moved, in the reader's language.

The templates are in ``logistics/templates/logistics`` (the kernel finds every capability's there).
"""

from __future__ import annotations

from fastapi import APIRouter

from comptoir.logistics.pages import control_tower, network, network_edits
from comptoir.logistics.pages.network import SPACES

router = APIRouter(include_in_schema=False)
router.include_router(network.router)
router.include_router(control_tower.router)
router.include_router(network_edits.router)

__all__ = ["SPACES", "router"]
