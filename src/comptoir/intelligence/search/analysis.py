"""Product text and shoppers' queries, turned into the tokens the search engine indexes and looks up.

Pure: no I/O, no engine. The engine (``tantivy_index``) stores what :meth:`Analyzer.document_tokens` gives
and asks for what :meth:`Analyzer.query_terms` gives; both go through the same normalisation, so a query
in traditional characters, in pinyin, in capitals or without its accents meets the simplified, accented
text of the product.

- **Normalisation**: NFKC (full-width letters and digits become ordinary ones), OpenCC traditional ->
  simplified, case folding, and accent folding of Latin text (NFKD, combining marks dropped): ``Crème``,
  ``CRÈME`` and ``creme`` are one token; ``麵霜`` is ``面霜``.
- **Chinese runs**: jieba's search-mode segmentation (through ``rjieba``, the same dictionary and
  algorithm compiled), which also gives the words inside a compound (``红葡萄酒`` -> ``葡萄``,
  ``葡萄酒``, ``红葡萄酒``); a user dictionary of brand names and glossary terms (:meth:`Analyzer.add_terms`)
  keeps ``欧舒丹`` whole. Every run also gives its characters and character bigrams (the ``grams`` kind), a
  fallback for words the dictionary does not know.
- **Pinyin**, for every word of a Chinese run: its syllables joined (``面霜`` -> ``mianshuang``), each
  syllable (``mian``, ``shuang``, so that ``mian shuang`` matches) and the initials (``ms``).
- **Latin runs**: folded words; a word mixing letters and digits also gives its parts (``750ml`` ->
  ``750``, ``ml``); a brand's words are also joined (``La Roche-Posay`` -> ``larocheposay``).

Typo tolerance is the engine's: Latin and pinyin terms of at least :data:`FUZZY_MIN_LENGTH` characters
are also looked up within one edit (:attr:`QueryTerm.fuzzy`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from typing import Any, Concatenate, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

#: Bumped whenever the tokens of a text change: an index built by another version is rebuilt, not read.
ANALYSIS_VERSION = 2

#: Terms at least this long are also matched within one edit (a typo), by the engine.
FUZZY_MIN_LENGTH = 4

#: At most this many terms are looked up for one query, so that a pasted paragraph stays cheap.
MAX_QUERY_TERMS = 48


class Kind(StrEnum):
    """The kinds of token a text gives; the engine keeps each kind of each part in its own field."""

    WORDS = "words"  # segmented Chinese words (search mode) and folded Latin words
    GRAMS = "grams"  # Chinese characters and character bigrams
    PINYIN = "pinyin"  # joined syllables of each Chinese word, and each syllable
    INITIALS = "initials"  # the initials of each Chinese word of two characters or more


class Pinyin(StrEnum):
    """How much pinyin a part of a product is indexed with."""

    FULL = "full"  # joined syllables, each syllable, initials
    JOINED = "joined"  # only the joined syllables of words of two characters or more (long texts)
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one text, by kind, in text order (a token may repeat: its frequency counts)."""

    words: tuple[str, ...] = ()
    grams: tuple[str, ...] = ()
    pinyin: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()

    def of(self, kind: Kind) -> tuple[str, ...]:
        tokens: tuple[str, ...] = getattr(self, kind.value)
        return tokens


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One term a query looks up in the fields of one kind, with its weight; ``fuzzy``: within one edit.

    ``unit`` numbers the part of the query the term stands for (a Chinese run, a Latin word); a product
    matching every unit of a query is ranked above one matching some (see the engine). None: a term that
    spans units (Latin words written together, a glossary phrase of several words).
    """

    kind: Kind
    text: str
    weight: float
    fuzzy: bool = False
    unit: int | None = None


# Weights of the terms of a query, relative to an exact word (1.0). The engine multiplies them by the
# weight of the part of the product (title > brand > description).
GRAM_WEIGHT = 0.5  # a character bigram of a longer Chinese query: a fallback for unknown words
CHARACTER_WEIGHT = 0.15  # the last character of each word of a Chinese query: 钱包 still finds 卡包, lower
INITIALS_WEIGHT = 0.6  # initials are ambiguous (ms: 面霜, 美食, 木薯 ...)
SYLLABLE_WEIGHT = 0.2  # the last syllable of a pinyin word typed together: mianshuang still finds 眼霜, lower
SPELLED_OUT_WEIGHT = 0.5  # the indexed words whose initials a query typed: dxs -> 淡香水, then as Chinese
SPELLED_OUT_CANDIDATES = 2  # words looked up for one run of initials, the most frequent first
FUZZY_WEIGHT = 0.4  # the engine scores a fuzzy match as a constant, times this
JOINED_WEIGHT = 1.0  # the Latin words of a query written together: "la roche posay" -> larocheposay
EQUIVALENT_WEIGHT = 0.8  # the Chinese of a glossary entry typed in French: bordeaux -> 波尔多
MAX_PHRASE_WORDS = 4  # the longest glossary entry, in Latin words, recognised in a query

_CJK = "\u3006\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(f"([{_CJK}]+)|([^\\W_]+)")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LETTERS_DIGITS = re.compile(r"[^\W\d_]+|\d+")
# Latin letters NFKD leaves whole, folded as a French reader would type them.
_LIGATURES = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"}
# Every combining mark NFKD may leave (the accents of Latin letters) is dropped, in one pass.
_FOLDING = str.maketrans(
    {
        **_LIGATURES,
        **{chr(c): None for c in range(0x0300, 0x2100) if unicodedata.combining(chr(c))},
        **{chr(c): None for c in range(0xFE20, 0xFE30)},
    }
)


def fold_latin(text: str) -> str:
    """Lowercase ``text`` and drop its accents: ``Crème Œuvre`` -> ``creme oeuvre``; Chinese passes through."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    return unicodedata.normalize("NFKD", folded).translate(_FOLDING)


