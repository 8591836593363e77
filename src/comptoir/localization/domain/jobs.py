"""Translation jobs: a product's French content on its way to approved Chinese, and what a reviewer sees.

A job opens when the catalog says a product's French is ready (``catalog.ProductSubmitted``), with the
machine draft made for it. The partner edits the Chinese, then approves it (the catalog publishes it)
or sends it back to the seller with a comment. A newer French version supersedes a job that was not
approved::

    open ──approve──▶ approved
     │ ▲
     │ └─(edit: stays open)
     ├──send back──▶ sent_back
     └──newer French──▶ superseded   (also from sent_back)

:func:`review` is everything the reviewer is shown for the Chinese at hand: the glossary terms found in
the French and whether the Chinese renders them, the compliance findings, the memory's matches for each
French sentence, and the sentences the draft left in French that the Chinese still holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from comptoir.localization.domain.compliance import ComplianceFinding, ComplianceRules, Severity
from comptoir.localization.domain.glossary import (
    GlossaryFinding,
    GlossaryMapping,
    GlossaryTerm,
    brand_name_term,
    check_renderings,
    glossary_mappings,
)
from comptoir.localization.domain.memory import MemoryMatch, TranslationMemory
from comptoir.localization.domain.segments import Segment, chinese_sentences, french_sentences

#: The fields of a product's content a job translates, in the order pages show them.
FIELDS = ("title", "description")

STILL_IN_FRENCH = "This sentence is still in French: translate it or remove it."


class JobStatus(StrEnum):
    OPEN = "open"
    SENT_BACK = "sent_back"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


class DraftOrigin(StrEnum):
    """Where a sentence of the machine draft came from."""

    MEMORY = "memory"  # an exact match in the translation memory
    FUZZY = "memory_fuzzy"  # a close match: check it
    GLOSSARY = "glossary"  # only glossary terms
    MACHINE = "machine"  # a machine translator
    UNTRANSLATED = "untranslated"  # left in French (glossary terms replaced)


class DraftState(StrEnum):
    """How much of the content the machine draft translated."""

    COMPLETE = "complete"
    PARTIAL = "partial"
    UNAVAILABLE = "unavailable"  # the translator failed: the partner starts from the French


@dataclass(frozen=True, slots=True)
class Draft:
    """The translator's answer for one French segment; ``score`` for a memory match."""

    source: str
    text: str
    origin: DraftOrigin
    score: int | None = None

    @property
    def translated(self) -> bool:
        return self.origin is not DraftOrigin.UNTRANSLATED


@dataclass(frozen=True, slots=True)
class DraftSegment:
    """One sentence of the machine draft, with the field it belongs to."""

    field: str
    source: str
    text: str
    origin: DraftOrigin
    score: int | None = None

    @property
    def translated(self) -> bool:
        return self.origin is not DraftOrigin.UNTRANSLATED


def draft_state(segments: Sequence[DraftSegment]) -> DraftState:
    if not segments:
        return DraftState.UNAVAILABLE
    return DraftState.COMPLETE if all(s.translated for s in segments) else DraftState.PARTIAL


@dataclass(frozen=True, slots=True)
class TranslationJob:
    """One French version of one product, and the Chinese it is becoming."""

    id: str
    product_id: str
    store_id: str
    operator_org_id: str
    brand_org_id: str | None
    brand_name: str
    brand_name_zh: str | None
    category: str
    source_version: int
    title_fr: str
    description_fr: str
    draft_title_zh: str | None
    draft_description_zh: str | None
    draft_state: DraftState
    draft_segments: tuple[DraftSegment, ...]
    edited_title_zh: str | None
    edited_description_zh: str | None
    status: JobStatus
    comment: str | None
    created_at: datetime
    updated_at: datetime
    updated_by: str | None

    @property
    def is_open(self) -> bool:
        return self.status is JobStatus.OPEN

    @property
    def title_zh(self) -> str:
        """The Chinese title at hand: the partner's edit, else the machine draft, else nothing yet."""
        return self.edited_title_zh if self.edited_title_zh is not None else (self.draft_title_zh or "")

    @property
    def description_zh(self) -> str:
        if self.edited_description_zh is not None:
            return self.edited_description_zh
        return self.draft_description_zh or ""

    @property
    def sources(self) -> dict[str, str]:
        return {"title": self.title_fr, "description": self.description_fr}

    @property
    def edited(self) -> bool:
        return self.edited_title_zh is not None or self.edited_description_zh is not None

    def brand_term(self) -> GlossaryTerm:
        """The brand's own name as a term of its glossary (owned by the store when the seller is no brand)."""
        return brand_name_term(
            owner=self.brand_org_id or self.store_id, name=self.brand_name, name_zh=self.brand_name_zh
        )


