"""The plain baseline search is measured against: the query as a case-insensitive substring.

A product scores the number of times the whole query occurs in its title, brand and description
(every locale), compared case-insensitively and nothing more: no segmentation, no traditional
characters, no pinyin, no accents, no typos. ``comptoir bench search`` runs it on the same products and
queries as the engine; the in-memory fake of the port answers with it too.
"""

from __future__ import annotations

from collections.abc import Iterable

from comptoir.intelligence.search.documents import ProductDocument


def haystack(document: ProductDocument) -> str:
    """The text the baseline looks in, case-folded; fields apart, so a match never spans two of them."""
    return "\n".join((document.title_text, document.brand_text, document.description_text)).casefold()


class SubstringMatcher:
    """Products scored by how often the query occurs in their text, most first, ties in the order added."""

    def __init__(self, documents: Iterable[ProductDocument] = ()) -> None:
        self._texts: dict[str, str] = {}
        for document in documents:
            self.put(document)

    def put(self, document: ProductDocument) -> None:
        self._texts.pop(document.id, None)
        self._texts[document.id] = haystack(document)

    def remove(self, identifier: str) -> None:
        self._texts.pop(identifier, None)

    def __len__(self) -> int:
        return len(self._texts)

    def search(self, query: str, limit: int = 10) -> list[tuple[str, int]]:
        needle = query.strip().casefold()
        if not needle:
            return []
        counted = [(identifier, text.count(needle)) for identifier, text in self._texts.items()]
        found = [(identifier, count) for identifier, count in counted if count]
        found.sort(key=lambda hit: -hit[1])
        return found[:limit]
