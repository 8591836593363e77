"""SEPA payouts, the pure part: a merchant's bank account, and the pain.001 file a bank takes.

Money leaves the platform only to an account :func:`check_iban` accepted: a well-formed IBAN with
a right checksum, in a country of the SEPA zone, with a valid BIC when there is one, and a holder
name a SEPA file can carry.

>>> account = check_iban("fr76 3000 6000 0112 3456 7890 189", holder="Société Dupont")
>>> account.iban, account.bic, account.holder
('FR7630006000011234567890189', 'AGRIFRPPXXX', 'Societe Dupont')
>>> account.masked
'FR76 **** **** **** **** ***0 189'

A batch of payouts becomes a SEPA credit-transfer initiation, ISO 20022 ``pain.001.001.09``
(:data:`PAIN001_SCHEMA`): the 2019 version of the message, the one the EPC's guidelines describe and
European banks have asked for since November 2025, when many stopped taking the 2009 version
(``pain.001.001.03``). sepaxml builds and validates both; switching is this one constant.
:func:`credit_transfer_file` builds the file and checks it against the XSD; :func:`validate_pain001`
checks any file against the same XSD and against the SEPA rules the XSD cannot express (euro only,
amounts in cents, totals that add up).

**Text in a SEPA file.** Every bank in the scheme must accept the SEPA basic Latin set (``a-z A-Z
0-9 / - ? : ( ) . , ' +`` and space), and need accept nothing more. Names and descriptions are
*transliterated* when a Latin letter carries a mark or is a ligature (``Müller`` becomes ``Muller``,
``Straße`` ``Strasse``, ``Œuvre`` ``OEuvre``; typographic apostrophes and dashes become ``'`` and
``-``), because that is how a bank spells such a name anyway and the payee check compares names
loosely. Anything else is *refused*, not guessed: another script (a Chinese or Cyrillic name would
come out as an invented romanisation the bank does not hold), ``&``, ``@``, ``_`` and the like; the
message names the character.

**Determinism.** The same :class:`PayoutFile` gives the same bytes: the message id, the payment
information id and the creation time come from the batch (sepaxml would draw random ids and read the
clock), and nothing else in the file varies.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from schwifty import BIC, IBAN
from schwifty.exceptions import InvalidChecksumDigits, InvalidCountryCode, SchwiftyException
from sepaxml import SepaTransfer
from sepaxml.validation import ValidationError as SepaxmlValidationError

from comptoir.kernel.money import Money

#: The ISO 20022 message version the payout files are written in and validated against.
PAIN001_SCHEMA = "pain.001.001.09"
PAIN001_NAMESPACE = f"urn:iso:std:iso:20022:tech:xsd:{PAIN001_SCHEMA}"

#: The SEPA basic Latin character set, the one every bank in the scheme must accept.
SEPA_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ")

HOLDER_MAX_LENGTH = 70
DESCRIPTION_MAX_LENGTH = 140
ID_MAX_LENGTH = 35
#: The largest amount of one SEPA credit transfer: 999,999,999.99 EUR.
MAX_AMOUNT_MINOR = 99_999_999_999

IbanRefusal = Literal["iban_malformed", "iban_checksum", "iban_country_not_sepa", "bic_invalid", "holder_invalid"]
PayoutFileRefusal = Literal[
    "batch_empty",
    "currency_not_eur",
    "amount_not_positive",
    "amount_too_large",
    "id_invalid",
    "id_duplicate",
    "description_invalid",
    "created_at_invalid",
    "execution_date_invalid",
    "file_invalid",
]

# Latin letters that do not decompose into a base letter and marks, and typographic punctuation.
_SPELLED_OUT = {
    "ß": "ss",
    "ẞ": "SS",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "TH",
    "ı": "i",
    "ħ": "h",
    "Ħ": "H",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "ʼ": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
}
_SPACES = re.compile(r"\s+")
_COMPACT_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}", re.ASCII)
_IDENTIFIER = re.compile(r"[A-Za-z0-9/\-?:().,'+]{1,35}", re.ASCII)


class IbanInvalid(ValueError):
    """A bank account refused; ``reason`` is one of :data:`IbanRefusal`, the message says why in English."""

    def __init__(self, reason: IbanRefusal, message: str) -> None:
        super().__init__(message)
        self.reason: IbanRefusal = reason


class PayoutFileInvalid(ValueError):
    """A payout batch refused; ``reason`` is one of :data:`PayoutFileRefusal`, the message says why."""

    def __init__(self, reason: PayoutFileRefusal, message: str) -> None:
        super().__init__(message)
        self.reason: PayoutFileRefusal = reason


class _NotSepaText(ValueError):
    def __init__(self, character: str) -> None:
        super().__init__(character)
        self.character = character


def _describe(character: str) -> str:
    name = unicodedata.name(character, "")
    return f"{character!r} (U+{ord(character):04X}{' ' + name if name else ''})"


def to_sepa_text(value: str) -> str:
    """``value`` in the SEPA basic Latin set, marks dropped and runs of spaces collapsed; or ``_NotSepaText``."""
    out: list[str] = []
    for character in unicodedata.normalize("NFKD", value):
        if character in SEPA_CHARACTERS:
            out.append(character)
        elif character.isspace():
            out.append(" ")
        elif unicodedata.combining(character):
            continue
        elif character in _SPELLED_OUT:
            out.append(_SPELLED_OUT[character])
        else:
            raise _NotSepaText(character)
    return _SPACES.sub(" ", "".join(out)).strip()


def _sepa_charset_sentence() -> str:
    return "letters a-z and A-Z (accents are dropped), digits, spaces and / - ? : ( ) . , ' +"


# --- Bank accounts ---------------------------------------------------------------------------------


def _refuse_iban(compact: str) -> IbanInvalid | None:
    """Why the compact IBAN cannot receive a SEPA payout, or None when it can."""
    if not _COMPACT_IBAN.fullmatch(compact):
        return IbanInvalid(
            "iban_malformed",
            f"{compact!r} is not an IBAN: an IBAN is two letters for the country, two check digits, then up to "
            "30 letters and digits",
        )
    try:
        iban = IBAN(compact)
    except InvalidChecksumDigits:
        return IbanInvalid(
            "iban_checksum",
            f"{compact[:4]}... has wrong check digits: a character was mistyped or two were swapped",
        )
    except InvalidCountryCode:
        country = IBAN(compact, allow_invalid=True).country
        if country is not None:
            return IbanInvalid(
                "iban_country_not_sepa",
                f"{country.name} ({compact[:2]}) has no IBANs and is outside the SEPA zone: payouts go only to "
                "accounts in SEPA countries",
            )
        return IbanInvalid("iban_malformed", f"{compact[:2]!r} is not a country code, so this is not an IBAN")
    except SchwiftyException as exc:
        return IbanInvalid("iban_malformed", f"not a valid {compact[:2]} IBAN: {exc}")
    if not iban.in_sepa_zone:
        country = iban.country
        name = country.name if country is not None else compact[:2]
        return IbanInvalid(
            "iban_country_not_sepa",
            f"{name} ({compact[:2]}) is outside the SEPA zone: payouts go only to accounts in SEPA countries",
        )
    return None


def _refuse_bic(compact: str) -> IbanInvalid | None:
    try:
        BIC(compact)
    except SchwiftyException as exc:
        return IbanInvalid(
            "bic_invalid",
            f"{compact!r} is not a BIC ({exc}): a BIC is 8 or 11 letters and digits, such as BNPAFRPP or COBADEFFXXX",
        )
    return None


def _check_holder(value: object) -> str:
    if not isinstance(value, str):
        raise IbanInvalid("holder_invalid", "the account holder's name is missing")
    try:
        holder = to_sepa_text(value)
    except _NotSepaText as exc:
        raise IbanInvalid(
            "holder_invalid",
            f"the account holder's name has {_describe(exc.character)}, which a SEPA transfer cannot carry: "
            f"use {_sepa_charset_sentence()}, spelled as on the bank account",
        ) from None
    if not any(character.isalnum() for character in holder):
        raise IbanInvalid("holder_invalid", "the account holder's name is missing")
    if len(holder) > HOLDER_MAX_LENGTH:
        raise IbanInvalid(
            "holder_invalid",
            f"the account holder's name has {len(holder)} characters; a SEPA transfer carries at most "
            f"{HOLDER_MAX_LENGTH}",
        )
    return holder


@dataclass(frozen=True, slots=True, repr=False)
class BankAccount:
    """An account a SEPA transfer can reach; build it with :func:`check_iban`.

    ``iban`` is compact (no spaces, upper case), ``bic`` the bank's BIC when known, ``holder`` the
    account holder's name in the SEPA character set. Construction refuses anything else, so every
    ``BankAccount`` is one a payout file can carry. Its ``repr`` shows the masked IBAN only.
    """

    iban: str
    bic: str | None
    holder: str

    def __post_init__(self) -> None:
        if not isinstance(self.iban, str):
            raise IbanInvalid("iban_malformed", "an IBAN is text")
        refusal = _refuse_iban(self.iban)
        if refusal is not None:
            raise refusal
        if self.bic is not None:
            if not isinstance(self.bic, str) or self.bic != self.bic.upper():
                raise IbanInvalid("bic_invalid", f"{self.bic!r} is not a BIC in upper case")
            refusal = _refuse_bic(self.bic)
            if refusal is not None:
                raise refusal
        if not isinstance(self.holder, str) or _check_holder(self.holder) != self.holder:
            raise IbanInvalid(
                "holder_invalid",
                f"{self.holder!r} is not a holder name in the SEPA character set: build accounts with check_iban",
            )

    @property
    def masked(self) -> str:
        """The IBAN for people: country and check digits, then only the last 4 characters."""
        hidden = self.iban[:4] + "*" * (len(self.iban) - 8) + self.iban[-4:]
        return " ".join(hidden[i : i + 4] for i in range(0, len(hidden), 4))

    def __repr__(self) -> str:
        return f"BankAccount(iban={self.masked!r}, bic={self.bic!r}, holder={self.holder!r})"


def check_iban(value: object, *, holder: object, bic: object = None) -> BankAccount:
    """The account for IBAN ``value`` held by ``holder``, or :class:`IbanInvalid`.

    Spaces are removed and letters upper-cased. Without a ``bic`` (None or blank), the BIC is
    derived from the IBAN's bank code when schwifty's bank registry knows it, else left None (SEPA
    transfers inside the EEA need only the IBAN). A given ``bic`` is checked and kept as given.
    The holder's name is transliterated into the SEPA set (see the module's note) and must have
    1 to 70 characters.

    Not checked here: the EPC rulebook asks, for accounts in SEPA countries outside the EEA
    (Switzerland, the United Kingdom, Monaco, San Marino, Andorra, the Vatican...), the creditor's
    BIC and postal address in the file, and a ``BankAccount`` carries no address.
    """
    if not isinstance(value, str):
        raise IbanInvalid("iban_malformed", "an IBAN is text, such as FR76 3000 6000 0112 3456 7890 189")
    compact = _SPACES.sub("", value).upper()
    refusal = _refuse_iban(compact)
    if refusal is not None:
        raise refusal
    if bic is None or (isinstance(bic, str) and not bic.strip()):
        derived = IBAN(compact).bic
        chosen = str(derived) if derived is not None else None
    elif isinstance(bic, str):
        chosen = _SPACES.sub("", bic).upper()
        refusal = _refuse_bic(chosen)
        if refusal is not None:
            raise refusal
    else:
        raise IbanInvalid("bic_invalid", "a BIC is text, such as BNPAFRPP")
    return BankAccount(iban=compact, bic=chosen, holder=_check_holder(holder))


# --- Payout files ----------------------------------------------------------------------------------


def _check_identifier(value: object, what: str) -> str:
    if (
        not isinstance(value, str)
        or not _IDENTIFIER.fullmatch(value)
        or value.startswith("/")
        or value.endswith("/")
        or "//" in value
    ):
        raise PayoutFileInvalid(
            "id_invalid",
            f"the {what} {value!r} must have 1 to {ID_MAX_LENGTH} characters among letters a-z and A-Z, "
            "digits and / - ? : ( ) . , ' + (no spaces), and must not start or end with / nor contain //",
        )
    return value


def _check_description(value: object) -> str:
    if not isinstance(value, str):
        raise PayoutFileInvalid("description_invalid", "a payout's description is text")
    try:
        description = to_sepa_text(value)
    except _NotSepaText as exc:
        raise PayoutFileInvalid(
            "description_invalid",
            f"the description has {_describe(exc.character)}, which a SEPA transfer cannot carry: use "
            f"{_sepa_charset_sentence()}",
        ) from None
    if not description or len(description) > DESCRIPTION_MAX_LENGTH:
        raise PayoutFileInvalid(
            "description_invalid",
            f"a payout's description has 1 to {DESCRIPTION_MAX_LENGTH} characters; this one has {len(description)}",
        )
    return description


@dataclass(frozen=True, slots=True)
class PayoutLine:
    """One credit transfer: ``amount`` (EUR, positive) to ``creditor``, under ``end_to_end_id``.

    ``end_to_end_id`` is the reference the bank reports back on the payout (at most 35 characters);
    ``description`` is what the merchant reads on their statement, transliterated into the SEPA set
    (at most 140 characters).
    """

    end_to_end_id: str
    creditor: BankAccount
    amount: Money
    description: str

    def __post_init__(self) -> None:
        _check_identifier(self.end_to_end_id, "end-to-end id")
        if not isinstance(self.creditor, BankAccount):
            raise TypeError("a payout's creditor is a BankAccount (see check_iban)")
        if not isinstance(self.amount, Money):
            raise TypeError("a payout's amount is Money")
        if self.amount.currency != "EUR":
            raise PayoutFileInvalid(
                "currency_not_eur", f"SEPA payouts are in EUR; {self.end_to_end_id} is in {self.amount.currency}"
            )
        if self.amount.minor <= 0:
            raise PayoutFileInvalid(
                "amount_not_positive", f"a payout is more than 0.00 EUR; {self.end_to_end_id} is {self.amount}"
            )
        if self.amount.minor > MAX_AMOUNT_MINOR:
            raise PayoutFileInvalid(
                "amount_too_large",
                f"a SEPA credit transfer is at most 999999999.99 EUR; {self.end_to_end_id} is {self.amount}",
            )
        object.__setattr__(self, "description", _check_description(self.description))


@dataclass(frozen=True, slots=True)
class PayoutFile:
    """A batch of payouts from the platform's account ``debtor``, for the bank to execute on ``execution_date``.

    ``message_id`` identifies the file at the bank (at most 35 characters; it is also the payment
    information id, the file having one); ``created_at`` is a timezone-aware instant, written in UTC.
    """

    message_id: str
    created_at: datetime
    debtor: BankAccount
    execution_date: date
    lines: tuple[PayoutLine, ...]

    def __post_init__(self) -> None:
        _check_identifier(self.message_id, "message id")
        if not isinstance(self.created_at, datetime) or self.created_at.utcoffset() is None:
            raise PayoutFileInvalid("created_at_invalid", "a payout file's creation time is a timezone-aware datetime")
        if not isinstance(self.execution_date, date) or isinstance(self.execution_date, datetime):
            raise PayoutFileInvalid("execution_date_invalid", "a payout file's execution date is a date, not a time")
        if not isinstance(self.debtor, BankAccount):
            raise TypeError("a payout file's debtor is a BankAccount (see check_iban)")
        if not isinstance(self.lines, tuple) or not all(isinstance(line, PayoutLine) for line in self.lines):
            raise TypeError("a payout file's lines are a tuple of PayoutLine")
        if not self.lines:
            raise PayoutFileInvalid("batch_empty", "a payout file has at least one payout")
        seen: set[str] = set()
        for line in self.lines:
            if line.end_to_end_id in seen:
                raise PayoutFileInvalid(
                    "id_duplicate", f"the end-to-end id {line.end_to_end_id} appears twice in the file"
                )
            seen.add(line.end_to_end_id)

    @property
    def total(self) -> Money:
        """What the file debits from the platform's account."""
        return Money(sum(line.amount.minor for line in self.lines), "EUR")


