"""Which passwords Comptoir keeps, following NIST SP 800-63B.

Any character is allowed and there is no composition rule (no "one digit, one capital"):
length is what makes a password hard to guess. What is refused is what an attacker tries
first: passwords from a list of common and breached ones, one character repeated, a
sequence such as ``12345678`` or ``abcdefgh``, whitespace only, and the account's own
email address or organisation name. Each refusal is a :class:`WeakPassword` whose code
says which rule it broke, so a page can say it in the reader's language.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from functools import cache
from importlib import resources

from comptoir.identity.errors import WeakPassword

MIN_PASSWORD_LENGTH = 8
#: NIST asks to allow at least 64 characters; the cap only keeps hashing cheap for absurd inputs.
MAX_PASSWORD_LENGTH = 1024
_COMMON_FILE = "common-passwords.txt.gz"
_DIGITS = "0123456789" * 3
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_SEQUENCES = (_DIGITS, _DIGITS[::-1], _LETTERS, _LETTERS[::-1])
#: Words everyone tries against this site whatever the account.
_SITE_WORDS = ("comptoir",)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common and breached passwords, lowercased (loaded once, on first use)."""
    data = resources.files("comptoir.identity").joinpath("data", _COMMON_FILE).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _core(text: str) -> str:
    """Letters and digits only, case-folded: how people vary a word they reuse ("Maison-Delaunay!")."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _is_repeated_pattern(value: str) -> bool:
    """One character or a block of up to three repeated over the whole password ("aaaa…", "abab…", "123123…")."""
    return any(len(value) % n == 0 and value == value[:n] * (len(value) // n) for n in (1, 2, 3))


def _is_sequence(value: str) -> bool:
    return any(value in sequence for sequence in _SEQUENCES)


def _account_words(context: Iterable[str]) -> set[str]:
    words = {_core(w) for w in _SITE_WORDS}
    for item in context:
        words.add(_core(item))
        if "@" in item:
            words.add(_core(item.split("@", 1)[0]))
    return {w for w in words if len(w) >= 3}


def check_password(password: str, *, context: Iterable[str] = ()) -> str:
    """``password`` if Comptoir may keep it, else :class:`WeakPassword` naming the broken rule.

    ``context`` holds what identifies the account (its email, its organisation's name):
    a password that is one of them, give or take case, punctuation and trailing digits,
    is refused. Codes: ``password_too_short``, ``password_too_long``, ``password_too_simple``
    (whitespace only, a repeated character or block, a sequence), ``password_too_common``
    (on the shipped list) and ``password_like_account``.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters",
            code="password_too_short",
            minimum=MIN_PASSWORD_LENGTH,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(
            f"a password is at most {MAX_PASSWORD_LENGTH} characters",
            code="password_too_long",
            maximum=MAX_PASSWORD_LENGTH,
        )
    lowered = password.casefold()
    if not password.strip() or _is_repeated_pattern(lowered) or _is_sequence(lowered):
        raise WeakPassword(
            "this password is too easy to guess (a repeated character or a sequence)", code="password_too_simple"
        )
    if lowered in common_passwords() or lowered.strip() in common_passwords():
        raise WeakPassword("this password is on the list of common and breached passwords", code="password_too_common")
    core = _core(password)
    words = _account_words(context)
    if core in words or core.rstrip("0123456789") in words:
        raise WeakPassword(
            "this password is too close to the account's email or organisation name", code="password_like_account"
        )
    return password
