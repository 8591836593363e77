"""Refusals shown beside the form field they are about, in the reader's language.

Services raise errors with stable codes and English details; a form shows the sentence that
the code declares in the error catalogue, in the reader's language.
"""

from __future__ import annotations

from comptoir.identity.errors import InvalidEmail, WeakPassword
from comptoir.kernel.error_catalogue import sentence_for
from comptoir.kernel.errors import ComptoirError


def field_errors(error: ComptoirError) -> dict[str, str]:
    """``{field: sentence}`` for an error that names its field, else nothing (the page shows it on top)."""
    named = error.extra.get("field")
    return {named: message_for(error)} if isinstance(named, str) else {}


def message_for(error: ComptoirError) -> str:
    """The sentence a form shows for ``error``: its code's sentence in the error catalogue, translated."""
    return sentence_for(error)


def field_of(error: ComptoirError, *, default: str) -> str:
    """The form field an error is about: the one it names, else the one its kind is about, else ``default``."""
    named = error.extra.get("field")
    if isinstance(named, str):
        return named
    if isinstance(error, WeakPassword):
        return "password"
    if isinstance(error, InvalidEmail):
        return "email"
    return default
