"""Prefixed, time-ordered identifiers (``ord_01J…``).

The body is a ULID-style 26-character Crockford base32 string: 48 bits of
milliseconds then 80 random bits, so ids sort by creation time as strings.
"""

from __future__ import annotations

import re
import secrets
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PREFIX = re.compile(r"^[a-z][a-z0-9]{1,7}$")
_BODY = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")

_last_ms = 0
_last_rand = 0


def _encode(value: int, length: int) -> str:
    out = []
    for _ in range(length):
        out.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(out))


def new_id(prefix: str) -> str:
    """A new id such as ``org_01JD3…``; monotonic within one process."""
    global _last_ms, _last_rand
    if not _PREFIX.match(prefix):
        raise ValueError(f"bad id prefix {prefix!r}")
    ms = time.time_ns() // 1_000_000
    if ms <= _last_ms:
        ms = _last_ms
        rand = _last_rand + 1
    else:
        rand = secrets.randbits(80)
    _last_ms, _last_rand = ms, rand & ((1 << 80) - 1)
    return f"{prefix}_{_encode(ms, 10)}{_encode(_last_rand, 16)}"


def is_valid_id(value: object, prefix: str) -> bool:
    """Whether ``value`` is a well-formed id with this prefix."""
    if not isinstance(value, str):
        return False
    head, sep, body = value.partition("_")
    return bool(sep) and head == prefix and bool(_BODY.match(body))


def id_pattern(prefix: str) -> str:
    """The regular expression of an id with this prefix, as API schemas state it."""
    return f"^{prefix}_{_BODY.pattern[1:-1]}$"
