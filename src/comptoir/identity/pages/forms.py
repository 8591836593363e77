"""Refusals shown beside the form field they are about, in the reader's language.

Services raise errors with stable codes and English details; a form shows the sentence
below for a code it knows, and the detail with its code otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from comptoir.identity.errors import InvalidEmail, WeakPassword
from comptoir.identity.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _


def _messages() -> dict[str, Callable[[], str]]:
    return {
        "password_too_short": lambda: _("Use at least %(count)s characters.") % {"count": MIN_PASSWORD_LENGTH},
        "password_too_long": lambda: _("Use at most %(count)s characters.") % {"count": MAX_PASSWORD_LENGTH},
        "password_too_simple": lambda: _(
            "This password is too easy to guess (one character repeated, or a sequence such as 12345678)."
        ),
        "password_too_common": lambda: _(
            "This password is one of the most common ones, which attackers try first. A few unrelated words make"
            " a good one."
        ),
        "password_like_account": lambda: _("This password is too close to your email or your organisation's name."),
        "invalid_email": lambda: _("Enter an email address such as name@example.com."),
        "text_not_allowed": lambda: _(
            "This field contains an invisible control character or a change of writing direction, which is not"
            " allowed here."
        ),
        "text_blank": lambda: _("Type something visible here: spaces and invisible characters alone do not count."),
    }


def field_errors(error: ComptoirError) -> dict[str, str]:
    """``{field: sentence}`` for an error that names its field, else nothing (the page shows it on top)."""
    named = error.extra.get("field")
    return {named: message_for(error)} if isinstance(named, str) else {}


def message_for(error: ComptoirError) -> str:
    """The sentence a form shows for ``error``."""
    known = _messages().get(error.code)
    return known() if known else f"{error.detail} ({error.code})"


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
