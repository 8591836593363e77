"""The buyer's identity for cross-border retail imports into China: real name and resident ID number.

The importer is the buyer (customs.md): an order into China carries the buyer's real name and the
18-character resident identity number, whose last character is the ISO 7064 MOD 11-2 check digit
(python-stdnum ``cn.ric`` checks it, with the birth date and the region it encodes). Comptoir never keeps
the number in clear: it is sealed at rest, found again by a keyed digest, and shown masked with only its
last four characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

#: A real name as written on the identity card: 2 to 40 characters, Han characters, letters, the middle dot.
_NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaffA-Za-z·•. \-]{2,40}$")


class IdentityProblem(ValueError):
    """Why a name or an ID number was refused, with the field it concerns and a stable reason."""

    def __init__(self, field: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason


def check_resident_id(number: object) -> str:
    """The compact 18-character number (upper-case X), or :class:`IdentityProblem` saying what is wrong.

    The message never repeats the number.
    """
    if not isinstance(number, str):
        raise IdentityProblem("id_number", "format", "an ID number is text of 18 characters")
    try:
        return str(ric.validate(number)).upper()
    except InvalidLength:
        raise IdentityProblem("id_number", "length", "a resident ID number has 18 characters") from None
    except InvalidChecksum:
        raise IdentityProblem("id_number", "checksum", "the last character of this ID number does not match") from None
    except InvalidComponent:
        raise IdentityProblem(
            "id_number", "component", "this ID number holds an impossible birth date or region"
        ) from None
    except (InvalidFormat, ValidationError):
        raise IdentityProblem(
            "id_number", "format", "a resident ID number is 17 digits and a last digit or X"
        ) from None


def check_real_name(name: object) -> str:
    if not isinstance(name, str) or _NAME.fullmatch(name.strip()) is None:
        raise IdentityProblem("real_name", "format", "the real name as on the identity card: 2 to 40 characters")
    return " ".join(name.strip().split())


def mask_resident_id(number: str) -> str:
    """``**************123X``: only the last four characters of the number are ever shown."""
    return "*" * (len(number) - 4) + number[-4:]


@dataclass(frozen=True, slots=True)
class BuyerIdentity:
    """What the buyer's pages and answers show of the identity: the name and the masked number."""

    holder_id: str
    real_name: str
    id_masked: str
    person_key: str  # the keyed digest annual totals and customs records are kept under

    def as_json(self) -> dict[str, str]:
        return {"real_name": self.real_name, "id_number": self.id_masked}
