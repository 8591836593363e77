"""A small hand-made network whose promises are computed by hand in the tests.

HGH (Asia/Shanghai, UTC+8) -> LGG (Europe/Brussels) B747F Mon/Thu 23:30, 13 h, cut-off 3 h, ready 2 h;
LGG -> FRPAR truck daily 06:00 Brussels, 5 h, cut-off 1 h, ready 1 h; HGH -> CNSHA truck daily 20:00,
4 h, cut-off 1 h, ready 1 h. EU-IOSS clearance at LGG p95 720 min.
"""

from __future__ import annotations

import copy
from typing import Any

_VALID = {"valid_from": "2026-01-01", "valid_to": "2027-12-31"}

SAMPLE: dict[str, Any] = {
    "hubs": [
        {
            "code": "HGH",
            "name": "Hangzhou Xiaoshan",
            "country": "CN",
            "tz": "Asia/Shanghai",
            "kind": "gateway",
            "lat": 30.2295,
            "lon": 120.434,
        },
        {
            "code": "LGG",
            "name": "Liège eHub",
            "country": "BE",
            "tz": "Europe/Brussels",
            "kind": "gateway",
            "lat": 50.637,
            "lon": 5.443,
        },
        {
            "code": "MAD",
            "name": "Madrid Barajas",
            "country": "ES",
            "tz": "Europe/Madrid",
            "kind": "gateway",
            "lat": 40.4719,
            "lon": -3.5626,
        },
        {
            "code": "FRPAR",
            "name": "Paris delivery station",
            "country": "FR",
            "tz": "Europe/Paris",
            "kind": "delivery_station",
            "lat": 48.9694,
            "lon": 2.4414,
        },
        {
            "code": "CNSHA",
            "name": "Shanghai delivery station",
            "country": "CN",
            "tz": "Asia/Shanghai",
            "kind": "delivery_station",
        },
    ],
    "services": [
        {
            "id": "HGH-LGG",
            "mode": "air",
            "from": "HGH",
            "to": "LGG",
            "days": ["mon", "thu"],
            "departs": "23:30",
            "duration_minutes": 780,
            "cutoff_minutes": 180,
            "ready_minutes": 120,
            "capacity_kg": 100000,
            "cost_per_kg": {"currency": "EUR", "value": "1.85"},
            **_VALID,
        },
        {
            "id": "LGG-FRPAR",
            "mode": "road",
            "from": "LGG",
            "to": "FRPAR",
            "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "departs": "06:00",
            "duration_minutes": 300,
            "cutoff_minutes": 60,
            "ready_minutes": 60,
            "capacity_kg": 12000,
            **_VALID,
        },
        {
            "id": "HGH-CNSHA",
            "mode": "road",
            "from": "HGH",
            "to": "CNSHA",
            "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "departs": "20:00",
            "duration_minutes": 240,
            "cutoff_minutes": 60,
            "ready_minutes": 60,
            **_VALID,
        },
        {
            "id": "HGH-LGG-MAD",
            "mode": "air",
            "from": "HGH",
            "to": "MAD",
            "days": ["sat"],
            "departs": "23:30",
            "duration_minutes": 1080,
            "cutoff_minutes": 180,
            "ready_minutes": 120,
            "capacity_kg": 90000,
            "stops": [{"hub": "LGG", "arrives_after_minutes": 780, "departs_after_minutes": 900}],
            **_VALID,
        },
    ],
    "connections": [
        {
            "id": "X1",
            "trip": "XT",
            "from": "LGG",
            "to": "FRPAR",
            "departs_at": "2026-12-20T08:00:00Z",
            "arrives_at": "2026-12-20T12:00:00Z",
            "cutoff_minutes": 60,
            "ready_minutes": 60,
            "capacity_kg": 2000,
        },
    ],
    "clearance": [{"hub": "LGG", "regime": "EU-IOSS", "minutes_p50": 240, "minutes_p95": 720}],
    "last_mile": [
        {"hub": "FRPAR", "zone": "FR-75", "days": 1, "cutoff_local": "14:00"},
        {"hub": "FRPAR", "zone": "FR-69", "days": 2, "cutoff_local": "11:00"},
        {"hub": "FRPAR", "zone": "FR-13", "days": 1, "cutoff_local": "12:30"},
        {"hub": "CNSHA", "zone": "CN-31", "days": 1, "cutoff_local": "10:00"},
    ],
}


def sample_document() -> dict[str, Any]:
    """A fresh deep copy of :data:`SAMPLE` (tests may change it)."""
    return copy.deepcopy(SAMPLE)
