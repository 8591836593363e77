"""The audit log as people read it: one whole sentence per entry, in the reader's language.

Services record stable action names (``brand_profile.updated``) and English field names
(``name_zh``); pages show neither. :func:`action_sentences` is the one table of action ->
sentence, each a whole sentence with named placeholders so that a translator can put the
words in the order its language wants, in two forms: the organisation acting for itself, and
another (a partner) acting on its behalf. Lists inside a sentence (fields, scopes) are joined
by Babel with the reader's locale's own "and".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from babel.lists import format_list

from comptoir.identity.domain import AuditEntry
from comptoir.kernel import i18n
from comptoir.kernel.i18n import gettext as _


@dataclass(frozen=True, slots=True)
class ActionSentence:
    """What an action says, by the organisation itself (``own``) and by someone acting for it (``for_other``).

    Placeholders: ``%(actor)s`` (who acted), ``%(organisation)s`` (whose log it is), and those of the
    action's details (``%(fields)s``, ``%(partner)s``, ``%(scopes)s``...).
    """

    own: str
    for_other: str


def action_sentences() -> dict[str, ActionSentence]:
    """Every audited action, as whole sentences in the reader's language."""
    return {
        "brand_profile.updated": ActionSentence(
            _("%(actor)s changed %(fields)s."),
            _("%(actor)s on behalf of %(organisation)s changed %(fields)s."),
        ),
        "delegation.granted": ActionSentence(
            _("%(actor)s granted %(partner)s a delegation: %(scopes)s."),
            _("%(actor)s on behalf of %(organisation)s granted %(partner)s a delegation: %(scopes)s."),
        ),
        "delegation.scopes_changed": ActionSentence(
            _("%(actor)s changed the delegation to %(partner)s from %(before)s to %(after)s."),
            _(
                "%(actor)s on behalf of %(organisation)s changed the delegation to %(partner)s"
                " from %(before)s to %(after)s."
            ),
        ),
        "delegation.revoked": ActionSentence(
            _("%(actor)s revoked the delegation to %(partner)s."),
            _("%(actor)s on behalf of %(organisation)s revoked the delegation to %(partner)s."),
        ),
        "api_key.created": ActionSentence(
            _("%(actor)s created the API key “%(key)s”."),
            _("%(actor)s on behalf of %(organisation)s created the API key “%(key)s”."),
        ),
        "api_key.revoked": ActionSentence(
            _("%(actor)s revoked the API key “%(key)s”."),
            _("%(actor)s on behalf of %(organisation)s revoked the API key “%(key)s”."),
        ),
        "partner.applied": ActionSentence(
            _("%(actor)s applied for accreditation."),
            _("%(actor)s on behalf of %(organisation)s applied for accreditation."),
        ),
        # The platform operator decides about a partner: it never acts "on its behalf".
        "partner.accredited": ActionSentence(
            _("%(actor)s accredited %(organisation)s."), _("%(actor)s accredited %(organisation)s.")
        ),
        "partner.suspended": ActionSentence(
            _("%(actor)s suspended %(organisation)s, saying: %(reason)s"),
            _("%(actor)s suspended %(organisation)s, saying: %(reason)s"),
        ),
        "partner.rejected": ActionSentence(
            _("%(actor)s rejected the application of %(organisation)s, saying: %(reason)s"),
            _("%(actor)s rejected the application of %(organisation)s, saying: %(reason)s"),
        ),
    }


def field_labels() -> dict[str, str]:
    """The brand profile's fields as they read inside a sentence ("changed the Chinese name")."""
    return {
        "name_zh": _("the Chinese name"),
        "story_zh": _("the Chinese story"),
        "story_fr": _("the French story"),
        "website": _("the website"),
    }


def _listed(items: Iterable[str]) -> str:
    chosen = list(items)
    return format_list(chosen, locale=i18n.babel_locale()) if chosen else "—"


def audit_sentence(entry: AuditEntry, *, scope_names: dict[str, str]) -> str:
    """The sentence that says what ``entry`` records, in the reader's language."""
    details = entry.details
    labels = field_labels()

    def scopes(key: str) -> str:
        value = details.get(key)
        return _listed(scope_names.get(str(s), str(s)) for s in value) if isinstance(value, list) else "—"

    values: dict[str, Any] = {
        "actor": entry.actor_organisation_name,
        "organisation": entry.organisation_name,
        "fields": _listed(labels.get(f, f) for f in details.get("fields", [])),
        "partner": details.get("partner_name", ""),
        "scopes": scopes("scopes"),
        "before": scopes("from"),
        "after": scopes("to"),
        "key": details.get("name", ""),
        "reason": details.get("reason", ""),
    }
    sentence = action_sentences().get(entry.action)
    if sentence is None:
        return _("%(actor)s did something this page cannot describe yet (%(action)s).") % {
            "actor": entry.actor_organisation_name,
            "action": entry.action,
        }
    return (sentence.for_other if entry.on_behalf else sentence.own) % values
