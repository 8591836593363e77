"""A wallet network shaped on the Alipay+ acquiring API, behind the :class:`WalletNetwork` port.

Comptoir is the acquirer: it asks the network to take money from a consumer who showed a one-time
payment code (``pay``), to say what became of a request (``inquiryPayment``), to call one off
(``cancelPayment``) and to give back part or all of a paid one (``refund``). Every call is a signed
JSON ``POST``; every answer is signed by the network, and an answer we cannot verify is treated as
no answer at all (:class:`NetworkUnavailable`), so that the caller asks again rather than believe it.

The wire, as Alipay+ has it:

- Amounts are ``{"currency": "CNY", "value": "12800"}``: the value is a string of **minor units**.
- The signed content is ``POST <path>\\n<client-id>.<time>.<body>``, signed RSA-SHA256 (PKCS#1 v1.5);
  the request carries ``client-id``, ``request-time`` (ISO 8601 with an offset) and
  ``signature: algorithm=RSA256, keyVersion=1, signature=<url-encoded base64>``; the answer carries
  ``client-id``, ``response-time`` and ``signature`` over the same shape with the response body.
- Every answer has ``result: {resultCode, resultStatus, resultMessage}``: ``S`` it worked, ``F`` it was
  refused (nothing happened), ``U`` nobody knows yet (ask again with the same request id).

How answers become :class:`NetworkAnswer` (a refusal is an answer, never an exception):

- ``pay``: ``S`` succeeded; ``U`` (``PAYMENT_IN_PROCESS``...) pending; ``F`` failed with a reason from
  :data:`REASONS`, except ``ORDER_IS_CLOSED`` (the request id was cancelled first), which is cancelled.
- ``inquire``: ``paymentStatus`` decides (``SUCCESS``, ``FAIL``, ``PROCESSING``, ``CANCELLED``), or
  ``paymentResult`` when the network gives only that; an unknown request id is failed with
  ``unknown_request`` (nothing was taken under it); any other refusal of the inquiry itself says
  nothing about the payment and raises :class:`NetworkUnavailable`.
- ``cancel``: ``S`` cancelled. A refused cancel (a payment already partly refunded, say) is followed by
  an inquiry, and the answer is the payment's real state with the refusal as its reason, so that a
  caller never reads "failed" for money that was in fact taken.
- ``refund``: ``S`` succeeded (``network_id`` is the ``refundId``), ``U`` pending, ``F`` failed.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from urllib.parse import quote, unquote

import httpx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from comptoir.kernel.clock import Clock, SystemClock
from comptoir.kernel.money import Money, MoneyError
from comptoir.payments.network.port import (
    REQUEST_ID,
    NetworkAnswer,
    NetworkStatus,
    NetworkUnavailable,
    PayRequest,
    RefundRequest,
)

PAY_PATH: Final = "/aps/api/v1/payments/pay"
INQUIRY_PATH: Final = "/aps/api/v1/payments/inquiryPayment"
CANCEL_PATH: Final = "/aps/api/v1/payments/cancelPayment"
REFUND_PATH: Final = "/aps/api/v1/payments/refund"

CONTENT_TYPE: Final = "application/json; charset=UTF-8"

#: The network's result codes, in Comptoir's words. A code not listed here is kept, lower-cased.
REASONS: Final[Mapping[str, str]] = {
    "USER_BALANCE_NOT_ENOUGH": "insufficient_funds",
    "INVALID_PAYMENT_CODE": "unknown_payment_code",
    "INVALID_CODE": "unknown_payment_code",
    # A payment code pays once; the network does not tell a spent code from an expired one, and for
    # the cashier both mean the same thing: ask the consumer to show a fresh code.
    "EXPIRED_CODE": "payment_code_used",
    "USER_AMOUNT_EXCEED_LIMIT": "over_wallet_limit",
    "PAYMENT_AMOUNT_EXCEED_LIMIT": "over_network_limit",
    "PAYMENT_COUNT_EXCEED_LIMIT": "too_many_payments",
    "USER_NOT_EXIST": "unknown_payer",
    "USER_STATUS_ABNORMAL": "payer_blocked",
    "USER_PAYMENT_VERIFICATION_FAILED": "payer_not_verified",
    "RISK_REJECT": "refused_by_risk_control",
    "FRAUD_REJECT": "refused_by_risk_control",
    "CURRENCY_NOT_SUPPORT": "currency_not_supported",
    "REPEAT_REQ_INCONSISTENT": "request_id_reused",
    "ORDER_NOT_EXIST": "unknown_request",
    "ORDER_IS_CLOSED": "cancelled",
    "ORDER_STATUS_INVALID": "wrong_state",
    "REFUND_AMOUNT_EXCEED": "refund_exceeds_payment",
    "REFUND_WINDOW_EXCEED": "refund_window_passed",
    "INVALID_SIGNATURE": "invalid_signature",
    "KEY_NOT_FOUND": "invalid_signature",
    "CLIENT_INVALID": "unknown_client",
    "ACCESS_DENIED": "access_denied",
    "PARAM_ILLEGAL": "invalid_request",
}


def reason_for(result_code: str) -> str:
    """Comptoir's reason for a network result code (``USER_BALANCE_NOT_ENOUGH`` → ``insufficient_funds``)."""
    return REASONS.get(result_code, result_code.lower())


