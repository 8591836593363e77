"""nDCG@10 and recall@10 as the bench computes them, on rankings whose figures are known."""

from __future__ import annotations

import math

import pytest

from comptoir.intelligence.search.relevance.evaluation import (
    LabelledQueriesInvalid,
    LabelledQuery,
    evaluate,
    ndcg_at,
    parse_labelled_queries,
    recall_at,
)


def test_the_best_order_scores_one_and_no_relevant_answer_zero() -> None:
    relevant = {"a": 2, "b": 1}
    assert ndcg_at(["a", "b", "x"], relevant) == 1.0
    assert ndcg_at(["x", "y"], relevant) == 0.0
    assert recall_at(["x", "a"], relevant) == 0.5


def test_a_worse_order_is_discounted_by_rank() -> None:
    relevant = {"a": 2, "b": 1}
    ideal = 3 + 1 / math.log2(3)
    assert ndcg_at(["b", "a"], relevant) == pytest.approx((1 + 3 / math.log2(3)) / ideal)


def test_recall_counts_at_most_ten_relevant_products() -> None:
    relevant = {f"p{i}": 1 for i in range(12)}
    assert recall_at([f"p{i}" for i in range(10)], relevant) == 1.0


def test_figures_are_per_slice_and_overall() -> None:
    queries = [LabelledQuery("a", "one", {"a": 2}), LabelledQuery("b", "two", {"b": 2})]
    evaluation = evaluate(queries, lambda q: ["a"])
    assert evaluation.slices["one"].ndcg == 1.0
    assert evaluation.slices["two"].recall == 0.0
    assert evaluation.overall.ndcg == 0.5
    assert evaluation.as_json()["overall"] == {"queries": 2, "ndcg_at_10": 0.5, "recall_at_10": 0.5}


def test_the_labelled_set_is_checked_line_by_line() -> None:
    good = '{"q": "面霜", "slice": "simplified", "relevant": {"demo-001": 2}}\n\n'
    assert parse_labelled_queries(good) == [LabelledQuery("面霜", "simplified", {"demo-001": 2})]
    with pytest.raises(LabelledQueriesInvalid, match="line 2: every grade must be 1 or 2"):
        parse_labelled_queries(good.strip() + '\n{"q": "x", "slice": "s", "relevant": {"a": 3}}')
