"""Write ``src/comptoir/tourism/data/arrondissements.geojson``: APPROXIMATE outlines of the 20 arrondissements.

No network is needed. The outlines are the cells of a weighted Voronoi diagram (a power diagram) of one site per
arrondissement, clipped to an approximate boundary of Paris: about fifty vertices along the boulevard périphérique,
with the Bois de Boulogne (16th) and the Bois de Vincennes (12th) inside. The sites sit near the real centres and
were moved until the landmarks of ``places.csv`` and the streets of ``streets.csv`` fall in their real
arrondissement; borders are straight lines and can be a few hundred metres off the real ones.

The official outlines (opendata.paris.fr, dataset "arrondissements") can replace the file: a FeatureCollection of
Polygons in [lon, lat] order with the properties ``number``, ``name_fr``, ``name_zh`` and ``postcode``. After any
change run ``python scripts/paris_outlines.py --check`` to see which landmark or street row disagrees.

    python scripts/paris_outlines.py            # write the GeoJSON
    python scripts/paris_outlines.py --check    # and check places.csv and streets.csv against it
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "comptoir" / "tourism" / "data"

#: Approximate limit of Paris, (lat, lon), clockwise from the Porte Maillot.
BOUNDARY: tuple[tuple[float, float], ...] = (
    (48.8780, 2.2800),  # Porte Maillot
    (48.8840, 2.2880),
    (48.8875, 2.2960),  # Porte de Champerret
    (48.8920, 2.3040),
    (48.8950, 2.3140),  # Porte de Clichy
    (48.8985, 2.3290),  # Porte de Saint-Ouen
    (48.9005, 2.3440),  # Porte de Clignancourt
    (48.9010, 2.3600),  # Porte de la Chapelle
    (48.9015, 2.3720),  # Porte d'Aubervilliers
    (48.8985, 2.3860),  # Porte de la Villette
    (48.8890, 2.3960),  # Porte de Pantin
    (48.8790, 2.4060),  # Porte des Lilas
    (48.8700, 2.4120),
    (48.8590, 2.4140),  # Porte de Bagnolet, Porte de Montreuil
    (48.8470, 2.4135),  # Porte de Vincennes
    (48.8400, 2.4125),  # Saint-Mandé (outside Paris), the Bois de Vincennes begins
    (48.8395, 2.4250),
    (48.8400, 2.4380),  # south of the Château de Vincennes (outside Paris)
    (48.8415, 2.4480),
    (48.8400, 2.4620),
    (48.8370, 2.4690),  # Fontenay-sous-Bois
    (48.8290, 2.4670),
    (48.8220, 2.4600),  # Joinville-le-Pont
    (48.8180, 2.4490),  # Saint-Maurice
    (48.8210, 2.4340),
    (48.8240, 2.4180),  # Charenton-le-Pont
    (48.8270, 2.4060),
    (48.8260, 2.3950),  # the Seine comes in
    (48.8210, 2.3770),
    (48.8195, 2.3650),  # Porte de Choisy
    (48.8180, 2.3580),  # Porte d'Italie
    (48.8160, 2.3450),  # Porte de Gentilly
    (48.8190, 2.3380),  # Cité universitaire
    (48.8225, 2.3260),  # Porte d'Orléans
    (48.8250, 2.3150),  # Porte de Châtillon
    (48.8275, 2.3040),  # Porte de Vanves
    (48.8310, 2.2880),  # Porte de Versailles
    (48.8330, 2.2760),  # Issy-les-Moulineaux
    (48.8370, 2.2660),  # the Seine goes out
    (48.8390, 2.2530),  # Porte de Saint-Cloud
    (48.8450, 2.2480),  # Porte d'Auteuil
    (48.8460, 2.2390),  # Boulogne-Billancourt, the Bois de Boulogne begins
    (48.8510, 2.2290),
    (48.8590, 2.2240),  # the Seine at Longchamp
    (48.8680, 2.2250),
    (48.8740, 2.2310),  # Suresnes bridge
    (48.8780, 2.2430),  # Bagatelle, Neuilly-sur-Seine
    (48.8800, 2.2590),
    (48.8790, 2.2720),
)

#: Sites of the Voronoi diagram: (arrondissement, lat, lon). The first site of each arrondissement is near its
#: real centre; the others bend its borders towards the real ones (a pair of sites of two arrondissements
#: mirrored across a border draws it exactly). An arrondissement is the union of its sites' cells.
SITES: tuple[tuple[int, float, float], ...] = (
    (1, 48.8620, 2.3380),
    (2, 48.8683, 2.3428),
    (3, 48.8630, 2.3601),
    (4, 48.8543, 2.3576),
    (5, 48.8445, 2.3507),
    (6, 48.8491, 2.3328),
    (7, 48.8562, 2.3122),
    (8, 48.8727, 2.3125),
    (9, 48.8771, 2.3375),
    (10, 48.8761, 2.3608),
    (11, 48.8600, 2.3780),
    (12, 48.8400, 2.3950),
    (13, 48.8283, 2.3623),
    (14, 48.8292, 2.3265),
    (15, 48.8401, 2.2928),
    (16, 48.8580, 2.2700),
    (17, 48.8873, 2.3067),
    (18, 48.8925, 2.3485),
    (19, 48.8871, 2.3848),
    (20, 48.8634, 2.4012),
    # the Seine between the 1st and the 7th, the Rue de Sèvres between the 6th and the 7th
    (7, 48.8588, 2.3270),
    (1, 48.8636, 2.3290),
    (7, 48.8515, 2.3205),
    (6, 48.8500, 2.3300),
    # the Rue Rambuteau between the 3rd and the 4th
    (4, 48.8585, 2.3530),
    (3, 48.8650, 2.3545),
    # Montparnasse: the 6th, the 14th and the 15th
    (15, 48.8415, 2.3150),
    (6, 48.8465, 2.3260),
    (14, 48.8390, 2.3280),
    # Belleville and Ménilmontant between the 11th, the 19th and the 20th
    (20, 48.8710, 2.3880),
    (20, 48.8530, 2.4000),
    # the boulevard de Clichy between the 9th and the 18th, the rue d'Amsterdam between the 8th and the 9th
    (9, 48.8790, 2.3380),
    (18, 48.8870, 2.3360),
    (8, 48.8760, 2.3220),
    (9, 48.8760, 2.3320),
    # Vendôme, the rue de la Paix and the Opéra: the 1st, the 2nd, the 8th and the 9th
    (1, 48.8665, 2.3310),
    (2, 48.8695, 2.3320),
    (9, 48.8735, 2.3330),
    (8, 48.8700, 2.3230),
    # the boulevard de Sébastopol between the 1st and the 2nd (west) and the 3rd and the 4th (east)
    (1, 48.8615, 2.3465),
    (4, 48.8615, 2.3525),
    (2, 48.8670, 2.3490),
    (3, 48.8670, 2.3550),
    # the Seine: Île de la Cité, Île Saint-Louis, Austerlitz
    (1, 48.8572, 2.3425),
    (6, 48.8542, 2.3415),
    (4, 48.8535, 2.3495),
    (1, 48.8550, 2.3435),
    (5, 48.8515, 2.3470),
    (4, 48.8522, 2.3555),
    (5, 48.8493, 2.3545),
    (12, 48.8460, 2.3700),
    (12, 48.8410, 2.3790),
    (5, 48.8445, 2.3610),
    (13, 48.8385, 2.3715),
    (13, 48.8415, 2.3665),
    # the Seine between the 16th and the 15th and the 7th, between the 8th and the 7th
    (16, 48.8555, 2.2835),
    (16, 48.8490, 2.2755),
    (16, 48.8420, 2.2690),
    (15, 48.8520, 2.2880),
    (15, 48.8465, 2.2815),
    (15, 48.8400, 2.2740),
    (16, 48.8630, 2.2930),
    (16, 48.8648, 2.2990),
    (7, 48.8600, 2.2960),
    (7, 48.8615, 2.3015),
    (8, 48.8655, 2.3100),
    (7, 48.8615, 2.3100),
    # the avenue de Suffren between the 7th and the 15th
    (7, 48.8540, 2.3030),
    (15, 48.8510, 2.2982),
    # the avenue Marceau and the Étoile between the 8th and the 16th
    (8, 48.8697, 2.3022),
    (16, 48.8683, 2.2958),
    (8, 48.8727, 2.3000),
    (16, 48.8715, 2.2945),
    # the avenue de Saint-Ouen between the 17th and the 18th
    (17, 48.8920, 2.3235),
    (18, 48.8920, 2.3290),
    (17, 48.8870, 2.3230),
    (18, 48.8870, 2.3285),
    # the rue de Belleville between the 19th and the 20th, the cours de Vincennes between the 12th and the 20th
    (19, 48.8760, 2.3850),
    (20, 48.8715, 2.3860),
    (12, 48.8440, 2.4050),
    (20, 48.8515, 2.4050),
    # Bastille: the 4th, the 11th and the 12th
    (12, 48.8480, 2.3740),
    (11, 48.8555, 2.3735),
    # the rue du Faubourg Saint-Antoine between the 11th and the 12th
    (11, 48.8535, 2.3735),
    (12, 48.8515, 2.3726),
    (11, 48.8518, 2.3836),
    (12, 48.8492, 2.3824),
    # the boulevard Saint-Martin between the 3rd and the 10th
    (10, 48.8712, 2.3560),
    # the avenue de la Grande-Armée between the 16th and the 17th
    (17, 48.8790, 2.2900),
    (16, 48.8740, 2.2870),
)

LAT0, LON0 = 48.86, 2.35
KM_PER_LAT = 111.2
KM_PER_LON = 111.32 * math.cos(math.radians(LAT0))

Vec = tuple[float, float]
Vertex = tuple[int, int]  # (lat, lon) in micro-degrees


def to_plane(lat: float, lon: float) -> Vec:
    return ((lon - LON0) * KM_PER_LON, (lat - LAT0) * KM_PER_LAT)


def to_degrees(xy: Vec) -> tuple[float, float]:
    x, y = xy
    return (LAT0 + y / KM_PER_LAT, LON0 + x / KM_PER_LON)


def clip(polygon: list[Vec], a: Vec, b: float) -> list[Vec]:
    """The part of ``polygon`` where ``a · p <= b`` (Sutherland-Hodgman against one half-plane)."""
    out: list[Vec] = []
    n = len(polygon)
    for i in range(n):
        p, q = polygon[i], polygon[(i + 1) % n]
        fp = a[0] * p[0] + a[1] * p[1] - b
        fq = a[0] * q[0] + a[1] * q[1] - b
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def site_cells() -> list[tuple[int, list[Vec]]]:
    """Each site's Voronoi cell inside the boundary, with the site's arrondissement."""
    boundary = [to_plane(lat, lon) for lat, lon in BOUNDARY]
    points = [(n, to_plane(lat, lon)) for n, lat, lon in SITES]
    result = []
    for i, (n, pi) in enumerate(points):
        polygon = list(boundary)
        for j, (_, pj) in enumerate(points):
            if j != i:
                a = (2 * (pj[0] - pi[0]), 2 * (pj[1] - pi[1]))
                b = (pj[0] ** 2 + pj[1] ** 2) - (pi[0] ** 2 + pi[1] ** 2)
                polygon = clip(polygon, a, b)
        if len(polygon) >= 3:
            result.append((n, polygon))
    return result


class Snapper:
    """Rounds to micro-degrees and merges vertices a few micro-degrees apart, so neighbours share vertices."""

    def __init__(self) -> None:
        self.known: dict[tuple[int, int], list[Vertex]] = {}

    def __call__(self, xy: Vec) -> Vertex:
        lat, lon = to_degrees(xy)
        p = (round(lat * 1e6), round(lon * 1e6))
        bucket = (p[0] // 10, p[1] // 10)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for k in self.known.get((bucket[0] + dy, bucket[1] + dx), ()):
                    if abs(k[0] - p[0]) <= 5 and abs(k[1] - p[1]) <= 5:
                        return k
        self.known.setdefault(bucket, []).append(p)
        return p


def union(number: int, rings: list[list[Vertex]]) -> list[Vertex]:
    """One ring around clockwise rings that tile an area: the edges they do not share, chained."""
    edges: set[tuple[Vertex, Vertex]] = set()
    for ring in rings:
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            if a != b:
                edges.add((a, b))
    outer = {(a, b) for a, b in edges if (b, a) not in edges}
    following: dict[Vertex, Vertex] = {}
    for a, b in outer:
        if a in following:
            raise SystemExit(f"arrondissement {number}: its cells touch at a single point; move its sites")
        following[a] = b
    start = min(following)
    ring = [start]
    while (nxt := following[ring[-1]]) != start:
        ring.append(nxt)
    if len(ring) != len(following):
        raise SystemExit(f"arrondissement {number}: its cells are not connected; move its sites")
    return ring


def cells() -> dict[int, list[tuple[float, float]]]:
    """Each arrondissement's outline as (lat, lon) vertices, counter-clockwise, vertices shared between cells."""
    snap = Snapper()
    pieces: dict[int, list[list[Vertex]]] = {}
    for n, polygon in site_cells():
        ring: list[Vertex] = []
        for xy in polygon:
            v = snap(xy)
            if not ring or ring[-1] != v:
                ring.append(v)
        while len(ring) > 1 and ring[0] == ring[-1]:
            ring.pop()
        if len(ring) >= 3:
            pieces.setdefault(n, []).append(ring)
    out: dict[int, list[tuple[float, float]]] = {}
    for n in range(1, 21):
        if n not in pieces:
            raise SystemExit(f"arrondissement {n} has no cell")
        ring = union(n, pieces[n])
        ring.reverse()  # the boundary runs clockwise; GeoJSON outer rings run counter-clockwise
        out[n] = [(lat / 1e6, lon / 1e6) for lat, lon in ring]
    return out


