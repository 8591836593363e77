"""The card port: a French consumer pays a Chinese seller's order by card, in EUR, through an acquirer.

The card never reaches Comptoir: the storefront tokenises it in the acquirer's own page or script and
sends the token, which Comptoir hands to the acquirer with the amount (PCI DSS stays out of scope, as for
the wallet QR flows). An adapter implements :class:`CardAcquirer`:

- ``charge`` takes the money at once (authorisation and capture), idempotent by the request id: asking
  again with the same id answers the first answer, never a second charge. A refusal is a
  :class:`CardAnswer` with ``approved=False`` and the acquirer's reason; no answer in time raises
  :class:`AcquirerUnavailable` (nothing is recorded; asking again with the same id is safe).
- ``refund`` gives part of a charge back, idempotent by its own request id.

:class:`TestAcquirer` is the default: it works without any network, like an acquirer's test mode, with
test tokens that decide the answer (see :data:`TEST_TOKENS`); any other well-formed token is approved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from comptoir.kernel.money import Money

#: A card token as storefronts send it: what an acquirer's tokenisation returns, never a card number.
CARD_TOKEN = re.compile(r"tok_[A-Za-z0-9_]{1,60}")

#: The test acquirer's tokens that do not simply approve, and what they do.
TEST_TOKENS = {
    "tok_declined": "card_declined",
    "tok_insufficient_funds": "insufficient_funds",
    "tok_expired_card": "expired_card",
    "tok_unavailable": "no answer (the acquirer is unavailable)",
}


class AcquirerUnavailable(Exception):
    """The acquirer gave no answer in time."""


@dataclass(frozen=True, slots=True)
class CardCharge:
    request_id: str
    amount: Money
    token: str
    description: str


@dataclass(frozen=True, slots=True)
class CardAnswer:
    request_id: str
    approved: bool
    reference: str  # the acquirer's reference of the charge or refund, or the reason it refused
    amount: Money


class CardAcquirer(Protocol):
    name: str

    async def charge(self, charge: CardCharge) -> CardAnswer: ...

    async def refund(self, *, request_id: str, charge_reference: str, amount: Money) -> CardAnswer: ...


class TestAcquirer:
    """An acquirer's test mode, without a network: the test tokens decide, anything else is approved at once.

    Its answers depend only on what it is asked, so every process of an install (web processes, the worker
    that sends refunds) answers alike, and the same request id answers the same. It approves a refund of any
    charge it made (``test-`` references); the ledger keeps refunds within what was charged.
    """

    name = "test-acquirer"

    async def charge(self, charge: CardCharge) -> CardAnswer:
        outcome = TEST_TOKENS.get(charge.token)
        if charge.token == "tok_unavailable":
            raise AcquirerUnavailable(outcome)
        if outcome is not None:
            return CardAnswer(charge.request_id, False, outcome, charge.amount)
        return CardAnswer(charge.request_id, True, f"test-{charge.request_id}", charge.amount)

    async def refund(self, *, request_id: str, charge_reference: str, amount: Money) -> CardAnswer:
        if not charge_reference.startswith("test-"):
            return CardAnswer(request_id, False, "unknown_charge", amount)
        return CardAnswer(request_id, True, f"test-refund-{request_id}", amount)
