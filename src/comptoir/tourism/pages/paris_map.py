"""Paris drawn from the shipped arrondissement outlines, for an inline SVG (no tiles, no internet): each
arrondissement's outline, its number, a shade by how many shops accept the wallet there, and a dot per shop
coloured by its category. The frame's numbers go with the SVG so the sign-up page's script can turn a click
back into a latitude and a longitude."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from comptoir.tourism.domain.geo import Point
from comptoir.tourism.domain.mapping import MapFrame
from comptoir.tourism.domain.paris import arrondissements

#: Fills from no shop to the most shops; the last two are dark enough for white numbers.
MARGIN = 8
SHADES = ("#f1f5f9", "#dbeafe", "#93c5fd", "#3b82f6", "#1d4ed8")


@dataclass(frozen=True, slots=True)
class MapArea:
    number: int
    path: str
    label_x: float
    label_y: float
    shops: int
    shade: int

    @property
    def fill(self) -> str:
        return SHADES[self.shade]

    @property
    def ink(self) -> str:
        return "#ffffff" if self.shade >= 3 else "#1d232b"


@dataclass(frozen=True, slots=True)
class MapDot:
    x: float
    y: float
    colour: str
    label: str


@dataclass(frozen=True, slots=True)
class ParisMap:
    frame: MapFrame
    areas: tuple[MapArea, ...]
    dots: tuple[MapDot, ...]

    @property
    def width(self) -> int:
        return self.frame.width

    @property
    def height(self) -> int:
        return self.frame.height


def _rings(area: object) -> list[Sequence[Point]]:
    rings = getattr(area, "rings", None)
    if rings is not None:
        return list(rings)
    return [area.ring]  # type: ignore[attr-defined]


def _centroid(frame: MapFrame, ring: Sequence[Point]) -> tuple[float, float]:
    """The centre of the ring's area as drawn (the shoelace formula), or its vertices' mean if it is flat."""
    xy = [frame.xy(p) for p in ring]
    twice_area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(xy, xy[1:] + xy[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        twice_area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(twice_area) < 1e-9:
        return sum(x for x, _ in xy) / len(xy), sum(y for _, y in xy) / len(xy)
    return cx / (3 * twice_area), cy / (3 * twice_area)


def paris_map(
    shops_by_number: Mapping[int, int] | None = None,
    dots: Iterable[tuple[int, int, str, str]] = (),
    *,
    width: int = 640,
    height: int = 470,
) -> ParisMap:
    """The map ``width`` × ``height``: arrondissements shaded by ``shops_by_number`` (none given: all alike) and
    ``dots`` (latitude and longitude in micro-degrees, colour, label) inside the frame."""
    areas = list(arrondissements())
    points = [p for a in areas for ring in _rings(a) for p in ring]
    frame = MapFrame.fit(points, width, height)
    ys = [frame.xy(p)[1] for p in points]
    fitted = min(height, math.ceil(max(ys) - min(ys)) + 2 * MARGIN)  # no empty band above and below a wide city
    if fitted < height:
        frame = MapFrame.fit(points, width, fitted, margin=MARGIN)
        height = fitted
    counts = shops_by_number or {}
    most = max(counts.values(), default=0)
    drawn = []
    for area in areas:
        number = int(area.number)
        rings = _rings(area)
        shops = counts.get(number, 0)
        shade = 0 if shops <= 0 or most <= 0 else max(1, math.ceil(4 * shops / most))
        x, y = _centroid(frame, max(rings, key=len))
        drawn.append(MapArea(number, " ".join(frame.path(r) for r in rings), round(x, 1), round(y, 1), shops, shade))
    placed = []
    for lat_e6, lon_e6, colour, label in dots:
        x, y = frame.xy(Point(lat_e6, lon_e6))
        if 0 <= x <= width and 0 <= y <= height:
            placed.append(MapDot(round(x, 1), round(y, 1), colour, label))
    return ParisMap(frame, tuple(drawn), tuple(placed))
