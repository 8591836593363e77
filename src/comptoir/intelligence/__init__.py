"""Intelligence: product search that understands Chinese (and later recommendations and forecasts).

Other capabilities and the entry points reach it through these names only:

- the search port :class:`SearchIndex` (add or replace, delete, search, count, clear, rebuild), what it
  answers (:class:`SearchHit`) and the one exception a caller handles (:class:`SearchUnavailable`);
- :class:`ProductDocument`, a product as search sees it, read from a line by :func:`parse_product_line`;
- :class:`InMemorySearchIndex`, the port's fake for tests, which misbehaves on demand;
- the index of a runtime, :func:`search_index`, which :func:`use_search_index` replaces (a fake, another
  adapter), and the storefront's search use case :func:`search_storefront` (:class:`SearchResults`);
- the outbox handler of ``catalog.ProductPublished`` and ``catalog.ProductWithdrawn``, made by
  :func:`product_changed_handler`, and :func:`rebuild_index`, which fills an index from the catalog.

Refusals: :class:`SearchUnavailableNow` (``search_unavailable``, 503), in ``intelligence/errors.py``. The
tantivy adapter and the text analysis behind it are inside ``intelligence/search``. The entry points
assemble ``api_router``, ``pages_router``, ``cli_app`` (``comptoir search …``) and ``bench_command``
(``comptoir bench search``).
"""

from comptoir.intelligence.api import router as api_router
from comptoir.intelligence.bench import search as bench_command
from comptoir.intelligence.cli import app as cli_app
from comptoir.intelligence.errors import SearchUnavailableNow
from comptoir.intelligence.handlers import product_changed_handler, rebuild_index
from comptoir.intelligence.indexes import search_index, use_search_index
from comptoir.intelligence.pages import router as pages_router
from comptoir.intelligence.search.documents import ProductDocument, ProductLineInvalid, parse_product_line
from comptoir.intelligence.search.memory import InMemorySearchIndex
from comptoir.intelligence.search.port import SearchHit, SearchIndex, SearchUnavailable
from comptoir.intelligence.services import SearchResults, search_storefront

__all__ = [
    "InMemorySearchIndex",
    "ProductDocument",
    "ProductLineInvalid",
    "SearchHit",
    "SearchIndex",
    "SearchResults",
    "SearchUnavailable",
    "SearchUnavailableNow",
    "api_router",
    "bench_command",
    "cli_app",
    "pages_router",
    "parse_product_line",
    "product_changed_handler",
    "rebuild_index",
    "search_index",
    "search_storefront",
    "use_search_index",
]
