"""The search port: what Comptoir needs from a search engine, whichever runs it.

The embedded default is tantivy in this process (:mod:`.tantivy_index`), fed with Comptoir's own
tokens; past one machine an OpenSearch adapter would implement the same :class:`SearchIndex`. Tests
use :class:`~.memory.InMemorySearchIndex`, which can misbehave (the kernel's ports convention,
:mod:`comptoir.kernel.ports`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from comptoir.intelligence.search.documents import ProductDocument


class SearchHit(NamedTuple):
    """A product that matches a query, and how well (higher is better; comparable within one answer only)."""

    id: str
    score: float


class SearchUnavailable(Exception):
    """The index cannot answer or take the change now: unreachable, too slow, locked or damaged."""


class SearchIndex(Protocol):
    """An index of products, searched by the text shoppers type.

    Every change is idempotent: adding a product again replaces it, deleting one that is not there does
    nothing, so an outbox handler delivered twice leaves the same index. Each method raises
    :class:`SearchUnavailable` when the engine cannot do it.
    """

    async def add(self, documents: Sequence[ProductDocument]) -> None:
        """Add these products, replacing any with the same id; visible to searches once it returns."""
        ...

    async def delete(self, ids: Sequence[str]) -> None:
        """Remove the products with these ids (ids not in the index are ignored)."""
        ...

    async def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """At most ``limit`` products matching ``query``, best first."""
        ...

    async def count(self) -> int:
        """How many products the index holds."""
        ...

    async def clear(self) -> None:
        """Remove every product."""
        ...

    async def rebuild(self, documents: Iterable[ProductDocument], *, glossary: Sequence[tuple[str, str]] = ()) -> None:
        """Replace the whole content by ``documents``: searches see the old content until the new one is whole.

        ``glossary`` pairs (a Latin name or French term, its Chinese) are learned first: the engine keeps
        their Chinese whole when it cuts text, and a query naming the first also looks for the second.
        """
        ...
