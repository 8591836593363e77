"""The demo network is a valid network file, built from real airports, and promises plausible dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import airportsdata

from comptoir.logistics._engine import PromiseEngine
from comptoir.logistics.domain import MilestoneKind, compute_promise
from comptoir.logistics.network_file import network_problems
from comptoir.logistics.promise_text import promise_text
from comptoir.simulation.demo_network import demo_network, demo_network_document


def test_the_demo_document_has_no_problem() -> None:
    assert network_problems(demo_network_document()) == []


def test_airports_come_from_airportsdata_and_yiwu_rail_borrows_yiw() -> None:
    network = demo_network()
    airports = airportsdata.load("IATA")
    lgg, yiwu = network.hub("LGG"), network.hub("CNYIW")
    assert lgg is not None and yiwu is not None
    assert (lgg.lat, lgg.lon, lgg.tz) == (airports["LGG"]["lat"], airports["LGG"]["lon"], "Europe/Brussels")
    assert (yiwu.kind.value, yiwu.lat, yiwu.lon) == ("rail_terminal", airports["YIW"]["lat"], airports["YIW"]["lon"])
    rail = next(s for s in network.services if s.mode.value == "rail")
    assert (rail.origin, rail.destination, rail.duration_minutes) == ("CNYIW", "LGG", 16 * 24 * 60)
    hgh_lgg = next(s for s in network.services if s.id == "HGH-LGG")
    assert len(hgh_lgg.days) == 2


def test_hangzhou_to_paris_is_promised_within_two_to_six_days() -> None:
    ready = datetime(2026, 12, 1, tzinfo=UTC)
    engine = PromiseEngine.for_network(demo_network(), start=ready - timedelta(days=1), days=42)
    for offset in range(0, 7 * 24, 5):
        promise = compute_promise(engine, demo_network(), "HGH", "FR-75", ready + timedelta(hours=offset))
        assert promise is not None
        assert timedelta(days=2) <= promise.delivered_by - promise.ready_at <= timedelta(days=6), promise
    first = compute_promise(engine, demo_network(), "HGH", "FR-75", ready)
    assert first is not None and first.gateway is not None and first.regime == "EU-IOSS"
    assert promise_text(first, locale="fr").startswith("Livraison prévue avant le ")


def test_paris_to_shanghai_clears_in_china_and_hangzhou_is_served_the_same_day() -> None:
    ready = datetime(2026, 12, 1, tzinfo=UTC)
    engine = PromiseEngine.for_network(demo_network(), start=ready - timedelta(days=1), days=42)
    to_china = compute_promise(engine, demo_network(), "FRPAR", "CN-31", ready)
    assert to_china is not None and to_china.regime == "CN-CBEC"
    assert to_china.delivered_by - ready <= timedelta(days=6)
    domestic = compute_promise(engine, demo_network(), "HGH", "CN-33", ready)
    assert domestic is not None and domestic.gateway is None
    # Ready 08:00 in Hangzhou, on the 09:00 city truck, at the station 12:30, before the 16:00 cut-off.
    assert domestic.delivery_date.isoformat() == "2026-12-01"


def test_paris_to_beijing_is_cleared_in_china_and_stays_there_to_the_door() -> None:
    ready = datetime(2026, 12, 1, 8, tzinfo=UTC)
    network = demo_network()
    engine = PromiseEngine.for_network(network, start=ready - timedelta(days=1), days=42)
    promise = compute_promise(engine, network, "FRPAR", "CN-11", ready)
    assert promise is not None and promise.regime == "CN-CBEC"
    cleared = promise.milestone(MilestoneKind.CLEARED)
    assert cleared is not None
    countries = {hub.code: hub.country for hub in network.hubs}
    onward = [leg for leg in promise.legs if leg.departs_at >= cleared.at]
    inbound = [leg for leg in promise.legs if leg.departs_at < cleared.at]
    assert onward and all(countries[leg.origin] == countries[leg.destination] == "CN" for leg in onward)
    assert [countries[leg.destination] for leg in inbound][-1] == "CN"
    assert all(countries[leg.destination] != "CN" for leg in inbound[:-1])
    # Paris CDG Thu 3 Dec to Beijing: about three days, not a round trip through Liège.
    departed_cdg = next(leg.departs_at for leg in promise.legs if leg.origin == "CDG")
    assert promise.delivered_by - departed_cdg <= timedelta(days=3, hours=12)


def test_the_milestones_of_paris_to_beijing_show_every_change_of_vehicle() -> None:
    ready = datetime(2026, 12, 1, 8, tzinfo=UTC)
    network = demo_network()
    engine = PromiseEngine.for_network(network, start=ready - timedelta(days=1), days=42)
    promise = compute_promise(engine, network, "FRPAR", "CN-11", ready)
    assert promise is not None
    assert [(m.kind.value, m.hub) for m in promise.milestones] == [
        ("departed", "FRPAR"),
        ("arrived", "CDG"),
        ("departed", "CDG"),
        ("arrived_at_gateway", "PVG"),
        ("cleared", "PVG"),
        ("departed", "PVG"),
        ("arrived", "PKX"),
        ("departed", "PKX"),
        ("at_delivery_station", "CNBJS"),
        ("out_for_delivery", "CNBJS"),
        ("delivered_by", "CNBJS"),
    ]
    departures = [m.at for m in promise.milestones if m.kind.value == "departed"]
    assert departures == [leg.departs_at for leg in promise.legs]