def feature(number: int, ring: list[tuple[float, float]]) -> dict[str, object]:
    suffix = "er" if number == 1 else "e"
    coordinates = [[round(lon, 6), round(lat, 6)] for lat, lon in ring]
    coordinates.append(coordinates[0])
    return {
        "type": "Feature",
        "properties": {
            "number": number,
            "name_fr": f"{number}{suffix} arrondissement",
            "name_zh": f"第{number}区",
            "postcode": f"750{number:02d}",
        },
        "geometry": {"type": "Polygon", "coordinates": [coordinates]},
    }


def write() -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [feature(n, ring) for n, ring in sorted(cells().items())],
    }
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"])
    text = '{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n"
    (DATA / "arrondissements.geojson").write_text(text, encoding="utf-8")


def check() -> int:
    """Print every landmark and street row whose arrondissement disagrees with the outlines; the count of them."""
    import csv

    from comptoir.tourism.domain import paris
    from comptoir.tourism.domain.geo import parse_coordinates

    wrong = 0
    with (DATA / "places.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            expected = EXPECTED_PLACES.get(row["key"])
            got = paris.arrondissement_of(parse_coordinates(row["lat"], row["lon"]))
            if expected is not None and got != expected:
                wrong += 1
                print(f"place {row['key']}: expected {expected}, outlines say {got}")
    with (DATA / "streets.csv").open(encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f), start=2):
            a = parse_coordinates(row["start_lat"], row["start_lon"])
            b = parse_coordinates(row["end_lat"], row["end_lon"])
            mid = parse_coordinates((a.lat + b.lat) / 2, (a.lon + b.lon) / 2)
            ends = (paris.arrondissement_of(a), paris.arrondissement_of(b))
            got = paris.arrondissement_of(mid)
            if got != int(row["arrondissement"]) or None in ends:
                wrong += 1
                print(f"line {i} {row['street']} ({row['arrondissement']}): midpoint in {got}, ends in {ends}")
    print(f"{wrong} disagreement(s)")
    return 1 if wrong else 0


