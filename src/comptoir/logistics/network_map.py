"""A plot of the network's hubs by their coordinates, for an inline SVG (no map tiles, no internet).

Equirectangular projection: x grows with longitude and y with minus latitude, one scale for both, over
the bounding box of the hubs plus a margin. Lanes are straight lines between their hubs, through a
service's intermediate stops.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from comptoir.logistics.domain import Network
from comptoir.logistics.network_summary import lanes

MARGIN_DEGREES = 4.0


@dataclass(frozen=True, slots=True)
class MapHub:
    code: str
    name: str
    kind: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class MapLane:
    origin: str
    destination: str
    modes: tuple[str, ...]
    weekly_departures: int
    points: tuple[tuple[float, float], ...]
    """The lane's first service's calls, origin to destination (intermediate stops included)."""

    @property
    def svg_points(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)


@dataclass(frozen=True, slots=True)
class GridLine:
    label: str
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class NetworkMap:
    """Everything the SVG needs, in SVG user units (0,0 top left); hubs without coordinates are left out."""

    width: float
    height: float
    hubs: tuple[MapHub, ...]
    lanes: tuple[MapLane, ...]
    grid: tuple[GridLine, ...]


def network_map(network: Network, *, width: float = 960.0) -> NetworkMap | None:
    """The plot of ``network`` ``width`` units wide; None when no hub has coordinates."""
    placed = [h for h in network.hubs if h.lat is not None and h.lon is not None]
    if not placed:
        return None
    lats = [float(h.lat) for h in placed if h.lat is not None]
    lons = [float(h.lon) for h in placed if h.lon is not None]
    west, east = min(lons) - MARGIN_DEGREES, max(lons) + MARGIN_DEGREES
    south, north = min(lats) - MARGIN_DEGREES, max(lats) + MARGIN_DEGREES
    scale = width / (east - west)
    height = round((north - south) * scale, 1)

    def project(lat: float, lon: float) -> tuple[float, float]:
        return round((lon - west) * scale, 1), round((north - lat) * scale, 1)

    positions = {}
    hubs = []
    for hub in placed:
        if hub.lat is None or hub.lon is None:
            continue
        x, y = project(hub.lat, hub.lon)
        positions[hub.code] = (x, y)
        hubs.append(MapHub(hub.code, hub.name, hub.kind.value, x, y))
    drawn = []
    for lane in lanes(network):
        calls = [positions.get(hub) for hub, _, _ in lane.services[0].calls()]
        points = tuple(point for point in calls if point is not None)
        if calls[0] is None or calls[-1] is None or len(points) < 2:
            continue
        modes = tuple(sorted({s.mode.value for s in lane.services}))
        drawn.append(MapLane(lane.origin.code, lane.destination.code, modes, lane.weekly_departures, points))
    return NetworkMap(width, height, tuple(hubs), tuple(drawn), _grid(west, east, south, north, project))


def _grid(
    west: float, east: float, south: float, north: float, project: Callable[[float, float], tuple[float, float]]
) -> tuple[GridLine, ...]:
    """Meridians and parallels every 10 degrees inside the box."""
    lines: list[GridLine] = []
    for lon in range(math.ceil(west / 10) * 10, math.floor(east / 10) * 10 + 1, 10):
        x1, y1 = project(north, lon)
        x2, y2 = project(south, lon)
        lines.append(GridLine(f"{abs(lon)}°{'E' if lon >= 0 else 'W'}", x1, y1, x2, y2))
    for lat in range(math.ceil(south / 10) * 10, math.floor(north / 10) * 10 + 1, 10):
        x1, y1 = project(lat, west)
        x2, y2 = project(lat, east)
        lines.append(GridLine(f"{abs(lat)}°{'N' if lat >= 0 else 'S'}", x1, y1, x2, y2))
    return tuple(lines)