# --- keys and signatures ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyPair:
    """An RSA key pair as PEM text: the private half stays with its owner, the public half is given out."""

    private_pem: str
    public_pem: str


def key_pair_from(private_key: rsa.RSAPrivateKey) -> KeyPair:
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    public_pem = (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )
    return KeyPair(private_pem, public_pem)


def generate_key_pair(bits: int = 2048) -> KeyPair:
    """A fresh RSA key pair for development and tests (a real install registers its public key with the network)."""
    return key_pair_from(rsa.generate_private_key(public_exponent=65537, key_size=bits))


def load_private_key(pem: str | bytes) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode("ascii") if isinstance(pem, str) else pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the signing key must be an RSA private key")
    return key


def load_public_key(pem: str | bytes) -> rsa.RSAPublicKey:
    key = serialization.load_pem_public_key(pem.encode("ascii") if isinstance(pem, str) else pem)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("the network's key must be an RSA public key")
    return key


def content_to_sign(path: str, client_id: str, time: str, body: str) -> bytes:
    """What is signed, one way or the other: ``POST <path>\\n<client-id>.<time>.<body>``."""
    return f"POST {path}\n{client_id}.{time}.{body}".encode()


def sign(private_key: rsa.RSAPrivateKey, content: bytes) -> str:
    """The base64 RSA-SHA256 (PKCS#1 v1.5) signature of ``content``."""
    return base64.b64encode(private_key.sign(content, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def verify(public_key: rsa.RSAPublicKey, content: bytes, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, content, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def signature_header(signature: str, key_version: int = 1) -> str:
    """``algorithm=RSA256, keyVersion=1, signature=<url-encoded base64>``."""
    return f"algorithm=RSA256, keyVersion={key_version}, signature={quote(signature, safe='')}"


def parse_signature_header(header: str) -> str | None:
    """The base64 signature out of a ``signature`` header, or ``None`` when it is not an RSA256 one."""
    fields: dict[str, str] = {}
    for part in header.split(","):
        key, equals, value = part.strip().partition("=")
        if equals:
            fields[key.strip()] = value.strip()
    if fields.get("algorithm") != "RSA256" or not fields.get("signature"):
        return None
    return unquote(fields["signature"])


def wire_time(instant: datetime) -> str:
    """An instant as the headers carry it: ISO 8601 with its offset (``2026-01-01T08:00:00.000+08:00``)."""
    if instant.tzinfo is None:
        raise ValueError("a request time needs an offset")
    return instant.isoformat(timespec="milliseconds")


def amount_to_wire(amount: Money) -> dict[str, str]:
    """``{"currency": "CNY", "value": "12800"}``: the value counts minor units, as Alipay+ does."""
    return {"currency": amount.currency, "value": str(amount.minor)}


def amount_from_wire(value: object) -> Money:
    """Money out of an Alipay+ amount; raises :class:`ValueError` for anything else."""
    if not isinstance(value, dict):
        raise ValueError("an amount is an object")
    minor, currency = value.get("value"), value.get("currency")
    if not isinstance(minor, str) or not minor.isascii() or not minor.isdigit():
        raise ValueError("an amount's value is a string of minor units")
    try:
        return Money(int(minor), str(currency))
    except MoneyError as exc:
        raise ValueError(str(exc)) from exc


# --- the adapter --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Result:
    code: str
    status: str  # S, F or U
    message: str


def _result_of(body: Mapping[str, Any], key: str = "result") -> _Result:
    result = body.get(key)
    if not isinstance(result, dict):
        raise NetworkUnavailable(f"the network's answer has no {key}")
    code, status = result.get("resultCode"), result.get("resultStatus")
    if not isinstance(code, str) or status not in ("S", "F", "U"):
        raise NetworkUnavailable(f"the network's {key} is not one we can read")
    message = result.get("resultMessage")
    return _Result(code, status, message if isinstance(message, str) else "")


class AlipayPlusNetwork:
    """The :class:`~comptoir.payments.network.port.WalletNetwork` port over an Alipay+-shaped HTTP API.

    ``private_key_pem`` is the acquirer's (Comptoir's) signing key, ``network_public_key_pem`` the key the
    network signs its answers with. ``timeout`` bounds each call whole, connection to last byte.
    ``merchant_id`` and ``merchant_name`` are what the network knows the merchant by when a request
    does not say. Give ``transport`` (an ``httpx.ASGITransport`` for a fake) or a ready ``client``
    in tests. ``max_clock_skew`` refuses an answer stamped too far from our clock (``None``: no check).
    """

    name = "alipayplus"

    def __init__(
        self,
        *,
        base_url: str,
        client_id: str,
        private_key_pem: str | bytes,
        network_public_key_pem: str | bytes,
        timeout: float = 10.0,
        merchant_id: str = "comptoir",
        key_version: int = 1,
        clock: Clock | None = None,
        max_clock_skew: timedelta | None = timedelta(minutes=5),
        transport: httpx.AsyncBaseTransport | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        if timeout <= 0:
            raise ValueError("a timeout is positive")
        self._client_id = client_id
        self._private_key = load_private_key(private_key_pem)
        self._network_key = load_public_key(network_public_key_pem)
        self._timeout = timeout
        self._merchant_id = merchant_id
        self._key_version = key_version
        self._clock: Clock = clock or SystemClock()
        self._max_skew = max_clock_skew
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            base_url=base_url, transport=transport, timeout=httpx.Timeout(timeout)
        )

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> AlipayPlusNetwork:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    # --- the port ---

    async def pay(self, request: PayRequest) -> NetworkAnswer:
        amount = amount_to_wire(request.amount)
        body = {
            "productCode": "IN_STORE_PAYMENT",
            "paymentRequestId": request.request_id,
            "paymentAmount": amount,
            "paymentMethod": {"paymentMethodType": "CONNECT_WALLET", "paymentMethodId": request.payment_code},
            "paymentFactor": {"isInStorePayment": "true", "inStorePaymentScenario": "PaymentCode"},
            "order": {
                "referenceOrderId": request.order_reference,
                "orderDescription": f"{request.merchant_name} {request.order_reference}"[:256],
                "orderAmount": amount,
                "merchant": {"referenceMerchantId": self._merchant_id, "merchantName": request.merchant_name},
            },
            "paymentRequestTime": wire_time(self._clock.now()),
        }
        answer = await self._call(PAY_PATH, body)
        self._same_id(answer, "paymentRequestId", request.request_id)
        result = _result_of(answer)
        if result.status == "F":
            status = NetworkStatus.CANCELLED if result.code == "ORDER_IS_CLOSED" else NetworkStatus.FAILED
            return NetworkAnswer(request.request_id, status, reason=reason_for(result.code))
        network_id = self._optional_str(answer, "paymentId")
        if result.status == "U":
            return NetworkAnswer(request.request_id, NetworkStatus.PENDING, network_id=network_id)
        taken = self._amount(answer, "paymentAmount")
        if taken is not None and taken != request.amount:
            raise NetworkUnavailable(f"the network says it took {taken}, not the {request.amount} asked for")
        return NetworkAnswer(
            request.request_id,
            NetworkStatus.SUCCEEDED,
            network_id=network_id,
            amount=taken if taken is not None else request.amount,
            payer=self._optional_str(answer, "customerId"),
        )

    async def inquire(self, request_id: str) -> NetworkAnswer:
        self._check_id(request_id)
        answer = await self._call(INQUIRY_PATH, {"paymentRequestId": request_id})
        self._same_id(answer, "paymentRequestId", request_id)
        result = _result_of(answer)
        if result.status == "F":
            if result.code == "ORDER_NOT_EXIST":
                return NetworkAnswer(request_id, NetworkStatus.FAILED, reason=reason_for(result.code))
            raise NetworkUnavailable(f"the network would not say what became of {request_id}: {result.code}")
        if result.status == "U":
            return NetworkAnswer(request_id, NetworkStatus.PENDING)
        status, reason = self._payment_status(answer)
        return NetworkAnswer(
            request_id,
            status,
            network_id=self._optional_str(answer, "paymentId"),
            amount=self._amount(answer, "paymentAmount"),
            reason=reason,
            payer=self._optional_str(answer, "customerId"),
        )

    async def cancel(self, request_id: str) -> NetworkAnswer:
        self._check_id(request_id)
        answer = await self._call(CANCEL_PATH, {"paymentRequestId": request_id})
        self._same_id(answer, "paymentRequestId", request_id)
        result = _result_of(answer)
        if result.status == "S":
            return NetworkAnswer(
                request_id, NetworkStatus.CANCELLED, network_id=self._optional_str(answer, "paymentId")
            )
        if result.status == "U":
            return NetworkAnswer(request_id, NetworkStatus.PENDING)
        # Refused: say what the payment really is, with the refusal as the reason.
        state = await self.inquire(request_id)
        return NetworkAnswer(
            request_id,
            state.status,
            network_id=state.network_id,
            amount=state.amount,
            reason=reason_for(result.code),
            payer=state.payer,
        )

    async def refund(self, request: RefundRequest) -> NetworkAnswer:
        body = {
            "refundRequestId": request.refund_request_id,
            "paymentRequestId": request.payment_request_id,
            "refundAmount": amount_to_wire(request.amount),
            "refundRequestTime": wire_time(self._clock.now()),
        }
        answer = await self._call(REFUND_PATH, body)
        self._same_id(answer, "refundRequestId", request.refund_request_id)
        self._same_id(answer, "paymentRequestId", request.payment_request_id)
        result = _result_of(answer)
        if result.status == "F":
            return NetworkAnswer(request.refund_request_id, NetworkStatus.FAILED, reason=reason_for(result.code))
        network_id = self._optional_str(answer, "refundId")
        if result.status == "U":
            return NetworkAnswer(request.refund_request_id, NetworkStatus.PENDING, network_id=network_id)
        given = self._amount(answer, "refundAmount")
        if given is not None and given != request.amount:
            raise NetworkUnavailable(f"the network says it refunded {given}, not the {request.amount} asked for")
        return NetworkAnswer(
            request.refund_request_id, NetworkStatus.SUCCEEDED, network_id=network_id, amount=request.amount
        )

    # --- the wire ---

    async def _call(self, path: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Sign and send ``payload``; the verified, parsed answer, or :class:`NetworkUnavailable`."""
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        request_time = wire_time(self._clock.now())
        signature = sign(self._private_key, content_to_sign(path, self._client_id, request_time, body))
        headers = {
            "Content-Type": CONTENT_TYPE,
            "client-id": self._client_id,
            "request-time": request_time,
            "signature": signature_header(signature, self._key_version),
        }
        try:
            async with asyncio.timeout(self._timeout):
                response = await self._client.post(path, content=body.encode("utf-8"), headers=headers)
        except TimeoutError as exc:
            raise NetworkUnavailable(f"no answer to {path} within {self._timeout} s") from exc
        except httpx.TransportError as exc:
            raise NetworkUnavailable(f"could not reach the network for {path}: {exc!r}") from exc
        if response.status_code >= 500:
            raise NetworkUnavailable(f"the network answered {path} with HTTP {response.status_code}")
        return self._verified(path, response)

    def _verified(self, path: str, response: httpx.Response) -> dict[str, Any]:
        client_id = response.headers.get("client-id")
        response_time = response.headers.get("response-time")
        header = response.headers.get("signature")
        if client_id != self._client_id or not response_time or not header:
            raise NetworkUnavailable(f"the answer to {path} is not signed for us")
        signature = parse_signature_header(header)
        try:
            text = response.content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NetworkUnavailable(f"the answer to {path} is not UTF-8") from exc
        content = content_to_sign(path, client_id, response_time, text)
        if signature is None or not verify(self._network_key, content, signature):
            raise NetworkUnavailable(f"the answer to {path} does not carry the network's signature")
        self._check_skew(path, response_time)
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise NetworkUnavailable(f"the answer to {path} is not JSON") from exc
        if not isinstance(parsed, dict):
            raise NetworkUnavailable(f"the answer to {path} is not a JSON object")
        return parsed

    def _check_skew(self, path: str, response_time: str) -> None:
        if self._max_skew is None:
            return
        try:
            stamped = datetime.fromisoformat(response_time)
        except ValueError as exc:
            raise NetworkUnavailable(f"the answer to {path} has an unreadable response-time") from exc
        if stamped.tzinfo is None:
            raise NetworkUnavailable(f"the answer to {path} has a response-time without an offset")
        if abs(self._clock.now() - stamped) > self._max_skew:
            raise NetworkUnavailable(f"the answer to {path} was stamped {response_time}, too far from our clock")

    # --- reading answers ---

    @staticmethod
    def _check_id(request_id: str) -> None:
        if REQUEST_ID.fullmatch(request_id) is None:
            raise ValueError("a request id is 1-64 letters, digits, '-', '_' or '.'")

    @staticmethod
    def _same_id(answer: Mapping[str, Any], key: str, expected: str) -> None:
        said = answer.get(key)
        if said is not None and said != expected:
            raise NetworkUnavailable(f"the network answered for {key} {said!r}, not {expected!r}")

    @staticmethod
    def _optional_str(answer: Mapping[str, Any], key: str) -> str | None:
        value = answer.get(key)
        return value if isinstance(value, str) and value else None

    @staticmethod
    def _amount(answer: Mapping[str, Any], key: str) -> Money | None:
        if answer.get(key) is None:
            return None
        try:
            return amount_from_wire(answer[key])
        except ValueError as exc:
            raise NetworkUnavailable(f"the network's {key} is not an amount: {exc}") from exc

    @staticmethod
    def _payment_status(answer: Mapping[str, Any]) -> tuple[NetworkStatus, str | None]:
        """The payment's state in an inquiry: ``paymentStatus`` first, ``paymentResult`` otherwise."""
        outcome = _result_of(answer, "paymentResult") if isinstance(answer.get("paymentResult"), dict) else None
        named = answer.get("paymentStatus")
        if named == "SUCCESS":
            return NetworkStatus.SUCCEEDED, None
        if named == "PROCESSING":
            return NetworkStatus.PENDING, None
        if named == "CANCELLED":
            return NetworkStatus.CANCELLED, reason_for("ORDER_IS_CLOSED")
        if named == "FAIL":
            return NetworkStatus.FAILED, reason_for(outcome.code) if outcome else None
        if named is not None or outcome is None:
            raise NetworkUnavailable(f"the network's payment status {named!r} is not one we know")
        if outcome.status == "S":
            return NetworkStatus.SUCCEEDED, None
        if outcome.status == "U":
            return NetworkStatus.PENDING, None
        if outcome.code == "ORDER_IS_CLOSED":
            return NetworkStatus.CANCELLED, reason_for(outcome.code)
        return NetworkStatus.FAILED, reason_for(outcome.code)
