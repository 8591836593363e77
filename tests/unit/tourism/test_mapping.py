from __future__ import annotations

import pytest

from comptoir.tourism.domain.geo import Point
from comptoir.tourism.domain.mapping import MapFrame

NW = Point(48_900_000, 2_250_000)
SE = Point(48_820_000, 2_420_000)


def test_the_frame_keeps_the_aspect_and_draws_north_at_the_top() -> None:
    frame = MapFrame.fit([NW, SE], 400, 400, margin=10)
    x1, y1 = frame.xy(NW)
    x2, y2 = frame.xy(SE)
    assert (x1, x2) == (pytest.approx(10.0), pytest.approx(390.0))  # the wider side fills the box
    assert y1 < y2  # north is up
    # one degree of latitude is 1/cos(48.86°) times longer on the map than one degree of longitude
    assert (y2 - y1) / (x2 - x1) == pytest.approx(0.08 / (0.17 * 0.65825), rel=1e-3)
    assert (y1 + y2) / 2 == pytest.approx(200.0)  # centred on the short side


def test_path_is_an_svg_path_with_one_decimal() -> None:
    frame = MapFrame.fit([NW, SE], 400, 400, margin=10)
    path = frame.path([NW, Point(48_900_000, 2_420_000), SE])
    assert path.startswith("M 10.0,")
    assert path.endswith(" Z")
    assert path.count(" L ") == 2
    assert path.split(" L ")[1].startswith("390.0,")


def test_a_single_point_is_drawn_in_the_middle() -> None:
    frame = MapFrame.fit([NW], 100, 50)
    assert frame.xy(NW) == (50.0, 25.0)


def test_no_points_no_frame() -> None:
    with pytest.raises(ValueError):
        MapFrame.fit([], 100, 100)
