"""Drawing places on a flat map (an SVG of Paris without tiles): a frame that fits points into a box.

Floats are fine here: this is for drawing only, never for storing or comparing positions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from comptoir.tourism.domain.geo import Point


@dataclass(frozen=True, slots=True)
class MapFrame:
    """An equirectangular projection (longitudes shrunk by the cosine of the mean latitude) scaled and centred
    into a ``width`` × ``height`` box; y grows downward, as in SVG. The aspect ratio is kept."""

    width: int
    height: int
    x_scale: float  # pixels per degree of longitude
    y_scale: float  # pixels per degree of latitude
    min_lon: float
    max_lat: float
    x_offset: float
    y_offset: float

    @classmethod
    def fit(cls, points: Iterable[Point], width: int, height: int, margin: int = 8) -> MapFrame:
        """The frame in which every point of ``points`` is drawn inside the box, ``margin`` pixels from its edges."""
        chosen = list(points)
        if not chosen:
            raise ValueError("a map frame needs at least one point")
        if width <= 2 * margin or height <= 2 * margin:
            raise ValueError("the box is too small for its margin")
        lats = [p.lat for p in chosen]
        lons = [p.lon for p in chosen]
        min_lat, max_lat, min_lon, max_lon = min(lats), max(lats), min(lons), max(lons)
        shrink = math.cos(math.radians((min_lat + max_lat) / 2))
        span_x = (max_lon - min_lon) * shrink
        span_y = max_lat - min_lat
        inner_w, inner_h = width - 2 * margin, height - 2 * margin
        candidates = [s for s in (inner_w / span_x if span_x else 0.0, inner_h / span_y if span_y else 0.0) if s]
        scale = min(candidates) if candidates else 1.0
        x_offset = margin + (inner_w - span_x * scale) / 2
        y_offset = margin + (inner_h - span_y * scale) / 2
        return cls(width, height, scale * shrink, scale, min_lon, max_lat, x_offset, y_offset)

    def xy(self, point: Point) -> tuple[float, float]:
        """Where ``point`` is drawn, in pixels from the top left corner."""
        return (
            self.x_offset + (point.lon - self.min_lon) * self.x_scale,
            self.y_offset + (self.max_lat - point.lat) * self.y_scale,
        )

    def path(self, ring: Sequence[Point]) -> str:
        """An SVG path (``M x,y L x,y … Z``, one decimal) drawing the closed ring."""
        if not ring:
            return ""
        steps = []
        for index, point in enumerate(ring):
            x, y = self.xy(point)
            steps.append(f"{'M' if index == 0 else 'L'} {x:.1f},{y:.1f}")
        return " ".join(steps) + " Z"
