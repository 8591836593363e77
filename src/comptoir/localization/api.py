"""HTTP API of the localization capability: the translation queue and its jobs, the glossary, the lint.

Who may work on a job is decided by the catalog (whoever runs the product's store) in a dependency
that runs before the idempotency guard, and again by the service in the change's own transaction,
so a replayed request of a partner whose delegation was revoked is refused like a first attempt.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from comptoir import catalog
from comptoir.kernel.auth import BrandIdPath, CurrentPrincipal, PlatformOperator, acting_for_brand
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.paging import DEFAULT_PAGE
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.text import OptionalMultiLine, OptionalSingleLine, SingleLine
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.localization import services
from comptoir.localization.domain import (
    DraftSegment,
    GlossaryMapping,
    GlossaryTerm,
    JobReview,
    JobStatus,
    MemoryMatch,
    SegmentMatches,
    TranslationJob,
    compliance_rules,
    finding_as_json,
)
from comptoir.localization.services._access import operated_job
from comptoir.localization.services.glossary import NOTE_MAX, TERM_MAX, term_for_editing
from comptoir.localization.services.jobs import COMMENT_LENGTH, DESCRIPTION_MAX, TITLE_MAX

router = APIRouter(tags=["localization"])

JobIdPath = Annotated[str, Path(pattern=id_pattern("trj"), description="the translation job's id")]
TermIdPath = Annotated[str, Path(pattern=id_pattern("gls"), description="the glossary term's id")]


async def _job_operator(job_id: JobIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> Principal:
    """The caller, if it runs the store of the job in the path (checked in a transaction of its own)."""

    async def check(uow: UnitOfWork) -> None:
        await operated_job(uow, principal, job_id)

    await transact(runtime, check)
    return principal


JobOperator = Annotated[Principal, Depends(_job_operator)]
BrandContentEditor = Annotated[Principal, Depends(acting_for_brand("content"))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JobSummaryOut(Strict):
    id: str
    product_id: str
    store_id: str
    brand_name: str
    category: str
    source_version: int
    status: JobStatus
    draft_state: str = Field(description="complete, partial, or unavailable when the machine draft failed")
    title_fr: str
    title_zh: str
    comment: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, job: TranslationJob) -> JobSummaryOut:
        return cls(
            id=job.id,
            product_id=job.product_id,
            store_id=job.store_id,
            brand_name=job.brand_name,
            category=job.category,
            source_version=job.source_version,
            status=job.status,
            draft_state=job.draft_state.value,
            title_fr=job.title_fr,
            title_zh=job.title_zh,
            comment=job.comment,
            created_at=job.created_at,
            updated_at=job.updated_at,
        )


class DraftSegmentOut(Strict):
    field: str
    source: str
    text: str
    origin: str = Field(description="memory, memory_fuzzy, glossary, machine or untranslated")
    score: int | None

    @classmethod
    def of(cls, segment: DraftSegment) -> DraftSegmentOut:
        return cls(
            field=segment.field,
            source=segment.source,
            text=segment.text,
            origin=segment.origin.value,
            score=segment.score,
        )


class ChineseOut(Strict):
    title: str | None
    description: str | None


class GlossaryMappingOut(Strict):
    term_id: str
    fr: str
    rendering: str
    keep: bool
    owner: Literal["brand", "global"]
    fields: list[str]

    @classmethod
    def of(cls, mapping: GlossaryMapping) -> GlossaryMappingOut:
        term = mapping.term
        return cls(
            term_id=term.id,
            fr=term.fr,
            rendering=term.rendering,
            keep=term.keep,
            owner="global" if term.is_global else "brand",
            fields=mapping.fields,
        )


class FindingOut(Strict):
    kind: Literal["compliance", "glossary", "untranslated"]
    field: str
    term: str
    start: int | None = None
    end: int | None = None
    rule: str
    severity: Literal["blocking", "warning"]
    reason: str
    law: str | None = None
    rendering: str | None = None


class MemoryMatchOut(Strict):
    entry_id: str
    fr: str
    zh: str
    score: int = Field(ge=0, le=100)
    exact: bool
    owner: Literal["brand", "global"]

    @classmethod
    def of(cls, match: MemoryMatch) -> MemoryMatchOut:
        entry = match.entry
        return cls(
            entry_id=entry.id,
            fr=entry.fr,
            zh=entry.zh,
            score=match.score,
            exact=match.exact,
            owner="global" if entry.brand_org_id is None else "brand",
        )


class SegmentMatchesOut(Strict):
    field: str
    segment: str
    start: int
    end: int
    matches: list[MemoryMatchOut]

    @classmethod
    def of(cls, found: SegmentMatches) -> SegmentMatchesOut:
        return cls(
            field=found.field,
            segment=found.segment.text,
            start=found.segment.start,
            end=found.segment.end,
            matches=[MemoryMatchOut.of(m) for m in found.matches],
        )


class JobOut(JobSummaryOut):
    description_fr: str
    draft: ChineseOut
    draft_segments: list[DraftSegmentOut]
    edited: ChineseOut | None
    chinese: ChineseOut = Field(description="the Chinese under review: the edit, else the draft")
    glossary: list[GlossaryMappingOut]
    findings: list[FindingOut]
    memory: list[SegmentMatchesOut]
    approvable: bool

    @classmethod
    def of_review(cls, found: JobReview) -> JobOut:
        job = found.job
        return cls(
            **JobSummaryOut.of(job).model_dump(),
            description_fr=job.description_fr,
            draft=ChineseOut(title=job.draft_title_zh, description=job.draft_description_zh),
            draft_segments=[DraftSegmentOut.of(s) for s in job.draft_segments],
            edited=ChineseOut(title=job.edited_title_zh, description=job.edited_description_zh) if job.edited else None,
            chinese=ChineseOut(title=found.title, description=found.description),
            glossary=[GlossaryMappingOut.of(m) for m in found.glossary],
            findings=[FindingOut.model_validate(finding_as_json(f)) for f in found.findings],
            memory=[SegmentMatchesOut.of(m) for m in found.memory],
            approvable=found.approvable,
        )


class EditIn(Strict):
    title: OptionalSingleLine = Field(max_length=TITLE_MAX)
    description: OptionalMultiLine = Field(max_length=DESCRIPTION_MAX)


class ApprovalIn(Strict):
    title: OptionalSingleLine | None = Field(
        default=None, max_length=TITLE_MAX, description="the Chinese title to approve; default the job's at hand"
    )
    description: OptionalMultiLine | None = Field(default=None, max_length=DESCRIPTION_MAX)


class SendBackIn(Strict):
    comment: OptionalMultiLine = Field(
        min_length=COMMENT_LENGTH[0], max_length=COMMENT_LENGTH[1], description="what the seller should change"
    )


class TermIn(Strict):
    fr: SingleLine = Field(max_length=TERM_MAX, examples=["Bordeaux"])
    zh: OptionalSingleLine = Field(default="", max_length=TERM_MAX, examples=["波尔多"])
    keep: bool = Field(default=False, description="the term stays untranslated (a brand name written in Latin)")
    note: OptionalSingleLine = Field(default="", max_length=NOTE_MAX)


class TermOut(Strict):
    id: str
    brand_id: str | None
    fr: str
    zh: str
    keep: bool
    note: str

    @classmethod
    def of(cls, term: GlossaryTerm) -> TermOut:
        return cls(id=term.id, brand_id=term.brand_org_id, fr=term.fr, zh=term.zh, keep=term.keep, note=term.note)


class LintIn(Strict):
    text: OptionalMultiLine = Field(max_length=DESCRIPTION_MAX, description="Chinese text to check")
    category: catalog.Category | None = Field(default=None, description="the product's category; none: every product")


class LintOut(Strict):
    as_of: str = Field(description="the date the list of terms was last reviewed")
    blocking: bool
    findings: list[FindingOut]


# ---------------------------------------------------------------- jobs


@router.get("/localization/jobs", response_model=Page[JobSummaryOut])
async def list_jobs(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    status: JobStatus | None = Query(default=None, description="only jobs in this status"),
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[JobSummaryOut]:
    """The translation jobs of every store and pavilion the caller runs, oldest first."""
    found, next_cursor = await transact(
        runtime,
        lambda uow: services.translation_queue(uow, principal, status=status, cursor=cursor, limit=limit),
    )
    return Page[JobSummaryOut](items=[JobSummaryOut.of(j) for j in found], next_cursor=next_cursor)


@router.get("/localization/jobs/{job_id}", response_model=JobOut)
async def get_job(job_id: JobIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> JobOut:
    """One job with its review: glossary terms, findings, the memory's matches with their scores."""
    found = await transact(runtime, lambda uow: services.translation_job(uow, principal, job_id=job_id))
    return JobOut.of_review(found)


