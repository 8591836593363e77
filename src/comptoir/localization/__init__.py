"""Localization: the partner's side of Chinese content — translation jobs, the glossary, the translation
memory, the translator port and the compliance lint.

So far: the pure rules (:mod:`comptoir.localization.domain`) and the translator port, with its offline
default :class:`OfflineTranslator` and the :class:`FakeTranslator` that misbehaves on demand.
"""

from comptoir.localization.domain import GlossaryTerm, JobReview, JobStatus, TranslationJob, compliance_rules
from comptoir.localization.translator import FakeTranslator, OfflineTranslator, TranslationUnavailable, Translator

__all__ = [
    "FakeTranslator",
    "GlossaryTerm",
    "JobReview",
    "JobStatus",
    "OfflineTranslator",
    "TranslationJob",
    "TranslationUnavailable",
    "Translator",
    "compliance_rules",
]
