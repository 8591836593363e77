"""The codes a payment travels by: a tourist's one-time payment code, an order QR's token, a shop's entry code.

- A **payment code** is 18 digits, shown as digits and as a QR in the wallet, refreshed every minute and
  usable once; its last digit is a Luhn check digit, so a mistyped code is refused before any lookup.
- An **order token** is a random, unguessable part of the URL an order QR encodes; only its digest is stored.
- An **entry code** is a shop's static code, printed once: it names the shop, not an amount.
"""

from __future__ import annotations

import hashlib
import secrets

PAYMENT_CODE_PREFIX = "66"
PAYMENT_CODE_LENGTH = 18


def _luhn_digit(digits: str) -> str:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def new_payment_code() -> str:
    """A fresh one-time payment code: ``66`` + 15 random digits + a Luhn check digit."""
    body = PAYMENT_CODE_PREFIX + "".join(secrets.choice("0123456789") for _ in range(PAYMENT_CODE_LENGTH - 3))
    return body + _luhn_digit(body)


def payment_code_is_well_formed(code: str) -> bool:
    """Whether ``code`` (spaces allowed) looks like a payment code: 18 digits, our prefix, a right check digit."""
    compact = code.replace(" ", "")
    return (
        len(compact) == PAYMENT_CODE_LENGTH
        and compact.isdigit()
        and compact.isascii()
        and compact.startswith(PAYMENT_CODE_PREFIX)
        and _luhn_digit(compact[:-1]) == compact[-1]
    )


def new_order_token() -> str:
    return secrets.token_urlsafe(24)


def new_entry_code() -> str:
    """A shop's static entry code: 10 characters from an alphabet without look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def token_digest(token: str) -> str:
    """What is stored of a secret token or code: its SHA-256, so a database reader cannot pay with it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
