"""Which passwords an account may have (NIST SP 800-63B: length, no composition rules, no guessable ones)."""

from __future__ import annotations

import pytest

from comptoir.identity.domain import check_password
from comptoir.identity.errors import WeakPassword
from comptoir.identity.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, common_passwords

ACCOUNT = ["owner@delaunay.test", "Maison Delaunay"]


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("aaaaaaaa", "password_too_simple"),
        (" " * 8, "password_too_simple"),
        ("\t \n \t \n ", "password_too_simple"),
        ("12345678", "password_too_simple"),
        ("87654321", "password_too_simple"),
        ("abcdefgh", "password_too_simple"),
        ("ABCDEFGHIJ", "password_too_simple"),
        ("abababab", "password_too_simple"),
        ("123123123", "password_too_simple"),
        ("password1", "password_too_common"),
        ("Sunshine", "password_too_common"),
        ("qwertyuiop", "password_too_common"),
        ("iloveyou", "password_too_common"),
        ("Maison Delaunay", "password_like_account"),
        ("maison-delaunay-2024", "password_like_account"),
        ("owner@delaunay.test", "password_like_account"),
        ("Owner2024", "password_like_account"),
        ("comptoir2026", "password_like_account"),
        ("short", "password_too_short"),
        ("x" * 7, "password_too_short"),
    ],
)
def test_guessable_passwords_are_refused_with_a_code_that_names_the_rule(password: str, code: str) -> None:
    with pytest.raises(WeakPassword) as refused:
        check_password(password, context=ACCOUNT)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "长城上的月亮照着我的咖啡馆",
        "🦊 renard rusé 🦊",
        "Tr0ub4dor&3!",
        "t" + "he quick brown fox " * 5,  # well past 64 characters
        "no-digits-no-capitals-and-that-is-fine",
    ],
)
def test_long_passphrases_of_any_characters_are_kept_without_composition_rules(password: str) -> None:
    assert check_password(password, context=ACCOUNT) == password


def test_at_least_sixty_four_characters_are_allowed_and_absurd_lengths_are_not() -> None:
    assert MIN_PASSWORD_LENGTH >= 8 and MAX_PASSWORD_LENGTH >= 64
    assert check_password("a long line of words, " * 46)
    with pytest.raises(WeakPassword) as refused:
        check_password("w" + "ord " * MAX_PASSWORD_LENGTH)
    assert refused.value.code == "password_too_long"


def test_the_shipped_list_holds_thousands_of_common_passwords() -> None:
    listed = common_passwords()
    assert len(listed) > 10_000
    assert {"password", "123456789", "iloveyou", "football"} <= listed
