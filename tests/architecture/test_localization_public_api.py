"""The localization capability's public names are pinned: the demo, the wiring and the entry points reach it
through these, and through nothing else (import-linter's protected contract says so)."""

from __future__ import annotations

import comptoir.localization

PUBLIC = [
    # what the entry points assemble
    "SPACES",
    "api_router",
    "cli_app",
    "pages_router",
    # the outbox handler of catalog.ProductSubmitted, and the use case it runs
    "open_job_for",
    "product_submitted_handler",
    # the partner's use cases
    "approve",
    "save_edit",
    "send_back",
    "translation_job",
    "translation_queue",
    # the glossary's
    "SeedTerm",
    "add_glossary_term",
    "change_glossary_term",
    "glossary_terms",
    "remove_glossary_term",
    "seed_glossary",
    # the translator port, its failure, its offline default and its fake
    "FakeTranslator",
    "OfflineTranslator",
    "TranslationUnavailable",
    "Translator",
    # what they take and give, the lint, and the refusal of an approval
    "ContentNotCompliant",
    "GlossaryTerm",
    "JobReview",
    "JobStatus",
    "TranslationJob",
    "compliance_rules",
]


def test_the_localization_public_names_are_exactly_these() -> None:
    assert sorted(comptoir.localization.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(comptoir.localization, name) is not None
