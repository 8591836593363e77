"""Sealed boxes: data kept at rest encrypted with AES-GCM under a key derived from the secret key.

A :class:`Sealer` is made for one *purpose* (``"idempotency"``, ``"resident-id"``...): each
purpose gets its own key, derived from ``COMPTOIR_SECRET_KEY`` with HKDF-SHA256, so a box
sealed for one purpose never opens for another. ``context`` binds a box to where it is
stored (a row's key): a box copied onto another row does not open either.

A box is ``version (1 byte) || nonce (12 bytes) || ciphertext+tag``; :meth:`Sealer.open`
raises :class:`SealBroken` for anything it did not seal itself with the same secret.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = b"\x01"
_NONCE_BYTES = 12


class SealBroken(Exception):
    """The box was not sealed by this secret for this purpose and context, or was altered."""


class Sealer:
    """Seals and opens bytes for one purpose; safe to share between tasks."""

    def __init__(self, secret_key: str, *, purpose: str) -> None:
        key = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=b"comptoir.sealing.v1",
            info=purpose.encode("utf-8"),
        ).derive(secret_key.encode("utf-8"))
        self._aead = AESGCM(key)

    def seal(self, plain: bytes, *, context: bytes = b"") -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, plain, _VERSION + context)

    def open(self, box: bytes, *, context: bytes = b"") -> bytes:
        if len(box) < 1 + _NONCE_BYTES + 16 or box[:1] != _VERSION:
            raise SealBroken("not a sealed box")
        nonce = box[1 : 1 + _NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, box[1 + _NONCE_BYTES :], _VERSION + context)
        except InvalidTag as exc:
            raise SealBroken("the box does not open with this key and context") from exc
