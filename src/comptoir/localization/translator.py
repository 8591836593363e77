"""The translator port: French segments in, Chinese drafts out (see :mod:`comptoir.kernel.ports`).

- :class:`Translator` is the port; :class:`TranslationUnavailable` the one failure a caller handles.
- :class:`OfflineTranslator` is the default adapter, which needs no network: each segment is drafted from
  the translation memory (an exact match, else the best match from the threshold up), else from the
  glossary alone; a segment neither can translate is left in French, its glossary terms replaced, and
  marked :attr:`DraftOrigin.UNTRANSLATED` for the partner to translate.
- :class:`FakeTranslator` answers what a test tells it to, and misbehaves on demand through a
  :class:`~comptoir.kernel.ports.Misbehaviour` (fail, time out, answer late).

A machine translation service would be one more adapter of the same port. The translator is chosen per
job from its memory, so the port is handed around as a :data:`TranslatorFactory`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from comptoir.kernel.ports import Misbehaviour
from comptoir.localization.domain import (
    Draft,
    DraftOrigin,
    GlossaryTerm,
    TranslationMemory,
    find_terms,
    substitute,
)

#: Latin letters left after the glossary: a segment with none is translated by the glossary alone.
_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]")
_BETWEEN_CJK = re.compile(
    r"(?<=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef])\s+(?=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef])"
)


class TranslationUnavailable(Exception):
    """The translator could not draft: unreachable, too slow, or it refused the text."""


class Translator(Protocol):
    async def translate(
        self,
        segments: Sequence[str],
        *,
        source: str = "fr",
        target: str = "zh-Hans",
        glossary: Sequence[GlossaryTerm] = (),
    ) -> list[Draft]:
        """One draft per segment, in order, or :class:`TranslationUnavailable`."""
        ...


TranslatorFactory = Callable[[TranslationMemory], Translator]


def _kept(term: GlossaryTerm) -> str:
    return term.fr


def glossary_draft(segment: str, glossary: Sequence[GlossaryTerm]) -> Draft:
    """The segment with its glossary terms replaced: translated if nothing but kept names is left in Latin."""
    hits = find_terms(segment, glossary)
    text = substitute(segment, hits)
    rest = text
    for hit in hits:
        if hit.term.keep:
            rest = rest.replace(_kept(hit.term), "")
    if hits and not _LATIN.search(rest):
        return Draft(segment, _BETWEEN_CJK.sub("", text), DraftOrigin.GLOSSARY)
    return Draft(segment, text, DraftOrigin.UNTRANSLATED)


class OfflineTranslator:
    """Drafts from the translation memory and the glossary only, so it works without a network."""

    def __init__(self, memory: TranslationMemory) -> None:
        self.memory = memory

    async def translate(
        self,
        segments: Sequence[str],
        *,
        source: str = "fr",
        target: str = "zh-Hans",
        glossary: Sequence[GlossaryTerm] = (),
    ) -> list[Draft]:
        if (source, target) != ("fr", "zh-Hans"):
            raise TranslationUnavailable(f"the offline translator drafts fr -> zh-Hans only, not {source} -> {target}")
        drafts = []
        for segment in segments:
            best = self.memory.best(segment)
            if best is not None:
                origin = DraftOrigin.MEMORY if best.exact else DraftOrigin.FUZZY
                drafts.append(Draft(segment, best.entry.zh, origin, best.score))
            else:
                drafts.append(glossary_draft(segment, glossary))
        return drafts


class FakeTranslator:
    """Answers each segment it was given an answer for (the rest left in French), as its script allows.

    A failure or a time-out reaches the caller as :class:`TranslationUnavailable`, as the port promises;
    ``calls`` counts the segments lists it was asked to translate.
    """

    def __init__(self, answers: Mapping[str, str] | None = None, *, misbehaviour: Misbehaviour | None = None) -> None:
        self.answers = dict(answers or {})
        self.misbehaviour = misbehaviour or Misbehaviour()
        self.asked: list[list[str]] = []

    async def translate(
        self,
        segments: Sequence[str],
        *,
        source: str = "fr",
        target: str = "zh-Hans",
        glossary: Sequence[GlossaryTerm] = (),
    ) -> list[Draft]:
        self.asked.append(list(segments))
        try:
            await self.misbehaviour.answer()
        except TimeoutError as exc:
            raise TranslationUnavailable("the translator did not answer in time") from exc
        drafts = []
        for segment in segments:
            answer = self.answers.get(segment)
            if answer is None:
                drafts.append(Draft(segment, segment, DraftOrigin.UNTRANSLATED))
            else:
                drafts.append(Draft(segment, answer, DraftOrigin.MACHINE))
        return drafts

    def factory(self) -> TranslatorFactory:
        """A factory handing out this very fake whatever the memory, for the handler under test."""
        return lambda _memory: self
