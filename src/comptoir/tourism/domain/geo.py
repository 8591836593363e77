"""Points on the earth in integer micro-degrees, distances, search boxes and the outline of France.

Coordinates are stored and compared as integers (millionths of a degree, about 11 cm of latitude), so a
position read back from storage is the one written and two equal positions compare equal. Floats appear
only in the haversine distance and for display.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from typing import Literal

EARTH_RADIUS_M = 6_371_008.8
MICRO = 1_000_000
MAX_LAT_E6 = 90 * MICRO
MAX_LON_E6 = 180 * MICRO

Reason = Literal["not_a_number", "out_of_range", "outside_france"]

_SENTENCES: dict[str, str] = {
    "not_a_number": "a coordinate is not a decimal number",
    "out_of_range": "a latitude lies within -90..90 and a longitude within -180..180 degrees",
    "outside_france": "the place is not in metropolitan France or Corsica",
}


class CoordinatesInvalid(ValueError):
    """Coordinates refused; ``reason`` is one of ``not_a_number``, ``out_of_range``, ``outside_france``."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(_SENTENCES[reason])
        self.reason: Reason = reason


@dataclass(frozen=True, slots=True)
class Point:
    """A position in micro-degrees (WGS 84)."""

    lat_e6: int
    lon_e6: int

    def __post_init__(self) -> None:
        for value in (self.lat_e6, self.lon_e6):
            if isinstance(value, bool) or not isinstance(value, int):
                raise CoordinatesInvalid("not_a_number")
        if not (-MAX_LAT_E6 <= self.lat_e6 <= MAX_LAT_E6 and -MAX_LON_E6 <= self.lon_e6 <= MAX_LON_E6):
            raise CoordinatesInvalid("out_of_range")

    @property
    def lat(self) -> float:
        """Latitude in degrees, for display only."""
        return self.lat_e6 / MICRO

    @property
    def lon(self) -> float:
        """Longitude in degrees, for display only."""
        return self.lon_e6 / MICRO


