"""Parcel ids: the UPU S10 item id every postal operator prints on a label, or Comptoir's own ``prc_…`` id.

An S10 id (UPU standard S10, "Identification of postal items - 13-character identifier") is

    RA 47312482 9 GB
    |  |        | `- the issuing operator's country, ISO 3166-1 alpha-2 (pycountry's table)
    |  |        `--- the check digit of the serial
    |  `------------ the serial number, 8 digits
    `--------------- the service indicator, 2 letters (E: EMS, C: parcels, R: registered, L/U/V: letters...)

The check digit weighs the serial's digits by 8 6 4 2 3 5 9 7 and is ``11 - (sum mod 11)``, with 10
written 0 and 11 written 5: for 47312482 the sum is 200, 200 mod 11 = 2, so the check digit is 9.

:func:`parse_s10` reads the compact form (``RA473124829GB``) and the printed one with spaces, in capitals
or not, and gives the compact form in capitals; anything else is refused with the reason. An internal id
is a kernel id with the ``prc`` prefix (``prc_01JD3…``, :mod:`comptoir.kernel.ids`), taken exactly as
written. :func:`parcel_id` accepts either and gives the id to file a parcel under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry

from comptoir.kernel.ids import is_valid_id

PARCEL_ID_PREFIX = "prc"
"""The kernel id prefix of a parcel that has no S10 id (``prc_…``)."""

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)

_S10 = re.compile(r"^([A-Z]{2})([0-9]{8})([0-9])([A-Z]{2})$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class S10Id:
    """A valid UPU S10 item id, in its parts; ``str()`` is the compact form (``RR473124829GB``)."""

    service: str
    serial: str
    check_digit: int
    country: str

    def __str__(self) -> str:
        return f"{self.service}{self.serial}{self.check_digit}{self.country}"

    @property
    def printed(self) -> str:
        """The human-readable form of the label, ``RR 47312482 9 GB``."""
        return f"{self.service} {self.serial} {self.check_digit} {self.country}"


def s10_check_digit(serial: str) -> int:
    """The S10 check digit of an 8-digit serial number."""
    if len(serial) != 8 or not serial.isascii() or not serial.isdigit():
        raise ValueError(f"an S10 serial number is 8 digits, not {serial!r}")
    remainder = sum(int(digit) * weight for digit, weight in zip(serial, S10_WEIGHTS, strict=True)) % 11
    check = 11 - remainder
    return {10: 0, 11: 5}.get(check, check)


def _known_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


def parse_s10(text: str) -> S10Id:
    """The S10 id written in ``text`` (spaces and small letters allowed); ValueError says what is wrong."""
    compact = _SPACES.sub("", text).upper()
    match = _S10.match(compact)
    if match is None:
        raise ValueError(f"{text!r} is not an S10 id (2 letters, 8 digits, a check digit, a 2-letter country code)")
    service, serial, check, country = match.groups()
    expected = s10_check_digit(serial)
    if int(check) != expected:
        raise ValueError(f"{text!r}: bad S10 check digit {check} (serial {serial} has check digit {expected})")
    if not _known_country(country):
        raise ValueError(f"{text!r}: {country!r} is not an ISO 3166-1 country code")
    return S10Id(service=service, serial=serial, check_digit=expected, country=country)


def is_s10(text: str) -> bool:
    """Whether ``text`` is a valid S10 id (as :func:`parse_s10` reads it)."""
    try:
        parse_s10(text)
    except ValueError:
        return False
    return True


def make_s10(service: str, serial: int | str, country: str) -> S10Id:
    """The S10 id of a service indicator, a serial number (up to 8 digits, zero-padded) and a country."""
    if not re.fullmatch(r"[A-Z]{2}", service):
        raise ValueError(f"an S10 service indicator is 2 capital letters, not {service!r}")
    if isinstance(serial, int):
        if not 0 <= serial <= 99_999_999:
            raise ValueError(f"an S10 serial number is between 0 and 99999999, not {serial}")
        serial = f"{serial:08d}"
    if not re.fullmatch(r"[A-Z]{2}", country) or not _known_country(country):
        raise ValueError(f"{country!r} is not an ISO 3166-1 country code")
    return S10Id(service=service, serial=serial, check_digit=s10_check_digit(serial), country=country)


def is_internal_parcel_id(text: str) -> bool:
    """Whether ``text`` is a Comptoir parcel id (``prc_`` and a kernel id body)."""
    return is_valid_id(text, PARCEL_ID_PREFIX)


def parcel_id(text: str) -> str:
    """The id a parcel is filed under: an S10 id in its compact form, or an internal ``prc_…`` id as written.

    ValueError when ``text`` is neither, with the reason an S10 id was refused when it looks like one.
    """
    if is_internal_parcel_id(text):
        return text
    if text.startswith(f"{PARCEL_ID_PREFIX}_"):
        raise ValueError(f"{text!r} is not a parcel id ({PARCEL_ID_PREFIX}_ followed by 26 base32 characters)")
    if _S10.match(_SPACES.sub("", text).upper()) is None:
        raise ValueError(
            f"{text!r} is not a parcel id: neither an S10 id (2 letters, 8 digits, a check digit, a 2-letter "
            f"country code) nor an internal {PARCEL_ID_PREFIX}_ id"
        )
    return str(parse_s10(text))
