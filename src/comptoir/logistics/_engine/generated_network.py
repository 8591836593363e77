"""A generated network for measuring the engine: regions of hubs joined by trucks, gateways by flights.

It is shaped like a parcel network rather than a random graph: every region (one time zone) has a
few gateways and many sort centres and delivery stations; trucks run several times a day between
hubs of a region (some as milk runs with a stop, so trips have several legs); cargo flights join
gateways of different regions a few times a day. The same seed always gives the same network.

It is what ``comptoir bench promise`` measures, so it lives beside the engine: the bench sits in
logistics, which may not import ``simulation`` (an entry point), where the demo world's network is.
"""

from __future__ import annotations

import random
from datetime import date, time

from comptoir.logistics.domain import Hub, HubKind, Mode, Network, Service, Stop

REGIONS = (
    ("CN", "Asia/Shanghai"),
    ("BE", "Europe/Brussels"),
    ("FR", "Europe/Paris"),
    ("DE", "Europe/Berlin"),
    ("ES", "Europe/Madrid"),
    ("GB", "Europe/London"),
    ("US", "America/New_York"),
    ("AE", "Asia/Dubai"),
    ("JP", "Asia/Tokyo"),
    ("BR", "America/Sao_Paulo"),
)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


def generate_network(
    *,
    seed: int = 7,
    hubs_per_region: int = 30,
    gateways_per_region: int = 3,
    truck_lanes_per_hub: int = 8,
    trucks_per_lane_per_day: int = 6,
    flight_lanes_per_gateway: int = 10,
    flights_per_lane_per_day: int = 3,
) -> Network:
    """A network of ``len(REGIONS) * hubs_per_region`` hubs; defaults give 300 hubs, ~105,000 connections/week."""
    rng = random.Random(seed)
    hubs: list[Hub] = []
    regions: list[list[str]] = []
    gateways: list[str] = []
    for r, (country, tz) in enumerate(REGIONS):
        codes = []
        for k in range(hubs_per_region):
            code = f"{country}{r:01d}{k:02d}"
            kind = (
                HubKind.GATEWAY
                if k < gateways_per_region
                else rng.choice(
                    [HubKind.SORT_CENTRE, HubKind.DELIVERY_STATION, HubKind.BONDED_WAREHOUSE, HubKind.RAIL_TERMINAL]
                )
            )
            hubs.append(
                Hub(
                    code=code,
                    name=f"{country} hub {k}",
                    country=country,
                    tz=tz,
                    kind=kind,
                    lat=round(rng.uniform(-60, 60), 3),
                    lon=round(rng.uniform(-170, 170), 3),
                )
            )
            codes.append(code)
        regions.append(codes)
        gateways.extend(codes[:gateways_per_region])
    services: list[Service] = []
    for codes in regions:
        for origin in codes:
            others = [c for c in codes if c != origin]
            for destination in rng.sample(others, truck_lanes_per_hub):
                for _ in range(trucks_per_lane_per_day):
                    services.append(_truck(rng, len(services), origin, destination, others))
    for origin in gateways:
        others = [g for g in gateways if g[:2] != origin[:2]]
        for destination in rng.sample(others, flight_lanes_per_gateway):
            for _ in range(flights_per_lane_per_day):
                services.append(_flight(rng, len(services), origin, destination))
    return Network(hubs=tuple(hubs), services=tuple(services))


def _truck(rng: random.Random, n: int, origin: str, destination: str, others: list[str]) -> Service:
    duration = rng.randint(60, 360)
    stops: tuple[Stop, ...] = ()
    if rng.random() < 0.1:
        via = rng.choice([c for c in others if c != destination])
        arrives = rng.randint(30, duration - 30)
        stops = (Stop(hub=via, arrives_after_minutes=arrives, departs_after_minutes=min(arrives + 15, duration - 10)),)
    days = EVERY_DAY if rng.random() < 0.7 else tuple(sorted(rng.sample(EVERY_DAY, 5)))
    return Service(
        id=f"R{n}",
        mode=Mode.ROAD,
        origin=origin,
        destination=destination,
        days=days,
        departs=time(rng.randint(0, 23), rng.choice((0, 15, 30, 45))),
        duration_minutes=duration,
        cutoff_minutes=rng.choice((15, 30, 45, 60)),
        ready_minutes=rng.choice((15, 30, 60)),
        capacity_kg=rng.choice((8000, 12000, 24000)),
        valid_from=date(2026, 1, 1),
        valid_to=date(2027, 12, 31),
        stops=stops,
    )


def _flight(rng: random.Random, n: int, origin: str, destination: str) -> Service:
    return Service(
        id=f"A{n}",
        mode=Mode.AIR,
        origin=origin,
        destination=destination,
        days=EVERY_DAY,
        departs=time(rng.randint(0, 23), rng.choice((0, 10, 20, 30, 40, 50))),
        duration_minutes=rng.randint(120, 780),
        cutoff_minutes=rng.choice((120, 150, 180)),
        ready_minutes=rng.choice((60, 90, 120)),
        capacity_kg=rng.choice((40000, 100000)),
    )
