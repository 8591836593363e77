"""Reading the pages' forms as a browser without JavaScript would: hidden fields and field errors."""

from __future__ import annotations

import html
import re


def field_value(page: str, name: str, *, form: str | None = None) -> str:
    """The value of the form field ``name`` (a hidden CSRF token, a pre-filled input).

    With ``form``, only in the form posting to that path (a signed-in page's header also has a
    sign-out form with its own ``csrf_token``).
    """
    if form is not None:
        found_form = re.search(rf'<form[^>]*action="{re.escape(form)}"[^>]*>(.*?)</form>', page, re.S)
        assert found_form, f"no form posting to {form} in the page"
        page = found_form.group(1)
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} field in the page"
    return found.group(1)


def field_error(page: str, field: str) -> str:
    """The refusal shown under a field of the form ('' when there is none)."""
    found = re.search(rf'<p class="field-error" id="{field}-error"[^>]*>([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else ""
