"""The search port on tantivy, in this process: an on-disk directory or an index in memory.

tantivy does the engine's work (inverted index, BM25, boosts, fuzzy term automata, segments and
merges); it is fed Comptoir's tokens (:mod:`.analysis`), joined by spaces into fields that its
``whitespace`` tokenizer splits again, so the engine never guesses at Chinese. Each part of a product
(title, brand, description) keeps each kind of token in its own field, and a query weighs them with
boosts: a title match outranks a brand match, which outranks a description match.

On disk, the directory holds tantivy's files and ``comptoir-search.json``: the analysis version the
tokens were made with and the user dictionary of the segmenter, so that a later process cuts its
queries as the documents were cut. Changes take tantivy's writer lock for their duration only.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import tantivy

from comptoir.intelligence.search.analysis import ANALYSIS_VERSION, Analyzer, Kind, Pinyin, QueryTerm
from comptoir.intelligence.search.documents import ProductDocument
from comptoir.intelligence.search.port import SearchHit, SearchUnavailable

T = TypeVar("T")

MARK = "comptoir-search.json"
FORMAT = "comptoir-search"

_FULL = (Kind.WORDS, Kind.GRAMS, Kind.PINYIN, Kind.INITIALS)

#: The parts of a product, their boost in a query, the kinds of token each keeps, how much pinyin, and the
#: kinds whose typos are forgiven there. Descriptions are long: single syllables and initials of theirs
#: would match nearly anything, so they keep only the joined pinyin of their words (面霜 -> mianshuang);
#: and a fuzzy term walks a field's whole dictionary, their words' the largest (every French word).
PARTS: dict[str, tuple[float, tuple[Kind, ...], Pinyin, tuple[Kind, ...]]] = {
    "title": (3.0, _FULL, Pinyin.FULL, (Kind.WORDS, Kind.PINYIN)),
    "brand": (2.0, _FULL, Pinyin.FULL, (Kind.WORDS, Kind.PINYIN)),
    "description": (1.0, (Kind.WORDS, Kind.GRAMS, Kind.PINYIN), Pinyin.JOINED, (Kind.PINYIN,)),
}

WRITER_HEAP_BYTES = 128 * 1024 * 1024

#: The share of its score a product matching every unit of a query earns again.
COORDINATION = 1.0


class IndexNotFound(SearchUnavailable):
    """The directory holds no Comptoir search index (or one built by another version of the analysis)."""


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("category", tokenizer_name="raw", index_option="basic")
    for part, (_, kinds, _, _) in PARTS.items():
        for kind in kinds:
            builder.add_text_field(f"{part}_{kind.value}", tokenizer_name="whitespace", index_option="freq")
    return builder.build()


def _learn_from(mark: dict[str, Any], analyzer: Analyzer) -> None:
    """Teach ``analyzer`` what the mark of an index says its documents were cut with."""
    analyzer.add_terms(str(t) for t in mark.get("terms", []))
    analyzer.add_equivalents((str(latin), str(chinese)) for latin, chinese in mark.get("equivalents", []))
    analyzer.add_syllables(str(s) for s in mark.get("syllables", []))
    analyzer.add_words_by_initials(mark.get("words_by_initials", {}))


def directory_size(directory: Path) -> int:
    """Bytes taken by the files under ``directory``."""
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def is_index(directory: Path) -> bool:
    """Whether ``directory`` holds a Comptoir search index."""
    return (directory / MARK).is_file()


class TantivySearchIndex:
    """:class:`~.port.SearchIndex` on tantivy; :meth:`in_memory` or :meth:`open` one."""

    def __init__(self, index: tantivy.Index, analyzer: Analyzer, directory: Path | None) -> None:
        self._index = index
        self._schema = index.schema
        self.analyzer = analyzer
        self.directory = directory
        self._lock = threading.Lock()
        self._seen = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        """When the index on disk and its mark last changed (None in memory)."""
        if self.directory is None:
            return None
        try:
            return ((self.directory / "meta.json").stat().st_mtime_ns, (self.directory / MARK).stat().st_mtime_ns)
        except OSError:
            return None

    def _follow(self) -> None:
        """See what another process (a worker) committed since: its documents, and what its analysis learned."""
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return
        self._seen = stamp
        try:
            mark = json.loads((self.directory / MARK).read_text(encoding="utf-8"))  # type: ignore[operator]
            _learn_from(mark, self.analyzer)
            self._index.reload()
        except (OSError, ValueError) as exc:
            raise SearchUnavailable(f"the search index cannot be read: {exc}") from exc

    @classmethod
    def in_memory(
        cls,
        *,
        terms: Iterable[str] = (),
        equivalents: Iterable[tuple[str, str]] = (),
        analyzer: Analyzer | None = None,
    ) -> TantivySearchIndex:
        """A new, empty index kept in memory (gone with the process)."""
        analyzer = analyzer or Analyzer()
        analyzer.add_terms(terms)
        analyzer.add_equivalents(equivalents)
        return cls(tantivy.Index(_schema()), analyzer, None)

    def learn(self, *, terms: Iterable[str] = (), equivalents: Iterable[tuple[str, str]] = ()) -> None:
        """Add words to the segmenter's dictionary and glossary pairs, kept with the index on disk.

        Learn them before indexing the products they appear in: text already indexed keeps its cut.
        """
        self.analyzer.add_terms(terms)
        self.analyzer.add_equivalents(equivalents)
        self._write_mark()

    @classmethod
    def open(cls, directory: Path, *, create: bool = False, analyzer: Analyzer | None = None) -> TantivySearchIndex:
        """The index in ``directory``; with ``create``, a new empty one if the directory holds none.

        Raises :class:`IndexNotFound` if there is no index there (and ``create`` is not set), or if it was
        built by another version of the analysis (rebuild it).
        """
        if not is_index(directory):
            if not create:
                raise IndexNotFound(f"{directory} holds no search index")
            if directory.exists() and any(directory.iterdir()):
                raise IndexNotFound(f"{directory} is not empty and holds no search index")
            directory.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(_schema(), path=str(directory))
            made = cls(index, analyzer or Analyzer(), directory)
            made._write_mark()
            return made
        try:
            mark = json.loads((directory / MARK).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexNotFound(f"{directory}/{MARK} cannot be read: {exc}") from exc
        if not isinstance(mark, dict) or mark.get("format") != FORMAT:
            raise IndexNotFound(f"{directory}/{MARK} is not a Comptoir search index mark")
        if mark.get("analysis_version") != ANALYSIS_VERSION:
            raise IndexNotFound(
                f"{directory} was built with analysis version {mark.get('analysis_version')}, "
                f"this Comptoir uses {ANALYSIS_VERSION}: build it again"
            )
        analyzer = analyzer or Analyzer()
        _learn_from(mark, analyzer)
        try:
            index = tantivy.Index.open(str(directory))
        except ValueError as exc:
            raise IndexNotFound(f"{directory} holds a damaged search index: {exc}") from exc
        return cls(index, analyzer, directory)

    def _write_mark(self) -> None:
        if self.directory is None:
            return
        mark = {
            "format": FORMAT,
            "analysis_version": ANALYSIS_VERSION,
            "terms": sorted(self.analyzer.terms),
            "equivalents": sorted(self.analyzer.equivalents),
            "syllables": sorted(self.analyzer.syllables),
            "words_by_initials": self.analyzer.words_by_initials,
        }
        temporary = self.directory / f".{MARK}.tmp"
        temporary.write_text(json.dumps(mark, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        temporary.replace(self.directory / MARK)

    # -- the port ------------------------------------------------------------------------------------

    async def add(self, documents: Sequence[ProductDocument]) -> None:
        await self._off_loop(self.add_now, documents)

    async def delete(self, ids: Sequence[str]) -> None:
        await self._off_loop(self.delete_now, ids)

    async def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        return self.search_now(query, limit)

    async def count(self) -> int:
        return self.count_now()

    async def clear(self) -> None:
        await self._off_loop(self.rebuild_now, ())

    async def rebuild(self, documents: Iterable[ProductDocument], *, glossary: Sequence[tuple[str, str]] = ()) -> None:
        products = list(documents)

        def learn_then_rebuild(_: Any) -> int:
            self.learn(equivalents=glossary)
            return self.rebuild_now(products)

        await self._off_loop(learn_then_rebuild, None)

    async def _off_loop(self, work: Callable[[Any], T], argument: Any) -> T:
        return await asyncio.to_thread(work, argument)

    # -- the same, called directly (commands, the bench) ---------------------------------------------

    def add_now(self, documents: Iterable[ProductDocument]) -> int:
        """Add or replace ``documents`` in one commit; return how many."""
        return self._change(documents, replace_all=False)

    def rebuild_now(self, documents: Iterable[ProductDocument]) -> int:
        """Replace everything by ``documents`` in one commit; return how many."""
        return self._change(documents, replace_all=True)

    def delete_now(self, ids: Iterable[str]) -> int:
        wanted = list(ids)

        def remove(writer: Any) -> int:
            for identifier in wanted:
                writer.delete_documents_by_term("id", identifier)
            return len(wanted)

        return self._commit(remove)

    def count_now(self) -> int:
        self._follow()
        try:
            return int(self._index.searcher().num_docs)
        except ValueError as exc:
            raise SearchUnavailable(f"the search index cannot be read: {exc}") from exc

    def search_now(self, query: str, limit: int = 10) -> list[SearchHit]:
        self._follow()
        planned = self._query(self.analyzer.query_terms(query))
        if planned is None or limit < 1:
            return []
        try:
            searcher = self._index.searcher()
            found = searcher.search(planned, limit)
            return [SearchHit(str(searcher.doc(address).get_first("id")), score) for score, address in found.hits]
        except ValueError as exc:
            raise SearchUnavailable(f"the search index cannot answer: {exc}") from exc

    def _query(self, terms: list[QueryTerm]) -> Any:
        """One boolean query: every term in every field of its kind, boosted by part and weight.

        When the query has several units (``Delaunay 丝巾``: a brand, a product), a product whose exact
        terms match every one of them also scores those again (:data:`COORDINATION`), so it ranks above
        one that matches a single unit however strongly: BM25 alone adds, it does not count what matched.
        """
        should = tantivy.Occur.Should
        every: dict[int | None, list[tuple[Any, Any]]] = {}
        exact: dict[int | None, list[tuple[Any, Any]]] = {}
        for term in terms:
            for part, (boost, kinds, _, forgiving) in PARTS.items():
                if term.kind not in kinds or (term.fuzzy and term.kind not in forgiving):
                    continue
                field = f"{part}_{term.kind.value}"
                if term.fuzzy:
                    query = tantivy.Query.fuzzy_term_query(self._schema, field, term.text, distance=1)
                else:
                    query = tantivy.Query.term_query(self._schema, field, term.text)
                clause = (should, tantivy.Query.boost_query(query, boost * term.weight))
                every.setdefault(term.unit, []).append(clause)
                if not term.fuzzy:
                    exact.setdefault(term.unit, []).append(clause)
        if not every:
            return None
        clauses = every.pop(None, [])
        exact.pop(None, None)
        clauses += [(should, tantivy.Query.boolean_query(unit)) for unit in every.values()]
        if len(every) > 1 and len(exact) == len(every):
            each = [(tantivy.Occur.Must, tantivy.Query.boolean_query(unit)) for unit in exact.values()]
            clauses.append((should, tantivy.Query.boost_query(tantivy.Query.boolean_query(each), COORDINATION)))
        return tantivy.Query.boolean_query(clauses)

    # -- writing -------------------------------------------------------------------------------------

    def _document(self, product: ProductDocument) -> Any:
        fields: dict[str, str] = {"id": product.id, "category": product.category}
        texts = {"title": product.title_text, "brand": product.brand_text, "description": product.description_text}
        for part, (_, kinds, pinyin, _) in PARTS.items():
            tokens = self.analyzer.document_tokens(texts[part], pinyin=pinyin, join_latin=part == "brand")
            for kind in kinds:
                fields[f"{part}_{kind.value}"] = " ".join(tokens.of(kind))
        return tantivy.Document(**fields)

    def _change(self, documents: Iterable[ProductDocument], *, replace_all: bool) -> int:
        products = list(documents)
        # Brand names join the user dictionary before any text is cut, so that 欧舒丹 stays one word, and a
        # brand's Latin name looks up its Chinese one.
        self.analyzer.add_equivalents((p.brand_name, p.brand_name_zh) for p in products if p.brand_name_zh)

        def write(writer: Any) -> int:
            if replace_all:
                writer.delete_all_documents()
            for product in products:
                if not replace_all:
                    writer.delete_documents_by_term("id", product.id)
                writer.add_document(self._document(product))
            return len(products)

        written = self._commit(write)
        if self.directory is not None:
            self._write_mark()  # what the analysis learned from these products: syllables, words by initials
        return written

    def _commit(self, write: Callable[[Any], int]) -> int:
        with self._lock:
            try:
                writer = self._index.writer(heap_size=WRITER_HEAP_BYTES)
            except ValueError as exc:
                raise SearchUnavailable(f"the search index is locked or cannot be written: {exc}") from exc
            try:
                written = write(writer)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
            self._index.reload()
            return written