class _TransferWithFixedIds(SepaTransfer):  # type: ignore[misc]  # sepaxml has no type information
    """sepaxml's transfer, with the message id, payment information id and creation time given, not drawn."""

    def __init__(self, config: dict[str, Any], *, message_id: str, created_at: str) -> None:
        self._fixed_message_id = message_id
        self._fixed_created_at = created_at
        super().__init__(config, schema=PAIN001_SCHEMA, clean=False)

    def _create_header(self) -> None:
        super()._create_header()
        header = self._xml.find("CstmrCdtTrfInitn/GrpHdr")
        header.find("MsgId").text = self._fixed_message_id
        header.find("CreDtTm").text = self._fixed_created_at

    def _finalize_batch(self) -> None:
        super()._finalize_batch()
        for node in self._xml.iter("PmtInfId"):
            node.text = self._fixed_message_id


def _account_fields(account: BankAccount) -> dict[str, str]:
    fields = {"name": account.holder, "IBAN": account.iban}
    if account.bic is not None:
        fields["BIC"] = account.bic
    return fields


def credit_transfer_file(batch: PayoutFile) -> bytes:
    """The pain.001.001.09 file for ``batch``: one payment information block, booked as one debit.

    The file is checked against the XSD (by sepaxml) and its totals against the batch; a failure of
    either raises :class:`PayoutFileInvalid` with reason ``file_invalid``. The same batch always gives
    the same bytes.
    """
    created_at = batch.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    transfer = _TransferWithFixedIds(
        {**_account_fields(batch.debtor), "batch": True, "currency": "EUR"},
        message_id=batch.message_id,
        created_at=created_at,
    )
    for line in batch.lines:
        transfer.add_payment(
            {
                **_account_fields(line.creditor),
                "amount": line.amount.minor,
                "execution_date": batch.execution_date,
                "description": line.description,
                "endtoend_id": line.end_to_end_id,
            }
        )
    try:
        xml: bytes = transfer.export(validate=True)
    except SepaxmlValidationError as exc:
        raise PayoutFileInvalid(
            "file_invalid", f"the payout file does not follow the {PAIN001_SCHEMA} schema: {exc.__cause__}"
        ) from exc
    root = ET.fromstring(xml)
    problems = _sepa_rule_problems(root)
    header = root.find(f"{_q('CstmrCdtTrfInitn')}/{_q('GrpHdr')}")
    if header is None or header.findtext(_q("NbOfTxs")) != str(len(batch.lines)):
        problems.append("the number of transactions is not the number of payouts")
    if header is None or header.findtext(_q("CtrlSum")) != batch.total.to_major_string():
        problems.append("the control sum is not the total of the payouts")
    if problems:
        raise PayoutFileInvalid("file_invalid", "the payout file is inconsistent: " + "; ".join(problems))
    return xml


