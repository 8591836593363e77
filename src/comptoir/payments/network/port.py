"""The wallet-network port: what the acquirer (Comptoir) asks of a wallet network, in our words.

A wallet network holds the consumer's money (the built-in wallet, or a network shaped on the
Alipay+ acquiring API). Comptoir asks it to pay (take an amount from a consumer, identified by the
one-time payment code the consumer showed, or by the wallet's own customer id), to say what became
of a request (``inquire``), to cancel one, and to refund part or all of a paid one.

Every request carries the caller's ``request_id`` (<= 64 characters): it is the idempotency key on
the network's side, so asking twice never pays twice. An answer is final (``succeeded``, ``failed``,
``cancelled``) or not (``pending``: the network has not decided; ask again with :meth:`inquire`).
A network that cannot be reached in time raises :class:`NetworkUnavailable` (a timeout is one): the
caller then does not know whether the payment happened, and must inquire, then cancel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from comptoir.kernel.money import Money

#: A request id: 1-64 characters, letters, digits, ``-``, ``_`` and ``.`` (the network's idempotency key).
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class NetworkStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class NetworkUnavailable(Exception):
    """The network did not give an answer in time (timeout, connection refused, a reply we cannot trust)."""


@dataclass(frozen=True, slots=True)
class PayRequest:
    """Take ``amount`` (in the wallet's currency, CNY) from the consumer who showed ``payment_code``."""

    request_id: str
    amount: Money
    payment_code: str
    order_reference: str
    merchant_name: str

    def __post_init__(self) -> None:
        if REQUEST_ID.fullmatch(self.request_id) is None:
            raise ValueError("a request id is 1-64 letters, digits, '-', '_' or '.'")
        if self.amount.minor <= 0:
            raise ValueError("a payment's amount is positive")


@dataclass(frozen=True, slots=True)
class RefundRequest:
    """Give back ``amount`` of the paid request ``payment_request_id``; ``refund_request_id`` is its own key."""

    refund_request_id: str
    payment_request_id: str
    amount: Money

    def __post_init__(self) -> None:
        for value in (self.refund_request_id, self.payment_request_id):
            if REQUEST_ID.fullmatch(value) is None:
                raise ValueError("a request id is 1-64 letters, digits, '-', '_' or '.'")
        if self.amount.minor <= 0:
            raise ValueError("a refund's amount is positive")


@dataclass(frozen=True, slots=True)
class NetworkAnswer:
    """What the network said about one request.

    ``network_id`` is the network's own id for it (``paymentId`` / ``refundId``); ``amount`` what it
    took or gave back; ``reason`` a short code when it failed (``payment_code_used``,
    ``insufficient_funds``, ``unknown_payment_code``...).
    """

    request_id: str
    status: NetworkStatus
    network_id: str | None = None
    amount: Money | None = None
    reason: str | None = None
    payer: str | None = None  # the network's id of the consumer who paid, when it says

    @property
    def is_final(self) -> bool:
        return self.status is not NetworkStatus.PENDING


class WalletNetwork(Protocol):
    """A wallet network, as the acquirer sees it. Every method raises :class:`NetworkUnavailable` when
    no trustworthy answer came in time; none raises for a refusal (that is a ``failed`` answer)."""

    name: str

    async def pay(self, request: PayRequest) -> NetworkAnswer: ...

    async def inquire(self, request_id: str) -> NetworkAnswer: ...

    async def cancel(self, request_id: str) -> NetworkAnswer: ...

    async def refund(self, request: RefundRequest) -> NetworkAnswer: ...
