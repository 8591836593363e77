"""Localization: the partner's side of Chinese content — translation jobs with their machine draft, the
glossary, the translation memory, the translator port and the compliance lint.

Other capabilities and the demo reach localization through these names only:

- the use cases, each ``verb(uow, principal?, *, ...)`` inside the caller's unit of work:
  :func:`translation_queue`, :func:`translation_job`, :func:`save_edit`, :func:`approve`,
  :func:`send_back`, the glossary's :func:`glossary_terms`, :func:`add_glossary_term`,
  :func:`change_glossary_term`, :func:`remove_glossary_term` and :func:`seed_glossary` (with
  :class:`SeedTerm`), and :func:`open_job_for`, which drafts a product's French and opens its job;
- the outbox handler of ``catalog.ProductSubmitted``, made by :func:`product_submitted_handler`;
- the translator port :class:`Translator`, its failure :class:`TranslationUnavailable`, the offline
  default :class:`OfflineTranslator` and the :class:`FakeTranslator` that misbehaves on demand;
- the pure lint :func:`compliance_rules` and what jobs are: :class:`TranslationJob`, :class:`JobStatus`,
  :class:`JobReview`, :class:`GlossaryTerm`.

Refusals are the kernel's ``ComptoirError`` subclasses with stable codes, drawn as a tree in
``localization/errors.py``. The entry points assemble ``api_router``, ``pages_router``, ``SPACES`` and
``cli_app``; no capability uses those.
"""

from comptoir.localization.api import router as api_router
from comptoir.localization.cli import app as cli_app
from comptoir.localization.domain import GlossaryTerm, JobReview, JobStatus, TranslationJob, compliance_rules
from comptoir.localization.errors import ContentNotCompliant
from comptoir.localization.handlers import open_job_for, product_submitted_handler
from comptoir.localization.pages import SPACES
from comptoir.localization.pages import router as pages_router
from comptoir.localization.services import (
    SeedTerm,
    add_glossary_term,
    approve,
    change_glossary_term,
    glossary_terms,
    remove_glossary_term,
    save_edit,
    seed_glossary,
    send_back,
    translation_job,
    translation_queue,
)
from comptoir.localization.translator import FakeTranslator, OfflineTranslator, TranslationUnavailable, Translator

__all__ = [
    "SPACES",
    "ContentNotCompliant",
    "FakeTranslator",
    "GlossaryTerm",
    "JobReview",
    "JobStatus",
    "OfflineTranslator",
    "SeedTerm",
    "TranslationJob",
    "TranslationUnavailable",
    "Translator",
    "add_glossary_term",
    "api_router",
    "approve",
    "change_glossary_term",
    "cli_app",
    "compliance_rules",
    "glossary_terms",
    "open_job_for",
    "pages_router",
    "product_submitted_handler",
    "remove_glossary_term",
    "save_edit",
    "seed_glossary",
    "send_back",
    "translation_job",
    "translation_queue",
]
