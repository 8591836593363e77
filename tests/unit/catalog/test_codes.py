"""GTINs and HS codes: what a merchant types, and the reason given when it is wrong."""

from __future__ import annotations

import pytest

from comptoir.catalog.domain.codes import CodeInvalid, validate_gtin, validate_hs_code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("4006381333931", "4006381333931"),  # EAN-13
        ("4006 3813 3393 1", "4006381333931"),  # as printed under the bars
        ("96385074", "96385074"),  # EAN-8
        ("036000291452", "036000291452"),  # UPC-12
        ("10012345678902", "10012345678902"),  # GTIN-14
    ],
)
def test_a_gtin_with_its_check_digit_is_accepted(typed: str, stored: str) -> None:
    assert validate_gtin(typed) == stored


def test_a_gtin_with_a_wrong_check_digit_names_the_check_digit() -> None:
    with pytest.raises(CodeInvalid) as refused:
        validate_gtin("4006381333932")
    assert refused.value.field == "gtin"
    assert refused.value.code == "invalid_gtin"
    assert "check digit" in refused.value.reason
    assert "is 2" in refused.value.reason and "is 1" in refused.value.reason  # what it is, what it should be
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize(
    ("typed", "words"), [("40063813339", "11 digits"), ("4006381-33393X", "only digits"), ("", "not a GTIN")]
)
def test_a_gtin_of_the_wrong_length_or_with_letters_is_refused(typed: str, words: str) -> None:
    with pytest.raises(CodeInvalid) as refused:
        validate_gtin(typed)
    assert words in refused.value.reason
    assert "check digit" not in refused.value.reason


@pytest.mark.parametrize("typed", ["22042100", "2204.21.00", "2204 21 00", " 33049900 "])
def test_an_hs_code_is_kept_as_its_8_digits(typed: str) -> None:
    assert validate_hs_code(typed) in ("22042100", "33049900")


def test_a_7_digit_hs_code_is_refused_with_a_hint_about_the_lost_zero() -> None:
    with pytest.raises(CodeInvalid) as refused:
        validate_hs_code("4090000")
    assert refused.value.code == "invalid_hs_code"
    assert "7 digits" in refused.value.reason and "exactly 8" in refused.value.reason
    assert "starts with 0" in refused.value.reason


@pytest.mark.parametrize("typed", ["2204210", "220421000", "2204", "vin rouge", ""])
def test_an_hs_code_that_is_not_8_digits_is_refused(typed: str) -> None:
    with pytest.raises(CodeInvalid) as refused:
        validate_hs_code(typed)
    assert refused.value.code == "invalid_hs_code"


def test_an_hs_code_whose_subheading_does_not_exist_is_refused_as_unknown() -> None:
    # 2204.99 is no subheading of heading 2204; 1509.10 was split in HS 2022 (extra virgin is 1509.20).
    for typed in ("22049900", "15091000"):
        with pytest.raises(CodeInvalid) as refused:
            validate_hs_code(typed)
        assert refused.value.code == "unknown_hs_code"
        assert "unknown HS code" in refused.value.reason
