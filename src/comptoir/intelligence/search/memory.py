"""An in-memory :class:`~.port.SearchIndex` for tests, which misbehaves as its script says.

It ranks by the substring baseline (:mod:`.substring`): a fake stands for the index's behaviour as a
port (ids in, ids out, idempotent changes, failures), not for its relevance. Before each call it plays
its :class:`~comptoir.kernel.ports.Misbehaviour`: a failure or a time-out reaches the caller as
:class:`~.port.SearchUnavailable`, as the port promises; a change answered twice is applied twice, which
the port's idempotency makes harmless; ``answer_late`` delays the answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from comptoir.intelligence.search.documents import ProductDocument
from comptoir.intelligence.search.port import SearchHit, SearchUnavailable
from comptoir.intelligence.search.substring import SubstringMatcher
from comptoir.kernel.ports import Misbehaviour


class InMemorySearchIndex:
    def __init__(self, *, misbehaviour: Misbehaviour | None = None) -> None:
        self.misbehaviour = misbehaviour or Misbehaviour()
        self.documents: dict[str, ProductDocument] = {}
        self._matcher = SubstringMatcher()
        self.changes = 0  # applied changes, a change answered twice counting twice
        self.glossary: set[tuple[str, str]] = set()  # what rebuild was taught (the fake ranks without it)

    async def _times(self) -> int:
        try:
            return await self.misbehaviour.answer()
        except TimeoutError as exc:
            raise SearchUnavailable("the search index did not answer in time") from exc
        except SearchUnavailable:
            raise
        except Exception as exc:
            raise SearchUnavailable(f"the search index failed: {exc}") from exc

    async def add(self, documents: Sequence[ProductDocument]) -> None:
        for _ in range(await self._times()):
            for document in documents:
                self.documents[document.id] = document
                self._matcher.put(document)
            self.changes += 1

    async def delete(self, ids: Sequence[str]) -> None:
        for _ in range(await self._times()):
            for identifier in ids:
                self.documents.pop(identifier, None)
                self._matcher.remove(identifier)
            self.changes += 1

    async def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        await self._times()
        return [SearchHit(identifier, float(count)) for identifier, count in self._matcher.search(query, limit)]

    async def count(self) -> int:
        await self._times()
        return len(self.documents)

    async def clear(self) -> None:
        for _ in range(await self._times()):
            self.documents.clear()
            self._matcher = SubstringMatcher()
            self.changes += 1

    async def rebuild(self, documents: Iterable[ProductDocument], *, glossary: Sequence[tuple[str, str]] = ()) -> None:
        fresh = {d.id: d for d in documents}
        for _ in range(await self._times()):
            self.glossary.update(glossary)
            self.documents = dict(fresh)
            self._matcher = SubstringMatcher(fresh.values())
            self.changes += 1
