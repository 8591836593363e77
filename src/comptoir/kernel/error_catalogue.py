"""Every code Comptoir answers, and what people are told: the catalogue's sentence, in their language.

Codes are declared where they are raised (each capability's ``errors.py``, and the edge's own answers
in :mod:`comptoir.kernel.http`); this module turns a refusal into its sentence for a page or a form,
and draws the catalogue as Markdown for ``docs/errors.md`` (``comptoir errors`` prints it).
"""

from __future__ import annotations

from comptoir.kernel.errors import CATALOGUE, ComptoirError, ErrorCode
from comptoir.kernel.i18n import gettext


def sentence_for(error: ComptoirError) -> str:
    """The sentence people are shown for ``error``, translated, with its values filled in."""
    template = gettext(error.people_sentence)
    values = {name: value for name, value in error.extra.items() if isinstance(value, str | int)}
    try:
        return template % values
    except (KeyError, ValueError, TypeError):
        # A sentence naming a value this raise did not give: say the class's general sentence instead.
        return gettext(type(error).sentence)


def catalogue() -> list[ErrorCode]:
    """Every declared code, by HTTP status then code."""
    return sorted(CATALOGUE.values(), key=lambda entry: (entry.status, entry.code))


def catalogue_markdown() -> str:
    """``docs/errors.md``: one row per code, with its status, title and sentence."""
    lines = [
        "# Error codes",
        "",
        "Every refusal Comptoir answers carries one of these stable codes: in the `code` of an API problem",
        "document (RFC 9457), beside an `error:` line of the command line, and on pages as the sentence",
        "below, translated into the reader's language. Values in `%(…)s` come from the refusal itself.",
        "This file is drawn from the code by `comptoir errors`; a test keeps it current.",
        "",
        "| code | HTTP | title | what people are told | declared by |",
        "|---|---|---|---|---|",
    ]
    for entry in catalogue():
        sentence = entry.sentence.replace("|", "\\|").replace("%%", "%")
        lines.append(f"| `{entry.code}` | {entry.status} | {entry.title} | {sentence} | `{entry.declared_by}` |")
    return "\n".join(lines) + "\n"
