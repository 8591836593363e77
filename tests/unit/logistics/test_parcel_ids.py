"""UPU S10 parcel ids against the standard's own example and hand-computed check digits; internal ids."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comptoir.kernel.ids import new_id
from comptoir.logistics.domain import S10Id, is_s10, make_s10, parcel_id, parse_s10, s10_check_digit


def test_the_example_of_the_s10_standard_is_valid() -> None:
    # UPU S10: "RA 47312482 9 GB". 4x8 + 7x6 + 3x4 + 1x2 + 2x3 + 4x5 + 8x9 + 2x7 = 200; 200 mod 11 = 2; 11 - 2 = 9.
    assert parse_s10("RA 47312482 9 GB") == S10Id(service="RA", serial="47312482", check_digit=9, country="GB")
    assert str(parse_s10("RA473124829GB")) == "RA473124829GB"
    assert parse_s10("RA473124829GB").printed == "RA 47312482 9 GB"


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("RR473124829GB", 9),  # the same serial under the registered-mail service indicator
        ("EE123456785CN", 5),  # 8 + 12 + 12 + 8 + 15 + 30 + 63 + 56 = 204; 204 mod 11 = 6; 11 - 6 = 5
        ("CP000000005FR", 5),  # sum 0: 11 - 0 = 11, written 5
        ("LX000000080CN", 0),  # 8x7 = 56; 56 mod 11 = 1; 11 - 1 = 10, written 0
    ],
)
def test_hand_computed_check_digits(text: str, check: int) -> None:
    parsed = parse_s10(text)
    assert parsed.check_digit == check == s10_check_digit(parsed.serial)
    assert str(parsed) == text and is_s10(text)


def test_small_letters_and_spaces_read_as_the_compact_form_in_capitals() -> None:
    assert str(parse_s10("rr473124829gb")) == "RR473124829GB"
    assert str(parse_s10(" ee 12345678 5 cn ")) == "EE123456785CN"


def test_a_wrong_check_digit_is_refused_with_the_right_one() -> None:
    with pytest.raises(ValueError, match=r"bad S10 check digit 8 .*has check digit 9"):
        parse_s10("RR473124828GB")
    assert not is_s10("RR473124828GB")


@pytest.mark.parametrize("country", ["XX", "UK", "EU"])
def test_a_country_code_iso_3166_does_not_have_is_refused(country: str) -> None:
    with pytest.raises(ValueError, match="not an ISO 3166-1 country code"):
        parse_s10(f"RR473124829{country}")
    with pytest.raises(ValueError, match="not an ISO 3166-1 country code"):
        make_s10("RR", 47312482, country)


@pytest.mark.parametrize(
    "text", ["", "RR47312482GB", "RR4731248290GB", "R1473124829GB", "RR47312A829GB", "RR473124829G", "RR-473124829-GB"]
)
def test_what_is_not_the_s10_shape_is_refused(text: str) -> None:
    assert not is_s10(text)
    with pytest.raises(ValueError, match="not an S10 id"):
        parse_s10(text)


def test_make_s10_pads_the_serial_and_computes_the_check_digit() -> None:
    assert str(make_s10("RA", 47312482, "GB")) == "RA473124829GB"
    assert str(make_s10("CP", 0, "FR")) == "CP000000005FR"
    assert str(make_s10("EE", "12345678", "CN")) == "EE123456785CN"
    for service, serial in (("ee", 1), ("E", 1), ("EE", -1), ("EE", 100_000_000), ("EE", "1234567")):
        with pytest.raises(ValueError):
            make_s10(service, serial, "CN")


@given(st.integers(0, 99_999_999), st.sampled_from(["CN", "FR", "BE", "GB", "HK"]))
def test_every_made_id_parses_back_and_a_changed_digit_is_caught_but_where_10_and_11_fold(
    serial: int, country: str
) -> None:
    made = make_s10("CP", serial, country)
    assert parse_s10(str(made)) == made
    # every weight is prime to 11, so changing one digit always changes the sum mod 11; only the folding of
    # 10 into 0 and of 11 into 5 can give the changed serial the same check digit
    for position in range(8):
        digit = int(made.serial[position])
        changed = made.serial[:position] + str((digit + 1) % 10) + made.serial[position + 1 :]
        if is_s10(f"CP{changed}{made.check_digit}{country}"):
            assert made.check_digit in (0, 5)


def test_a_parcel_id_is_an_s10_id_in_its_compact_form_or_an_internal_id_as_written() -> None:
    internal = new_id("prc")
    assert parcel_id(internal) == internal
    assert parcel_id("rr 47312482 9 gb") == "RR473124829GB"
    with pytest.raises(ValueError, match=r"neither an S10 id .* nor an internal prc_ id"):
        parcel_id("order-42")
    with pytest.raises(ValueError, match="prc_ followed by 26 base32 characters"):
        parcel_id("prc_42")
    with pytest.raises(ValueError, match="not a parcel id"):
        parcel_id(new_id("ord"))
    with pytest.raises(ValueError, match="bad S10 check digit"):
        parcel_id("RR473124820GB")
