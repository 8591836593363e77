"""Localization in the reader's language: statuses, draft origins, severities, and the reasons of findings.

The reasons of the compliance rules are written in English in the rules' data file
(``localization/data/compliance_terms.toml``); the same sentences are listed here so that ``make
messages`` extracts them, and a test checks that both lists are the same.
"""

from __future__ import annotations

from comptoir.kernel.errors import N_
from comptoir.kernel.i18n import gettext as _
from comptoir.localization.domain import Finding, GlossaryFinding

#: Every reason a finding can give, English source, for the translation catalogs.
REASONS = (
    N_(
        "Advertising Law art. 9: superlatives such as 最佳 or 最好 are absolute claims and are forbidden"
        " in advertising."
    ),
    N_(
        "Advertising Law art. 9: claiming to be number one, the first or the only one is an absolute claim,"
        " forbidden in advertising."
    ),
    N_("Advertising Law art. 9: grades such as 国家级 or 世界级 are absolute claims, forbidden in advertising."),
    N_("Advertising Law art. 9: absolute promises such as 绝对, 百分之百 or 万能 are forbidden in advertising."),
    N_("Advertising Law art. 17: only medicines and medical devices may claim to prevent or treat a disease."),
    N_(
        "Food Safety Law art. 73: an ordinary food may not claim a health function; only a registered health food"
        " (保健食品) may."
    ),
    N_(
        "Advertising Law art. 20: food for infants may not be advertised as replacing breast milk, in whole or in part."
    ),
    N_(
        "Cosmetics Regulations art. 37: a cosmetic may not claim a medical effect; such words suggest it treats the"
        " skin."
    ),
    N_(
        "Cosmetics Regulations art. 16: whitening, spot removal, sun protection, hair dye, perm and anti-hair-loss"
        " claims need a special-use cosmetics registration; approve only if the product holds one."
    ),
    N_("Glossary term %(fr)s must be rendered %(zh)s."),
    N_("Glossary term %(fr)s must stay untranslated, as %(fr)s."),
    N_("This sentence is still in French: translate it or remove it."),
)


def reason(finding: Finding) -> str:
    """The finding's reason in the reader's language."""
    if isinstance(finding, GlossaryFinding):
        return _(finding.reason) % finding.params
    return _(finding.reason)


def status_names() -> dict[str, str]:
    return {
        "open": _("to translate"),
        "sent_back": _("sent back to the seller"),
        "approved": _("approved"),
        "superseded": _("replaced by a newer French version"),
    }


def draft_state_names() -> dict[str, str]:
    return {
        "complete": _("complete draft"),
        "partial": _("partial draft"),
        "unavailable": _("machine draft unavailable"),
    }


def origin_names() -> dict[str, str]:
    return {
        "memory": _("from memory"),
        "memory_fuzzy": _("close memory match: check it"),
        "glossary": _("from the glossary"),
        "machine": _("machine translation"),
        "untranslated": _("still in French"),
    }


def severity_names() -> dict[str, str]:
    return {"blocking": _("blocks approval"), "warning": _("check before approving")}


def field_names() -> dict[str, str]:
    return {"title": _("Title"), "description": _("Description")}


def done_messages() -> dict[str, str]:
    return {
        "saved": _("Your Chinese is saved; the job stays open."),
        "approved": _("Approved: the Chinese page is with the catalog, and the memory learnt its sentences."),
        "sent_back": _("Sent back: the seller reads your comment and submits the French again."),
    }
