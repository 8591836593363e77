"""Paris from shipped tables: the 20 arrondissements, landmarks tourists look for, and a table of streets.

Everything is read once from ``comptoir/tourism/data`` (no database, no online geocoder):

- ``arrondissements.geojson``: one Polygon per arrondissement ([lon, lat], properties ``number``, ``name_fr``,
  ``name_zh``, ``postcode``). The shipped outlines are approximate (``scripts/paris_outlines.py`` draws them);
  the official dataset of opendata.paris.fr, converted to the same properties, can replace the file.
- ``places.csv``: landmarks (``key,name_fr,name_zh,name_en,lat,lon``).
- ``streets.csv``: street segments (``street,arrondissement,postcode,from_number,to_number`` and the
  coordinates of both ends); a street crossing arrondissements has one row per arrondissement.

Names are compared normalised: without accents, case, hyphens or apostrophes, with the usual abbreviations
written out ("bd" is "boulevard", "fbg" is "faubourg", "st" is "saint"...).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files

from comptoir.tourism.domain.geo import Point, parse_coordinates, point_in_polygon

ARRONDISSEMENTS = 20

#: Abbreviations written out when names are compared (a word alone, dots and case ignored).
ABBREVIATIONS: dict[str, str] = {
    "r": "rue",
    "bd": "boulevard",
    "bld": "boulevard",
    "blvd": "boulevard",
    "boul": "boulevard",
    "bvd": "boulevard",
    "av": "avenue",
    "ave": "avenue",
    "pl": "place",
    "fg": "faubourg",
    "fbg": "faubourg",
    "faub": "faubourg",
    "st": "saint",
    "ste": "sainte",
    "q": "quai",
    "imp": "impasse",
    "sq": "square",
    "crs": "cours",
    "gal": "general",
    "gen": "general",
    "mal": "marechal",
    "pdt": "president",
}

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\s*(\d+)")
_LEADING_NUMBER = re.compile(r"^\s*(\d+)\s*(?:(bis|ter|quater|[a-d])\b)?[\s,]*(.*)$", re.IGNORECASE)
_TRAILING_CITY = re.compile(r"[\s,]*(?:(75\d{3})\s*)?(?:paris\s*)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Arrondissement:
    """One of the 20 arrondissements: its names, its postcode, its outline and the centre of its area."""

    number: int
    name_fr: str
    name_zh: str
    postcode: str
    outline: tuple[Point, ...]
    centroid: Point

    @property
    def ring(self) -> tuple[Point, ...]:
        """The outline (the name the map drawing reads)."""
        return self.outline


@dataclass(frozen=True, slots=True)
class Place:
    """A landmark, or a street found by :func:`find_place` (key ``street:<name>``, the street's name three times)."""

    key: str
    name_fr: str
    name_zh: str
    name_en: str
    point: Point

    def name_in(self, locale: str) -> str:
        """The name in ``locale`` (``zh…`` Chinese, ``en…`` English, else French)."""
        if locale.startswith("zh"):
            return self.name_zh
        if locale.startswith("en"):
            return self.name_en
        return self.name_fr

    @property
    def name(self) -> str:
        """The French name, as written on the street signs."""
        return self.name_fr


@dataclass(frozen=True, slots=True)
class GeocodeResult:
    """Where the street table places an address: the street's canonical name, the number as given (if any)."""

    point: Point
    street: str
    number: str | None
    postcode: str
    arrondissement: int


@dataclass(frozen=True, slots=True)
class _Segment:
    street: str
    arrondissement: int
    postcode: str
    from_number: int
    to_number: int
    start: Point
    end: Point

    def at(self, number: int | None) -> Point:
        """The point for ``number`` interpolated between the ends (clamped to the range); the middle without one."""
        span = self.to_number - self.from_number
        if number is None or span <= 0:
            num, den = 1, 2
        else:
            num, den = min(max(number, self.from_number), self.to_number) - self.from_number, span
        return Point(
            self.start.lat_e6 + round((self.end.lat_e6 - self.start.lat_e6) * num / den),
            self.start.lon_e6 + round((self.end.lon_e6 - self.start.lon_e6) * num / den),
        )

    def distance_to(self, number: int) -> int:
        """How many numbers ``number`` lies outside the segment's range (0 inside)."""
        return max(self.from_number - number, number - self.to_number, 0)


# --- normalising names ---------------------------------------------------------------------------------------


def _plain_words(text: str) -> list[str]:
    """Lower-case words without accents; hyphens, apostrophes, dots and other punctuation separate words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD.findall(bare)


def _expanded(words: Sequence[str]) -> list[str]:
    return [ABBREVIATIONS.get(w, w) for w in words]


def normalise(text: str) -> str:
    """The words of ``text`` compared by the lookups: ``"Bd. St-Germain"`` → ``"boulevard saint germain"``."""
    return " ".join(_expanded(_plain_words(text)))


def _compact(text: str) -> str:
    return normalise(text).replace(" ", "")


def _house_number(number: str | int | None) -> int | None:
    if number is None or isinstance(number, bool):
        return None
    if isinstance(number, int):
        return number if number >= 0 else None
    found = _NUMBER.match(number)
    return int(found.group(1)) if found else None


# --- loading the shipped tables ------------------------------------------------------------------------------


def _data(name: str) -> str:
    return (files("comptoir.tourism") / "data" / name).read_text(encoding="utf-8")


def _centre(ring: Sequence[Point]) -> Point:
    """The centre of the ring's area (shoelace formula in degrees), or its vertices' mean if it is flat."""
    twice_area = cx = cy = 0.0
    for a, b in zip(ring, (*ring[1:], ring[0]), strict=True):
        cross = a.lon * b.lat - b.lon * a.lat
        twice_area += cross
        cx += (a.lon + b.lon) * cross
        cy += (a.lat + b.lat) * cross
    if abs(twice_area) < 1e-12:
        return Point(round(sum(p.lat_e6 for p in ring) / len(ring)), round(sum(p.lon_e6 for p in ring) / len(ring)))
    return parse_coordinates(round(cy / (3 * twice_area), 6), round(cx / (3 * twice_area), 6))


@cache
def _arrondissements() -> tuple[Arrondissement, ...]:
    collection = json.loads(_data("arrondissements.geojson"), parse_float=Decimal)
    found: dict[int, Arrondissement] = {}
    for feature in collection["features"]:
        properties, geometry = feature["properties"], feature["geometry"]
        if geometry["type"] != "Polygon":
            raise ValueError("arrondissements.geojson holds one Polygon per arrondissement")
        ring = tuple(parse_coordinates(lat, lon) for lon, lat in geometry["coordinates"][0])
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring = ring[:-1]
        number = int(properties["number"])
        found[number] = Arrondissement(
            number=number,
            name_fr=str(properties["name_fr"]),
            name_zh=str(properties["name_zh"]),
            postcode=str(properties["postcode"]),
            outline=ring,
            centroid=_centre(ring),
        )
    if sorted(found) != list(range(1, ARRONDISSEMENTS + 1)):
        raise ValueError("arrondissements.geojson holds the arrondissements 1 to 20, once each")
    return tuple(found[n] for n in range(1, ARRONDISSEMENTS + 1))


@cache
def _boxes() -> tuple[tuple[int, int, int, int], ...]:
    return tuple(
        (
            min(p.lat_e6 for p in a.outline),
            max(p.lat_e6 for p in a.outline),
            min(p.lon_e6 for p in a.outline),
            max(p.lon_e6 for p in a.outline),
        )
        for a in _arrondissements()
    )


@cache
def _places() -> tuple[Place, ...]:
    rows = csv.DictReader(io.StringIO(_data("places.csv")))
    return tuple(
        Place(
            key=row["key"],
            name_fr=row["name_fr"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            point=parse_coordinates(row["lat"], row["lon"]),
        )
        for row in rows
    )


@cache
def _place_names() -> tuple[tuple[Place, tuple[str, ...]], ...]:
    return tuple((p, tuple(_compact(n) for n in (p.key, p.name_fr, p.name_zh, p.name_en))) for p in _places())


@cache
def _segments() -> dict[str, tuple[_Segment, ...]]:
    """The segments by the street's compact normalised name, in the table's order."""
    by_name: dict[str, list[_Segment]] = {}
    for row in csv.DictReader(io.StringIO(_data("streets.csv"))):
        segment = _Segment(
            street=row["street"],
            arrondissement=int(row["arrondissement"]),
            postcode=row["postcode"],
            from_number=int(row["from_number"]),
            to_number=int(row["to_number"]),
            start=parse_coordinates(row["start_lat"], row["start_lon"]),
            end=parse_coordinates(row["end_lat"], row["end_lon"]),
        )
        by_name.setdefault(_compact(segment.street), []).append(segment)
    return {name: tuple(segments) for name, segments in by_name.items()}


@cache
def _street_names() -> tuple[tuple[str, str], ...]:
    """(normalised name, canonical name) of every street, sorted by the normalised name."""
    names = {segments[0].street for segments in _segments().values()}
    return tuple(sorted((normalise(n), n) for n in names))


# --- arrondissements -----------------------------------------------------------------------------------------


def arrondissements() -> list[Arrondissement]:
    """The 20 arrondissements, 1st to 20th."""
    return list(_arrondissements())


def arrondissement_of(point: Point) -> int | None:
    """The number of the arrondissement holding ``point``; None outside Paris."""
    y, x = point.lat_e6, point.lon_e6
    for area, (min_lat, max_lat, min_lon, max_lon) in zip(_arrondissements(), _boxes(), strict=True):
        if min_lat <= y <= max_lat and min_lon <= x <= max_lon and point_in_polygon(point, area.outline):
            return area.number
    return None


@cache
def paris_outline() -> tuple[Point, ...]:
    """The outline of Paris: the edges of the arrondissements that no two of them share, chained into one ring."""
    edges: set[tuple[Point, Point]] = set()
    for area in _arrondissements():
        ring = area.outline
        edges.update(zip(ring, (*ring[1:], ring[0]), strict=True))
    following: dict[Point, Point] = {}
    for a, b in edges:
        if (b, a) not in edges:
            if a in following:
                raise ValueError("the arrondissements do not tile one area of Paris")
            following[a] = b
    if not following:
        raise ValueError("the arrondissements have no outer edge")
    start = min(following, key=lambda p: (p.lat_e6, p.lon_e6))
    chain = [start]
    point = following[start]
    while point != start:
        chain.append(point)
        if len(chain) > len(following) or point not in following:
            raise ValueError("the outer edges of the arrondissements do not close into one ring")
        point = following[point]
    if len(chain) != len(following):
        raise ValueError("the outer edges of the arrondissements make more than one ring")
    return tuple(chain)


def _postcode(arrondissement: int) -> str:
    return _arrondissements()[arrondissement - 1].postcode


# --- streets -------------------------------------------------------------------------------------------------


def geocode(street: str, number: str | int | None = None, postcode: str | None = None) -> GeocodeResult | None:
    """Where the street table places ``number`` (``"12"``, ``"12 bis"``, ``12``) of ``street``; None for an
    unknown street.

    ``postcode`` (``"75009"``) picks among a street's segments in several arrondissements (ignored when no
    segment has it). With a number the segment whose range holds it (else the one nearest by number) is
    interpolated between its ends; without one, the middle of the first segment."""
    segments = _segments().get(_compact(street))
    if not segments:
        return None
    wanted = (postcode or "").strip()
    candidates = [s for s in segments if s.postcode == wanted] or list(segments)
    house = _house_number(number)
    # with a number, the segment holding it or the nearest by number (the first of equals, in the table's order)
    segment = candidates[0] if house is None else min(candidates, key=lambda s: s.distance_to(house))
    text = str(number).strip() if number is not None and house is not None else None
    return GeocodeResult(
        point=segment.at(house),
        street=segment.street,
        number=text,
        postcode=segment.postcode,
        arrondissement=segment.arrondissement,
    )


def _rank(name: str, query: str) -> int | None:
    if name.startswith(query):
        return 0
    if f" {query}" in f" {name}":
        return 1
    if query in name:
        return 2
    return None


def street_suggestions(prefix: str, limit: int | None = 8) -> list[str]:
    """Canonical names of streets matching ``prefix``: those starting with it first, then those with a word
    starting with it, then those containing it; by name within each rank. An empty prefix lists every street
    by name. At most ``limit`` names (None: all)."""
    words = _plain_words(prefix)
    queries = {" ".join(words), " ".join(_expanded(words)), " ".join([*_expanded(words[:-1]), *words[-1:]])}
    ranked: list[tuple[int, str, str]] = []
    for key, name in _street_names():
        ranks = [r for q in queries if (r := _rank(key, q)) is not None]
        if ranks:
            ranked.append((min(ranks), key, name))
    ranked.sort()
    names = [name for _, _, name in ranked]
    return names if limit is None else names[: max(limit, 0)]


# --- places --------------------------------------------------------------------------------------------------


def places() -> list[Place]:
    """The landmarks, in the table's order."""
    return list(_places())


def find_place(query: str) -> Place | None:
    """A landmark named ``query`` (any of its names or its key: an exact name first, then the start of a name,
    then a part of one); else an address of the street table (``"12 rue de Rivoli"``, ``"rue de Rivoli"``,
    ``"12 rue de Rivoli, 75001 Paris"``) as a place keyed ``street:<name>``; else None."""
    wanted = _compact(query)
    if not wanted:
        return None
    named = _place_names()
    for matches in (
        lambda n: n == wanted,
        lambda n: n.startswith(wanted),
        lambda n: wanted in n,
    ):
        for place, names in named:
            if any(matches(n) for n in names):
                return place
    found = _address(query)
    if found is None:
        return None
    return Place(f"street:{found.street}", found.street, found.street, found.street, found.point)


def _address(text: str) -> GeocodeResult | None:
    city = _TRAILING_CITY.search(text)
    postcode = city.group(1) if city else None
    rest = text[: city.start()] if city else text
    leading = _LEADING_NUMBER.match(rest)
    if leading and leading.group(3).strip():
        number = leading.group(1) + (f" {leading.group(2)}" if leading.group(2) else "")
        return geocode(leading.group(3), number, postcode)
    return geocode(rest, None, postcode)
