"""What a form says about the length of its text fields: the limits beside the label, the refusal beside the field.

The figures come from identity's ``TEXT_FIELDS`` through the refusal itself (``limit`` of
``text_too_long``, ``minimum`` of ``text_too_short``, filled into the catalogue's sentence), so the
sentence always names the limit the service enforced. Page forms read their fields without a
length of their own (the request body limit bounds memory): a text too long reaches the service
and comes back as the form, filled, with this sentence beside the field, instead of a validation
error raised before the page could answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from comptoir.identity.domain import TEXT_FIELDS
from comptoir.identity.pages.forms import message_for
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _


def sentence_beside(error: ComptoirError) -> str:
    """The sentence shown beside the field ``error`` is about: its code's, from the error catalogue."""
    return message_for(error)


def errors_beside(
    error: ComptoirError | None, *, shown: Iterable[str] | None = None, under: str | None = None
) -> dict[str, str]:
    """``{field: sentence}`` for a refusal about a field the form shows (``shown``; None: any), else nothing.

    With nothing beside a field, the page says the refusal on top. ``under`` is the name the form
    shows the error under, when it is not the field's own (a table row's ``reason-<id>``).
    """
    named = None if error is None else error.extra.get("field")
    if error is None or not isinstance(named, str) or (shown is not None and named not in shown):
        return {}
    return {under or named: sentence_beside(error)}


def length_hints() -> dict[str, str]:
    """For each of identity's text fields, its limits as a label says them ("2 to 120 characters")."""
    hints = {}
    for name, limits in TEXT_FIELDS.items():
        if limits.min_length > 1:
            hints[name] = _("%(fewest)s to %(most)s characters") % {
                "fewest": limits.min_length,
                "most": limits.max_length,
            }
        else:
            hints[name] = _("at most %(count)s characters") % {"count": limits.max_length}
    return hints