@router.put("/localization/jobs/{job_id}/edit", response_model=JobOut)
async def save_edit(
    job_id: JobIdPath, body: EditIn, principal: JobOperator, runtime: RuntimeDep, _: Idempotent
) -> JobOut:
    """Keep the partner's Chinese title and description; the job stays open."""
    found = await transact(
        runtime,
        lambda uow: services.save_edit(uow, principal, job_id=job_id, title=body.title, description=body.description),
    )
    return JobOut.of_review(found)


@router.post("/localization/jobs/{job_id}/approve", response_model=JobOut)
async def approve(
    job_id: JobIdPath, body: ApprovalIn, principal: JobOperator, runtime: RuntimeDep, _: Idempotent
) -> JobOut:
    """Approve the Chinese (as sent, else the job's at hand): the catalog publishes it.

    ``422 content_not_compliant`` lists every blocking finding under ``findings``; ``409
    translation_source_changed`` when the French changed since the job opened.
    """
    found = await transact(
        runtime,
        lambda uow: services.approve(uow, principal, job_id=job_id, title=body.title, description=body.description),
    )
    return JobOut.of_review(found)


@router.post("/localization/jobs/{job_id}/send-back", response_model=JobSummaryOut)
async def send_back(
    job_id: JobIdPath, body: SendBackIn, principal: JobOperator, runtime: RuntimeDep, _: Idempotent
) -> JobSummaryOut:
    """Send the French back to the seller with a comment saying what to change."""
    job = await transact(runtime, lambda uow: services.send_back(uow, principal, job_id=job_id, comment=body.comment))
    return JobSummaryOut.of(job)


