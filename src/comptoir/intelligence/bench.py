"""`comptoir bench search`: relevance on the demo catalog and speed at scale, against a substring baseline.

Two measures, each against the plain baseline (:mod:`.search.substring`) in the same run:

1. **Relevance**: the demo catalog's published products are indexed, and every labelled query
   (``search/relevance/demo_queries.jsonl``) is answered by the engine and by the baseline; nDCG@10 and
   recall@10 per slice and overall (:mod:`.search.relevance.evaluation`), with the difference.
2. **Scale**: a generated catalog (``--size`` products, the demo's mixed in) is indexed on disk as
   ``comptoir search index`` does: build time and size; then each labelled query is timed (``--rounds``
   times, after one warm-up pass) on the index reopened as a query process would, and once on the
   baseline; and ``comptoir search query --queries`` runs in a process of its own over the same index,
   whose peak resident memory (``ru_maxrss``) is reported.

Heavy imports happen inside the command, so that registering it costs the ``comptoir`` command nothing.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from comptoir.kernel.commands import fail

AIMS: dict[str, float] = {
    "ndcg_at_10_over_baseline": 0.3,
    "recall_at_10_every_slice": 0.9,
    "p99_ms": 20.0,
    "build_s": 60.0,
    "query_process_peak_rss_mb": 300.0,
}


def search(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    size: Annotated[int, typer.Option("--size", min=1, help="Products in the generated catalog.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Seed of the generated catalog.")] = 7,
    rounds: Annotated[int, typer.Option(min=1, help="Times each labelled query is timed at scale.")] = 5,
    catalog: Annotated[Path | None, typer.Option(help="Demo catalog (default: the one Comptoir ships).")] = None,
    queries: Annotated[Path | None, typer.Option(help="Labelled queries (default: the demo set).")] = None,
) -> None:
    """Relevance (nDCG@10, recall@10 per slice) on the demo catalog, and speed on a generated catalog.

    Prints the engine's figures and the substring baseline's, measured in the same run, and how far apart
    they are: build time, index size on disk, p50/p99 milliseconds per query, and the peak memory of a
    query process.
    """
    from comptoir.intelligence.search.demo_catalog import DEMO_CATALOG
    from comptoir.intelligence.search.relevance.evaluation import LABELLED_QUERIES

    say = (lambda _: None) if as_json else (lambda message: typer.echo(message, err=True))
    report = run(
        catalog=catalog or DEMO_CATALOG,
        queries=queries or LABELLED_QUERIES,
        size=size,
        seed=seed,
        rounds=rounds,
        say=say,
    )
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
    else:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


def _load(catalog: Path, queries: Path) -> tuple[Any, Any]:
    from comptoir.intelligence.search.demo_catalog import demo_search_content
    from comptoir.intelligence.search.relevance.evaluation import LabelledQueriesInvalid, parse_labelled_queries

    try:
        content = demo_search_content(json.loads(catalog.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise fail(f"cannot use the demo catalog {catalog}: {exc}") from exc
    try:
        labelled = parse_labelled_queries(queries.read_text(encoding="utf-8"))
    except (OSError, LabelledQueriesInvalid) as exc:
        raise fail(f"cannot use the labelled queries {queries}: {exc}") from exc
    if not content.products or not labelled:
        raise fail(f"nothing to measure: {len(content.products)} published products, {len(labelled)} queries")
    return content, labelled


def run(*, catalog: Path, queries: Path, size: int, seed: int, rounds: int, say: Any) -> dict[str, Any]:
    from comptoir.intelligence.search.relevance.evaluation import evaluate
    from comptoir.intelligence.search.substring import SubstringMatcher
    from comptoir.intelligence.search.tantivy_index import TantivySearchIndex

    content, labelled = _load(catalog, queries)
    say(f"relevance: {len(content.products)} published demo products, {len(labelled)} labelled queries")
    engine = TantivySearchIndex.in_memory(equivalents=content.equivalents)
    engine.rebuild_now(content.products)
    baseline = SubstringMatcher(content.products)
    ours = evaluate(labelled, lambda q: [hit.id for hit in engine.search_now(q, 10)])
    theirs = evaluate(labelled, lambda q: [identifier for identifier, _ in baseline.search(q, 10)])
    relevance: dict[str, Any] = {
        "engine": ours.as_json(),
        "baseline": theirs.as_json(),
        "ndcg_at_10_difference": round(ours.overall.ndcg - theirs.overall.ndcg, 4),
        "recall_at_10_difference": round(ours.overall.recall - theirs.overall.recall, 4),
        "slices_ndcg_at_10_difference": {
            name: round(figures.ndcg - theirs.slices[name].ndcg, 4) for name, figures in ours.slices.items()
        },
        "misses": [
            {"q": query.q, "slice": query.slice, "ndcg_at_10": round(ndcg, 3), "recall_at_10": round(recall, 3)}
            for query, ndcg, recall in ours.per_query
            if recall < 1.0
        ],
    }
    scale = _at_scale(content, labelled, size=size, seed=seed, rounds=rounds, say=say)
    worst_slice_recall = min(f.recall for f in ours.slices.values())
    aims = {
        "ndcg_at_10_over_baseline": relevance["ndcg_at_10_difference"] >= AIMS["ndcg_at_10_over_baseline"],
        "recall_at_10_every_slice": worst_slice_recall >= AIMS["recall_at_10_every_slice"],
        "p99_ms": scale["engine_p99_ms"] <= AIMS["p99_ms"],
        "build_s": scale["build_s"] < AIMS["build_s"],
        "query_process_peak_rss_mb": scale["query_process_peak_rss_mb"] < AIMS["query_process_peak_rss_mb"],
    }
    return {
        "demo_products": len(content.products),
        "labelled_queries": len(labelled),
        "user_dictionary_terms": len(engine.analyzer.terms),
        "glossary_equivalents": len(engine.analyzer.equivalents),
        "relevance": relevance,
        "scale": scale,
        "aims": {"targets": AIMS, "met": aims},
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[position]


def _at_scale(content: Any, labelled: Any, *, size: int, seed: int, rounds: int, say: Any) -> dict[str, Any]:
    from comptoir.intelligence.search.generated_catalog import generate_products
    from comptoir.intelligence.search.substring import SubstringMatcher
    from comptoir.intelligence.search.tantivy_index import TantivySearchIndex, directory_size

    texts = [query.q for query in labelled]
    tick = time.perf_counter()
    products = generate_products(size, seed=seed, mixed_in=content.products)
    generate_s = time.perf_counter() - tick
    with tempfile.TemporaryDirectory(prefix="comptoir-bench-search-") as scratch:
        directory = Path(scratch) / "index"
        say(f"scale: indexing {len(products)} products on disk ...")
        tick = time.perf_counter()
        built = TantivySearchIndex.open(directory, create=True)
        built.learn(equivalents=content.equivalents)
        built.rebuild_now(products)
        build_s = time.perf_counter() - tick
        index_bytes = directory_size(directory)
        del built

        say(f"scale: timing {len(texts)} queries x {rounds} rounds on the index reopened ...")
        reopened = TantivySearchIndex.open(directory)
        for text in texts:  # one warm-up pass: the index's pages come into the cache
            reopened.search_now(text, 10)
        engine_ms = []
        for _ in range(rounds):
            for text in texts:
                tick = time.perf_counter()
                reopened.search_now(text, 10)
                engine_ms.append((time.perf_counter() - tick) * 1000)
        found = sum(1 for text in texts if reopened.search_now(text, 10))

        say("scale: timing the substring baseline, once per query ...")
        baseline = SubstringMatcher(products)
        baseline_ms = []
        for text in texts:
            tick = time.perf_counter()
            baseline.search(text, 10)
            baseline_ms.append((time.perf_counter() - tick) * 1000)

        say("scale: a query process of its own (comptoir search query --queries) ...")
        child = _query_process(directory, texts, Path(scratch))
    engine_p50, engine_p99 = _percentile(engine_ms, 0.5), _percentile(engine_ms, 0.99)
    baseline_p50, baseline_p99 = _percentile(baseline_ms, 0.5), _percentile(baseline_ms, 0.99)
    return {
        "products": len(products),
        "generate_s": round(generate_s, 2),
        "build_s": round(build_s, 2),
        "build_products_per_s": round(len(products) / build_s),
        "index_bytes": index_bytes,
        "index_mb": round(index_bytes / 1e6, 1),
        "queries_timed": len(engine_ms),
        "queries_with_results": found,
        "engine_p50_ms": round(engine_p50, 3),
        "engine_p99_ms": round(engine_p99, 3),
        "baseline_p50_ms": round(baseline_p50, 3),
        "baseline_p99_ms": round(baseline_p99, 3),
        "speedup_p50": round(baseline_p50 / engine_p50, 1) if engine_p50 else None,
        "speedup_p99": round(baseline_p99 / engine_p99, 1) if engine_p99 else None,
        **child,
        "bench_process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


#: Spawns the command given in its arguments, reaps it with wait4 and prints that process's peak memory. A
#: process's ru_maxrss starts from the memory of the one that spawned it (Linux keeps the high-water mark
#: across exec), so the query process is spawned from this small launcher, not from the bench's large one.
_LAUNCHER = (
    "import json, os, sys\n"
    "pid = os.posix_spawn(sys.argv[1], sys.argv[1:], dict(os.environ))\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "print(json.dumps({'exit': os.waitstatus_to_exitcode(status), 'peak_kib': usage.ru_maxrss}))\n"
)


def _query_process(directory: Path, texts: list[str], scratch: Path) -> dict[str, Any]:
    """Run ``comptoir search query --queries`` over the index in a process of its own; its time and peak memory."""
    asked = scratch / "queries.jsonl"
    asked.write_text("".join(json.dumps({"q": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    command = [sys.executable, "-m", "comptoir.cli.main", "search", "query", "--index", str(directory)]
    command += ["--queries", str(asked), "--json"]
    tick = time.perf_counter()
    # The answers come first on the launcher's output (the child inherits it), its measure last.
    launched = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], capture_output=True, check=False)
    wall = time.perf_counter() - tick
    try:
        *printed, last = launched.stdout.decode().splitlines()
        measured = json.loads(last)
    except ValueError:
        raise fail(f"the query process failed: {launched.stderr.decode(errors='replace').strip()}") from None
    if measured["exit"] != 0:
        raise fail(f"the query process failed: {launched.stderr.decode(errors='replace').strip()}")
    return {
        "query_process_answers": len(printed),
        "query_process_s": round(wall, 2),
        "query_process_peak_rss_mb": round(measured["peak_kib"] / 1024, 1),
    }
