"""One rule for the text a person types into the catalog (names, descriptions, labels, comments)."""

from __future__ import annotations

from typing import Any

from comptoir.catalog.errors import FieldProblem
from comptoir.kernel.text import TextRefused, check_text


def check_field(
    problems: list[FieldProblem], name: str, value: Any, *, limit: int, multiline: bool = False, required: bool = True
) -> str | None:
    """``value`` stripped, or None with its problem added to ``problems`` (blank counts as missing)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(FieldProblem(name, "required", "is required"))
        return None
    if not isinstance(value, str):
        problems.append(FieldProblem(name, "invalid_text", "must be text"))
        return None
    text: str = value.strip()
    try:
        check_text(text, multiline=multiline)
    except TextRefused as refused:
        problems.append(FieldProblem(name, "invalid_text", str(refused)))
        return None
    if len(text) > limit:
        problems.append(FieldProblem(name, "too_long", f"is longer than {limit} characters"))
        return None
    return text