# --- Validation ------------------------------------------------------------------------------------


def _q(tag: str) -> str:
    return f"{{{PAIN001_NAMESPACE}}}{tag}"


@cache
def _schema() -> Any:
    import xmlschema  # the XSD is compiled once, on first use

    source = files("sepaxml").joinpath("schemas", f"{PAIN001_SCHEMA}.xsd")
    return xmlschema.XMLSchema(str(source))


def _decimal(text: str | None) -> Decimal | None:
    try:
        value = Decimal(text) if text is not None else None
    except InvalidOperation:
        return None
    return value if value is not None and value.is_finite() else None


def _sepa_rule_problems(root: ET.Element) -> list[str]:
    """What a schema-valid pain.001 breaks of the rules the XSD leaves out: euro, cents, totals."""
    problems: list[str] = []
    initiation = root.find(_q("CstmrCdtTrfInitn"))
    if initiation is None:
        return ["the document has no CstmrCdtTrfInitn"]
    all_amounts: list[Decimal] = []
    for index, block in enumerate(initiation.iter(_q("PmtInf")), start=1):
        amounts: list[Decimal] = []
        for transaction in block.iter(_q("CdtTrfTxInf")):
            reference = transaction.findtext(f"{_q('PmtId')}/{_q('EndToEndId')}") or "?"
            amount = transaction.find(f"{_q('Amt')}/{_q('InstdAmt')}")
            if amount is None:
                problems.append(f"transaction {reference} has no instructed amount")
                continue
            if amount.get("Ccy") != "EUR":
                problems.append(f"transaction {reference} is in {amount.get('Ccy')}, not EUR")
            value = _decimal(amount.text)
            if value is None or value < Decimal("0.01") or value != value.quantize(Decimal("0.01")):
                problems.append(f"transaction {reference} has amount {amount.text}, not a positive amount in cents")
            if value is not None:
                amounts.append(value)
        all_amounts.extend(amounts)
        problems.extend(_totals_problems(block, amounts, f"payment information {index}"))
    header = initiation.find(_q("GrpHdr"))
    if header is not None:
        problems.extend(_totals_problems(header, all_amounts, "group header"))
    return problems


