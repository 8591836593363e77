"""Text a person typed: one rule for every free-text field, stated once for validation and for the schema.

Refused anywhere: C0 and C1 control characters (NUL among them, which PostgreSQL cannot store)
except tab, and newline/carriage return in multi-line fields; Unicode bidirectional overrides and
isolates (U+202A-U+202E, U+2066-U+2069), which make a name read differently from what it is.
Refused as a name: text with nothing visible, only spaces and zero-width characters
(U+200B-U+200D, U+2060, U+FEFF).

``check_text`` applies the rule in services and domain code; ``SingleLine`` and ``MultiLine``
are the same rule as Pydantic types for API models, with a ``pattern`` in the schema that says
exactly what they accept (validation itself runs ``check_text``, for a sentence instead of a regex).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

_C0 = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f"
_C1 = "\\x7f-\\x9f"
_BIDI = "\\u202a-\\u202e\\u2066-\\u2069"
_INVISIBLE = "\\u200b-\\u200d\\u2060\\ufeff"
_SPACE = "\\t\\n\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\v\\f"

_FORBIDDEN_SINGLE = _C0 + "\\n\\r" + _C1 + _BIDI
_FORBIDDEN_MULTI = _C0 + _C1 + _BIDI

#: Patterns in the dialect JSON Schema and Pydantic share (no look-around).
SINGLE_LINE_PATTERN = f"^[^{_FORBIDDEN_SINGLE}]*[^{_FORBIDDEN_SINGLE}{_SPACE}{_INVISIBLE}][^{_FORBIDDEN_SINGLE}]*$"
MULTI_LINE_PATTERN = f"^[^{_FORBIDDEN_MULTI}]*[^{_FORBIDDEN_MULTI}{_SPACE}{_INVISIBLE}][^{_FORBIDDEN_MULTI}]*$"
#: Optional text (a field that may be emptied): the forbidden characters only.
OPTIONAL_SINGLE_LINE_PATTERN = f"^[^{_FORBIDDEN_SINGLE}]*$"
OPTIONAL_MULTI_LINE_PATTERN = f"^[^{_FORBIDDEN_MULTI}]*$"

_FORBIDDEN_SINGLE_RE = re.compile(f"[{_FORBIDDEN_SINGLE}]")
_FORBIDDEN_MULTI_RE = re.compile(f"[{_FORBIDDEN_MULTI}]")
_VISIBLE_RE = re.compile(f"[^{_FORBIDDEN_MULTI}{_SPACE}{_INVISIBLE}]")


class TextRefused(ValueError):
    """Text that breaks the rule; the message says which part, in a sentence."""


def check_text(value: str, *, multiline: bool = False, required: bool = True) -> str:
    """``value`` unchanged if it follows the rule, else :class:`TextRefused`."""
    forbidden = _FORBIDDEN_MULTI_RE if multiline else _FORBIDDEN_SINGLE_RE
    found = forbidden.search(value)
    if found is not None:
        kind = "direction override" if "\u202a" <= found.group() <= "\u2069" else "control character"
        raise TextRefused(f"contains a {kind} (U+{ord(found.group()):04X}), which is not allowed here")
    if required and not _VISIBLE_RE.search(value):
        raise TextRefused("has nothing visible in it")
    return value


def _single(value: str) -> str:
    return check_text(value)


def _multi(value: str) -> str:
    return check_text(value, multiline=True)


def _optional_single(value: str) -> str:
    return check_text(value, required=False)


def _optional_multi(value: str) -> str:
    return check_text(value, multiline=True, required=False)


SingleLine = Annotated[str, AfterValidator(_single), Field(json_schema_extra={"pattern": SINGLE_LINE_PATTERN})]
MultiLine = Annotated[str, AfterValidator(_multi), Field(json_schema_extra={"pattern": MULTI_LINE_PATTERN})]
OptionalSingleLine = Annotated[
    str, AfterValidator(_optional_single), Field(json_schema_extra={"pattern": OPTIONAL_SINGLE_LINE_PATTERN})
]
OptionalMultiLine = Annotated[
    str, AfterValidator(_optional_multi), Field(json_schema_extra={"pattern": OPTIONAL_MULTI_LINE_PATTERN})
]
