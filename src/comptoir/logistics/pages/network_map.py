"""A plot of the network's hubs by their coordinates, for an inline SVG (no map tiles, no internet).

Equirectangular projection: x grows with longitude and y with minus latitude, one scale for both, over
the bounding box of the hubs plus a margin. Lanes are straight lines between their hubs, through a
service's intermediate stops.

Labels are placed so that none covers another label or a hub's dot: each hub (the most crowded first)
takes the first free place among the four corners next to its dot, then places further out on rings
around it, joined to the dot by a leader line (Shanghai, Hangzhou and their delivery stations, or
Paris CDG and the Paris station, are a few pixels apart at the scale of a France-China map).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from comptoir.logistics.domain import Network, lanes

MARGIN_DEGREES = 4.0
LABEL_SIZE = 10.0
"""Font size of the labels, in SVG units."""
CHARACTER_WIDTH = 6.6
"""A generous width of one upper-case letter or digit at that size (hub codes are such), in SVG units."""
LINE_HEIGHT, BASELINE = 1.6 * LABEL_SIZE, 1.2 * LABEL_SIZE
"""A label's box height and its baseline from the top: room for the ascent and descent of the tallest
fonts a browser may pick (the CJK fonts of a Chinese page reach about 1.16 and 0.29 of the size)."""
GATEWAY_RADIUS, OTHER_RADIUS = 5.0, 3.5
RINGS = (16.0, 28.0, 42.0, 58.0, 76.0)
"""Distances from the dot, in SVG units, of the places tried for a label that does not fit beside it."""
DIRECTIONS = 16


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in SVG units (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float

    def intersects(self, other: Box) -> bool:
        across = self.left < other.right and other.left < self.right
        return across and self.top < other.bottom and other.top < self.bottom


@dataclass(frozen=True, slots=True)
class Label(Box):
    """Where a hub's code is written: ``x``, ``y`` is the text's start on its baseline; ``leader`` says a line
    joins it to the dot, ending at ``line_x``, ``line_y`` (the nearest point of the label's box)."""

    x: float = 0.0
    y: float = 0.0
    leader: bool = False
    line_x: float = 0.0
    line_y: float = 0.0


@dataclass(frozen=True, slots=True)
class MapHub:
    code: str
    name: str
    kind: str
    x: float
    y: float
    label: Label = Label(0, 0, 0, 0)

    @property
    def radius(self) -> float:
        return GATEWAY_RADIUS if self.kind == "gateway" else OTHER_RADIUS

    @property
    def dot(self) -> Box:
        r = self.radius
        return Box(self.x - r, self.y - r, self.x + r, self.y + r)


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
    hubs = _place_labels(hubs, width, height)
    drawn = []
    for lane in lanes(network):
        calls = [positions.get(hub) for hub, _, _ in lane.services[0].calls()]
        points = tuple(point for point in calls if point is not None)
        if calls[0] is None or calls[-1] is None or len(points) < 2:
            continue
        modes = tuple(sorted({s.mode.value for s in lane.services}))
        drawn.append(MapLane(lane.origin.code, lane.destination.code, modes, lane.weekly_departures, points))
    return NetworkMap(width, height, tuple(hubs), tuple(drawn), _grid(west, east, south, north, project))


def _place_labels(hubs: list[MapHub], width: float, height: float) -> list[MapHub]:
    """``hubs`` with labels that overlap no other label, no dot, and stay inside the plot (see module doc)."""
    dots = [hub.dot for hub in hubs]

    def crowding(hub: MapHub) -> int:
        return sum(1 for other in hubs if abs(other.x - hub.x) + abs(other.y - hub.y) < 60)

    placed: dict[str, Label] = {}
    for hub in sorted(hubs, key=lambda h: (-crowding(h), h.code)):
        label = next(
            (c for c in _candidates(hub) if _fits(c, width, height, dots, placed.values())),
            _beside(hub, 0),  # nowhere free (a very dense plot): keep the usual place
        )
        placed[hub.code] = label
    return [replace(hub, label=placed[hub.code]) for hub in hubs]


def _fits(label: Label, width: float, height: float, dots: list[Box], labels: Iterable[Label]) -> bool:
    if label.left < 0 or label.top < 0 or label.right > width or label.bottom > height:
        return False
    return not any(label.intersects(dot) for dot in dots) and not any(label.intersects(other) for other in labels)


def _size(hub: MapHub) -> tuple[float, float]:
    return CHARACTER_WIDTH * len(hub.code) + 2, LINE_HEIGHT


def _beside(hub: MapHub, corner: int) -> Label:
    """The label at a corner next to the dot: 0 above right, 1 below right, 2 above left, 3 below left."""
    w, h = _size(hub)
    gap = hub.radius + 1
    left = hub.x + gap if corner in (0, 1) else hub.x - gap - w
    top = hub.y - h if corner in (0, 2) else hub.y
    return Label(left, top, left + w, top + h, x=left + 1, y=top + BASELINE)


def _candidates(hub: MapHub) -> Iterator[Label]:
    for corner in range(4):
        yield _beside(hub, corner)
    w, h = _size(hub)
    for ring in RINGS:
        for k in range(DIRECTIONS):
            angle = 2 * math.pi * k / DIRECTIONS
            cx, cy = hub.x + (ring + w / 2) * math.cos(angle), hub.y - (ring + h / 2) * math.sin(angle)
            left, top = cx - w / 2, cy - h / 2
            # The leader ends at the point of the box nearest to the dot.
            line_x, line_y = min(max(hub.x, left), left + w), min(max(hub.y, top), top + h)
            yield Label(
                left,
                top,
                left + w,
                top + h,
                x=left + 1,
                y=top + BASELINE,
                leader=True,
                line_x=round(line_x, 1),
                line_y=round(line_y, 1),
            )


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