def _totals_problems(node: ET.Element, amounts: list[Decimal], where: str) -> list[str]:
    problems: list[str] = []
    count = node.findtext(_q("NbOfTxs"))
    if count != str(len(amounts)):
        problems.append(f"the {where} counts {count} transactions, it has {len(amounts)}")
    control_sum = node.findtext(_q("CtrlSum"))
    if control_sum is not None and _decimal(control_sum) != sum(amounts, Decimal(0)):
        problems.append(f"the {where} control sum is {control_sum}, its transactions add up to {sum(amounts)}")
    return problems


def validate_pain001(xml: bytes) -> list[str]:
    """The problems of a pain.001.001.09 file, in English; an empty list when it is fit to send.

    First the XSD bundled with sepaxml (each violation with its path), then, for a schema-valid file,
    the SEPA rules the XSD does not hold: every amount in EUR, in cents and positive, and each
    ``NbOfTxs`` and ``CtrlSum`` equal to the transactions they sum. Entities are refused while parsing.
    """
    import xmlschema

    try:
        resource = xmlschema.XMLResource(xml, defuse="always")
    except (xmlschema.XMLResourceError, ET.ParseError, SyntaxError) as exc:
        return [f"not a well-formed XML document: {exc}"]
    problems = [f"{error.path or '/'}: {error.reason or error.message}" for error in _schema().iter_errors(resource)]
    if problems:
        return problems
    root = resource.root
    if not isinstance(root, ET.Element):
        return ["not an XML document"]
    return _sepa_rule_problems(root)


__all__ = [
    "PAIN001_SCHEMA",
    "BankAccount",
    "IbanInvalid",
    "PayoutFile",
    "PayoutFileInvalid",
    "PayoutLine",
    "check_iban",
    "credit_transfer_file",
    "validate_pain001",
]