def _micro_degrees(value: str | int | float | Decimal) -> int:
    if isinstance(value, bool):
        raise CoordinatesInvalid("not_a_number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CoordinatesInvalid("not_a_number")
        number = Decimal(repr(value))  # the shortest text that reads back as this float
    elif isinstance(value, str):
        text = value.strip()
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # French decimal comma: "48,8606"
        if not text or any(c not in "+-.0123456789eE" for c in text):
            raise CoordinatesInvalid("not_a_number")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise CoordinatesInvalid("not_a_number") from exc
    else:
        raise CoordinatesInvalid("not_a_number")
    if not number.is_finite():
        raise CoordinatesInvalid("not_a_number")
    if abs(number) > 1000:  # keeps quantize away from huge exponents; anything this large is out of range
        raise CoordinatesInvalid("out_of_range")
    return int((number * MICRO).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def parse_coordinates(lat: str | int | float | Decimal, lon: str | int | float | Decimal) -> Point:
    """The point at decimal degrees ``lat``, ``lon`` (text such as ``"48.8606"``, or a number), rounded half-even
    to six decimals. Booleans, NaN and infinities are refused as ``not_a_number``."""
    return Point(_micro_degrees(lat), _micro_degrees(lon))


def distance_m(a: Point, b: Point) -> int:
    """Great-circle (haversine) distance in whole metres."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h))))


def bounding_box(center: Point, radius_m: int) -> tuple[int, int, int, int]:
    """``(min_lat_e6, max_lat_e6, min_lon_e6, max_lon_e6)`` holding every point within ``radius_m`` of ``center``.

    Conservative: it may hold a little more (never less), so a search filters on the box and then on
    :func:`distance_m`. Near a pole, or when the circle would cross the antimeridian, the box spans all longitudes."""
    if radius_m < 0:
        raise ValueError("the radius is not negative")
    dlat_deg = math.degrees(radius_m / EARTH_RADIUS_M)
    dlat_e6 = math.ceil(dlat_deg * MICRO * 1.001) + 1
    min_lat = max(-MAX_LAT_E6, center.lat_e6 - dlat_e6)
    max_lat = min(MAX_LAT_E6, center.lat_e6 + dlat_e6)
    widest = max(abs(min_lat), abs(max_lat)) / MICRO
    cos_widest = math.cos(math.radians(widest))
    if cos_widest < 1e-6 or radius_m >= EARTH_RADIUS_M:
        return min_lat, max_lat, -MAX_LON_E6, MAX_LON_E6
    dlon_e6 = math.ceil(dlat_deg / cos_widest * MICRO * 1.001) + 1
    if dlon_e6 >= MAX_LON_E6 or not (-MAX_LON_E6 <= center.lon_e6 - dlon_e6 <= center.lon_e6 + dlon_e6 <= MAX_LON_E6):
        return min_lat, max_lat, -MAX_LON_E6, MAX_LON_E6
    return min_lat, max_lat, center.lon_e6 - dlon_e6, center.lon_e6 + dlon_e6


def point_in_polygon(point: Point, ring: Sequence[Point]) -> bool:
    """Whether ``point`` lies inside the ring (even-odd rule, integer arithmetic only).

    The ring may or may not repeat its first vertex. A point on an edge shared by two rings of a tiling is
    inside exactly one of them (the ray is cast towards growing longitude, crossings counted half-open)."""
    n = len(ring)
    if n < 3:
        return False
    y, x = point.lat_e6, point.lon_e6
    inside = False
    j = n - 1
    for i in range(n):
        ay, ax = ring[i].lat_e6, ring[i].lon_e6
        by, bx = ring[j].lat_e6, ring[j].lon_e6
        if (ay > y) != (by > y):
            # x < ax + (y - ay) * (bx - ax) / (by - ay), multiplied out by (by - ay) with its sign kept
            lhs = (x - ax) * (by - ay)
            rhs = (y - ay) * (bx - ax)
            if (lhs < rhs) if by > ay else (lhs > rhs):
                inside = not inside
        j = i
    return inside


def _ring_from_geojson(coordinates: list[list[Decimal]]) -> tuple[Point, ...]:
    points = tuple(Point(_micro_degrees(lat), _micro_degrees(lon)) for lon, lat in coordinates)
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    return points


@cache
def france_outline() -> tuple[tuple[Point, ...], ...]:
    """The outer rings of metropolitan France and of Corsica (shipped, simplified to a few dozen vertices)."""
    text = (files("comptoir.tourism") / "data" / "france.json").read_text(encoding="utf-8")
    geometry = json.loads(text, parse_float=Decimal)
    if geometry.get("type") == "Feature":
        geometry = geometry["geometry"]
    if geometry["type"] != "MultiPolygon":
        raise ValueError("france.json holds a MultiPolygon")
    return tuple(_ring_from_geojson(polygon[0]) for polygon in geometry["coordinates"])


@cache
def _france_boxes() -> tuple[tuple[int, int, int, int], ...]:
    return tuple(
        (min(p.lat_e6 for p in r), max(p.lat_e6 for p in r), min(p.lon_e6 for p in r), max(p.lon_e6 for p in r))
        for r in france_outline()
    )


def in_france(point: Point) -> bool:
    """Whether the point is in metropolitan France or Corsica (by the shipped, simplified outline: a few
    kilometres of tolerance along borders and coasts)."""
    for ring, (min_lat, max_lat, min_lon, max_lon) in zip(france_outline(), _france_boxes(), strict=True):
        if min_lat <= point.lat_e6 <= max_lat and min_lon <= point.lon_e6 <= max_lon and point_in_polygon(point, ring):
            return True
    return False


def require_in_france(point: Point) -> Point:
    """The point itself, or :class:`CoordinatesInvalid` (``outside_france``)."""
    if not in_france(point):
        raise CoordinatesInvalid("outside_france")
    return point
