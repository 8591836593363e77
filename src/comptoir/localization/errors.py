"""Errors of the localization capability: translation jobs, their review, and the glossary (stable codes).

ComptoirError
 ├── InvalidInput (422)
 │    ├── ContentNotCompliant      content_not_compliant          blocking findings remain; ``findings`` lists each
 │    ├── TranslationIncomplete    translation_incomplete         a title (or description) left empty
 │    ├── CommentRequired          comment_required               sending back needs a comment for the seller
 │    └── GlossaryTermInvalid      glossary_term_invalid          a term without its French or its Chinese
 ├── PermissionDenied (403)
 │    ├── GlobalGlossaryDenied     global_glossary_operator_only  only the platform operator edits global terms
 │    └── PartnersOnly             translations_for_partners      the translation pages are the partner's
 ├── NotFound (404)
 │    └── LocalizationNotFound     translation_job_not_found | glossary_term_not_found
 └── Conflict (409)
      ├── JobClosed                translation_job_closed         the job was approved, sent back or superseded
      └── GlossaryTermExists       glossary_term_exists           the owner already has a term for this French

Refusals of the store's operator come from the catalog (``store_not_operated``, 403), and a French text
that changed since the job opened from the catalog too (``translation_source_changed``, 409).
"""

from __future__ import annotations

from typing import Any

from comptoir.kernel.errors import N_, Conflict, InvalidInput, NotFound, PermissionDenied, declared


class ContentNotCompliant(InvalidInput):
    """Approval refused: blocking findings remain in the Chinese; ``findings`` lists every one of them."""

    code = "content_not_compliant"
    title = N_("The Chinese content cannot be approved yet")
    sentence = N_(
        "Some findings block the approval: fix each one listed (absolute or health claims, glossary terms,"
        " sentences still in French), then approve again."
    )

    def __init__(self, findings: list[dict[str, Any]]) -> None:
        first = findings[0] if findings else {"reason": "no details"}
        super().__init__(f"{len(findings)} blocking finding(s); first: {first.get('term', '')} {first['reason']}")
        self.findings = list(findings)
        self.extra = {"findings": self.findings}


class TranslationIncomplete(InvalidInput):
    code = "translation_incomplete"
    title = N_("The Chinese content is incomplete")
    sentence = N_("Write the Chinese title and description before approving.")


class CommentRequired(InvalidInput):
    code = "comment_required"
    title = N_("Say what to change")
    sentence = N_("Tell the seller what to change in the French (3 to 2000 characters).")


class GlossaryTermInvalid(InvalidInput):
    code = "glossary_term_invalid"
    title = N_("Invalid glossary term")
    sentence = N_("Give the French term and its Chinese rendering (or keep it untranslated), 1 to 120 characters each.")


class GlobalGlossaryDenied(PermissionDenied):
    code = "global_glossary_operator_only"
    title = N_("Only the platform operator edits the global glossary")
    sentence = N_(
        "Only the platform operator adds or changes global glossary terms; add this one to a brand's glossary."
    )


class LocalizationNotFound(NotFound):
    codes = declared(
        translation_job_not_found=N_("There is no such translation job."),
        glossary_term_not_found=N_("There is no such glossary term."),
    )


class JobClosed(Conflict):
    code = "translation_job_closed"
    title = N_("This translation job is closed")
    sentence = N_("This translation was already approved, sent back or replaced by a newer French version.")


class GlossaryTermExists(Conflict):
    code = "glossary_term_exists"
    title = N_("The glossary already has this term")
    sentence = N_("This glossary already has a term for this French word; change that one instead.")


class PartnersOnly(PermissionDenied):
    code = "translations_for_partners"
    title = N_("This space is for accredited partners")
    sentence = N_(
        "The translation queue is for accredited partners, who write the Chinese pages of the stores they run."
    )
