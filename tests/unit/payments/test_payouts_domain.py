"""SEPA payouts, the pure part: which accounts money may go to, and the pain.001 file a bank takes."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from comptoir.kernel.money import Money
from comptoir.payments.domain.payouts import (
    PAIN001_SCHEMA,
    BankAccount,
    IbanInvalid,
    PayoutFile,
    PayoutFileInvalid,
    PayoutLine,
    check_iban,
    credit_transfer_file,
    validate_pain001,
)

FR = "FR7630006000011234567890189"
DE = "DE89370400440532013000"
BE = "BE68539007547034"
NL = "NL91ABNA0417164300"


# --- Bank accounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "compact", "bic"),
    [
        (FR, FR, "AGRIFRPPXXX"),
        ("fr76 3000 6000 0112 3456 7890 189", FR, "AGRIFRPPXXX"),
        (DE, DE, "COBADEFFXXX"),
        ("  de89 3704 0044 0532 0130 00 ", DE, "COBADEFFXXX"),
        (BE, BE, None),  # schwifty's registry has no BIC for this bank code: IBAN-only is fine in the EEA
        ("be68\u00a05390\t0754 7034", BE, None),
    ],
)
def test_a_sepa_iban_is_kept_compact_with_its_bic_when_known(typed: str, compact: str, bic: str | None) -> None:
    account = check_iban(typed, holder="Jeanne Martin")
    assert account.iban == compact
    assert account.bic == bic
    assert account.holder == "Jeanne Martin"


def test_the_masked_iban_shows_country_check_digits_and_last_four_only() -> None:
    assert check_iban(FR, holder="A").masked == "FR76 **** **** **** **** ***0 189"
    assert check_iban(BE, holder="A").masked == "BE68 **** **** 7034"
    assert check_iban(DE, holder="A").masked == "DE89 **** **** **** **30 00"


def test_an_accounts_repr_does_not_spell_out_the_iban() -> None:
    shown = repr(check_iban(FR, holder="Jeanne Martin"))
    assert FR not in shown
    assert "FR76 **** **** **** **** ***0 189" in shown


def test_a_given_bic_is_checked_normalised_and_preferred_to_the_derived_one() -> None:
    account = check_iban(FR, holder="Jeanne Martin", bic=" bnpa frpp ")
    assert account.bic == "BNPAFRPP"
    assert check_iban(BE, holder="A", bic="GEBABEBB").bic == "GEBABEBB"
    assert check_iban(DE, holder="A", bic="  ").bic == "COBADEFFXXX"  # blank is no BIC: derived


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "FR76",
        "1234567890123456",
        "FR76 3000 6000 0112 3456 7890 18",  # one digit short
        "FR76 3000 6000 0112 3456 7890 1899",  # one digit too many
        "FR76-3000-6000-0112-3456-7890-189",
        "ＦＲ7630006000011234567890189",  # full-width letters
        "XX7630006000011234567890189",  # no such country
    ],
)
def test_a_malformed_iban_is_refused(typed: str) -> None:
    with pytest.raises(IbanInvalid) as refused:
        check_iban(typed, holder="Jeanne Martin")
    assert refused.value.reason == "iban_malformed"
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize("typed", [None, 7630006000011234567890189, b"FR7630006000011234567890189"])
def test_an_iban_that_is_not_text_is_refused(typed: object) -> None:
    with pytest.raises(IbanInvalid) as refused:
        check_iban(typed, holder="Jeanne Martin")
    assert refused.value.reason == "iban_malformed"


@pytest.mark.parametrize(
    "typed",
    [
        "FR7630006000011234567890188",  # last digit mistyped
        "FR7630006000011234567890198",  # two digits swapped
        "DE89370400440532013001",
        "BE68539007547035",
    ],
)
def test_an_iban_with_wrong_check_digits_is_refused(typed: str) -> None:
    with pytest.raises(IbanInvalid) as refused:
        check_iban(typed, holder="Jeanne Martin")
    assert refused.value.reason == "iban_checksum"
    assert "check digits" in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "country"),
    [
        ("BR1800360305000010009795493C1", "Brazil"),  # a valid Brazilian IBAN
        ("TR330006100519786457841326", "Türkiye"),  # a valid Turkish IBAN
        ("US12345678901234567890", "United States"),  # no IBANs at all
    ],
)
def test_an_account_outside_the_sepa_zone_is_refused_naming_the_country(typed: str, country: str) -> None:
    with pytest.raises(IbanInvalid) as refused:
        check_iban(typed, holder="Jeanne Martin")
    assert refused.value.reason == "iban_country_not_sepa"
    assert country in str(refused.value)
    assert "SEPA" in str(refused.value)


@pytest.mark.parametrize("bic", ["BNPAFRP", "BNPAFRPPXX", "XXXXZZPP", "BNPA_RPP", "BNPAFRPPXXXX", 12345678])
def test_a_bad_bic_is_refused(bic: object) -> None:
    with pytest.raises(IbanInvalid) as refused:
        check_iban(FR, holder="Jeanne Martin", bic=bic)
    assert refused.value.reason == "bic_invalid"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Société Générale", "Societe Generale"),
        ("Müller Straße GmbH", "Muller Strasse GmbH"),
        ("Œuvre d’Art", "OEuvre d'Art"),
        ("  Jan   de\u00a0Vries ", "Jan de Vries"),
        ("Łukasz Żółć", "Lukasz Zolc"),
        ("x" * 70, "x" * 70),
    ],
)
def test_a_holder_name_is_transliterated_into_the_sepa_set(typed: str, kept: str) -> None:
    assert check_iban(FR, holder=typed).holder == kept


@pytest.mark.parametrize(
    ("holder", "named"),
    [
        ("", "missing"),
        ("   ", "missing"),
        ("...", "missing"),
        (None, "missing"),
        ("张伟", "U+5F20"),  # another script: refused, not romanised
        ("Иван Петров", "U+0418"),
        ("Dupont & Fils", "'&'"),
        ("shop@example.com", "'@'"),
        ("x" * 71, "at most 70"),
    ],
)
def test_a_holder_name_a_sepa_transfer_cannot_carry_is_refused(holder: object, named: str) -> None:
    with pytest.raises(IbanInvalid) as refused:
        check_iban(FR, holder=holder)
    assert refused.value.reason == "holder_invalid"
    assert named in str(refused.value)


def test_an_account_built_by_hand_is_held_to_the_same_rules() -> None:
    assert BankAccount(iban=FR, bic=None, holder="Jeanne Martin").iban == FR
    for iban, bic, holder, reason in [
        ("fr7630006000011234567890189", None, "A", "iban_malformed"),  # not compact
        ("FR7630006000011234567890188", None, "A", "iban_checksum"),
        ("BR1800360305000010009795493C1", None, "A", "iban_country_not_sepa"),
        (FR, "bnpafrpp", "A", "bic_invalid"),
        (FR, "BNPAFRP", "A", "bic_invalid"),
        (FR, None, "Société", "holder_invalid"),  # not transliterated
        (FR, None, "", "holder_invalid"),
    ]:
        with pytest.raises(IbanInvalid) as refused:
            BankAccount(iban=iban, bic=bic, holder=holder)
        assert refused.value.reason == reason, (iban, bic, holder)


# --- Payout files ----------------------------------------------------------------------------------

NS = {"p": f"urn:iso:std:iso:20022:tech:xsd:{PAIN001_SCHEMA}"}
CREATED = datetime(2026, 3, 2, 9, 30, 15, tzinfo=UTC)


def _platform() -> BankAccount:
    return check_iban(FR, holder="Comptoir SAS")


def _line(
    end_to_end_id: str, iban: str, minor: int, *, currency: str = "EUR", description: str = "Payout"
) -> PayoutLine:
    return PayoutLine(end_to_end_id, check_iban(iban, holder="Merchant"), Money(minor, currency), description)


def _batch(**changes: Any) -> PayoutFile:
    batch = PayoutFile(
        message_id="PAYOUT-2026-03-02-001",
        created_at=CREATED,
        debtor=_platform(),
        execution_date=date(2026, 3, 3),
        lines=(
            _line("PO-0001", DE, 1234, description="Auszahlung März"),
            _line("PO-0002", BE, 5),
            _line("PO-0003", NL, 100000, description="Payout — week 9"),
        ),
    )
    return replace(batch, **changes) if changes else batch


def _texts(xml: bytes, pattern: str) -> list[str]:
    return [found.decode() for found in re.findall(pattern.encode(), xml)]


def test_a_file_of_three_payouts_validates_against_the_schema() -> None:
    xml = credit_transfer_file(_batch())
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert f'xmlns="urn:iso:std:iso:20022:tech:xsd:{PAIN001_SCHEMA}"'.encode() in xml
    assert PAIN001_SCHEMA == "pain.001.001.09"
    assert validate_pain001(xml) == []


def test_the_control_sum_and_number_of_transactions_are_the_lines() -> None:
    xml = credit_transfer_file(_batch())
    # 12.34 + 0.05 + 1000.00, in the group header and in the one payment information block
    assert _texts(xml, r"<CtrlSum>([^<]*)</CtrlSum>") == ["1012.39", "1012.39"]
    assert _texts(xml, r"<NbOfTxs>([^<]*)</NbOfTxs>") == ["3", "3"]
    assert xml.count(b"<CdtTrfTxInf>") == 3
    assert xml.count(b"<PmtInf>") == 1


def test_amounts_are_exact_decimals_in_euro() -> None:
    xml = credit_transfer_file(_batch())
    assert _texts(xml, r'<InstdAmt Ccy="EUR">([^<]*)</InstdAmt>') == ["12.34", "0.05", "1000.00"]
    largest = _batch(lines=(_line("PO-MAX", DE, 99_999_999_999),))
    assert b'<InstdAmt Ccy="EUR">999999999.99</InstdAmt>' in credit_transfer_file(largest)


def test_the_file_carries_the_batchs_accounts_ids_and_dates() -> None:
    xml = credit_transfer_file(_batch())
    assert _texts(xml, r"<MsgId>([^<]*)</MsgId>") == ["PAYOUT-2026-03-02-001"]
    assert _texts(xml, r"<PmtInfId>([^<]*)</PmtInfId>") == ["PAYOUT-2026-03-02-001"]
    assert _texts(xml, r"<CreDtTm>([^<]*)</CreDtTm>") == ["2026-03-02T09:30:15Z"]
    assert b"<ReqdExctnDt><Dt>2026-03-03</Dt></ReqdExctnDt>" in xml
    assert _texts(xml, r"<IBAN>([^<]*)</IBAN>") == [FR, DE, BE, NL]
    assert _texts(xml, r"<EndToEndId>([^<]*)</EndToEndId>") == ["PO-0001", "PO-0002", "PO-0003"]
    assert _texts(xml, r"<BICFI>([^<]*)</BICFI>") == ["AGRIFRPPXXX", "COBADEFFXXX", "ABNANL2A"]  # BE: none known
    assert _texts(xml, r"<Ustrd>([^<]*)</Ustrd>") == ["Auszahlung Marz", "Payout", "Payout - week 9"]
    assert b"<Dbtr><Nm>Comptoir SAS</Nm></Dbtr>" in xml
    assert b"<SvcLvl><Cd>SEPA</Cd></SvcLvl>" in xml


def test_the_creation_time_is_written_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    xml = credit_transfer_file(_batch(created_at=datetime(2026, 3, 2, 10, 30, 15, tzinfo=paris)))
    assert _texts(xml, r"<CreDtTm>([^<]*)</CreDtTm>") == ["2026-03-02T09:30:15Z"]


def test_the_same_batch_gives_the_same_bytes() -> None:
    first = credit_transfer_file(_batch())
    assert credit_transfer_file(_batch()) == first
    assert credit_transfer_file(_batch()) == first
    assert credit_transfer_file(_batch(message_id="PAYOUT-2026-03-02-002")) != first


def test_a_platform_account_without_a_known_bic_still_makes_a_valid_file() -> None:
    xml = credit_transfer_file(_batch(debtor=check_iban(BE, holder="Comptoir SA")))
    assert b"<DbtrAgt><FinInstnId /></DbtrAgt>" in xml
    assert validate_pain001(xml) == []


def test_an_empty_batch_is_refused() -> None:
    with pytest.raises(PayoutFileInvalid) as refused:
        _batch(lines=())
    assert refused.value.reason == "batch_empty"


def test_a_payout_in_another_currency_is_refused() -> None:
    with pytest.raises(PayoutFileInvalid) as refused:
        _line("PO-USD", DE, 1234, currency="USD")
    assert refused.value.reason == "currency_not_eur"
    assert "USD" in str(refused.value)


@pytest.mark.parametrize("minor", [0, -1, -1234])
def test_a_payout_of_nothing_or_less_is_refused(minor: int) -> None:
    with pytest.raises(PayoutFileInvalid) as refused:
        _line("PO-NEG", DE, minor)
    assert refused.value.reason == "amount_not_positive"


def test_a_payout_above_the_sepa_maximum_is_refused() -> None:
    with pytest.raises(PayoutFileInvalid) as refused:
        _line("PO-BIG", DE, 100_000_000_000)
    assert refused.value.reason == "amount_too_large"


@pytest.mark.parametrize("bad", ["M" * 36, "", "PAYOUT 1", "/PAYOUT", "PAYOUT/", "PAY//OUT", "PAYOUT_1", "PAYÉ"])
def test_an_id_a_bank_would_not_take_is_refused(bad: str) -> None:
    with pytest.raises(PayoutFileInvalid) as refused:
        _batch(message_id=bad)
    assert refused.value.reason == "id_invalid"
    with pytest.raises(PayoutFileInvalid) as refused:
        _line(bad, DE, 100)
    assert refused.value.reason == "id_invalid"


def test_ids_of_35_characters_are_accepted() -> None:
    batch = _batch(message_id="M" * 35, lines=(_line("E" * 35, DE, 100),))
    assert validate_pain001(credit_transfer_file(batch)) == []


def test_the_same_end_to_end_id_twice_is_refused() -> None:
    with pytest.raises(PayoutFileInvalid) as refused:
        _batch(lines=(_line("PO-1", DE, 100), _line("PO-1", BE, 200)))
    assert refused.value.reason == "id_duplicate"


@pytest.mark.parametrize("description", ["", "   ", "x" * 141, "货款", "50% off"])
def test_a_description_a_sepa_transfer_cannot_carry_is_refused(description: str) -> None:
    with pytest.raises(PayoutFileInvalid) as refused:
        _line("PO-1", DE, 100, description=description)
    assert refused.value.reason == "description_invalid"


def test_a_creation_time_without_a_timezone_is_refused() -> None:
    with pytest.raises(PayoutFileInvalid) as refused:
        _batch(created_at=datetime(2026, 3, 2, 9, 30))
    assert refused.value.reason == "created_at_invalid"


def test_an_execution_date_must_be_a_date() -> None:
    with pytest.raises(PayoutFileInvalid) as refused:
        _batch(execution_date=CREATED)
    assert refused.value.reason == "execution_date_invalid"


# --- Validating a file -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_file() -> bytes:
    return credit_transfer_file(_batch())


def test_a_currency_attribute_the_schema_refuses_is_reported(good_file: bytes) -> None:
    problems = validate_pain001(good_file.replace(b'Ccy="EUR"', b'Ccy="euro"', 1))
    assert len(problems) == 1
    assert "InstdAmt" in problems[0] and "Ccy" in problems[0]


def test_a_currency_other_than_euro_is_reported_though_the_schema_allows_it(good_file: bytes) -> None:
    problems = validate_pain001(good_file.replace(b'Ccy="EUR"', b'Ccy="USD"', 1))
    assert problems == ["transaction PO-0001 is in USD, not EUR"]


def test_a_missing_element_is_reported(good_file: bytes) -> None:
    without_debtor = good_file.replace(b"<Dbtr><Nm>Comptoir SAS</Nm></Dbtr>", b"")
    assert without_debtor != good_file
    problems = validate_pain001(without_debtor)
    assert problems and "PmtInf" in problems[0]
    without_message_id = re.sub(rb"<MsgId>[^<]*</MsgId>", b"", good_file)
    assert validate_pain001(without_message_id) != []


def test_an_amount_changed_after_the_totals_is_reported(good_file: bytes) -> None:
    tampered = good_file.replace(b">12.34</InstdAmt>", b">120.34</InstdAmt>")
    assert tampered != good_file
    problems = validate_pain001(tampered)
    assert any("group header control sum is 1012.39" in problem for problem in problems)
    assert any("payment information 1 control sum" in problem for problem in problems)


def test_a_wrong_number_of_transactions_is_reported(good_file: bytes) -> None:
    tampered = good_file.replace(b"<NbOfTxs>3</NbOfTxs>", b"<NbOfTxs>4</NbOfTxs>", 1)
    assert validate_pain001(tampered) == ["the group header counts 4 transactions, it has 3"]


def test_an_amount_finer_than_a_cent_is_reported(good_file: bytes) -> None:
    tampered = good_file.replace(b">0.05</InstdAmt>", b">0.049</InstdAmt>")
    assert any("PO-0002 has amount 0.049" in problem for problem in validate_pain001(tampered))


def test_a_file_of_another_pain001_version_is_reported(good_file: bytes) -> None:
    older = good_file.replace(PAIN001_SCHEMA.encode(), b"pain.001.001.03")
    assert validate_pain001(older) != []


def test_what_is_not_xml_or_declares_entities_is_reported() -> None:
    assert validate_pain001(b"<Document") != []
    entity = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>'
    problems = validate_pain001(entity)
    assert problems and "ntit" in problems[0]
