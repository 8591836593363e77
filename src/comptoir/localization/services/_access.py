"""Finding a job and deciding who may touch it, inside the caller's unit of work."""

from __future__ import annotations

from comptoir import catalog
from comptoir.kernel.principal import Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.localization import repository as repo
from comptoir.localization.domain import TranslationJob
from comptoir.localization.errors import JobClosed, LocalizationNotFound


async def job_or_404(uow: UnitOfWork, job_id: str, *, for_update: bool = False) -> TranslationJob:
    found = await repo.job_by_id(uow.session, job_id, for_update=for_update)
    if found is None:
        raise LocalizationNotFound("no such translation job", code="translation_job_not_found")
    return found


async def operated_job(
    uow: UnitOfWork, principal: Principal, job_id: str, *, for_update: bool = False
) -> TranslationJob:
    """The job, if ``principal`` runs its store (the catalog decides, in this transaction; else 403)."""
    job = await job_or_404(uow, job_id, for_update=for_update)
    await catalog.authorize_store_operator(uow, principal, store_id=job.store_id)
    return job


async def open_job(uow: UnitOfWork, principal: Principal, job_id: str) -> TranslationJob:
    """The job, held for this transaction, if ``principal`` runs its store and it is still open."""
    job = await operated_job(uow, principal, job_id, for_update=True)
    if not job.is_open:
        raise JobClosed(f"the translation job is {job.status.value}", job_status=job.status.value)
    return job
