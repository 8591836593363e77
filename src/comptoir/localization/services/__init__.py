"""Localization's use cases: each is ``verb(uow, principal?, *, ...)``, runs in the caller's unit of work and
never commits (entry points run them with :func:`comptoir.kernel.unit_of_work.transact`)."""

from __future__ import annotations

from comptoir.localization.services.drafting import (
    DraftingMaterial,
    drafting_material,
    machine_draft,
    open_translation_job,
)
from comptoir.localization.services.glossary import (
    SeedTerm,
    add_glossary_term,
    change_glossary_term,
    glossary_terms,
    remove_glossary_term,
    seed_glossary,
)
from comptoir.localization.services.jobs import (
    approve,
    save_edit,
    send_back,
    translation_job,
    translation_queue,
)

__all__ = [
    "DraftingMaterial",
    "SeedTerm",
    "add_glossary_term",
    "approve",
    "change_glossary_term",
    "drafting_material",
    "glossary_terms",
    "machine_draft",
    "open_translation_job",
    "remove_glossary_term",
    "save_edit",
    "seed_glossary",
    "send_back",
    "translation_job",
    "translation_queue",
]
