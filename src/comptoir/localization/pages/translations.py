"""The partner's translation pages: the queue, and one job with its French beside the Chinese.

Plain forms that work without JavaScript (templates in ``localization/templates/localization``): a POST
answers a redirect to the job page once it is done, or the page again, with the refusal's sentence and
what the partner typed, when it is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from comptoir import catalog
from comptoir.kernel.auth import require_kind
from comptoir.kernel.error_catalogue import sentence_for
from comptoir.kernel.errors import ComptoirError, Conflict, InvalidInput
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.pages import render
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.spaces import NavLink, Space
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.localization import services
from comptoir.localization.domain import (
    FIELDS,
    ComplianceFinding,
    Finding,
    GlossaryHit,
    JobReview,
    JobStatus,
    StillInFrench,
    TranslationJob,
    compliance_rules,
    find_terms,
    finding_as_json,
)
from comptoir.localization.errors import PartnersOnly
from comptoir.localization.pages import words

router = APIRouter(include_in_schema=False)

QUEUE = "/partner/translations"

#: The partner's translation queue, beside its console in the navigation.
SPACES = (
    Space(
        name="translations",
        kinds=frozenset({OrganisationKind.PARTNER}),
        home=QUEUE,
        persona=lambda: _("Partner"),
        title=lambda: _("Translations"),
        blurb=lambda: _("Chinese pages of the products you run: check the machine draft, fix it, approve it."),
        links=(NavLink(QUEUE, lambda: _("Translations")),),
        rank=31,
    ),
)

InPartnerSpace = Annotated[
    Principal,
    Depends(
        require_kind(
            OrganisationKind.PARTNER,
            refusal=lambda: PartnersOnly(_("The translation queue is for accredited partners.")),
        )
    ),
]
STATUS_FILTERS = ("open", "sent_back", "approved", "superseded", "all")


def _see_other(request: Request, url: str, *, done: str) -> Response:
    target = f"{url}?{urlencode({'done': done})}"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def marked(text: str, spans: Sequence[tuple[int, int, str, str]]) -> Markup:
    """``text`` escaped, with each ``(start, end, css class, title)`` span in a ``<mark>`` (spans must not overlap)."""
    out: list[str] = []
    at = 0
    for start, end, css, title in sorted(spans):
        if start < at:
            continue
        out.append(str(escape(text[at:start])))
        out.append(f'<mark class="{escape(css)}" title="{escape(title)}">{escape(text[start:end])}</mark>')
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


def _finding_spans(findings: Sequence[Finding], field: str) -> list[tuple[int, int, str, str]]:
    spans = []
    for f in findings:
        if isinstance(f, ComplianceFinding | StillInFrench) and f.field == field:
            spans.append((f.start, f.end, f"finding {f.severity.value}", words.reason(f)))
    return spans


def _glossary_spans(hits: Sequence[GlossaryHit]) -> list[tuple[int, int, str, str]]:
    return [(h.start, h.end, "glossary", f"{h.term.fr} → {h.term.rendering}") for h in hits]


def _finding_rows(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Each finding as the page lists it: severity, field, the words at fault, the reason in the reader's language."""
    rows = []
    for finding in findings:
        shown = finding_as_json(finding)
        rows.append({**shown, "reason": words.reason(finding)})
    return rows


def _glossary_rows(found: JobReview) -> list[dict[str, Any]]:
    missing = {(f.term.id, f.field) for f in found.glossary_findings}
    return [
        {
            "fr": m.term.fr,
            "rendering": m.term.rendering,
            "keep": m.term.keep,
            "global": m.term.is_global,
            "rendered": not any((m.term.id, field) in missing for field in m.fields),
        }
        for m in found.glossary
    ]


def _job_context(found: JobReview, *, form: dict[str, str] | None = None) -> dict[str, Any]:
    job = found.job
    findings = found.findings
    terms = [m.term for m in found.glossary]
    return {
        "job": job,
        "review": found,
        "form": form or {"title": found.title, "description": found.description},
        "findings": _finding_rows(findings),
        "glossary": _glossary_rows(found),
        "french": {
            name: marked(job.sources[name], _glossary_spans(find_terms(job.sources[name], terms, field=name)))
            for name in FIELDS
        },
        "chinese": {name: marked(getattr(found, name), _finding_spans(findings, name)) for name in FIELDS},
        "rules_as_of": compliance_rules().as_of,
        "is_open": job.status is JobStatus.OPEN,
    }


