"""How long each text a person types into identity may be: one table, read by every layer.

The form's ``minlength``/``maxlength`` and help text, the API's schema (``Field(min_length=…,
max_length=…)``), the services' check and the sentence beside a refused field all take their
figures from :data:`TEXT_FIELDS`, so they cannot disagree. Lengths count characters (code points)
of the text as it is kept: trimmed, and with whitespace collapsed where the service does so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from comptoir.identity.errors import InvalidProfile
from comptoir.kernel.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class TextField:
    """The shortest and longest a typed text may be (``min_length`` 0: it may be left empty)."""

    min_length: int
    max_length: int


TEXT_FIELDS: Mapping[str, TextField] = MappingProxyType(
    {
        "organisation_name": TextField(2, 120),
        "api_key_name": TextField(1, 80),
        "name_zh": TextField(0, 120),
        "story_zh": TextField(0, 4000),
        "story_fr": TextField(0, 4000),
        "website": TextField(0, 500),
        "description_zh": TextField(1, 4000),
        "description_fr": TextField(1, 4000),
        "decision_reason": TextField(3, 500),
    }
)


def check_length(value: str, *, spec: str, field: str | None = None, error: type[InvalidInput] = InvalidProfile) -> str:
    """``value`` if its length is within ``TEXT_FIELDS[spec]``, else ``error`` naming ``field``.

    The code is ``text_too_long`` (with ``limit``, the most allowed) or ``text_too_short`` (with
    ``minimum``, the fewest), so that a form can say the figure beside the field.
    """
    limits = TEXT_FIELDS[spec]
    if len(value) > limits.max_length:
        raise error(
            f"the {spec} is at most {limits.max_length} characters",
            code="text_too_long",
            field=field,
            limit=limits.max_length,
        )
    if len(value) < limits.min_length:
        raise error(
            f"the {spec} is at least {limits.min_length} characters",
            code="text_too_short",
            field=field,
            minimum=limits.min_length,
        )
    return value
