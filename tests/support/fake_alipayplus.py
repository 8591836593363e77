"""A local wallet network shaped on the Alipay+ acquiring API, for testing the adapter over HTTP.

:class:`FakeAlipayPlus` is an ASGI app (Starlette) that behaves like the network on the other side of
:class:`comptoir.payments.network.alipayplus.AlipayPlusNetwork`:

- it checks every request's signature with the acquirer's public key and refuses a bad one with HTTP
  401 and ``F`` / ``INVALID_SIGNATURE`` (an unknown ``client-id``: ``CLIENT_INVALID``), and signs every
  answer with its own private key;
- it holds consumers with balances and the one-time payment codes they show; a code pays once, and a
  second use is refused ``EXPIRED_CODE`` (a spent code is no longer a live one);
- it keeps payments by ``paymentRequestId``: the same id answers the same payment, the same id with
  another amount or code is ``REPEAT_REQ_INCONSISTENT``; a cancel of an id it has never seen leaves a
  tombstone, so that a pay arriving late under that id is ``ORDER_IS_CLOSED``;
- it refunds by ``refundRequestId``, never more than was paid minus what was already given back
  (``REFUND_AMOUNT_EXCEED``), and cancels a paid payment only while nothing of it was refunded.

Its :class:`Script` makes it misbehave on the next calls: time out (hang past the client's deadline,
with or without doing the work first), drop the connection half-way through the answer, do the work
twice, answer ``U`` first and the final result only on a later inquiry, settle a payment after the
client gave up, or send an answer that cannot be trusted (badly signed, altered after signing,
unsigned, about another request, not JSON).

Serve it with ``httpx.ASGITransport(app=fake.app)``, or on a real socket with :func:`serving`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from typing import Any

import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from comptoir.kernel.clock import Clock
from comptoir.kernel.money import Money
from comptoir.payments.network.alipayplus import (
    CANCEL_PATH,
    CONTENT_TYPE,
    INQUIRY_PATH,
    PAY_PATH,
    REFUND_PATH,
    KeyPair,
    amount_from_wire,
    amount_to_wire,
    content_to_sign,
    key_pair_from,
    load_private_key,
    load_public_key,
    parse_signature_header,
    sign,
    signature_header,
    verify,
    wire_time,
)

Api = str  # "pay", "inquiryPayment", "cancelPayment" or "refund"

PAY, INQUIRY, CANCEL, REFUND = "pay", "inquiryPayment", "cancelPayment", "refund"
PATHS: dict[Api, str] = {PAY: PAY_PATH, INQUIRY: INQUIRY_PATH, CANCEL: CANCEL_PATH, REFUND: REFUND_PATH}

_MESSAGES = {
    "SUCCESS": "Success",
    "PAYMENT_IN_PROCESS": "The payment is being processed.",
    "INVALID_SIGNATURE": "The signature is invalid.",
    "CLIENT_INVALID": "The client is unknown.",
    "PARAM_ILLEGAL": "Illegal parameters.",
    "INVALID_PAYMENT_CODE": "The payment code is invalid.",
    "EXPIRED_CODE": "The payment code is expired.",
    "USER_BALANCE_NOT_ENOUGH": "The user balance is not enough for the payment.",
    "CURRENCY_NOT_SUPPORT": "The currency is not supported.",
    "REPEAT_REQ_INCONSISTENT": "Repeated requests are inconsistent.",
    "ORDER_IS_CLOSED": "The order is closed.",
    "ORDER_NOT_EXIST": "The order does not exist.",
    "ORDER_STATUS_INVALID": "The order status is invalid.",
    "REFUND_AMOUNT_EXCEED": "The total refund amount exceeds the payment amount.",
}


# --- keys ---------------------------------------------------------------------------------------

_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p**0.5) + 1))]


def _probably_prime(n: int, rng: random.Random) -> bool:
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(32):
        x = pow(rng.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, rng: random.Random, e: int) -> int:
    while True:
        candidate = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if (candidate - 1) % e and _probably_prime(candidate, rng):
            return candidate


@cache
def seeded_key_pair(seed: int, bits: int = 2048) -> KeyPair:
    """The same RSA key pair for the same seed, every run: **for tests only** (a seed is not a secret).

    ``cryptography`` cannot generate from a seed, so the primes come from ``random.Random(seed)`` and the
    key is put together from its numbers (about 0.4 s for 2048 bits; cached per seed).
    """
    rng, e = random.Random(seed), 65537
    p = _prime(bits // 2, rng, e)
    q = _prime(bits // 2, rng, e)
    while q == p:
        q = _prime(bits // 2, rng, e)
    d = pow(e, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=rsa.rsa_crt_dmp1(d, p),
        dmq1=rsa.rsa_crt_dmq1(d, q),
        iqmp=rsa.rsa_crt_iqmp(p, q),
        public_numbers=rsa.RSAPublicNumbers(e, p * q),
    )
    return key_pair_from(numbers.private_key())


# --- the script ---------------------------------------------------------------------------------


class Trick(StrEnum):
    TIME_OUT = "time out"
    DROP = "drop"
    TWICE = "twice"
    IN_PROCESS = "in process"
    LATE = "late"
    BAD_SIGNATURE = "bad signature"
    TAMPERED = "tampered"
    UNSIGNED = "unsigned"
    OTHER_REQUEST = "other request"
    NOT_JSON = "not json"


@dataclass(frozen=True, slots=True)
class Step:
    trick: Trick
    api: Api | None  # None: the next call, whatever it asks
    apply: bool = True  # time out / drop: whether the work is done before the answer is lost
    inquiries: int = 1  # in process: the inquiry that sees the final result
    settle_after: float | None = None  # late: seconds after the pay came; None: when the test releases it


class Script:
    """What the fake does wrong, one step per call, in the order scripted (a step waits for its API)."""

    def __init__(self) -> None:
        self._steps: list[Step] = []

    def _add(self, step: Step, n: int = 1) -> Script:
        self._steps.extend([step] * n)
        return self

    def time_out_next(self, api: Api | None = PAY, *, after_applying: bool = True, n: int = 1) -> Script:
        """Hang past the client's deadline; ``after_applying``: the work is done, only the answer is lost."""
        return self._add(Step(Trick.TIME_OUT, api, apply=after_applying), n)

    def drop_next(self, api: Api | None = PAY, *, after_applying: bool = True, n: int = 1) -> Script:
        """Cut the connection half-way through the answer."""
        return self._add(Step(Trick.DROP, api, apply=after_applying), n)

    def answer_twice(self, api: Api | None = PAY, n: int = 1) -> Script:
        """Do the work twice, as a request replayed by a proxy would, and send the second answer."""
        return self._add(Step(Trick.TWICE, api), n)

    def answer_in_process(self, *, inquiries: int = 1) -> Script:
        """The next pay answers ``U`` / ``PAYMENT_IN_PROCESS``; the ``inquiries``-th inquiry sees it settled."""
        return self._add(Step(Trick.IN_PROCESS, PAY, inquiries=inquiries))

    def answer_late(self, *, settle_after: float | None = None) -> Script:
        """The next pay hangs past the client's deadline; the payment settles ``settle_after`` seconds after it
        came, or (``None``) once the test calls :meth:`FakeAlipayPlus.release_late_payments`."""
        return self._add(Step(Trick.LATE, PAY, settle_after=settle_after))

    def sign_badly_next(self, api: Api | None = None, n: int = 1) -> Script:
        return self._add(Step(Trick.BAD_SIGNATURE, api), n)

    def tamper_next(self, api: Api | None = None, n: int = 1) -> Script:
        """Sign the answer, then change it into a success (a man in the middle would)."""
        return self._add(Step(Trick.TAMPERED, api), n)

    def leave_unsigned_next(self, api: Api | None = None, n: int = 1) -> Script:
        return self._add(Step(Trick.UNSIGNED, api), n)

    def answer_for_another_request_next(self, api: Api | None = None, n: int = 1) -> Script:
        """A well-signed answer about another request id (a mix-up on the network's side)."""
        return self._add(Step(Trick.OTHER_REQUEST, api), n)

    def answer_not_json_next(self, api: Api | None = None, n: int = 1) -> Script:
        """A well-signed HTML error page instead of JSON (a proxy in front of the network)."""
        return self._add(Step(Trick.NOT_JSON, api), n)

    def behave(self) -> Script:
        self._steps.clear()
        return self

    @property
    def left(self) -> int:
        return len(self._steps)

    def take(self, api: Api) -> Step | None:
        for index, step in enumerate(self._steps):
            if step.api is None or step.api == api:
                return self._steps.pop(index)
        return None


