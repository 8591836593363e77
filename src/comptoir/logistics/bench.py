"""`comptoir bench promise`: the engine's speed on a generated network, against a baseline in the same run.

Heavy imports happen inside the command so that registering it costs the `comptoir` command nothing.
Without networkx (a development dependency) it cannot measure its baseline: a failure, exit 1.
"""

from __future__ import annotations

import gc
import json
import time
from itertools import pairwise
from typing import Annotated, Any

import typer

from comptoir.kernel.commands import fail

WEEK = 7 * 86400


def promise(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    seed: Annotated[int, typer.Option(help="Seed of the generated network and queries.")] = 7,
    queries: Annotated[int, typer.Option(min=100, help="Random single queries to time.")] = 10_000,
    sample: Annotated[int, typer.Option(min=1, help="Queries also answered by the networkx baseline.")] = 200,
) -> None:
    """Time delivery promises on a generated network (>= 300 hubs, >= 100,000 connections a week).

    Prints preprocessing time, p50/p99 microseconds per single query (the public call, legs included),
    batch queries per second, and a time-expanded-graph Dijkstra (networkx) on a sample of the same
    queries: its p50, the speed-up and the number of answers that differ.
    """
    try:
        import networkx  # noqa: F401
    except ImportError:
        from comptoir.logistics._engine.baseline import NETWORKX_MISSING

        raise fail(NETWORKX_MISSING) from None
    report = _run(seed=seed, count=queries, sample=sample, say=(lambda _: None) if as_json else _say)
    if as_json:
        typer.echo(json.dumps(report))
    else:
        for key, value in report.items():
            typer.echo(f"{key:>24}: {value}")


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _run(*, seed: int, count: int, sample: int, say: Any) -> dict[str, Any]:
    import random
    from datetime import UTC, datetime, timedelta

    import numpy as np

    from comptoir.logistics._engine import DEFAULT_HORIZON_DAYS, PromiseEngine, Timetable
    from comptoir.logistics._engine.baseline import TimeExpandedGraph
    from comptoir.logistics._engine.generated_network import generate_network
    from comptoir.logistics._engine.timetable import to_seconds

    rng = random.Random(seed)
    network = generate_network(seed=seed)
    start = datetime(2026, 12, 7, tzinfo=UTC)
    began = time.perf_counter()
    timetable = Timetable.build(network, start=start, days=DEFAULT_HORIZON_DAYS)
    engine = PromiseEngine(timetable)
    preprocess = time.perf_counter() - began
    began = time.perf_counter()
    engine.scan_earliest(0, 1, to_seconds(start))
    engine.scan_latest(0, 1, to_seconds(start) + WEEK)
    first_call = time.perf_counter() - began  # numba loads its cached machine code, or compiles it once
    # As a long-running service would after start-up: what exists now is never garbage, keep it out of GC passes.
    gc.collect()
    gc.freeze()
    first = to_seconds(start)
    per_week = int(((timetable.departs >= first) & (timetable.departs < first + WEEK)).sum())
    say(
        f"network: {len(network.hubs)} hubs, {len(network.services)} weekly services, {per_week} connections a "
        f"week, {timetable.size} connections over {DEFAULT_HORIZON_DAYS} days; preprocessing {preprocess:.2f} s, "
        f"first call {first_call:.2f} s"
    )

    codes = timetable.hubs
    asked: list[tuple[int, int, int]] = []
    while len(asked) < count:
        o, d = rng.randrange(len(codes)), rng.randrange(len(codes))
        if o != d:
            asked.append((o, d, first + rng.randrange(WEEK)))
    moments = [start + timedelta(seconds=r - first) for _, _, r in asked]
    for (o, d, _), moment in zip(asked[:200], moments, strict=False):
        engine.earliest_arrival(codes[o], codes[d], moment)

    say(f"timing {count} single queries...")
    single = np.empty(count, dtype=np.float64)
    kernel = np.empty(count, dtype=np.float64)
    scanned = np.empty(count, dtype=np.int64)
    answers: list[int | None] = [None] * count
    legs: list[tuple[int, ...]] = [()] * count
    # The public call and the bare scan are timed in alternating runs of 500 queries, so that whatever
    # else the machine is doing weighs on both alike.
    for run in range(0, count, 500):
        for k in range(run, min(count, run + 500)):
            (o, d, _), moment = asked[k], moments[k]
            origin, destination = codes[o], codes[d]
            tick = time.perf_counter_ns()
            journey = engine.earliest_arrival(origin, destination, moment)
            single[k] = (time.perf_counter_ns() - tick) / 1000
            answers[k] = None if journey.available_at is None else to_seconds(journey.available_at)
        for k in range(run, min(count, run + 500)):
            o, d, r = asked[k]
            tick = time.perf_counter_ns()
            result = engine.scan_earliest(o, d, r)
            kernel[k] = (time.perf_counter_ns() - tick) / 1000
            scanned[k] = result.scanned
            legs[k] = result.legs

    latest = np.empty(min(count, 2000), dtype=np.float64)
    for k, ((o, d, _), moment) in enumerate(zip(asked[: latest.shape[0]], moments, strict=False)):
        origin, destination, deadline = codes[o], codes[d], moment + timedelta(days=3)
        tick = time.perf_counter_ns()
        engine.latest_departure(origin, destination, deadline)
        latest[k] = (time.perf_counter_ns() - tick) / 1000

    sources = np.asarray([o for o, _, _ in asked], dtype=np.int32)
    targets = np.asarray([d for _, d, _ in asked], dtype=np.int32)
    ready = np.asarray([r for _, _, r in asked], dtype=np.int64)
    engine.scan_batch(sources[:100], targets[:100], ready[:100])
    batch_tick = time.perf_counter()
    batch, _ = engine.scan_batch(sources, targets, ready)
    batch_seconds = time.perf_counter() - batch_tick
    batch_disagree = sum(1 for a, b in zip(answers, batch.tolist(), strict=True) if (a if a is not None else -1) != b)
    invalid = sum(
        1
        for (o, d, r), a, path in zip(asked, answers, legs, strict=True)
        if not _follows_the_rule(timetable, o, d, r, a, path)
    )

    say(f"building the time-expanded graph for the networkx baseline ({sample} queries)...")
    build_tick = time.perf_counter()
    baseline = TimeExpandedGraph(timetable)
    baseline_build = time.perf_counter() - build_tick
    chosen = rng.sample(range(count), min(sample, count))
    baseline_us, ours_us, mismatches = [], [], 0
    for k in chosen:
        o, d, r = asked[k]
        tick = time.perf_counter_ns()
        expected = baseline.earliest_arrival(o, d, r)
        baseline_us.append((time.perf_counter_ns() - tick) / 1000)
        ours_us.append(single[k])
        mismatches += expected != answers[k]
    baseline_p50 = float(np.percentile(baseline_us, 50))
    sample_p50 = float(np.percentile(ours_us, 50))
    return {
        "hubs": len(network.hubs),
        "services": len(network.services),
        "connections": per_week,
        "connections_in_horizon": timetable.size,
        "horizon_days": DEFAULT_HORIZON_DAYS,
        "queries": count,
        "preprocess_s": round(preprocess, 3),
        "first_call_s": round(first_call, 3),
        "by_slab": engine.slabs is not None,
        "p50_us": round(float(np.percentile(single, 50)), 1),
        "p99_us": round(float(np.percentile(single, 99)), 1),
        "kernel_p50_us": round(float(np.percentile(kernel, 50)), 1),
        "kernel_p99_us": round(float(np.percentile(kernel, 99)), 1),
        "scanned_p50": int(np.percentile(scanned, 50)),
        "scanned_p99": int(np.percentile(scanned, 99)),
        "latest_queries": int(latest.shape[0]),
        "latest_p50_us": round(float(np.percentile(latest, 50)), 1),
        "latest_p99_us": round(float(np.percentile(latest, 99)), 1),
        "batch_queries_per_s": round(count / batch_seconds),
        "batch_threads": engine.batch_threads,
        "batch_disagreements": batch_disagree,
        "no_path": sum(1 for a in answers if a is None),
        "invalid_journeys": invalid,
        "baseline": "time-expanded graph, networkx Dijkstra",
        "baseline_build_s": round(baseline_build, 2),
        "baseline_queries": len(chosen),
        "baseline_p50_us": round(baseline_p50, 1),
        "sample_p50_us": round(sample_p50, 1),
        "speedup": round(baseline_p50 / sample_p50, 1),
        "mismatches": int(mismatches),
    }


def _follows_the_rule(t: Any, source: int, target: int, ready: int, answer: int | None, legs: tuple[int, ...]) -> bool:
    """Whether ``legs`` is a journey the exact rule allows, from ``source`` at ``ready`` to ``target`` at ``answer``."""
    if answer is None:
        return not legs
    if not legs or int(t.origin[legs[0]]) != source or int(t.board_by[legs[0]]) < ready:
        return False
    for before, after in pairwise(legs):
        stays = int(t.next_leg[before]) == after
        changes = int(t.destination[before]) == int(t.origin[after]) and int(t.ready_at[before]) <= int(
            t.board_by[after]
        )
        if not (stays or changes):
            return False
    last = legs[-1]
    return int(t.destination[last]) == target and int(t.ready_at[last]) == answer
