"""The top-up port: a consumer's bank sends CNY into their built-in wallet.

:class:`OfflineBank` is the default: it works without any network and accepts every top-up within its
ceiling at once (what a demo or a test install needs). A real bank adapter implements the same
:class:`TopUpBank`: ``charge`` is idempotent by the request id, raises :class:`BankUnavailable` when no
answer came in time (the wallet is then not credited; asking again with the same id is safe) and returns a
refusal as a :class:`TopUpReceipt` with ``accepted=False``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from comptoir.kernel.money import Money

#: The most one top-up may bring (50,000.00 CNY).
MAX_TOPUP_MINOR = 5_000_000


class BankUnavailable(Exception):
    """The bank gave no answer in time."""


@dataclass(frozen=True, slots=True)
class TopUpRequest:
    request_id: str
    holder_id: str
    amount: Money


@dataclass(frozen=True, slots=True)
class TopUpReceipt:
    request_id: str
    accepted: bool
    reference: str  # the bank's reference of the transfer, or the reason it refused
    amount: Money


class TopUpBank(Protocol):
    name: str

    async def charge(self, request: TopUpRequest) -> TopUpReceipt: ...


class OfflineBank:
    """Accepts every top-up up to the ceiling, at once, without a network; the same request answers the same."""

    name = "offline"

    async def charge(self, request: TopUpRequest) -> TopUpReceipt:
        if request.amount.minor > MAX_TOPUP_MINOR:
            return TopUpReceipt(request.request_id, False, "over_topup_limit", request.amount)
        return TopUpReceipt(request.request_id, True, f"offline-{request.request_id}", request.amount)
