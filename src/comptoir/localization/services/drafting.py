"""Opening a translation job with its machine draft, when the catalog says a product's French is ready.

The handler of ``catalog.ProductSubmitted`` runs in three steps, so that a translator (which may be a
remote service) never holds a transaction open: :func:`drafting_material` reads what the draft needs,
:func:`machine_draft` asks the translator, and :func:`open_translation_job` writes the job. Each step
is idempotent on the product and its French version: a job for that version already there, or one
for a newer version, and nothing is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from comptoir import catalog
from comptoir.kernel.ids import new_id
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.localization import repository as repo
from comptoir.localization.domain import (
    DEFAULT_THRESHOLD,
    FIELDS,
    DraftSegment,
    DraftState,
    GlossaryTerm,
    JobStatus,
    Segment,
    TranslationJob,
    TranslationMemory,
    assemble,
    brand_name_term,
    draft_state,
    french_sentences,
)
from comptoir.localization.translator import TranslatorFactory

log = logging.getLogger("comptoir.localization")


@dataclass(frozen=True, slots=True)
class DraftingMaterial:
    """What a machine draft of one French version is made from."""

    source: catalog.TranslationSource
    terms: list[GlossaryTerm]
    memory: TranslationMemory

    @property
    def sources(self) -> dict[str, str]:
        return {"title": self.source.title_fr, "description": self.source.description_fr}

    def segments(self) -> dict[str, list[Segment]]:
        return {name: french_sentences(self.sources[name]) for name in FIELDS}


async def _already_drafted(uow: UnitOfWork, *, product_id: str, source_version: int) -> bool:
    """A job of this French version, or of a newer one, exists already."""
    newest = await repo.newest_version(uow.session, product_id=product_id)
    return newest is not None and newest >= source_version


async def drafting_material(uow: UnitOfWork, *, product_id: str) -> DraftingMaterial | None:
    """The product's current French, its glossary and its memory; ``None`` when a job already has it."""
    source = await catalog.translation_source(uow, product_id=product_id)
    if await _already_drafted(uow, product_id=source.product_id, source_version=source.source_version):
        return None
    terms = await repo.terms_for(uow.session, brand_org_id=source.brand_org_id)
    owner = source.brand_org_id or source.store_id
    terms.append(brand_name_term(owner=owner, name=source.brand_name, name_zh=source.brand_name_zh))
    texts = [s.text for text in (source.title_fr, source.description_fr) for s in french_sentences(text)]
    entries = await repo.memory_candidates(
        uow.session, brand_org_id=source.brand_org_id, segments=texts, threshold=DEFAULT_THRESHOLD
    )
    return DraftingMaterial(source, terms, TranslationMemory(entries))


async def machine_draft(material: DraftingMaterial, *, translators: TranslatorFactory) -> list[DraftSegment]:
    """The translator's draft, sentence by sentence; none when it failed (the job opens without one)."""
    by_field = material.segments()
    ordered = [(name, segment) for name in FIELDS for segment in by_field[name]]
    if not ordered:
        return []
    try:
        translator = translators(material.memory)
        drafts = await translator.translate([s.text for _, s in ordered], glossary=material.terms)
    except Exception:
        # Whatever the adapter raised, the job opens without a machine draft; the partner is told so.
        log.exception("machine draft unavailable for product %s", material.source.product_id)
        return []
    if len(drafts) != len(ordered):
        log.error("the translator answered %d drafts for %d segments; draft dropped", len(drafts), len(ordered))
        return []
    return [
        DraftSegment(field=name, source=segment.text, text=draft.text, origin=draft.origin, score=draft.score)
        for (name, segment), draft in zip(ordered, drafts, strict=True)
    ]


def _draft_texts(material: DraftingMaterial, segments: list[DraftSegment]) -> dict[str, str | None]:
    if not segments:
        return {name: None for name in FIELDS}
    by_field = material.segments()
    texts: dict[str, str | None] = {}
    for name in FIELDS:
        drafted = [s.text for s in segments if s.field == name]
        texts[name] = assemble(material.sources[name], by_field[name], drafted)
    return texts


async def open_translation_job(
    uow: UnitOfWork, *, material: DraftingMaterial, segments: list[DraftSegment]
) -> TranslationJob | None:
    """Open the job of ``material``'s French version with its draft; older versions' open jobs are superseded.

    ``None`` when a job of this version, or a newer one, is there already (the event was delivered again).
    """
    source = material.source
    if await _already_drafted(uow, product_id=source.product_id, source_version=source.source_version):
        return None
    now = uow.clock.now()
    await repo.supersede_older(uow.session, product_id=source.product_id, below_version=source.source_version, now=now)
    texts = _draft_texts(material, segments)
    job_id = new_id("trj")
    state = draft_state(segments) if segments or not any(material.sources.values()) else DraftState.UNAVAILABLE
    await repo.insert_job(
        uow.session,
        {
            "id": job_id,
            "product_id": source.product_id,
            "store_id": source.store_id,
            "operator_org_id": source.operator_org_id,
            "brand_org_id": source.brand_org_id,
            "brand_name": source.brand_name,
            "brand_name_zh": source.brand_name_zh,
            "category": str(source.category),
            "source_version": source.source_version,
            "title_fr": source.title_fr,
            "description_fr": source.description_fr,
            "draft_title_zh": texts["title"],
            "draft_description_zh": texts["description"],
            "draft_state": state.value,
            "draft_segments": repo.segments_json(segments),
            "edited_title_zh": None,
            "edited_description_zh": None,
            "status": JobStatus.OPEN.value,
            "comment": None,
            "created_at": now,
            "updated_at": now,
            "updated_by": "system",
        },
    )
    return await repo.job_by_id(uow.session, job_id)
