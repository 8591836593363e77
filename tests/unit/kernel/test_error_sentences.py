"""People read a refusal as its code's sentence, in their language, with its values filled in."""

from __future__ import annotations

from comptoir.identity.errors import DelegationDenied, InvalidPartnerTerms, UnknownScope, WeakPassword
from comptoir.kernel.error_catalogue import sentence_for
from comptoir.kernel.errors import NotFound
from comptoir.kernel.i18n import current_locale


def _in(locale: str, error: Exception) -> str:
    token = current_locale.set(locale)
    try:
        assert isinstance(error, DelegationDenied | UnknownScope | WeakPassword | InvalidPartnerTerms | NotFound)
        return sentence_for(error)
    finally:
        current_locale.reset(token)


def test_a_form_refusal_reads_in_french_and_in_chinese_never_as_the_english_detail() -> None:
    error = UnknownScope("grant at least one scope", code="no_scope")
    assert _in("en", error) == "Grant at least one permission."
    assert _in("fr", error) == "Accordez au moins une permission."
    assert _in("zh_Hans", error) == "请至少授予一项权限。"


def test_the_sentence_of_a_code_is_its_own_not_its_class_one() -> None:
    revoked = DelegationDenied("Maison Delaunay revoked your delegation", code="delegation_revoked")
    assert _in("fr", revoked) == "Cette marque a révoqué votre délégation."
    assert _in("fr", DelegationDenied("this brand has not delegated to you")) == "Cette marque ne vous a pas délégué."


def test_values_of_the_refusal_fill_the_sentence() -> None:
    short = WeakPassword("a password needs at least 8 characters", code="password_too_short", minimum=8)
    assert _in("fr", short) == "Utilisez au moins 8 caractères."
    commission = InvalidPartnerTerms("too high", code="commission_out_of_range", maximum_percent=50)
    assert _in("en", commission) == "The commission is between 0 and 50 %."


def test_a_sentence_missing_its_value_falls_back_to_the_class_sentence() -> None:
    short = WeakPassword("a password needs at least 8 characters", code="password_too_short")
    assert _in("en", short) == "Choose another password."


def test_an_unknown_code_reads_as_its_class_sentence() -> None:
    assert _in("en", NotFound("no such thing", code="never_declared")) == "There is nothing here that you may see."