@dataclass(frozen=True, slots=True)
class StillInFrench:
    """A French sentence the draft could not translate, still present as such in the Chinese of ``field``."""

    field: str
    source: str
    start: int
    end: int
    severity: Severity = Severity.BLOCKING
    reason: str = STILL_IN_FRENCH

    @property
    def blocking(self) -> bool:
        return True


Finding = ComplianceFinding | GlossaryFinding | StillInFrench


@dataclass(frozen=True, slots=True)
class SegmentMatches:
    """A French sentence of ``field`` and the memory's matches for it, best first."""

    field: str
    segment: Segment
    matches: tuple[MemoryMatch, ...]


@dataclass(frozen=True, slots=True)
class JobReview:
    """What a reviewer sees for the Chinese at hand (``title``, ``description``)."""

    job: TranslationJob
    title: str
    description: str
    glossary: tuple[GlossaryMapping, ...]
    glossary_findings: tuple[GlossaryFinding, ...]
    compliance: tuple[ComplianceFinding, ...]
    untranslated: tuple[StillInFrench, ...]
    memory: tuple[SegmentMatches, ...] = field(default=())

    @property
    def findings(self) -> list[Finding]:
        """Every finding: compliance, glossary, sentences still in French."""
        return [*self.compliance, *self.glossary_findings, *self.untranslated]

    @property
    def blocking(self) -> list[Finding]:
        """Every finding that stops approval."""
        return [f for f in self.findings if f.blocking]

    @property
    def approvable(self) -> bool:
        return not self.blocking


def still_in_french(job: TranslationJob, texts: dict[str, str]) -> list[StillInFrench]:
    """Sentences the draft left in French (glossary terms aside) that the Chinese still contains as drafted."""
    found = []
    for segment in job.draft_segments:
        if segment.translated or not segment.text.strip():
            continue
        text = texts.get(segment.field, "")
        at = text.find(segment.text)
        if at != -1:
            found.append(StillInFrench(segment.field, segment.source, at, at + len(segment.text)))
    return found


def review(
    job: TranslationJob,
    *,
    terms: Sequence[GlossaryTerm],
    rules: ComplianceRules,
    memory: TranslationMemory | None = None,
    title: str | None = None,
    description: str | None = None,
) -> JobReview:
    """The review of ``title`` and ``description`` (by default the job's Chinese at hand)."""
    texts = {
        "title": job.title_zh if title is None else title,
        "description": job.description_zh if description is None else description,
    }
    mappings = glossary_mappings(job.sources, [job.brand_term(), *terms])
    compliance = [f for name in FIELDS for f in rules.lint(texts[name], category=job.category, field=name)]
    matches: list[SegmentMatches] = []
    if memory is not None:
        for name in FIELDS:
            for segment in french_sentences(job.sources[name]):
                matches.append(SegmentMatches(name, segment, tuple(memory.matches(segment.text))))
    return JobReview(
        job=job,
        title=texts["title"],
        description=texts["description"],
        glossary=tuple(mappings),
        glossary_findings=tuple(check_renderings(texts, mappings)),
        compliance=tuple(compliance),
        untranslated=tuple(still_in_french(job, texts)),
        memory=tuple(matches),
    )


def approved_pairs(job: TranslationJob, *, title: str, description: str) -> list[tuple[str, str]]:
    """The (French, Chinese) pairs an approval teaches the memory.

    The title is one pair. The description gives one pair per sentence when the French and the Chinese
    have as many sentences (translations mostly keep them), else one pair for the whole text.
    """
    pairs = []
    if job.title_fr.strip() and title.strip():
        pairs.append((job.title_fr.strip(), title.strip()))
    french = french_sentences(job.description_fr)
    chinese = chinese_sentences(description)
    if french and len(french) == len(chinese):
        pairs.extend((fr.text, zh.text) for fr, zh in zip(french, chinese, strict=True))
    elif job.description_fr.strip() and description.strip():
        pairs.append((job.description_fr.strip(), description.strip()))
    return pairs


def finding_as_json(finding: Finding) -> dict[str, object]:
    """A finding as the API and the refusal of an approval carry it (``reason`` in English)."""
    if isinstance(finding, ComplianceFinding):
        return {
            "kind": "compliance",
            "field": finding.field,
            "term": finding.term,
            "start": finding.start,
            "end": finding.end,
            "rule": finding.rule,
            "severity": finding.severity.value,
            "law": finding.law,
            "reason": finding.reason,
        }
    if isinstance(finding, GlossaryFinding):
        return {
            "kind": "glossary",
            "field": finding.field,
            "term": finding.term.fr,
            "rendering": finding.term.rendering,
            "rule": "glossary.keep" if finding.term.keep else "glossary.render",
            "severity": finding.severity.value,
            "reason": finding.reason % finding.params,
        }
    return {
        "kind": "untranslated",
        "field": finding.field,
        "term": finding.source,
        "start": finding.start,
        "end": finding.end,
        "rule": "draft.untranslated",
        "severity": finding.severity.value,
        "reason": finding.reason,
    }
