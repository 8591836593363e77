"""``comptoir bench tracking``: tracking events ingested per second on PostgreSQL, against pgbench in the same run.

Everything runs on scratch storage made for the run and dropped after it, whatever happens: a database
``comptoir_trackbench_<pid>`` (and ``comptoir_trackpgbench_<pid>`` for pgbench) on the server of
``--database-url``. pgbench's TPC-B-like run comes first, at concurrency 1, as the bench's writer is one.

- ``single``: one event per unit of work through :func:`ingest_tracking_events` (what a carrier calling the
  API once per scan costs), one writer;
- ``batch``: lists of ``--batch-size`` events (1,000, the API's most) over many parcels, in the disorder
  carriers send them: shuffled, a tenth of them sent twice;
- ``repromise``: the time to promise again every parcel planned on a cancelled flight carrying
  ``--repromise-parcels`` parcels, measured by the shipments' own bench function when the installation
  has one (``logistics.bench_repromise``); otherwise ``null`` with a note saying it was not measured.

Statements per single event are counted once, one event on its own (they depend on the code, not the
machine). The bench checks its own work: every parcel's stored state must equal the pure fold of the events
it was sent, else it fails (exit 1).
"""

from __future__ import annotations

import asyncio
import importlib
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from comptoir.kernel.commands import BAD_INPUT, fail

DEFAULT_POSTGRESQL_URL = "postgresql://postgres@127.0.0.1:5432/test"
START = datetime(2026, 11, 2, tzinfo=UTC)


def tracking(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    database_url: Annotated[
        str, typer.Option("--database-url", help="A PostgreSQL server; the bench makes and drops its own databases.")
    ] = DEFAULT_POSTGRESQL_URL,
    singles: Annotated[int, typer.Option(min=1, help="Events ingested one per transaction.")] = 2_000,
    batches: Annotated[int, typer.Option(min=1, help="Batches ingested.")] = 20,
    batch_size: Annotated[int, typer.Option(min=1, max=1000, help="Events per batch (the API takes 1,000).")] = 1000,
    repromise_parcels: Annotated[
        int, typer.Option(min=1, help="Parcels planned on the cancelled flight that is promised again.")
    ] = 10_000,
    pgbench_seconds: Annotated[int, typer.Option(min=1, max=600, help="Seconds of pgbench's run.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the events' disorder.")] = 7,
) -> None:
    """Time tracking ingestion on PostgreSQL: single events and batches per second, against pgbench."""
    from sqlalchemy.engine import make_url

    if make_url(database_url).get_backend_name() != "postgresql":
        raise fail("the tracking bench measures PostgreSQL: give --database-url postgresql://...", BAD_INPUT)
    say: Callable[[str], None] = (lambda _: None) if as_json else (lambda m: typer.echo(m, err=True))
    report = asyncio.run(
        run_bench(
            database_url,
            singles=singles,
            batches=batches,
            batch_size=batch_size,
            repromise_parcels=repromise_parcels,
            pgbench_seconds=pgbench_seconds,
            seed=seed,
            say=say,
        )
    )
    if report.get("error"):
        raise fail(str(report["error"]))
    if as_json:
        import json

        typer.echo(json.dumps(report))
    else:
        for key, value in report.items():
            typer.echo(f"{key:>28}: {value}")


def scratch_names() -> tuple[str, str]:
    return f"comptoir_trackbench_{os.getpid()}", f"comptoir_trackpgbench_{os.getpid()}"


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _journey(parcel: str, rng: random.Random) -> list[Any]:
    """Seven scans of a parcel from Hangzhou to Paris, as carriers report them."""
    from comptoir.logistics.domain import TrackingEvent, TrackingStatus

    s = TrackingStatus
    shanghai, paris = timezone_hours(8), timezone_hours(1)
    begin = START + timedelta(minutes=rng.randrange(0, 20 * 24 * 60))
    steps = [
        (0, "HGH", s.IN_TRANSIT, "EMB", shanghai),
        (150, "HGH", s.IN_TRANSIT, "EMC", shanghai),
        (900, "LGG", s.IN_TRANSIT, "EMD", paris),
        (1100, "LGG", s.ON_HOLD, "EME", paris),
        (1500, "LGG", s.IN_TRANSIT, "EMF", paris),
        (2300, "CDG", s.OUT_FOR_DELIVERY, "EDG", paris),
        (2500, "CDG", s.DELIVERED, "EMI", paris),
    ]
    return [
        TrackingEvent(
            parcel=parcel,
            at=(begin + timedelta(minutes=minutes)).astimezone(zone),
            hub=hub,
            status=status,
            code=code,
            id=f"{parcel}-{n}",
        )
        for n, (minutes, hub, status, code, zone) in enumerate(steps)
    ]