def _names() -> dict[str, Any]:
    return {
        "status_names": words.status_names(),
        "draft_state_names": words.draft_state_names(),
        "origin_names": words.origin_names(),
        "severity_names": words.severity_names(),
        "field_names": words.field_names(),
    }


def _flashes(request: Request, error: ComptoirError | None) -> list[tuple[str, str]]:
    if error is not None:
        return [("error", sentence_for(error))]
    message = words.done_messages().get(request.query_params.get("done") or "")
    return [("ok", message)] if message else []


def _page(
    request: Request, template: str, context: dict[str, Any], *, error: ComptoirError | None = None
) -> HTMLResponse:
    values = {**_names(), "flashes": _flashes(request, error), **context}
    return render(request, template, values, status=error.status if error else 200)


@router.get(QUEUE, response_class=HTMLResponse)
async def queue(
    request: Request,
    runtime: RuntimeDep,
    principal: InPartnerSpace,
    status: Annotated[str, Query(pattern="^(" + "|".join(STATUS_FILTERS) + ")$")] = "open",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    chosen = None if status == "all" else JobStatus(status)

    async def read(uow: UnitOfWork) -> tuple[list[catalog.StoreSummary], list[TranslationJob], str | None]:
        stores = await catalog.stores_operated_by(uow, principal)
        jobs, next_cursor = await services.translation_queue(uow, principal, status=chosen, cursor=cursor)
        return stores, jobs, next_cursor

    stores, jobs, next_cursor = await transact(runtime, read)
    return _page(
        request,
        "localization/queue.html",
        {
            "stores": stores,
            "jobs": jobs,
            "next_cursor": next_cursor,
            "status": status,
            "filters": STATUS_FILTERS,
        },
    )


JOB_PATH = QUEUE + "/{job_id}"
JobIdPath = Annotated[str, Path(pattern=id_pattern("trj"))]


async def _job_page(
    request: Request,
    runtime: RuntimeDep,
    principal: Principal,
    job_id: str,
    *,
    form: dict[str, str] | None = None,
    comment: str = "",
    error: ComptoirError | None = None,
) -> HTMLResponse:
    """The job page; after a refusal, with what was typed, reviewed as it was typed."""
    typed = form or {}
    found = await transact(
        runtime,
        lambda uow: services.translation_job(
            uow, principal, job_id=job_id, title=typed.get("title"), description=typed.get("description")
        ),
    )
    context = _job_context(found, form=form)
    context["comment"] = comment
    return _page(request, "localization/job.html", context, error=error)


@router.get(JOB_PATH, response_class=HTMLResponse)
async def job_page(request: Request, job_id: JobIdPath, runtime: RuntimeDep, principal: InPartnerSpace) -> HTMLResponse:
    return await _job_page(request, runtime, principal, job_id)


@router.post(JOB_PATH)
async def save_or_approve(
    request: Request,
    job_id: JobIdPath,
    runtime: RuntimeDep,
    principal: InPartnerSpace,
    title: str = Form(default=""),
    description: str = Form(default=""),
    action: str = Form(default="save"),
) -> Response:
    """Save the Chinese (``action=save``) or approve it (``action=approve``), from the one form."""
    approving = action == "approve"
    try:
        if approving:
            await transact(
                runtime,
                lambda uow: services.approve(uow, principal, job_id=job_id, title=title, description=description),
            )
        else:
            await transact(
                runtime,
                lambda uow: services.save_edit(uow, principal, job_id=job_id, title=title, description=description),
            )
    except (InvalidInput, Conflict) as error:
        form = {"title": title, "description": description}
        return await _job_page(request, runtime, principal, job_id, form=form, error=error)
    return _see_other(request, QUEUE + f"/{job_id}", done="approved" if approving else "saved")


@router.post(JOB_PATH + "/send-back")
async def send_back(
    request: Request,
    job_id: JobIdPath,
    runtime: RuntimeDep,
    principal: InPartnerSpace,
    comment: str = Form(default=""),
) -> Response:
    """Send the French back to the seller, with the comment that says what to change."""
    try:
        await transact(runtime, lambda uow: services.send_back(uow, principal, job_id=job_id, comment=comment))
    except (InvalidInput, Conflict) as error:
        return await _job_page(request, runtime, principal, job_id, comment=comment, error=error)
    return _see_other(request, QUEUE + f"/{job_id}", done="sent_back")