# --- the network's books ------------------------------------------------------------------------


@dataclass
class Consumer:
    customer_id: str
    balance: Money


@dataclass
class Payment:
    request_id: str
    payment_id: str
    amount: Money | None  # None: a tombstone, cancelled before any pay came
    code: str | None
    status: str  # SUCCESS, FAIL, PROCESSING or CANCELLED
    customer_id: str | None = None
    fail_code: str | None = None
    refunded: int = 0
    inquiries_to_settle: int | None = None  # in process: inquiries left before it settles
    paid_at: str | None = None


@dataclass
class Refund:
    refund_request_id: str
    refund_id: str
    payment_request_id: str
    amount: Money


@dataclass
class _Answer:
    body: dict[str, Any]
    status_code: int = 200


def _result(code: str, status: str | None = None) -> dict[str, str]:
    status = status or ("S" if code == "SUCCESS" else "U" if code == "PAYMENT_IN_PROCESS" else "F")
    return {"resultCode": code, "resultStatus": status, "resultMessage": _MESSAGES.get(code, code.lower())}


def _refused(code: str, *, http_status: int = 200, **extra: Any) -> _Answer:
    return _Answer({"result": _result(code), **extra}, http_status)


def _request_id(value: object) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= 64 else None


class _TruncatedResponse(Response):
    """Announces the whole body and sends half of it: the answer ends mid-way, as a dropped connection leaves it."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self.body[: len(self.body) // 2], "more_body": False})


class FakeAlipayPlus:
    """The wallet network's side, in memory, served as an ASGI app (:attr:`app`)."""

    def __init__(
        self,
        *,
        acquirer_public_key_pem: str,
        network_private_key_pem: str,
        client_id: str,
        hang_seconds: float = 30.0,
        clock: Clock | None = None,
    ) -> None:
        self._acquirer_key = load_public_key(acquirer_public_key_pem)
        self._private_key = load_private_key(network_private_key_pem)
        self.client_id = client_id
        self.hang_seconds = hang_seconds
        self._clock = clock
        self.script = Script()
        self.consumers: dict[str, Consumer] = {}
        self._codes: dict[str, str] = {}  # payment code -> customer id
        self._spent_codes: set[str] = set()
        self.payments: dict[str, Payment] = {}
        self.refunds: dict[str, Refund] = {}
        self.received: list[tuple[Api, dict[str, str], dict[str, Any]]] = []  # verified: api, headers, body
        self.refused_signatures = 0
        self.applied: dict[Api, int] = dict.fromkeys(PATHS, 0)  # times each API did its work
        self._ids = itertools.count(1)
        self._late: set[asyncio.Task[None]] = set()
        self._release = asyncio.Event()
        self.app = Starlette(routes=[Route(path, self._endpoint(api), methods=["POST"]) for api, path in PATHS.items()])

    # --- setting the scene ---

    def add_consumer(self, customer_id: str, balance: Money, *codes: str) -> Consumer:
        consumer = Consumer(customer_id, balance)
        self.consumers[customer_id] = consumer
        for code in codes:
            self._codes[code] = customer_id
        return consumer

    def balance(self, customer_id: str) -> Money:
        return self.consumers[customer_id].balance

    def release_late_payments(self) -> None:
        """Let the payments scripted with ``answer_late()`` (no delay) settle now."""
        self._release.set()

    async def settled(self) -> None:
        """Wait until every payment scripted to settle late has settled."""
        while self._late:
            await asyncio.gather(*list(self._late))

    def _now(self) -> datetime:
        return self._clock.now() if self._clock is not None else datetime.now(UTC)

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{self._now():%Y%m%d}{next(self._ids):012d}"

    # --- HTTP ---

    def _endpoint(self, api: Api) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await self._serve(api, request)

        return endpoint

    async def _serve(self, api: Api, request: Request) -> Response:
        raw = await request.body()
        client_id = request.headers.get("client-id", "")
        refusal = self._check_signature(api, request, raw)
        if refusal is not None:
            self.refused_signatures += 1
            return self._respond(api, client_id, refusal)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return self._respond(api, client_id, _refused("PARAM_ILLEGAL", http_status=400))
        if not isinstance(body, dict):
            return self._respond(api, client_id, _refused("PARAM_ILLEGAL", http_status=400))
        self.received.append((api, dict(request.headers), body))

        step = self.script.take(api)
        trick = step.trick if step is not None else None
        if step is not None and trick in (Trick.TIME_OUT, Trick.DROP) and not step.apply:
            if trick is Trick.TIME_OUT:
                await asyncio.sleep(self.hang_seconds)  # the request is lost on the way in
                return Response(status_code=504)
            return self._respond(api, client_id, _refused("UNKNOWN_EXCEPTION"), trick)
        if step is not None and trick is Trick.IN_PROCESS:
            answer = self._pay(body, hold=step.inquiries)
        elif step is not None and trick is Trick.LATE:
            answer = self._pay(body, hold=None, late=True, settle_after=step.settle_after)
            await asyncio.sleep(self.hang_seconds)
        else:
            answer = self._apply(api, body)
            if trick is Trick.TWICE:
                answer = self._apply(api, body)
        if trick is Trick.TIME_OUT:
            await asyncio.sleep(self.hang_seconds)  # the work is done; the answer comes too late
        return self._respond(api, client_id, answer, trick)

    def _check_signature(self, api: Api, request: Request, raw: bytes) -> _Answer | None:
        client_id = request.headers.get("client-id")
        request_time = request.headers.get("request-time")
        header = request.headers.get("signature")
        if client_id != self.client_id:
            return _refused("CLIENT_INVALID", http_status=401)
        if not request_time or not header:
            return _refused("INVALID_SIGNATURE", http_status=401)
        signature = parse_signature_header(header)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _refused("INVALID_SIGNATURE", http_status=401)
        content = content_to_sign(PATHS[api], client_id, request_time, text)
        if signature is None or not verify(self._acquirer_key, content, signature):
            return _refused("INVALID_SIGNATURE", http_status=401)
        return None

    def _respond(self, api: Api, client_id: str, answer: _Answer, trick: Trick | None = None) -> Response:
        body = dict(answer.body)
        if trick is Trick.OTHER_REQUEST:
            for key in ("paymentRequestId", "refundRequestId"):
                if key in body:
                    body[key] = "somebody-else-" + str(body[key])[:40]
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        media_type = CONTENT_TYPE
        if trick is Trick.NOT_JSON:
            text, media_type = "<html><body>502 Bad Gateway</body></html>", "text/html; charset=UTF-8"
        response_time = wire_time(self._now())
        signed = text + " " if trick is Trick.BAD_SIGNATURE else text
        signature = sign(self._private_key, content_to_sign(PATHS[api], client_id, response_time, signed))
        if trick is Trick.TAMPERED:
            changed = json.loads(text)
            changed["result"] = _result("SUCCESS")
            changed["paymentStatus"] = "SUCCESS"
            text = json.dumps(changed, ensure_ascii=False, separators=(",", ":"))
        headers = {"client-id": client_id, "response-time": response_time}
        if trick is not Trick.UNSIGNED:
            headers["signature"] = signature_header(signature)
        kind = _TruncatedResponse if trick is Trick.DROP else Response
        return kind(text.encode("utf-8"), status_code=answer.status_code, headers=headers, media_type=media_type)

    # --- the APIs ---

    def _apply(self, api: Api, body: dict[str, Any]) -> _Answer:
        if api == PAY:
            return self._pay(body)
        if api == INQUIRY:
            return self._inquire(body)
        if api == CANCEL:
            return self._cancel(body)
        return self._refund(body)

    def _pay(
        self, body: dict[str, Any], hold: int | None = 0, *, late: bool = False, settle_after: float | None = None
    ) -> _Answer:
        """Pay; ``hold`` > 0: leave it in process until that many inquiries; ``late``: settle it later."""
        request_id = _request_id(body.get("paymentRequestId"))
        method, factor, order = body.get("paymentMethod"), body.get("paymentFactor"), body.get("order")
        try:
            amount = amount_from_wire(body.get("paymentAmount"))
        except ValueError:
            return _refused("PARAM_ILLEGAL")
        if (
            request_id is None
            or not isinstance(method, dict)
            or method.get("paymentMethodType") != "CONNECT_WALLET"
            or not isinstance(method.get("paymentMethodId"), str)
            or not isinstance(factor, dict)
            or factor.get("inStorePaymentScenario") != "PaymentCode"
            or not isinstance(order, dict)
            or not isinstance(order.get("merchant"), dict)
            or not order["merchant"].get("referenceMerchantId")
            or amount.minor <= 0
        ):
            return _refused("PARAM_ILLEGAL", paymentRequestId=request_id)
        self.applied[PAY] += 1
        code: str = method["paymentMethodId"]
        existing = self.payments.get(request_id)
        if existing is not None:
            if existing.amount is None or existing.status == "CANCELLED":
                return _refused("ORDER_IS_CLOSED", paymentRequestId=request_id)
            if existing.amount != amount or existing.code != code:
                return _refused("REPEAT_REQ_INCONSISTENT", paymentRequestId=request_id)
            return self._pay_answer(existing)
        payment = Payment(request_id, self._next_id("2026"), amount, code, status="PROCESSING")
        self.payments[request_id] = payment
        if code in self._codes and code not in self._spent_codes and (hold or late):
            self._spent_codes.add(code)  # shown and taken by the wallet; the result comes later
            payment.customer_id = self._codes[code]
            if late:
                task = asyncio.get_running_loop().create_task(self._settle_later(payment, settle_after))
                self._late.add(task)
                task.add_done_callback(self._late.discard)
            else:
                payment.inquiries_to_settle = hold
            return self._pay_answer(payment)
        self._decide(payment, code_reserved=False)
        return self._pay_answer(payment)

    async def _settle_later(self, payment: Payment, seconds: float | None) -> None:
        if seconds is None:
            await self._release.wait()
        else:
            await asyncio.sleep(seconds)
        if payment.status == "PROCESSING":
            self._decide(payment, code_reserved=True)

    def _decide(self, payment: Payment, *, code_reserved: bool) -> None:
        """Settle a payment: take the money, or say why not."""
        assert payment.amount is not None and payment.code is not None
        code = payment.code
        customer_id = self._codes.get(code)
        if customer_id is None:
            payment.status, payment.fail_code = "FAIL", "INVALID_PAYMENT_CODE"
            return
        if code in self._spent_codes and not code_reserved:
            payment.status, payment.fail_code = "FAIL", "EXPIRED_CODE"
            return
        consumer = self.consumers[customer_id]
        if consumer.balance.currency != payment.amount.currency:
            payment.status, payment.fail_code = "FAIL", "CURRENCY_NOT_SUPPORT"
            return
        if consumer.balance.minor < payment.amount.minor:
            payment.status, payment.fail_code = "FAIL", "USER_BALANCE_NOT_ENOUGH"
            return
        self._spent_codes.add(code)
        consumer.balance = consumer.balance - payment.amount
        payment.status, payment.customer_id, payment.paid_at = "SUCCESS", customer_id, wire_time(self._now())

    def _pay_answer(self, payment: Payment) -> _Answer:
        ids: dict[str, Any] = {"paymentRequestId": payment.request_id, "paymentId": payment.payment_id}
        if payment.status == "SUCCESS":
            assert payment.amount is not None
            return _Answer(
                {
                    "result": _result("SUCCESS"),
                    **ids,
                    "paymentTime": payment.paid_at,
                    "paymentAmount": amount_to_wire(payment.amount),
                    "customerId": payment.customer_id,
                }
            )
        if payment.status == "PROCESSING":
            return _Answer({"result": _result("PAYMENT_IN_PROCESS"), **ids})
        if payment.status == "CANCELLED":
            return _refused("ORDER_IS_CLOSED", **ids)
        return _refused(payment.fail_code or "PROCESS_FAIL", **ids)

    def _inquire(self, body: dict[str, Any]) -> _Answer:
        request_id = _request_id(body.get("paymentRequestId"))
        if request_id is None:
            return _refused("PARAM_ILLEGAL")
        self.applied[INQUIRY] += 1
        payment = self.payments.get(request_id)
        if payment is None:
            return _refused("ORDER_NOT_EXIST", paymentRequestId=request_id)
        if payment.status == "PROCESSING" and payment.inquiries_to_settle is not None:
            payment.inquiries_to_settle -= 1
            if payment.inquiries_to_settle <= 0:
                payment.inquiries_to_settle = None
                self._decide(payment, code_reserved=True)
        outcome = {
            "SUCCESS": _result("SUCCESS"),
            "PROCESSING": _result("PAYMENT_IN_PROCESS"),
            "CANCELLED": _result("ORDER_IS_CLOSED"),
            "FAIL": _result(payment.fail_code or "PROCESS_FAIL"),
        }[payment.status]
        answer: dict[str, Any] = {
            "result": _result("SUCCESS"),
            "paymentRequestId": request_id,
            "paymentId": payment.payment_id,
            "paymentStatus": payment.status,
            "paymentResult": outcome,
        }
        if payment.amount is not None:
            answer["paymentAmount"] = amount_to_wire(payment.amount)
        if payment.status == "SUCCESS":
            answer["customerId"] = payment.customer_id
            answer["paymentTime"] = payment.paid_at
        return _Answer(answer)

    def _cancel(self, body: dict[str, Any]) -> _Answer:
        request_id = _request_id(body.get("paymentRequestId"))
        if request_id is None:
            return _refused("PARAM_ILLEGAL")
        self.applied[CANCEL] += 1
        payment = self.payments.get(request_id)
        if payment is None:  # a tombstone: a pay that comes later under this id is refused
            payment = Payment(request_id, self._next_id("2026"), None, None, status="CANCELLED")
            self.payments[request_id] = payment
        elif payment.status == "SUCCESS":
            if payment.refunded:
                return _refused("ORDER_STATUS_INVALID", paymentRequestId=request_id, paymentId=payment.payment_id)
            assert payment.amount is not None and payment.customer_id is not None
            consumer = self.consumers[payment.customer_id]
            consumer.balance = consumer.balance + payment.amount
        payment.status, payment.inquiries_to_settle = "CANCELLED", None
        return _Answer(
            {
                "result": _result("SUCCESS"),
                "paymentRequestId": request_id,
                "paymentId": payment.payment_id,
                "cancelTime": wire_time(self._now()),
            }
        )

    def _refund(self, body: dict[str, Any]) -> _Answer:
        refund_id = _request_id(body.get("refundRequestId"))
        payment_id = _request_id(body.get("paymentRequestId"))
        try:
            amount = amount_from_wire(body.get("refundAmount"))
        except ValueError:
            return _refused("PARAM_ILLEGAL")
        if refund_id is None or payment_id is None or amount.minor <= 0:
            return _refused("PARAM_ILLEGAL")
        self.applied[REFUND] += 1
        ids: dict[str, Any] = {"refundRequestId": refund_id, "paymentRequestId": payment_id}
        existing = self.refunds.get(refund_id)
        if existing is not None:
            if existing.payment_request_id != payment_id or existing.amount != amount:
                return _refused("REPEAT_REQ_INCONSISTENT", **ids)
            return self._refund_answer(existing)
        payment = self.payments.get(payment_id)
        if payment is None or payment.amount is None:
            return _refused("ORDER_NOT_EXIST", **ids)
        if payment.status != "SUCCESS" or payment.customer_id is None:
            return _refused("ORDER_STATUS_INVALID", **ids)
        if amount.currency != payment.amount.currency:
            return _refused("CURRENCY_NOT_SUPPORT", **ids)
        if payment.refunded + amount.minor > payment.amount.minor:
            return _refused("REFUND_AMOUNT_EXCEED", **ids)
        payment.refunded += amount.minor
        consumer = self.consumers[payment.customer_id]
        consumer.balance = consumer.balance + amount
        refund = Refund(refund_id, self._next_id("3026"), payment_id, amount)
        self.refunds[refund_id] = refund
        return self._refund_answer(refund)

    def _refund_answer(self, refund: Refund) -> _Answer:
        return _Answer(
            {
                "result": _result("SUCCESS"),
                "refundRequestId": refund.refund_request_id,
                "paymentRequestId": refund.payment_request_id,
                "refundId": refund.refund_id,
                "refundAmount": amount_to_wire(refund.amount),
                "refundTime": wire_time(self._now()),
            }
        )


# --- a real socket ------------------------------------------------------------------------------


@contextlib.contextmanager
def serving(app: Starlette, *, graceful_seconds: float = 2.0) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 (a free port) in a background thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="off", log_level="warning", access_log=False, timeout_graceful_shutdown=int(graceful_seconds)
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the fake network did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=graceful_seconds + 5)
        sock.close()
