"""Reading the pages' forms as a browser without JavaScript would: hidden fields and field errors."""

from __future__ import annotations

import html
import re


def field_value(page: str, name: str) -> str:
    """The value of the form field ``name`` (a hidden CSRF token, a pre-filled input)."""
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} field in the page"
    return found.group(1)


def field_error(page: str, field: str) -> str:
    """The refusal shown under a field of the form ('' when there is none)."""
    found = re.search(rf'<p class="field-error" id="{field}-error"[^>]*>([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else ""
