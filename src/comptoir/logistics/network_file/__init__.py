"""The logistics network file (docs/network-format.md): read and check it, or write a network back out.

- :mod:`.reading`: :func:`load_network` and :func:`parse_network` check every entry and raise
  :class:`~comptoir.logistics.errors.NetworkInvalid` listing every problem; a file with any loads nothing;
- :mod:`.entries`: the checks of one entry's fields, and :func:`parse_instant` for instants people type;
- :mod:`.writing`: :func:`network_to_document`, the inverse of :func:`parse_network`.
"""

from __future__ import annotations

from comptoir.logistics.network_file.entries import parse_instant
from comptoir.logistics.network_file.reading import SECTIONS, load_network, network_problems, parse_network
from comptoir.logistics.network_file.writing import network_to_document

__all__ = ["SECTIONS", "load_network", "network_problems", "network_to_document", "parse_instant", "parse_network"]
