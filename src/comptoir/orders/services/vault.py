"""Where buyers' personal data is sealed: one key for the boxes, another for the lookup digest.

Both come from ``COMPTOIR_BUYER_IDENTITY_KEY`` when it is set (so the identity key can be rotated or kept
apart from the session secret), else from ``COMPTOIR_SECRET_KEY``, each derived for its own purpose.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from comptoir.kernel.sealing import Sealer
from comptoir.kernel.settings import Settings


@dataclass(frozen=True)
class BuyerVault:
    sealer: Sealer
    digest_key: bytes

    @classmethod
    def of(cls, settings: Settings) -> BuyerVault:
        secret = settings.buyer_identity_key or settings.secret_key
        digest_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=b"comptoir.orders.v1", info=b"resident-id-digest"
        ).derive(secret.encode("utf-8"))
        return cls(Sealer(secret, purpose="buyer-identity"), digest_key)

    def person_key(self, id_number: str) -> str:
        """The keyed digest a resident ID number is found by; the number itself is never stored in clear."""
        return hmac.new(self.digest_key, id_number.encode("ascii"), hashlib.sha256).hexdigest()

    def seal(self, text: str, *, holder_id: str, field: str) -> bytes:
        return self.sealer.seal(text.encode("utf-8"), context=f"{holder_id}:{field}".encode())

    def open(self, box: bytes, *, holder_id: str, field: str) -> str:
        return self.sealer.open(box, context=f"{holder_id}:{field}".encode()).decode("utf-8")