def timezone_hours(hours: int) -> Any:
    from datetime import timezone

    return timezone(timedelta(hours=hours))


async def ship_parcels(runtime: Any, parcels: list[str], *, carrier: str | None = None) -> None:
    """Shipments of ``parcels`` carried by ``carrier``, written straight into the shipments' table with only
    what it requires (no plan, no promise): so many parcels would take the bench longer to book one by one
    than to measure. Tests use it too, to ship parcels that only tracking looks at."""
    from sqlalchemy import insert

    from comptoir.kernel.ids import new_id
    from comptoir.logistics import shipment_repository

    now = runtime.clock.now()
    for start in range(0, len(parcels), 2000):
        rows = [
            {
                "id": new_id("shp"),
                "parcel_id": parcel,
                "operator_org_id": carrier,
                "seller_org_id": "org_bench_seller",
                "order_reference": f"ord-{parcel}",
                "origin": "HGH",
                "zone": "FR-75",
                "weight_g": 1000,
                "ready_at": now,
                "status": "unplanned",
                "replans": 0,
                "shipper_name": "Maison Dupont",
                "consignee_masked": "W*** L**",
                "contents": "perfume",
                "created_at": now,
                "updated_at": now,
            }
            for parcel in parcels[start : start + 2000]
        ]
        async with runtime.uow() as uow:
            await uow.execute(insert(shipment_repository.shipments), rows)
            await uow.commit()


