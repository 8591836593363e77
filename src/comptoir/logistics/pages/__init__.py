"""Server-rendered pages of the logistics capability: the network page and its promise form.

- :mod:`.network`: the routes and the logistics operator's space (:data:`SPACES`);
- :mod:`.network_map`: the plot of hubs and lanes drawn as an inline SVG;
- :mod:`.network_words`: the network in the reader's language (hub kinds, modes, zones, legs...).

The templates are in ``logistics/templates/logistics`` (the kernel finds every capability's there).
"""

from __future__ import annotations

from comptoir.logistics.pages.network import SPACES, router

__all__ = ["SPACES", "router"]
