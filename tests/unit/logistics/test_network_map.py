"""The plot of hubs: equirectangular, one scale for both axes, lanes through their stops."""

from __future__ import annotations

from comptoir.logistics.network_file import parse_network
from comptoir.logistics.network_map import MARGIN_DEGREES, network_map
from tests.unit.logistics.network_sample import sample_document


def test_hubs_are_placed_by_longitude_and_latitude_on_one_scale() -> None:
    plot = network_map(parse_network(sample_document()), width=1000)
    assert plot is not None
    # Longitudes span -3.5626 (MAD) to 120.434 (HGH), plus the margin either side.
    scale = 1000 / (120.434 - -3.5626 + 2 * MARGIN_DEGREES)
    hubs = {h.code: h for h in plot.hubs}
    assert set(hubs) == {"HGH", "LGG", "MAD", "FRPAR"}
    assert hubs["MAD"].x == round(MARGIN_DEGREES * scale, 1)
    assert hubs["HGH"].y == round((50.637 + MARGIN_DEGREES - 30.2295) * scale, 1)
    assert plot.height == round((50.637 - 30.2295 + 2 * MARGIN_DEGREES) * scale, 1)


def test_a_lane_with_a_stop_is_drawn_through_it() -> None:
    plot = network_map(parse_network(sample_document()))
    assert plot is not None
    hubs = {h.code: (h.x, h.y) for h in plot.hubs}
    via = next(lane for lane in plot.lanes if (lane.origin, lane.destination) == ("HGH", "MAD"))
    assert via.points == (hubs["HGH"], hubs["LGG"], hubs["MAD"])
    assert via.modes == ("air",)


def test_no_coordinates_no_plot() -> None:
    document = sample_document()
    for hub in document["hubs"]:
        hub.pop("lat", None)
        hub.pop("lon", None)
    assert network_map(parse_network(document)) is None
