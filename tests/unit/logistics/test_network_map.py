"""The plot of hubs: equirectangular, one scale for both axes, lanes through their stops."""

from __future__ import annotations

from comptoir.logistics.network_file import parse_network
from comptoir.logistics.pages.network_map import MARGIN_DEGREES, network_map
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


def test_labels_of_close_hubs_around_shanghai_and_paris_do_not_overlap() -> None:
    from comptoir.simulation.demo_network import demo_network

    plot = network_map(demo_network())
    assert plot is not None
    labels = {hub.code: hub.label for hub in plot.hubs}
    boxes = list(labels.items())
    for i, (code, box) in enumerate(boxes):
        assert box.left >= 0 and box.top >= 0 and box.right <= plot.width and box.bottom <= plot.height, code
        for other, other_box in boxes[i + 1 :]:
            assert not box.intersects(other_box), (code, other)
        # No label hides a hub's dot either.
        for hub in plot.hubs:
            assert not box.intersects(hub.dot), (code, hub.code)
    # A label moved away from its hub is joined to it by a leader line.
    hangzhou = {h.code: h for h in plot.hubs}
    assert any(h.label.leader for h in hangzhou.values())
    for hub in plot.hubs:
        if not hub.label.leader:
            assert box_touches(hub.label, hub.x, hub.y)


def box_touches(box: object, x: float, y: float, reach: float = 8.0) -> bool:
    """Whether ``box`` (a label next to its dot) starts within ``reach`` of the dot."""
    left, top, right, bottom = (getattr(box, k) for k in ("left", "top", "right", "bottom"))
    dx = max(left - x, 0, x - right)
    dy = max(top - y, 0, y - bottom)
    return (dx * dx + dy * dy) ** 0.5 <= reach
