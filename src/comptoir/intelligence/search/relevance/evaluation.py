"""Judging a ranking against labelled queries: nDCG@10 and recall@10, per slice and overall.

The labelled set (``demo_queries.jsonl`` beside this module) has one query per line:
``{"q": "...", "slice": "pinyin_full", "relevant": {"demo-001": 2, "demo-007": 1}}``, grade 2 being
exactly what was asked and 1 acceptable. Pure: the file is read by the caller.

- **nDCG@10**: the discounted gain of the first ten answers, ``(2**grade - 1) / log2(rank + 1)``, over
  that of the best possible order of the relevant products.
- **recall@10**: the share of the relevant products found in the first ten, out of at most ten (a
  query with twelve relevant products is fully answered by ten of them).

Every query counts once in its slice and once overall (the overall figures are means over queries).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CUTOFF = 10
LABELLED_QUERIES = Path(__file__).with_name("demo_queries.jsonl")


class LabelledQueriesInvalid(ValueError):
    """A line of the labelled set that cannot be used; the message names the line."""


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    q: str
    slice: str
    relevant: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Figures:
    queries: int
    ndcg: float
    recall: float

    def as_json(self) -> dict[str, Any]:
        return {"queries": self.queries, "ndcg_at_10": round(self.ndcg, 4), "recall_at_10": round(self.recall, 4)}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The figures of one ranking function: overall and per slice, and each query's own."""

    overall: Figures
    slices: Mapping[str, Figures]
    per_query: Sequence[tuple[LabelledQuery, float, float]]

    def as_json(self) -> dict[str, Any]:
        return {"overall": self.overall.as_json(), "slices": {k: v.as_json() for k, v in self.slices.items()}}


def parse_labelled_queries(text: str) -> list[LabelledQuery]:
    """Every labelled query of a JSON-lines text (blank lines skipped)."""
    queries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelledQueriesInvalid(f"line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or not isinstance(item.get("slice"), str):
            raise LabelledQueriesInvalid(f'line {number}: expected {{"q", "slice", "relevant"}}')
        relevant = item.get("relevant")
        if not isinstance(relevant, dict) or not relevant:
            raise LabelledQueriesInvalid(f"line {number}: relevant must be a non-empty object of id -> grade")
        if not all(isinstance(k, str) and isinstance(g, int) and g in (1, 2) for k, g in relevant.items()):
            raise LabelledQueriesInvalid(f"line {number}: every grade must be 1 or 2")
        queries.append(LabelledQuery(item["q"], item["slice"], dict(relevant)))
    return queries


def ndcg_at(ranked: Sequence[str], relevant: Mapping[str, int], cutoff: int = CUTOFF) -> float:
    def gain(grade: int, rank: int) -> float:
        return float(2**grade - 1) / math.log2(rank + 1)

    actual = sum(gain(relevant.get(i, 0), rank) for rank, i in enumerate(ranked[:cutoff], start=1))
    ideal = sum(gain(g, rank) for rank, g in enumerate(sorted(relevant.values(), reverse=True)[:cutoff], start=1))
    return actual / ideal if ideal else 0.0


def recall_at(ranked: Sequence[str], relevant: Mapping[str, int], cutoff: int = CUTOFF) -> float:
    if not relevant:
        return 0.0
    found = sum(1 for i in ranked[:cutoff] if i in relevant)
    return found / min(len(relevant), cutoff)


def evaluate(queries: Sequence[LabelledQuery], rank: Callable[[str], Sequence[str]]) -> Evaluation:
    """The figures of ``rank`` (a query -> ids best first) on ``queries``."""
    per_query = []
    for query in queries:
        ranked = list(rank(query.q))[:CUTOFF]
        per_query.append((query, ndcg_at(ranked, query.relevant), recall_at(ranked, query.relevant)))

    def figures(rows: Sequence[tuple[LabelledQuery, float, float]]) -> Figures:
        count = len(rows)
        if not count:
            return Figures(0, 0.0, 0.0)
        return Figures(count, sum(r[1] for r in rows) / count, sum(r[2] for r in rows) / count)

    names = sorted({q.slice for q in queries})
    slices = {name: figures([r for r in per_query if r[0].slice == name]) for name in names}
    return Evaluation(figures(per_query), slices, per_query)
