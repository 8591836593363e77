from __future__ import annotations

import math
from decimal import Decimal

import pytest

from comptoir.tourism.domain.geo import (
    CoordinatesInvalid,
    Point,
    bounding_box,
    distance_m,
    in_france,
    parse_coordinates,
    point_in_polygon,
    require_in_france,
)

LOUVRE = Point(48_860_611, 2_337_644)
TOUR_EIFFEL = Point(48_858_370, 2_294_481)


def test_decimal_text_becomes_micro_degrees_rounded_half_even() -> None:
    assert parse_coordinates("48.8606", "2.3376") == Point(48_860_600, 2_337_600)
    assert parse_coordinates("48.85837005", "2.2944815") == Point(48_858_370, 2_294_482)
    assert parse_coordinates("48.8583705", "-2.2944825") == Point(48_858_370, -2_294_482)
    assert parse_coordinates(" 48,8606 ", "2,3376") == Point(48_860_600, 2_337_600)
    assert parse_coordinates(48.8606, 2) == Point(48_860_600, 2_000_000)
    assert parse_coordinates(Decimal("-90"), Decimal("180")) == Point(-90_000_000, 180_000_000)


@pytest.mark.parametrize(
    "lat",
    [True, "", "abc", "NaN", "nan", "inf", "-Infinity", float("nan"), float("inf"), "48.8.6", "1_0", None],
)
def test_what_is_not_a_number_is_refused(lat: object) -> None:
    with pytest.raises(CoordinatesInvalid) as caught:
        parse_coordinates(lat, "2.35")  # type: ignore[arg-type]
    assert caught.value.reason == "not_a_number"


@pytest.mark.parametrize(
    ("lat", "lon"), [("90.000001", "0"), ("-91", "0"), ("0", "180.5"), ("0", "-181"), ("1e9", "0")]
)
def test_out_of_range_is_refused(lat: str, lon: str) -> None:
    with pytest.raises(CoordinatesInvalid) as caught:
        parse_coordinates(lat, lon)
    assert caught.value.reason == "out_of_range"


def test_a_point_checks_its_own_range() -> None:
    with pytest.raises(CoordinatesInvalid):
        Point(90_000_001, 0)
    assert Point(48_860_611, 2_337_644).lat == pytest.approx(48.860611)
    assert Point(48_860_611, 2_337_644).lon == pytest.approx(2.337644)


def test_louvre_to_tour_eiffel_is_a_little_over_three_kilometres() -> None:
    d = distance_m(LOUVRE, TOUR_EIFFEL)
    assert 3_000 <= d <= 3_500
    assert d == distance_m(TOUR_EIFFEL, LOUVRE)
    assert distance_m(LOUVRE, LOUVRE) == 0


def test_one_degree_of_latitude_is_about_111_km() -> None:
    assert distance_m(Point(48_000_000, 2_000_000), Point(49_000_000, 2_000_000)) == 111_195


def test_bounding_box_holds_every_point_of_the_circle() -> None:
    radius = 1_500
    min_lat, max_lat, min_lon, max_lon = bounding_box(LOUVRE, radius)
    for k in range(72):
        bearing = math.radians(k * 5)
        # walk slightly less than the radius along the bearing (local flat approximation, then measured exactly)
        dlat = radius * 0.999 * math.cos(bearing) / 111_195
        dlon = radius * 0.999 * math.sin(bearing) / (111_195 * math.cos(math.radians(LOUVRE.lat)))
        p = Point(round((LOUVRE.lat + dlat) * 1e6), round((LOUVRE.lon + dlon) * 1e6))
        if distance_m(LOUVRE, p) <= radius:
            assert min_lat <= p.lat_e6 <= max_lat
            assert min_lon <= p.lon_e6 <= max_lon
    assert max_lat - min_lat < 2 * 1_500 / 111_195 * 1e6 * 1.01 + 10


def test_bounding_box_near_the_pole_spans_all_longitudes() -> None:
    assert bounding_box(Point(89_999_000, 10_000_000), 5_000)[2:] == (-180_000_000, 180_000_000)


SQUARE = [Point(0, 0), Point(0, 10), Point(10, 10), Point(10, 0)]


def test_point_in_polygon_even_odd() -> None:
    assert point_in_polygon(Point(5, 5), SQUARE)
    assert not point_in_polygon(Point(11, 5), SQUARE)
    assert not point_in_polygon(Point(5, -1), SQUARE)
    assert point_in_polygon(Point(5, 5), [*SQUARE, SQUARE[0]])  # a closed ring works the same
    assert not point_in_polygon(Point(5, 5), SQUARE[:2])


def test_a_point_on_a_shared_edge_is_in_exactly_one_of_two_neighbours() -> None:
    left = [Point(0, 0), Point(10, 0), Point(10, 5), Point(0, 5)]
    right = [Point(0, 5), Point(10, 5), Point(10, 10), Point(0, 10)]
    for lat in range(1, 10):
        on_edge = Point(lat, 5)
        assert point_in_polygon(on_edge, left) != point_in_polygon(on_edge, right)


def test_point_in_polygon_with_huge_coordinates_stays_exact() -> None:
    ring = [Point(-90_000_000, -180_000_000), Point(90_000_000, -180_000_000), Point(90_000_000, 180_000_000)]
    assert point_in_polygon(Point(89_999_999, 179_999_990), ring)
    assert not point_in_polygon(Point(-89_999_999, 179_999_990), ring)


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("Paris", "48.8566", "2.3522"),
        ("Lyon", "45.7640", "4.8357"),
        ("Marseille", "43.2965", "5.3698"),
        ("Bordeaux", "44.8378", "-0.5792"),
        ("Brest", "48.3904", "-4.4861"),
        ("Strasbourg", "48.5734", "7.7521"),
        ("Lille", "50.6292", "3.0573"),
        ("Nice", "43.7102", "7.2620"),
        ("Chamonix", "45.9237", "6.8694"),
        ("Annemasse", "46.1934", "6.2342"),
        ("Ajaccio (Corsica)", "41.9192", "8.7386"),
        ("Bastia (Corsica)", "42.6977", "9.4503"),
    ],
)
def test_places_in_france_are_accepted(name: str, lat: str, lon: str) -> None:
    point = parse_coordinates(lat, lon)
    assert in_france(point), name
    assert require_in_france(point) == point


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("London", "51.5074", "-0.1278"),
        ("Shanghai", "31.2304", "121.4737"),
        ("Geneva", "46.2044", "6.1432"),
        ("Atlantic off Brittany", "47.0", "-6.5"),
        ("Atlantic off the Landes", "44.5", "-2.5"),
        ("Brussels", "50.8503", "4.3517"),
        ("Basel", "47.5596", "7.5886"),
        ("Barcelona", "41.3874", "2.1686"),
        ("Turin", "45.0703", "7.6869"),
        ("Sardinia", "40.9", "9.1"),
        ("null island", "0", "0"),
    ],
)
def test_places_outside_france_are_refused(name: str, lat: str, lon: str) -> None:
    point = parse_coordinates(lat, lon)
    assert not in_france(point), name
    with pytest.raises(CoordinatesInvalid) as caught:
        require_in_france(point)
    assert caught.value.reason == "outside_france"
