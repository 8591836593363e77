"""Re-promising a cancelled flight carrying many parcels: how long it takes, for ``comptoir bench tracking``.

:func:`measure_repromise` makes a scratch database (``comptoir_repromise_<pid>`` on the PostgreSQL server of
the URL given, dropped afterwards whatever happens; a temporary file for a SQLite URL), imports a network
of daily Hangzhou -> Liège cargo flights feeding Paris, seeds ``parcels`` shipments planned and booked on
one flight (written in bulk, not booked one by one: the booking is not what is measured), then cancels
that flight through :func:`~comptoir.logistics.services.disrupt_connection` and times it. The figures
are a dict: seconds, parcels re-planned per second, the SQL statements the re-plan sent (a count that
depends on the code, not the machine), and how many parcels got a later promise.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from comptoir.kernel import pgbench, schema
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.ids import new_id
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.statements import StatementCounter
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics import shipment_repository as store
from comptoir.logistics.domain import compute_promise, make_s10
from comptoir.logistics.domain.shipments import DisruptionKind, ShipmentStatus, capacity_grams
from comptoir.logistics.services import PromiseEngines, disrupt_connection, import_network
from comptoir.logistics.services.shipments import plan_rows

NOW = datetime(2026, 11, 30, tzinfo=UTC)
FLIGHT = "HGH-LGG@2026-12-01"
PARCEL_G = 1200
_CHUNK = 2000


def network_document() -> dict[str, Any]:
    """Daily 100 t flights Hangzhou -> Liège, a daily truck to Paris, clearance at Liège, Paris zones."""
    valid = {"valid_from": "2026-01-01", "valid_to": "2027-12-31"}
    return {
        "hubs": [
            {"code": "HGH", "name": "Hangzhou Xiaoshan", "country": "CN", "tz": "Asia/Shanghai", "kind": "gateway"},
            {"code": "LGG", "name": "Liège eHub", "country": "BE", "tz": "Europe/Brussels", "kind": "gateway"},
            {"code": "FRPAR", "name": "Paris", "country": "FR", "tz": "Europe/Paris", "kind": "delivery_station"},
        ],
        "services": [
            {
                "id": "HGH-LGG",
                "mode": "air",
                "from": "HGH",
                "to": "LGG",
                "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                "departs": "23:30",
                "duration_minutes": 780,
                "cutoff_minutes": 180,
                "ready_minutes": 120,
                "capacity_kg": 100000,
                **valid,
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
                **valid,
            },
        ],
        "clearance": [{"hub": "LGG", "regime": "EU-IOSS", "minutes_p50": 240, "minutes_p95": 720}],
        "last_mile": [
            {"hub": "FRPAR", "zone": f"FR-{n}", "days": 1, "cutoff_local": "14:00"} for n in ("75", "92", "93", "94")
        ],
    }


async def _seed(runtime: Runtime, engines: PromiseEngines, parcels: int) -> None:
    """``parcels`` shipments planned on :data:`FLIGHT`, ready at several times on 1 Dec, to four zones."""
    async with runtime.uow() as uow:
        network, engine = await engines.engine_for(uow, NOW)
        promises = {}
        for zone in ("FR-75", "FR-92", "FR-93", "FR-94"):
            for hour in range(0, 12):
                ready = datetime(2026, 12, 1, hour, tzinfo=UTC)
                promise = compute_promise(engine, network, "HGH", zone, ready)
                assert promise is not None and promise.legs[0].connection == FLIGHT
                promises[(zone, hour)] = (ready, promise)
        keys = sorted(promises)
        loads: dict[str, int] = {}
        for start in range(0, parcels, _CHUNK):
            rows, legs, milestones = [], [], []
            for n in range(start, min(parcels, start + _CHUNK)):
                zone_hour = keys[n % len(keys)]
                ready, promise = promises[zone_hour]
                shipment_id = new_id("shp")
                rows.append(_row(shipment_id, n, zone_hour[0], ready, promise))
                more_legs, more_milestones = plan_rows(shipment_id, promise.legs, promise.milestones)
                legs.extend(more_legs)
                milestones.extend(more_milestones)
                for leg in promise.legs:
                    loads[leg.connection] = loads.get(leg.connection, 0) + PARCEL_G
            await store.insert_shipments(uow.session, rows)
            await store.write_plans(uow.session, legs, milestones)
        capacity = capacity_grams(100000)
        departs = {leg.connection: leg.departs_at for _, p in promises.values() for leg in p.legs}
        await store.ensure_loads(
            uow.session,
            [
                {"connection_id": c, "departs_at": departs[c], "capacity_g": capacity if c.startswith("HGH") else None}
                for c in loads
            ],
        )
        for connection, grams in loads.items():
            await store.book_load(uow.session, connection, grams=grams, parcels=parcels)
        await uow.commit()


def _row(shipment_id: str, n: int, zone: str, ready: datetime, promise: Any) -> dict[str, Any]:
    return {
        "id": shipment_id,
        "parcel_id": str(make_s10("EB", n + 1, "CN")),
        "operator_org_id": None,
        "seller_org_id": "org_bench",
        "order_reference": f"bench-{n}",
        "origin": "HGH",
        "zone": zone,
        "regime": None,
        "weight_g": PARCEL_G,
        "ready_at": ready,
        "status": ShipmentStatus.PLANNED.value,
        "station": promise.station,
        "gateway": promise.gateway,
        "promised_date": promise.delivery_date,
        "promised_by": promise.delivered_by,
        "first_promised_date": promise.delivery_date,
        "first_promised_by": promise.delivered_by,
        "promise_reason": None,
        "replans": 0,
        "delivered_at": None,
        "shipper_name": "Bench shipper",
        "consignee_masked": "B**",
        "consignee_key": None,
        "contents": "goods",
        "created_at": NOW,
        "updated_at": NOW,
    }


async def _measure(url: str, parcels: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(environment="test", data_dir=Path(data_dir), database_url=url)
        runtime = Runtime.from_settings(settings, clock=FrozenClock(NOW))
        try:
            await schema.upgrade(runtime.database)
            await transact(runtime, lambda uow: import_network(uow, None, network=network_document()))
            engines = PromiseEngines.of(runtime.database)
            seeding = time.perf_counter()
            await _seed(runtime, engines, parcels)
            seeded = time.perf_counter() - seeding
            async with runtime.uow() as uow:  # the engine is built before the clock starts, as a server has it
                await engines.engine_for(uow, NOW - timedelta(days=2))
            with StatementCounter(runtime.database) as counter:
                started = time.perf_counter()
                outcome = await transact(
                    runtime,
                    lambda uow: disrupt_connection(
                        uow, engines=engines, connection_id=FLIGHT, kind=DisruptionKind.CANCELLED
                    ),
                )
                seconds = time.perf_counter() - started
        finally:
            await runtime.database.dispose()
    return {
        "backend": "postgresql" if url.startswith("postgresql") else "sqlite",
        "parcels": parcels,
        "replanned": outcome.replanned,
        "later": outcome.later,
        "unplanned": outcome.unplanned,
        "seconds": round(seconds, 3),
        "parcels_per_second": round(outcome.replanned / seconds, 1) if seconds > 0 else None,
        "statements": counter.statements,
        "seed_seconds": round(seeded, 3),
    }


async def measure_repromise(database_url: str, *, parcels: int = 10_000) -> dict[str, Any]:
    """Cancel one flight carrying ``parcels`` shipments and time their re-planning, on scratch storage made
    on the server of ``database_url`` (PostgreSQL) or in a temporary file (SQLite); the figures as a dict."""
    if not database_url.startswith("postgresql"):
        with tempfile.TemporaryDirectory() as folder:
            return await _measure(f"sqlite:///{folder}/repromise.sqlite3", parcels)
    scratch = f"comptoir_repromise_{os.getpid()}"
    await pgbench.pg_admin(database_url, [f'DROP DATABASE IF EXISTS "{scratch}"', f'CREATE DATABASE "{scratch}"'])
    try:
        return await _measure(pgbench.database_url(database_url, scratch), parcels)
    finally:
        await pgbench.pg_admin(database_url, [f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'])