@router.post("/localization/lint", response_model=LintOut)
async def lint(body: LintIn, principal: CurrentPrincipal, _: Idempotent) -> LintOut:
    """Check a Chinese text for absolute claims (Advertising Law art. 9) and health claims; nothing is stored."""
    rules = compliance_rules()
    findings = rules.lint(body.text, category=body.category)
    return LintOut(
        as_of=rules.as_of.isoformat(),
        blocking=any(f.blocking for f in findings),
        findings=[FindingOut.model_validate(finding_as_json(f)) for f in findings],
    )


# ---------------------------------------------------------------- glossary


@router.get("/localization/glossary", response_model=Page[TermOut])
async def list_global_terms(
    principal: CurrentPrincipal, runtime: RuntimeDep, cursor: PageCursor = None, limit: PageLimit = DEFAULT_PAGE
) -> Page[TermOut]:
    """The global glossary, which every product's translation follows."""
    found, next_cursor = await transact(
        runtime, lambda uow: services.glossary_terms(uow, principal, brand_id=None, cursor=cursor, limit=limit)
    )
    return Page[TermOut](items=[TermOut.of(t) for t in found], next_cursor=next_cursor)


@router.post("/localization/glossary", response_model=TermOut, status_code=status.HTTP_201_CREATED)
async def add_global_term(body: TermIn, operator: PlatformOperator, runtime: RuntimeDep, _: Idempotent) -> TermOut:
    """Add a global term (the platform operator)."""
    term = await transact(
        runtime,
        lambda uow: services.add_glossary_term(
            uow, operator, brand_id=None, fr=body.fr, zh=body.zh, keep=body.keep, note=body.note
        ),
    )
    return TermOut.of(term)


@router.get("/localization/brands/{brand_id}/glossary", response_model=Page[TermOut])
async def list_brand_terms(
    brand_id: BrandIdPath,
    principal: BrandContentEditor,
    runtime: RuntimeDep,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[TermOut]:
    """The brand's own glossary (the brand, or a partner holding its ``content`` scope)."""
    found, next_cursor = await transact(
        runtime,
        lambda uow: services.glossary_terms(uow, principal, brand_id=brand_id, cursor=cursor, limit=limit),
    )
    return Page[TermOut](items=[TermOut.of(t) for t in found], next_cursor=next_cursor)


@router.post("/localization/brands/{brand_id}/glossary", response_model=TermOut, status_code=status.HTTP_201_CREATED)
async def add_brand_term(
    brand_id: BrandIdPath, body: TermIn, principal: BrandContentEditor, runtime: RuntimeDep, _: Idempotent
) -> TermOut:
    """Add a term to the brand's glossary."""
    term = await transact(
        runtime,
        lambda uow: services.add_glossary_term(
            uow, principal, brand_id=brand_id, fr=body.fr, zh=body.zh, keep=body.keep, note=body.note
        ),
    )
    return TermOut.of(term)


async def _term_editor(term_id: TermIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> Principal:
    """The caller, if it may change the term in the path (checked in a transaction of its own)."""
    await transact(runtime, lambda uow: term_for_editing(uow, principal, term_id=term_id))
    return principal


TermEditor = Annotated[Principal, Depends(_term_editor)]


@router.put("/localization/glossary/{term_id}", response_model=TermOut)
async def change_term(
    term_id: TermIdPath, body: TermIn, principal: TermEditor, runtime: RuntimeDep, _: Idempotent
) -> TermOut:
    """Change a term of a glossary the caller edits."""
    term = await transact(
        runtime,
        lambda uow: services.change_glossary_term(
            uow, principal, term_id=term_id, fr=body.fr, zh=body.zh, keep=body.keep, note=body.note
        ),
    )
    return TermOut.of(term)


@router.delete("/localization/glossary/{term_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_term(term_id: TermIdPath, principal: TermEditor, runtime: RuntimeDep, _: Idempotent) -> Response:
    """Remove a term of a glossary the caller edits."""
    await transact(runtime, lambda uow: services.remove_glossary_term(uow, principal, term_id=term_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
