"""The demo network: real airports, cargo flights, the Yiwu -> Liège rail service, EU trucks, clearance, last mile.

Airport names, coordinates, countries and time zones come from ``airportsdata`` (never typed by hand).
Hubs that are not airports borrow the coordinates of the nearest airport: the Yiwu rail terminal
(UN/LOCODE CNYIW) those of Yiwu airport (YIW), the Paris delivery station those of Le Bourget (LBG),
the Shanghai, Hangzhou and Beijing delivery stations those of SHA, HGH and PEK.

Schedules follow the shape of the real operation: Hangzhou -> Liège B747F (~100 t) twice a week,
other Chinese gateways a few times a week into Liège and the big EU gateways, nightly domestic flights
from Hangzhou and Shanghai to Beijing (a parcel cleared in China stays in China), China-Europe rail from
Yiwu to Liège in ~16 days, trucks from Liège to Paris and other EU capitals, EU-IOSS clearance at the
EU gateways (Liège: p50 4 h, p95 12 h) and CBEC clearance at the Chinese ones.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import airportsdata

from comptoir.logistics import Network, parse_network

VALIDITY = {"valid_from": "2026-01-01", "valid_to": "2027-12-31"}
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

AIRPORT_HUBS = (
    # code, kind, display name (None: the airport's own name)
    ("HGH", "gateway", None),
    ("PVG", "gateway", None),
    ("CAN", "gateway", None),
    ("SZX", "gateway", None),
    ("PKX", "gateway", None),
    ("CGO", "gateway", None),
    ("CTU", "gateway", None),
    ("LGG", "gateway", "Liège eHub"),
    ("CDG", "gateway", None),
    ("FRA", "gateway", None),
    ("AMS", "gateway", None),
    ("MAD", "gateway", None),
    ("MXP", "gateway", None),
    ("BUD", "gateway", None),
)

OTHER_HUBS = (
    # code, kind, name, airport whose position it borrows
    ("CNYIW", "rail_terminal", "Yiwu West rail terminal", "YIW"),
    ("FRPAR", "delivery_station", "Paris delivery station", "LBG"),
    ("CNSHA", "delivery_station", "Shanghai delivery station", "SHA"),
    ("CNHGH", "delivery_station", "Hangzhou delivery station", "HGH"),
    ("CNBJS", "delivery_station", "Beijing delivery station", "PEK"),
)

# id, mode, from, to, days, departs (local), minutes, cut-off, ready, capacity kg, EUR per kg
FLIGHTS = (
    ("HGH-LGG", "HGH", "LGG", ["mon", "thu"], "23:30", 780, 100000, "2.10"),
    ("PVG-LGG", "PVG", "LGG", ["tue", "fri", "sun"], "01:45", 760, 100000, "2.05"),
    ("CAN-LGG", "CAN", "LGG", ["wed", "sat"], "00:30", 810, 100000, "2.20"),
    ("SZX-LGG", "SZX", "LGG", ["mon", "wed", "fri"], "02:10", 820, 100000, "2.20"),
    ("CGO-LGG", "CGO", "LGG", ["tue", "thu", "sat"], "03:00", 690, 100000, "1.95"),
    ("PVG-CDG", "PVG", "CDG", ["mon", "wed", "fri"], "02:30", 780, 100000, "2.30"),
    ("CTU-AMS", "CTU", "AMS", ["wed", "sun"], "02:00", 720, 100000, "2.25"),
    ("PKX-FRA", "PKX", "FRA", ["tue", "fri"], "01:00", 660, 100000, "2.15"),
    ("CAN-MXP", "CAN", "MXP", ["thu"], "01:30", 800, 100000, "2.40"),
    ("PVG-BUD", "PVG", "BUD", ["tue", "sat"], "03:30", 740, 100000, "2.10"),
    ("LGG-HGH", "LGG", "HGH", ["tue", "fri"], "10:30", 720, 100000, "1.60"),
    ("CDG-PVG", "CDG", "PVG", ["tue", "thu", "sat"], "13:00", 700, 100000, "1.70"),
    ("FRA-PKX", "FRA", "PKX", ["wed", "sat"], "14:00", 620, 100000, "1.70"),
    ("HGH-PKX", "HGH", "PKX", EVERY_DAY, "21:30", 150, 20000, "0.90"),
    ("PVG-PKX", "PVG", "PKX", EVERY_DAY, "22:00", 140, 20000, "0.90"),
)

TRUCKS = (
    ("LGG-FRPAR-AM", "LGG", "FRPAR", "04:00", 330, 12000),
    ("LGG-FRPAR-PM", "LGG", "FRPAR", "16:00", 330, 12000),
    ("LGG-AMS", "LGG", "AMS", "05:00", 240, 12000),
    ("LGG-FRA", "LGG", "FRA", "05:00", 270, 12000),
    ("LGG-MXP", "LGG", "MXP", "07:00", 720, 12000),
    ("LGG-BUD", "LGG", "BUD", "06:00", 1200, 12000),
    ("LGG-MAD", "LGG", "MAD", "08:00", 1560, 12000),
    ("CDG-FRPAR-AM", "CDG", "FRPAR", "09:00", 60, 8000),
    ("CDG-FRPAR-PM", "CDG", "FRPAR", "17:00", 60, 8000),
    ("FRPAR-CDG", "FRPAR", "CDG", "18:00", 60, 8000),
    ("HGH-PVG", "HGH", "PVG", "12:00", 180, 15000),
    ("HGH-CNHGH-AM", "HGH", "CNHGH", "09:00", 120, 15000),
    ("HGH-CNHGH-PM", "HGH", "CNHGH", "21:00", 120, 15000),
    ("HGH-CNSHA", "HGH", "CNSHA", "20:00", 240, 15000),
    ("PVG-CNSHA", "PVG", "CNSHA", "06:00", 90, 15000),
    ("PVG-CNHGH", "PVG", "CNHGH", "05:00", 200, 15000),
    ("PKX-CNBJS", "PKX", "CNBJS", "07:00", 90, 15000),
    ("CNYIW-HGH", "CNYIW", "HGH", "18:00", 120, 15000),
)

CLEARANCE = (
    ("LGG", "EU-IOSS", 240, 720),
    ("CDG", "EU-IOSS", 300, 900),
    ("FRA", "EU-IOSS", 300, 900),
    ("AMS", "EU-IOSS", 270, 840),
    ("MAD", "EU-IOSS", 360, 1080),
    ("MXP", "EU-IOSS", 360, 1200),
    ("BUD", "EU-IOSS", 300, 960),
    ("PVG", "CN-CBEC", 180, 480),
    ("HGH", "CN-CBEC", 180, 480),
    ("PKX", "CN-CBEC", 240, 600),
)

LAST_MILE = (
    ("FRPAR", "FR-75", 1, "14:00"),
    ("FRPAR", "FR-69", 2, "12:00"),
    ("FRPAR", "FR-33", 2, "12:00"),
    ("FRPAR", "FR-13", 2, "12:00"),
    ("CNSHA", "CN-31", 1, "12:00"),
    ("CNHGH", "CN-33", 0, "16:00"),
    ("CNBJS", "CN-11", 1, "12:00"),
)


@cache
def _airports() -> dict[str, airportsdata.Airport]:
    return airportsdata.load("IATA")


def _airport(code: str) -> airportsdata.Airport:
    return _airports()[code]


def _hubs() -> list[dict[str, Any]]:
    hubs = []
    for code, kind, name in AIRPORT_HUBS:
        airport = _airport(code)
        hubs.append(
            {
                "code": code,
                "name": name or airport["name"],
                "country": airport["country"],
                "tz": airport["tz"],
                "kind": kind,
                "lat": airport["lat"],
                "lon": airport["lon"],
            }
        )
    for code, kind, name, near in OTHER_HUBS:
        airport = _airport(near)
        hubs.append(
            {
                "code": code,
                "name": name,
                "country": airport["country"],
                "tz": airport["tz"],
                "kind": kind,
                "lat": airport["lat"],
                "lon": airport["lon"],
            }
        )
    return hubs


def _services() -> list[dict[str, Any]]:
    services: list[dict[str, Any]] = []
    for service_id, origin, destination, days, departs, minutes, capacity, cost in FLIGHTS:
        services.append(
            {
                "id": service_id,
                "mode": "air",
                "from": origin,
                "to": destination,
                "days": days,
                "departs": departs,
                "duration_minutes": minutes,
                "cutoff_minutes": 180,
                "ready_minutes": 120,
                "capacity_kg": capacity,
                "cost_per_kg": {"currency": "EUR", "value": cost},
                **VALIDITY,
            }
        )
    services.append(
        {
            "id": "HGH-LGG-MAD",
            "mode": "air",
            "from": "HGH",
            "to": "MAD",
            "days": ["sat"],
            "departs": "23:30",
            "duration_minutes": 1060,
            "cutoff_minutes": 180,
            "ready_minutes": 120,
            "capacity_kg": 100000,
            "cost_per_kg": {"currency": "EUR", "value": "2.35"},
            "stops": [{"hub": "LGG", "arrives_after_minutes": 780, "departs_after_minutes": 900}],
            **VALIDITY,
        }
    )
    services.append(
        {
            "id": "CNYIW-LGG-RAIL",
            "mode": "rail",
            "from": "CNYIW",
            "to": "LGG",
            "days": ["mon", "thu"],
            "departs": "10:00",
            "duration_minutes": 16 * 24 * 60,
            "cutoff_minutes": 24 * 60,
            "ready_minutes": 12 * 60,
            "capacity_kg": 800000,
            "cost_per_kg": {"currency": "EUR", "value": "0.45"},
            **VALIDITY,
        }
    )
    for service_id, origin, destination, departs, minutes, capacity in TRUCKS:
        services.append(
            {
                "id": service_id,
                "mode": "road",
                "from": origin,
                "to": destination,
                "days": EVERY_DAY,
                "departs": departs,
                "duration_minutes": minutes,
                "cutoff_minutes": 60,
                "ready_minutes": 90,
                "capacity_kg": capacity,
                "cost_per_kg": {"currency": "EUR", "value": "0.12"},
                **VALIDITY,
            }
        )
    return services


def demo_network_document() -> dict[str, Any]:
    """The demo network in the network file format (a fresh document on every call)."""
    return {
        "hubs": _hubs(),
        "services": _services(),
        "connections": [],
        "clearance": [
            {"hub": hub, "regime": regime, "minutes_p50": p50, "minutes_p95": p95}
            for hub, regime, p50, p95 in CLEARANCE
        ],
        "last_mile": [
            {"hub": hub, "zone": zone, "days": days, "cutoff_local": cutoff} for hub, zone, days, cutoff in LAST_MILE
        ],
    }


@cache
def demo_network() -> Network:
    """The demo network, checked by :func:`parse_network`."""
    return parse_network(demo_network_document())