async def _measure(url: str, data_dir: Path, plan: dict[str, int], say: Callable[[str], None]) -> dict[str, Any]:
    from comptoir.kernel import schema
    from comptoir.kernel.clock import FrozenClock
    from comptoir.kernel.ids import new_id
    from comptoir.kernel.runtime import Runtime
    from comptoir.kernel.settings import Settings
    from comptoir.kernel.statements import StatementCounter
    from comptoir.kernel.unit_of_work import transact
    from comptoir.logistics.domain import track_parcel
    from comptoir.logistics.domain.ingestion import EventSource
    from comptoir.logistics.services.tracking import ingest_tracking_events
    from comptoir.logistics.services.tracking_queries import parcel_states

    rng = random.Random(plan["seed"])
    clock = FrozenClock(START + timedelta(days=40))
    runtime = Runtime.from_settings(Settings(environment="test", data_dir=data_dir, database_url=url), clock=clock)
    output: dict[str, Any] = {}
    try:
        await schema.upgrade(runtime.database)
        single_parcels = [new_id("prc") for _ in range(-(-plan["singles"] // 7))]
        batch_events_wanted = plan["batches"] * plan["batch_size"]
        batch_parcels = [new_id("prc") for _ in range(max(1, round(batch_events_wanted / 7.7)))]
        say(f"world: {len(single_parcels) + len(batch_parcels)} shipments")
        await ship_parcels(runtime, single_parcels + batch_parcels)
        sent: dict[str, list[Any]] = {}

        def ingest(events: list[Any]) -> Any:
            for e in events:
                sent.setdefault(e.parcel, []).append(e)
            return transact(
                runtime, lambda uow: ingest_tracking_events(uow, None, events=events, source=EventSource.BATCH)
            )

        singles = [e for p in single_parcels for e in _journey(p, rng)][: plan["singles"]]
        rng.shuffle(singles)
        await ingest(singles[:1])  # connect and warm up before the clock starts
        with StatementCounter(runtime.database) as counter:
            await ingest(singles[1:2])
        output["statements_per_single_event"] = counter.statements
        say(f"single: {len(singles)} events, one per transaction")
        latencies: list[float] = []
        began = time.perf_counter()
        for event in singles[2:]:
            started = time.perf_counter()
            await ingest([event])
            latencies.append(time.perf_counter() - started)
        elapsed = time.perf_counter() - began
        output["single"] = {
            "events": len(latencies),
            "events_per_s": round(len(latencies) / elapsed, 1) if elapsed else None,
            "p50_ms": _ms(statistics.median(latencies)) if latencies else None,
            "p99_ms": _ms(_p99(latencies)) if latencies else None,
        }
        pool = [e for p in batch_parcels for e in _journey(p, rng)]
        rng.shuffle(pool)
        pool += rng.sample(pool, len(pool) // 10)  # a tenth sent twice
        rng.shuffle(pool)
        size = plan["batch_size"]
        chunks = [pool[i : i + size] for i in range(0, min(len(pool), batch_events_wanted), size)]
        say(f"batch: {len(chunks)} batches of {size} events")
        latencies = []
        began = time.perf_counter()
        for chunk in chunks:
            started = time.perf_counter()
            await ingest(chunk)
            latencies.append(time.perf_counter() - started)
        elapsed = time.perf_counter() - began
        total = sum(len(c) for c in chunks)
        output["batch"] = {
            "batch_size": size,
            "batches": len(chunks),
            "events": total,
            "events_per_s": round(total / elapsed, 1) if elapsed else None,
            "p50_ms": _ms(statistics.median(latencies)),
            "p99_ms": _ms(_p99(latencies)),
        }
        stored = await transact(runtime, lambda uow: parcel_states(uow, None, parcels=list(sent)))
        wrong = [
            s.parcel
            for s in stored
            if (s.status, s.events_applied, s.last_event)
            != (lambda f: (f.status, f.events_applied, f.last_event))(track_parcel(s.parcel, sent[s.parcel]))
        ]
        output["states_checked"] = len(stored)
        if wrong or len(stored) != len(sent):
            output["error"] = f"{len(wrong)} stored states differ from the fold of their events: {wrong[:3]}"
    finally:
        await runtime.database.dispose()
    return output


async def _repromise(database_url: str, parcels: int, say: Callable[[str], None]) -> dict[str, Any]:
    """The shipments' re-promise of a cancelled flight (``logistics.bench_repromise.measure_repromise``, which
    makes and drops its own scratch database), when the installation has it; else a note that it was not."""
    try:
        module = importlib.import_module("comptoir.logistics.bench_repromise")
    except ImportError:
        module = None
    measure = getattr(module, "measure_repromise", None)
    if measure is None:
        return {"parcels": parcels, "seconds": None, "note": "not measured: no re-promise bench function here yet"}
    say(f"repromise: a cancelled flight carrying {parcels} parcels")
    found = await measure(database_url, parcels=parcels)
    return {"parcels": parcels, **found} if isinstance(found, dict) else {"parcels": parcels, "seconds": found}


async def run_bench(
    database_url: str,
    *,
    singles: int,
    batches: int,
    batch_size: int,
    repromise_parcels: int,
    pgbench_seconds: int,
    seed: int,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """pgbench at concurrency 1, then the ingestion runs on a scratch database; one JSON-able object."""
    from comptoir.kernel import pgbench

    bench_db, pgbench_db = scratch_names()
    say(f"pgbench: TPC-B-like for {pgbench_seconds} s at concurrency 1")
    output: dict[str, Any] = {"database": "postgresql"}
    output.update(await pgbench.measure_pgbench(database_url, pgbench_db, seconds=pgbench_seconds, concurrencies=[1]))
    plan = {
        "singles": singles,
        "batches": batches,
        "batch_size": batch_size,
        "repromise_parcels": repromise_parcels,
        "seed": seed,
    }
    try:
        await pgbench.pg_admin(database_url, [f'DROP DATABASE IF EXISTS "{bench_db}"', f'CREATE DATABASE "{bench_db}"'])
        with tempfile.TemporaryDirectory(prefix="comptoir-trackbench-") as data_dir:
            output.update(await _measure(pgbench.database_url(database_url, bench_db), Path(data_dir), plan, say))
    finally:
        await pgbench.pg_admin(database_url, [f'DROP DATABASE IF EXISTS "{bench_db}" WITH (FORCE)'])
    output["repromise"] = await _repromise(database_url, repromise_parcels, say)
    tps = output["pgbench_tps"].get("1")
    output["ratio_to_pgbench"] = {
        run: round(output[run]["events_per_s"] / tps, 3) if tps and output.get(run, {}).get("events_per_s") else None
        for run in ("single", "batch")
    }
    return output