def has_chinese(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=200_000)
def _syllables(word: str) -> tuple[str, ...]:
    """The toneless pinyin of a simplified Chinese word, one syllable per character (``ü`` as ``v``)."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(word, errors="ignore"))


@lru_cache(maxsize=200_000)
def _pinyin_tokens(word: str) -> tuple[tuple[str, ...], str | None]:
    """The pinyin tokens of one word (joined first, then each syllable) and its initials (None if one character)."""
    syllables = _syllables(word)
    if not syllables:
        return (), None
    tokens = ["".join(syllables)] if len(syllables) > 1 else []
    tokens.extend(syllables)
    # ü is typed v or u: 绿 gives lv and lu, so that both spellings find it.
    tokens.extend(s.replace("v", "u") for s in tokens if "v" in s)
    initials = "".join(s[0] for s in syllables) if len(syllables) > 1 else None
    return tuple(tokens), initials


def looks_like_initials(word: str) -> bool:
    """Whether a Latin word may be the initials of Chinese characters: short, letters, at most one vowel.

    ``bsms``, ``yenf`` and ``hptj`` are; ``bordeaux`` and ``miel`` are not. The engine still looks the word
    up as a word and as pinyin; this only decides whether its neighbouring letters are also looked up
    as the initials of neighbouring characters.
    """
    return word.isalpha() and 2 < len(word) <= 8 and sum(c in "aeiou" for c in word) <= 1


def split_syllables(word: str, inventory: Set[str]) -> list[str] | None:
    """``word`` cut into the fewest pieces of ``inventory`` (``hongputaojiu`` -> hong pu tao jiu), or None."""
    fewest: list[list[str] | None] = [[], *([None] * len(word))]
    for start in range(len(word)):
        before = fewest[start]
        if before is None:
            continue
        for end in range(start + 1, min(len(word), start + MAX_SYLLABLE) + 1):
            known = fewest[end]
            if word[start:end] in inventory and (known is None or len(before) + 1 < len(known)):
                fewest[end] = [*before, word[start:end]]
    return fewest[-1]


MAX_SYLLABLE = 6  # zhuang, shuang


def _grams(run: str) -> list[str]:
    """The characters of a Chinese run, and its character bigrams."""
    return [*run, *(run[i : i + 2] for i in range(len(run) - 1))]


def _latin_tokens(word: str) -> list[str]:
    """A folded Latin word, and its letter and digit parts when it mixes them (``750ml`` -> 750, ml)."""
    if word.isalpha() or word.isdigit():
        return [word]
    parts = _LETTERS_DIGITS.findall(word)
    return [word, *parts] if len(parts) > 1 else [word]


def _locked(method: Callable[Concatenate[Analyzer, P], R]) -> Callable[Concatenate[Analyzer, P], R]:
    """Run an :class:`Analyzer` method holding its lock (the segmenter and the tables it learns are shared)."""

    def holding(self: Analyzer, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            return method(self, *args, **kwargs)

    holding.__doc__, holding.__name__ = method.__doc__, method.__name__
    return holding


class Analyzer:
    """Normalises and tokenises product text and queries; holds the segmenter's user dictionary and the glossary.

    One per index: the terms added (brand names, glossary terms) change how Chinese text is cut, so the
    queries of an index are cut with the dictionary its documents were cut with. Building one loads
    jieba's dictionary (about a quarter of a second, 60 MB). Safe to share between threads: documents
    are cut in a writer's thread while queries are read on the event loop, one at a time.
    """

    def __init__(self, terms: Iterable[str] = ()) -> None:
        import rjieba

        self._lock = threading.RLock()
        self._jieba = rjieba.Jieba()
        self._terms: set[str] = set()
        self._equivalents: dict[tuple[str, ...], set[str]] = {}
        self._pairs: set[tuple[str, str]] = set()
        self._syllables: set[str] = set()
        self._by_initials: dict[str, dict[str, int]] = {}
        self.add_terms(terms)

    @property
    @_locked
    def words_by_initials(self) -> dict[str, list[str]]:
        """The Chinese words of the text indexed so far by their initials, most frequent first (at most five)."""
        return {initials: self._likeliest(initials, 5) for initials in self._by_initials}

    def _likeliest(self, initials: str, count: int) -> list[str]:
        words = self._by_initials.get(initials, {})
        return sorted(words, key=lambda w: (-words[w], w))[:count]

    @_locked
    def add_words_by_initials(self, words_by_initials: Mapping[str, Sequence[str]]) -> None:
        """Remember indexed words under their initials (as :attr:`words_by_initials` gives them)."""
        for initials, words in words_by_initials.items():
            known = self._by_initials.setdefault(initials, {})
            for rank, word in enumerate(words):
                known[word] = known.get(word, 0) + len(words) - rank

    @property
    @_locked
    def syllables(self) -> frozenset[str]:
        """The pinyin syllables of the text indexed so far: the inventory a pinyin query is cut into."""
        return frozenset(self._syllables)

    @_locked
    def add_syllables(self, syllables: Iterable[str]) -> None:
        self._syllables.update(s for s in syllables if s.isalpha() and len(s) <= MAX_SYLLABLE)

    @property
    @_locked
    def terms(self) -> frozenset[str]:
        """The terms of the user dictionary, normalised."""
        return frozenset(self._terms)

    @property
    @_locked
    def equivalents(self) -> frozenset[tuple[str, str]]:
        """The (Latin, Chinese) glossary pairs a query in Latin letters is also looked up by, as given."""
        return frozenset(self._pairs)

    @_locked
    def add_terms(self, terms: Iterable[str]) -> list[str]:
        """Teach the segmenter these words (brand names, glossary terms); return those that were new.

        Only Chinese terms change anything: Latin words are cut at spaces and punctuation anyway.
        """
        added = []
        for term in terms:
            for run in self._chinese_runs(self.normalise(term)):
                if len(run) > 1 and run not in self._terms:
                    self._jieba.add_word(run, None, None)
                    self._terms.add(run)
                    added.append(run)
        return added

    @_locked
    def add_equivalents(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """Glossary entries (French or brand name, Chinese): a query naming the first also looks up the second.

        ``("Bordeaux", "波尔多")`` lets ``bordeaux 红酒`` find a wine whose Chinese title says 波尔多 and whose
        French title does not say Bordeaux. The Chinese joins the user dictionary. Return the new pairs.
        """
        added = []
        for latin, chinese in pairs:
            key = tuple(run for is_chinese, run in self._runs(self.normalise(latin)) if not is_chinese)
            runs = list(self._chinese_runs(self.normalise(chinese)))
            if not key or len(key) > MAX_PHRASE_WORDS or not runs or (latin, chinese) in self._pairs:
                continue
            self.add_terms(runs)
            self._equivalents.setdefault(key, set()).update(runs)
            self._pairs.add((latin, chinese))
            added.append((latin, chinese))
        return added

    def normalise(self, text: str) -> str:
        """Full-width forms made ordinary, traditional characters simplified, Latin lowercased and unaccented."""
        text = unicodedata.normalize("NFKC", text)
        if has_chinese(text):
            text = _t2s().convert(text)
        return fold_latin(text)

    def _chinese_runs(self, normalised: str) -> Iterator[str]:
        for match in _RUNS.finditer(normalised):
            if match.group(1):
                yield match.group(1)

    def _runs(self, normalised: str) -> Iterator[tuple[bool, str]]:
        """``(True, run)`` for each Chinese run and ``(False, word)`` for each other word, in text order."""
        for match in _RUNS.finditer(normalised):
            chinese = match.group(1)
            yield (True, chinese) if chinese else (False, match.group(2))

    @_locked
    def segment(self, run: str) -> list[str]:
        """jieba's search-mode words of a simplified Chinese run: the words, and the words inside them."""
        return [w for w in self._jieba.cut_for_search(run) if not w.isspace()]

    @_locked
    def document_tokens(self, text: str, *, pinyin: Pinyin = Pinyin.FULL, join_latin: bool = False) -> Tokens:
        """The tokens a product's text is indexed under; ``join_latin`` adds its Latin words written together."""
        words: list[str] = []
        grams: list[str] = []
        syllables: list[str] = []
        initials: list[str] = []
        latin: list[str] = []
        for chinese, run in self._runs(self.normalise(text)):
            if not chinese:
                latin.append(run)
                words.extend(_latin_tokens(run))
                continue
            segmented = self.segment(run)
            words.extend(segmented)
            grams.extend(_grams(run))
            if pinyin is Pinyin.NONE:
                continue
            for word in segmented:
                tokens, initial = _pinyin_tokens(word)
                if pinyin is Pinyin.JOINED:
                    syllables.extend(tokens[:1] if len(word) > 1 else [])
                    continue
                syllables.extend(tokens)
                self._syllables.update(_syllables(word))
                if initial is not None:
                    initials.append(initial)
            if pinyin is Pinyin.FULL:
                self._remember_by_initials(run)
        if join_latin and len(latin) > 1:
            words.append("".join(latin))
        return Tokens(tuple(words), tuple(grams), tuple(syllables), tuple(initials))

    def _remember_by_initials(self, run: str) -> None:
        """Remember the words of a run under their initials, as people write them: what a run of initials
        typed in a query is read as (:meth:`spelled_out`). jieba's plain cut gives them, without parts of words.
        """
        for word in self._jieba.cut(run):
            initials = "".join(s[0] for s in _syllables(word))
            if len(initials) > 1:
                spelled = self._by_initials.setdefault(initials, {})
                spelled[word] = spelled.get(word, 0) + 1

    @_locked
    def query_terms(self, query: str) -> list[QueryTerm]:
        """What a query looks up, each term once per unit with its highest weight, at most :data:`MAX_QUERY_TERMS`."""
        want = _Wanted()
        latin: list[tuple[str, int]] = []
        for number, (chinese, run) in enumerate(self._runs(self.normalise(query))):
            if chinese:
                self._latin_stretch(latin, want)
                latin = []
                want.unit = number
                self._chinese_terms(run, want)
                continue
            latin.append((run, number))
            want.unit = number
            self._latin_terms(run, want)
        self._latin_stretch(latin, want)
        return want.terms()

    def _chinese_terms(self, run: str, want: _Wanted, scale: float = 1.0) -> None:
        for word in self.segment(run):
            want(Kind.WORDS, word, scale)
        if len(run) == 1:
            want(Kind.GRAMS, run, scale)
            return
        for i in range(len(run) - 1):
            want(Kind.GRAMS, run[i : i + 2], GRAM_WEIGHT * scale)
        # Chinese compounds end on what they name (眼霜 is a 霜, 卡包 a 包): the last character of each word
        # also finds its kin, far lower. The first characters would find anything (雪茄 is no 雪纺).
        for word in self._jieba.cut(run):
            if len(word) > 1:
                want(Kind.GRAMS, word[-1], CHARACTER_WEIGHT * scale)

    @_locked
    def spelled_out(self, initials: str) -> list[list[str]]:
        """The indexed words a run of initials may stand for: for each word it is cut into, the likeliest ones.

        ``dxs`` -> [[淡香水]]; ``bsms`` -> [[保湿], [面霜]] (no indexed word has all four initials, two do
        two each). Cut into the fewest known runs of initials, two letters or more each; [] if none fits.
        """
        if initials in self._by_initials:
            chunks = [initials]
        else:  # every key has two letters or more
            chunks = split_syllables(initials, self._by_initials.keys()) or []
        return [self._likeliest(chunk, SPELLED_OUT_CANDIDATES) for chunk in chunks]

    def _latin_terms(self, word: str, want: _Wanted) -> None:
        want(Kind.WORDS, word, 1.0)
        if word.isdigit():
            return
        want(Kind.PINYIN, word, 1.0)
        if len(word) > 1 and word.isalpha():
            want(Kind.INITIALS, word, INITIALS_WEIGHT)
        if looks_like_initials(word):
            # As the Chinese words it spells, so that dxs (淡香水) also finds 香水 as 淡香水 would, and bsms
            # finds 保湿面霜 though no one word has those four initials.
            for candidates in self.spelled_out(word):
                for candidate in candidates:
                    self._chinese_terms(candidate, want, SPELLED_OUT_WEIGHT)
        elif len(word) >= FUZZY_MIN_LENGTH:
            # Pinyin typed together: each two syllables side by side (hongputaojiu: putao, taojiu), and the
            # last one alone, as the last character of a Chinese word (mianshuang: shuang, so 眼霜 too).
            syllables = split_syllables(word, self._syllables) or []
            if len(syllables) > 1:
                want(Kind.PINYIN, syllables[-1], SYLLABLE_WEIGHT)
                for a, b in pairwise(syllables):
                    want(Kind.PINYIN, a + b, GRAM_WEIGHT)
        if len(word) >= FUZZY_MIN_LENGTH:
            want(Kind.WORDS, word, FUZZY_WEIGHT, fuzzy=True)
            want(Kind.PINYIN, word, FUZZY_WEIGHT, fuzzy=True)

    def _latin_stretch(self, latin: list[tuple[str, int]], want: _Wanted) -> None:
        """What Latin words side by side look up together: glossary entries, and the words written together."""
        words = [word for word, _ in latin]
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + MAX_PHRASE_WORDS) + 1):
                # A glossary entry of one word stands for that word; of several, for none of them alone.
                want.unit = latin[start][1] if end == start + 1 else None
                for chinese in sorted(self._equivalents.get(tuple(words[start:end]), ())):
                    want(Kind.WORDS, chinese, EQUIVALENT_WEIGHT)
        if len(words) < 2:
            return
        # Brand names and pinyin words typed apart may be written together in the product: la roche posay.
        want.unit = None
        joined = "".join(words)
        for kind in (Kind.WORDS, Kind.PINYIN):
            want(kind, joined, JOINED_WEIGHT)
            want(kind, joined, FUZZY_WEIGHT, fuzzy=True)
        if len(words) > 2:
            for a, b in pairwise(words):
                want(Kind.PINYIN, a + b, JOINED_WEIGHT)


class _Wanted:
    """The terms of a query being planned: each once per unit, with its highest weight."""

    def __init__(self) -> None:
        self.unit: int | None = None
        self._terms: dict[tuple[Kind, str, bool, int | None], float] = {}

    def __call__(self, kind: Kind, text: str, weight: float, *, fuzzy: bool = False) -> None:
        key = (kind, text, fuzzy, self.unit)
        if len(self._terms) < MAX_QUERY_TERMS or key in self._terms:
            self._terms[key] = max(weight, self._terms.get(key, 0.0))

    def terms(self) -> list[QueryTerm]:
        return [QueryTerm(kind, text, weight, fuzzy, unit) for (kind, text, fuzzy, unit), weight in self._terms.items()]
