"""The intelligence capability's public names are pinned: the storefront, the outbox handlers and the entry
points reach search through these, and through nothing else (import-linter's protected contract says so)."""

from __future__ import annotations

import comptoir.intelligence

PUBLIC = [
    # what the entry points assemble
    "api_router",
    "bench_command",
    "cli_app",
    "pages_router",
    # the index of a runtime, kept current from the catalog's events and rebuilt from it
    "search_index",
    "use_search_index",
    "product_changed_handler",
    "rebuild_index",
    # the storefront's search
    "SearchResults",
    "search_storefront",
    "SearchUnavailableNow",
    # the search port, what it answers and the one exception a caller handles
    "SearchHit",
    "SearchIndex",
    "SearchUnavailable",
    "InMemorySearchIndex",
    # a product as search sees it
    "ProductDocument",
    "ProductLineInvalid",
    "parse_product_line",
]


def test_the_intelligence_public_names_are_exactly_these() -> None:
    assert sorted(comptoir.intelligence.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(comptoir.intelligence, name) is not None