#: The real arrondissement of landmarks, checked by ``--check``.
# fmt: off
EXPECTED_PLACES: dict[str, int] = {
    "louvre": 1, "tour-eiffel": 7, "galeries-lafayette": 9, "printemps": 9, "opera": 9, "champs-elysees": 8,
    "arc-de-triomphe": 8, "place-vendome": 1, "notre-dame": 4, "sacre-coeur": 18, "marais": 3, "orsay": 7,
    "pompidou": 4, "saint-germain": 6, "luxembourg": 6, "gare-du-nord": 10, "gare-de-lyon": 12, "bastille": 11,
    "trocadero": 16, "montparnasse": 15, "samaritaine": 1, "bon-marche": 7, "bhv": 4, "avenue-montaigne": 8,
    "faubourg-saint-honore": 8, "chinatown": 13, "belleville": 20, "pantheon": 5, "invalides": 7, "concorde": 8,
    "moulin-rouge": 18, "pere-lachaise": 20, "canal-saint-martin": 10, "parc-des-buttes-chaumont": 19,
    "bercy-village": 12, "la-villette": 19, "batignolles": 17, "passy": 16, "butte-aux-cailles": 13,
    "mouffetard": 5, "jardin-des-plantes": 5, "bois-de-boulogne": 16, "bois-de-vincennes": 12, "montmartre": 18,
    "grand-palais": 8, "fondation-louis-vuitton": 16, "catacombes": 14, "parc-montsouris": 14,
    "beaugrenelle": 15, "musee-rodin": 7, "palais-royal": 1, "galerie-vivienne": 2, "place-d-italie": 13,
    "les-halles": 1, "gare-de-l-est": 10, "hotel-de-ville": 4,
}
# fmt: on


if __name__ == "__main__":
    write()
    if "--check" in sys.argv[1:]:
        sys.exit(check())
