"""The glossary: names that must map one way into Chinese (Bordeaux -> 波尔多), or stay as they are.

Terms belong to a brand (its own name, its ranges) or to everyone (global: AOC -> 法定产区). Applied to
a French source, the glossary answers which terms were found and what each must be rendered as
(:func:`glossary_mappings`); checked against a Chinese draft, which of them the draft does not render
as required (:func:`check_renderings`). A brand's term wins over a global one for the same French word.

French terms are found as whole words, whatever their case (« bordeaux » is Bordeaux) but with their
accents (Côte is not Cote); where two terms overlap, the longest wins (Bordeaux Supérieur, not Bordeaux).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from comptoir.localization.domain.compliance import Severity

#: What a finding says, English source (translated where shown) with the term's words as placeholders.
MUST_RENDER = "Glossary term %(fr)s must be rendered %(zh)s."
MUST_KEEP = "Glossary term %(fr)s must stay untranslated, as %(fr)s."


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """``fr`` is rendered ``zh`` in Chinese; a ``keep`` term stays as it is (a brand name written in Latin)."""

    id: str
    brand_org_id: str | None
    fr: str
    zh: str
    keep: bool = False
    note: str = ""

    @property
    def rendering(self) -> str:
        """What the Chinese text must contain for this term."""
        return self.fr if self.keep else self.zh

    @property
    def is_global(self) -> bool:
        return self.brand_org_id is None


@dataclass(frozen=True, slots=True)
class GlossaryHit:
    """An occurrence of ``term`` at ``[start, end)`` of the French text of ``field``."""

    term: GlossaryTerm
    field: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GlossaryMapping:
    """A term found in the source: what it must be rendered as, and where it was found."""

    term: GlossaryTerm
    hits: tuple[GlossaryHit, ...]

    @property
    def fields(self) -> list[str]:
        return list(dict.fromkeys(hit.field for hit in self.hits))


@dataclass(frozen=True, slots=True)
class GlossaryFinding:
    """The draft of ``field`` does not render ``term`` as required; a brand's own term blocks approval."""

    term: GlossaryTerm
    field: str
    severity: Severity
    reason: str

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.BLOCKING

    @property
    def params(self) -> dict[str, str]:
        return {"fr": self.term.fr, "zh": self.term.rendering}


def brand_name_term(*, owner: str, name: str, name_zh: str | None) -> GlossaryTerm:
    """A brand's own name as a term of its glossary: its Chinese name, or kept as it is when it has none."""
    return GlossaryTerm(
        id=f"brand:{owner}", brand_org_id=owner, fr=name, zh=name_zh or name, keep=not name_zh, note="brand name"
    )


def normalise_term(text: str) -> str:
    """How two French terms are compared: case and surrounding or repeated spaces aside."""
    return " ".join(text.split()).casefold()


def effective_terms(terms: Iterable[GlossaryTerm]) -> list[GlossaryTerm]:
    """One term per French word: a brand's own before a global one, then the first given."""
    chosen: dict[str, GlossaryTerm] = {}
    for term in sorted(terms, key=lambda t: t.is_global):
        chosen.setdefault(normalise_term(term.fr), term)
    return list(chosen.values())


def _pattern(term: GlossaryTerm) -> re.Pattern[str]:
    words = [re.escape(word) for word in term.fr.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def find_terms(text: str, terms: Iterable[GlossaryTerm], *, field: str = "text") -> list[GlossaryHit]:
    """Every occurrence of a glossary term in the French ``text``, longest first where they overlap."""
    candidates = [
        GlossaryHit(term, field, match.start(), match.end())
        for term in effective_terms(terms)
        if term.fr.strip()
        for match in _pattern(term).finditer(text)
    ]
    candidates.sort(key=lambda h: (h.start, -(h.end - h.start)))
    hits: list[GlossaryHit] = []
    reached = 0
    for hit in candidates:
        if hit.start >= reached:
            hits.append(hit)
            reached = hit.end
    return hits


def glossary_mappings(sources: Mapping[str, str], terms: Sequence[GlossaryTerm]) -> list[GlossaryMapping]:
    """The terms found in the French ``sources`` (by field), in the order they first appear."""
    found: dict[str, list[GlossaryHit]] = {}
    for field, text in sources.items():
        for hit in find_terms(text, terms, field=field):
            found.setdefault(hit.term.id, []).append(hit)
    return [GlossaryMapping(hits[0].term, tuple(hits)) for hits in found.values()]


def _renders(draft: str, term: GlossaryTerm) -> bool:
    if term.keep:
        return normalise_term(term.fr) in normalise_term(draft)
    return term.zh in draft


def check_renderings(drafts: Mapping[str, str], mappings: Iterable[GlossaryMapping]) -> list[GlossaryFinding]:
    """For each term found in a field's source, a finding when that field's Chinese ``drafts`` lacks its rendering."""
    findings = []
    for mapping in mappings:
        term = mapping.term
        for field in mapping.fields:
            if _renders(drafts.get(field, ""), term):
                continue
            findings.append(
                GlossaryFinding(
                    term=term,
                    field=field,
                    severity=Severity.WARNING if term.is_global else Severity.BLOCKING,
                    reason=MUST_KEEP if term.keep else MUST_RENDER,
                )
            )
    return findings


def substitute(text: str, hits: Sequence[GlossaryHit]) -> str:
    """``text`` with each hit replaced by its term's rendering (hits of this text, in order, not overlapping)."""
    out: list[str] = []
    at = 0
    for hit in sorted(hits, key=lambda h: h.start):
        out.append(text[at : hit.start])
        out.append(hit.term.rendering)
        at = hit.end
    out.append(text[at:])
    return "".join(out)
