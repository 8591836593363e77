"""The partner's translation work: the queue, one job under review, saving, approving, sending back.

Each use case runs in the caller's unit of work and never commits. Who may work on a job is the
catalog's decision (:func:`comptoir.catalog.authorize_store_operator`, in the same transaction): the
partner running the pavilion, a partner holding the brand's ``content`` scope, the brand itself for
its own store, or the platform operator. Anyone else is refused with ``store_not_operated`` (403).
"""

from __future__ import annotations

from comptoir import catalog
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.principal import Principal
from comptoir.kernel.text import TextRefused, check_text
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.localization import repository as repo
from comptoir.localization.domain import (
    DEFAULT_THRESHOLD,
    FIELDS,
    JobReview,
    JobStatus,
    TranslationJob,
    TranslationMemory,
    approved_pairs,
    compliance_rules,
    finding_as_json,
    french_sentences,
    review,
)
from comptoir.localization.errors import CommentRequired, ContentNotCompliant, TranslationIncomplete
from comptoir.localization.services._access import job_or_404, open_job, operated_job

#: The longest Chinese title and description the catalog stores.
TITLE_MAX = 200
DESCRIPTION_MAX = 5000
COMMENT_LENGTH = (3, 2000)


async def translation_queue(
    uow: UnitOfWork,
    principal: Principal,
    *,
    status: JobStatus | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE,
) -> tuple[list[TranslationJob], str | None]:
    """One page of the jobs of every store and pavilion the caller runs (in ``status``), oldest first.

    Nobody else's job is ever listed: a caller who runs no store gets an empty page.
    """
    after = cursor_position(cursor, key="after", kind=str, prefix="trj")
    size = page_size(limit)
    stores = await catalog.stores_operated_by(uow, principal)
    found = await repo.jobs_page(
        uow.session, store_ids=[s.id for s in stores], status=status, after_id=after, limit=size + 1
    )
    return cut_page(found, size, key="after", position_of=lambda j: j.id)


async def _review(
    uow: UnitOfWork, job: TranslationJob, *, title: str | None = None, description: str | None = None
) -> JobReview:
    terms = await repo.terms_for(uow.session, brand_org_id=job.brand_org_id)
    texts = [s.text for name in FIELDS for s in french_sentences(job.sources[name])]
    entries = await repo.memory_candidates(
        uow.session, brand_org_id=job.brand_org_id, segments=texts, threshold=DEFAULT_THRESHOLD
    )
    return review(
        job,
        terms=terms,
        rules=compliance_rules(),
        memory=TranslationMemory(entries),
        title=title,
        description=description,
    )


async def translation_job(
    uow: UnitOfWork,
    principal: Principal,
    *,
    job_id: str,
    title: str | None = None,
    description: str | None = None,
) -> JobReview:
    """The job with its review: glossary terms found and how the Chinese renders them, compliance findings,
    sentences still in French, and the memory's matches for each French sentence with their scores.

    The review is of the job's Chinese at hand, or of ``title`` and ``description`` when given (what a
    partner typed, before it is saved); nothing is written.
    """
    job = await operated_job(uow, principal, job_id)
    return await _review(uow, job, title=title, description=description)


def _chinese(field: str, value: str, *, limit: int, multiline: bool) -> str:
    try:
        check_text(value, multiline=multiline, required=False)
    except TextRefused as refused:
        raise TranslationIncomplete(f"{field} {refused}", field=field) from refused
    value = value.strip()
    if len(value) > limit:
        raise TranslationIncomplete(f"the {field} is longer than {limit} characters", field=field)
    return value


async def save_edit(uow: UnitOfWork, principal: Principal, *, job_id: str, title: str, description: str) -> JobReview:
    """Keep the partner's Chinese for an open job (it stays open), and review it."""
    job = await open_job(uow, principal, job_id)
    clean_title = _chinese("title", title, limit=TITLE_MAX, multiline=False)
    clean_description = _chinese("description", description, limit=DESCRIPTION_MAX, multiline=True)
    await repo.update_job(
        uow.session,
        job.id,
        edited_title_zh=clean_title,
        edited_description_zh=clean_description,
        updated_at=uow.clock.now(),
        updated_by=principal.actor_id,
    )
    return await _review(uow, await job_or_404(uow, job.id))


async def approve(
    uow: UnitOfWork,
    principal: Principal,
    *,
    job_id: str,
    title: str | None = None,
    description: str | None = None,
) -> JobReview:
    """Approve the Chinese (``title`` and ``description`` as given, else the job's Chinese at hand).

    Refused with ``content_not_compliant`` (422, every blocking finding listed) while an absolute or
    health claim, a brand's glossary term not rendered, or a sentence left in French remains; with
    ``translation_source_changed`` (409, from the catalog) when the French changed since the job
    opened. Once approved, the catalog stores the Chinese (and publishes the product when it can be
    seen) and the translation memory learns its sentences.
    """
    job = await open_job(uow, principal, job_id)
    chosen_title = _chinese("title", job.title_zh if title is None else title, limit=TITLE_MAX, multiline=False)
    chosen_description = _chinese(
        "description", job.description_zh if description is None else description, limit=DESCRIPTION_MAX, multiline=True
    )
    if not chosen_title or (job.description_fr.strip() and not chosen_description):
        missing = "title" if not chosen_title else "description"
        raise TranslationIncomplete(f"the Chinese {missing} is empty", field=missing)
    checked = await _review(uow, job, title=chosen_title, description=chosen_description)
    if not checked.approvable:
        raise ContentNotCompliant([finding_as_json(f) for f in checked.blocking])
    await catalog.approve_chinese_content(
        uow,
        principal,
        product_id=job.product_id,
        title=chosen_title,
        description=chosen_description,
        source_version=job.source_version,
    )
    now = uow.clock.now()
    await repo.remember(
        uow.session,
        pairs=approved_pairs(job, title=chosen_title, description=chosen_description),
        brand_org_id=job.brand_org_id,
        product_id=job.product_id,
        approved_at=now,
    )
    await repo.update_job(
        uow.session,
        job.id,
        edited_title_zh=chosen_title,
        edited_description_zh=chosen_description,
        status=JobStatus.APPROVED.value,
        updated_at=now,
        updated_by=principal.actor_id,
    )
    return await _review(uow, await job_or_404(uow, job.id))


async def send_back(uow: UnitOfWork, principal: Principal, *, job_id: str, comment: str) -> TranslationJob:
    """Send the French back to the seller with ``comment`` (required: what to change and why).

    The catalog marks the product ``needs_changes`` and shows the comment to the seller; when the seller
    submits the French again, a new job opens and this one is superseded.
    """
    job = await open_job(uow, principal, job_id)
    text = (comment or "").strip()
    low, high = COMMENT_LENGTH
    try:
        check_text(text, multiline=True)
    except TextRefused as refused:
        raise CommentRequired(f"the comment {refused}") from refused
    if not low <= len(text) <= high:
        raise CommentRequired(f"the comment is {low} to {high} characters")
    await catalog.send_back_for_changes(uow, principal, product_id=job.product_id, comment=text)
    await repo.update_job(
        uow.session,
        job.id,
        status=JobStatus.SENT_BACK.value,
        comment=text,
        updated_at=uow.clock.now(),
        updated_by=principal.actor_id,
    )
    return await job_or_404(uow, job.id)
