"""Paying a shop in France from a wallet, three ways.

1. **Order QR**: the till asks for an amount in EUR (:func:`create_order_qr`) and shows a QR of a URL
   carrying a one-time token, valid at most 30 minutes. The tourist opens it in the wallet
   (:func:`open_order_code`: the amount in CNY at a locked quote) and confirms (:func:`confirm_order_code`).
2. **Payment code**: the tourist shows a one-time code; the till sends it with the amount
   (:func:`charge_payment_code`), and the wallet network takes the money at once, up to a limit.
3. **Entry code**: the shop's printed code names the shop; the tourist types the amount
   (:func:`quote_entry_payment`) and confirms (:func:`pay_entry_code`).

In each, the consumer pays in CNY at a quote locked when they see the amount (the reference rate plus
the spread, with an expiry); the shop is owed the EUR amount. Nothing is ever charged twice: a request
id per till and the payment's own status (moved on once, under a conditional update) see to it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import partial

from comptoir import pricing
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.principal import Principal
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
from comptoir.payments.domain.accounts import SETTLEMENT_CURRENCY, WALLET_CURRENCY
from comptoir.payments.domain.codes import payment_code_is_well_formed, token_digest
from comptoir.payments.domain.fees import Channel
from comptoir.payments.domain.payments import (
    DEFAULT_ORDER_QR_VALIDITY,
    MAX_ORDER_QR_VALIDITY,
    Flow,
    Payment,
    PaymentStatus,
    check_amount,
)
from comptoir.payments.errors import (
    InsufficientFunds,
    PaymentClosed,
    PaymentCodeInvalid,
    PaymentCodeSpent,
    PaymentInvalid,
    PaymentUndecided,
    QuoteExpired,
    RequestIdReused,
)
from comptoir.payments.network.port import (
    REQUEST_ID,
    NetworkAnswer,
    NetworkStatus,
    NetworkUnavailable,
    PayRequest,
    WalletNetwork,
)
from comptoir.payments.services import wallets
from comptoir.payments.services._payments import (
    insert_payment,
    order_token,
    payment_by_token,
    payment_row,
    record_end,
    record_success,
)
from comptoir.payments.services.queries import payment_for_merchant
from comptoir.payments.services.tills import PointOfSale, point_of_sale_by_entry_code, point_of_sale_by_id, till

#: A payment code pays at once up to this amount; above it, the till shows an order QR instead.
PAYMENT_CODE_LIMIT = Money(50_000, SETTLEMENT_CURRENCY)  # 500.00 EUR
#: How long the amount in CNY a tourist sees holds before it is quoted again.
IN_STORE_QUOTE_VALIDITY = timedelta(minutes=5)
#: A payment-code payment the network has not decided after this long is asked about, then cancelled.
PAYMENT_CODE_DEADLINE = timedelta(minutes=2)
_DESCRIPTION_MAX = 200


@dataclass(frozen=True, slots=True)
class OrderCode:
    """A till's order QR: the payment and the URL its QR encodes."""

    payment: Payment
    url: str


@dataclass(frozen=True, slots=True)
class PayerView:
    """What a tourist sees before confirming: the shop, the EUR amount, the CNY amount at a locked quote."""

    shop_name: str
    amount: Money
    quote: pricing.FxQuote
    payment: Payment | None  # None for an entry code: the payment starts on confirmation


def _amount(amount: object) -> Money:
    try:
        return check_amount(amount, currency=SETTLEMENT_CURRENCY)
    except MoneyError as exc:
        raise PaymentInvalid(str(exc)) from exc


def _request_id(value: object) -> str:
    if not isinstance(value, str) or REQUEST_ID.fullmatch(value) is None:
        raise PaymentInvalid("a request id is 1-64 letters, digits, '-', '_' or '.'", field="request_id")
    return value


def _description(value: object, pos: PointOfSale) -> str:
    if value is None or value == "":
        return pos.name
    if not isinstance(value, str) or len(value) > _DESCRIPTION_MAX or any(ord(c) < 32 for c in value):
        raise PaymentInvalid("a description is at most 200 characters of text", field="description")
    return value.strip() or pos.name


def _new_payment(
    uow: UnitOfWork,
    pos: PointOfSale,
    *,
    flow: Flow,
    amount: Money,
    request_id: str,
    description: str,
    valid_for: timedelta,
) -> Payment:
    now = uow.clock.now()
    return Payment(
        id=new_id("pay"),
        request_id=request_id,
        flow=flow,
        status=PaymentStatus.PENDING,
        merchant_org_id=pos.owner_org_id,
        beneficiary_org_id=pos.owner_org_id,
        partner_org_id=pos.operator_partner_id,
        channel=Channel.IN_STORE.value,
        point_of_sale_id=pos.id,
        amount=amount,
        paid=None,
        rate=None,
        quote_id=None,
        refunded=Money.zero(amount.currency),
        network=wallets.NETWORK,
        payer=None,
        description=description,
        order_reference=None,
        created_at=now,
        expires_at=now + valid_for,
        decided_at=None,
        settled_at=None,
        failure_reason=None,
    )


def order_url(site_url: str, token: str) -> str:
    return f"{site_url}/wallet/pay/{token}"


# --- 1. order QR ---------------------------------------------------------------------------------------


async def create_order_qr(
    uow: UnitOfWork,
    principal: Principal,
    *,
    pos_id: str,
    amount: Money,
    request_id: str,
    secret: str,
    site_url: str,
    valid_for: timedelta = DEFAULT_ORDER_QR_VALIDITY,
    description: str | None = None,
) -> OrderCode:
    """The till asks for ``amount`` (EUR): a pending payment and the URL its QR code encodes."""
    pos = await till(uow, principal, pos_id=pos_id)
    if not timedelta(minutes=1) <= valid_for <= MAX_ORDER_QR_VALIDITY:
        raise PaymentInvalid("an order QR holds between 1 and 30 minutes", field="valid_for")
    payment = _new_payment(
        uow,
        pos,
        flow=Flow.ORDER_QR,
        amount=_amount(amount),
        request_id=_request_id(request_id),
        description=_description(description, pos),
        valid_for=valid_for,
    )
    token = order_token(secret, payment.id)
    stored = await insert_payment(uow, payment, token_digest=token_digest(token))
    return OrderCode(stored, order_url(site_url, order_token(secret, stored.id)))


async def order_code_url(
    uow: UnitOfWork, principal: Principal, *, payment_id: str, secret: str, site_url: str
) -> OrderCode:
    """The order QR of a pending payment again (the till was reloaded)."""
    payment = await payment_for_merchant(uow, principal, payment_id=payment_id)
    if payment.flow is not Flow.ORDER_QR:
        raise PaymentClosed("only an order QR payment has a QR code", code="payment_not_pending")
    return OrderCode(payment, order_url(site_url, order_token(secret, payment.id)))


async def _quote(uow: UnitOfWork, amount: Money) -> pricing.FxQuote:
    return await pricing.quote_fx(uow, amount=amount, to_currency=WALLET_CURRENCY, valid_for=IN_STORE_QUOTE_VALIDITY)


async def open_order_code(uow: UnitOfWork, *, holder_id: str, token: str) -> PayerView:
    """The tourist scanned an order QR: the amount, and its price in CNY at a quote locked for a few minutes."""
    await wallets.wallet_holder(uow, holder_id=holder_id)
    payment = await payment_by_token(uow, token_digest(token))
    _still_open(uow, payment)
    pos = await point_of_sale_by_id(uow, payment.point_of_sale_id or "")
    quote = await _quote(uow, payment.amount)
    return PayerView(pos.name if pos else payment.description, payment.amount, quote, payment)


def _still_open(uow: UnitOfWork, payment: Payment) -> None:
    if payment.status is not PaymentStatus.PENDING:
        raise PaymentClosed(f"payment {payment.id} is {payment.status}", code="payment_not_pending")
    if payment.is_expired(uow.clock.now()):
        raise PaymentClosed(f"payment {payment.id} expired", code="payment_expired")


async def _locked_quote(uow: UnitOfWork, *, quote_id: str, amount: Money) -> pricing.FxQuote:
    try:
        quote = await pricing.fx_quote(uow, quote_id=quote_id)
    except pricing.FxQuoteNotFound:
        raise QuoteExpired("this quote is not known; quote again") from None
    if quote.amount != amount or quote.quote != WALLET_CURRENCY:
        raise QuoteExpired("this quote is for another amount; quote again")
    if quote.is_expired(uow.clock.now()):
        raise QuoteExpired(f"the quote expired at {quote.expires_at.isoformat()}")
    return quote


async def _pay_from_wallet(uow: UnitOfWork, payment: Payment, *, holder_id: str, quote: pricing.FxQuote) -> Payment:
    await wallets.take_from_wallet(uow, holder_id=holder_id, request_id=payment.id, amount=quote.converted)
    return await record_success(
        uow,
        payment,
        paid=quote.converted,
        payer=holder_id,
        extra={"rate": str(quote.rate), "quote_id": quote.id},
    )


async def confirm_order_code(uow: UnitOfWork, *, holder_id: str, token: str, quote_id: str) -> Payment:
    """The tourist confirmed: take the quoted CNY from their wallet and capture the shop's payment, once."""
    await wallets.wallet_holder(uow, holder_id=holder_id)
    payment = await payment_by_token(uow, token_digest(token), lock=True)
    _still_open(uow, payment)
    quote = await _locked_quote(uow, quote_id=quote_id, amount=payment.amount)
    return await _pay_from_wallet(uow, payment, holder_id=holder_id, quote=quote)


# --- 3. entry code -------------------------------------------------------------------------------------


async def quote_entry_payment(uow: UnitOfWork, *, holder_id: str, entry_code: str, amount: Money) -> PayerView:
    """The tourist scanned a shop's printed code and typed ``amount`` (EUR): its price in CNY, locked."""
    await wallets.wallet_holder(uow, holder_id=holder_id)
    pos = await point_of_sale_by_entry_code(uow, entry_code)
    quote = await _quote(uow, _amount(amount))
    return PayerView(pos.name, quote.amount, quote, None)


async def shop_of_entry_code(uow: UnitOfWork, *, entry_code: str) -> PointOfSale:
    return await point_of_sale_by_entry_code(uow, entry_code)


def _entry_request_id(holder_id: str, request_id: str) -> str:
    """The shop's request id of a wallet's entry-code payment: per wallet, so two wallets never collide."""
    combined = f"ec-{holder_id}-{request_id}"
    return combined if len(combined) <= 64 else "ec-" + token_digest(combined)[:61]


async def pay_entry_code(
    uow: UnitOfWork, *, holder_id: str, entry_code: str, amount: Money, quote_id: str, request_id: str
) -> Payment:
    """Pay the shop of ``entry_code`` the typed ``amount`` at the locked quote; once per wallet request id."""
    await wallets.wallet_holder(uow, holder_id=holder_id)
    pos = await point_of_sale_by_entry_code(uow, entry_code)
    amount = _amount(amount)
    quote = await _locked_quote(uow, quote_id=quote_id, amount=amount)
    payment = _new_payment(
        uow,
        pos,
        flow=Flow.ENTRY_CODE,
        amount=amount,
        request_id=_entry_request_id(holder_id, _request_id(request_id)),
        description=pos.name,
        valid_for=IN_STORE_QUOTE_VALIDITY,
    )
    stored = await insert_payment(uow, payment)
    if stored.id != payment.id:  # the same request again: answer what it did
        if stored.payer not in (None, holder_id):
            raise RequestIdReused("this request id was used by another wallet")
        return stored
    return await _pay_from_wallet(uow, stored, holder_id=holder_id, quote=quote)


# --- 2. payment code -----------------------------------------------------------------------------------


async def begin_code_payment(
    uow: UnitOfWork, principal: Principal, *, pos_id: str, amount: Money, code: str, request_id: str, network: str
) -> Payment:
    """Record the till's request for a payment-code payment, with its CNY amount at a locked quote."""
    pos = await till(uow, principal, pos_id=pos_id)
    amount = _amount(amount)
    compact = code.replace(" ", "") if isinstance(code, str) else ""
    ours = network == wallets.NETWORK
    if (ours and not payment_code_is_well_formed(compact)) or not (
        compact.isascii() and compact.isdigit() and 10 <= len(compact) <= 32
    ):
        raise PaymentCodeInvalid("a payment code is 18 digits with a valid check digit", field="code")
    if amount > PAYMENT_CODE_LIMIT:
        raise PaymentCodeInvalid(
            f"a payment code pays at most {PAYMENT_CODE_LIMIT.to_major_string()} EUR", code="over_payment_code_limit"
        )
    quote = await pricing.quote_fx(uow, amount=amount, to_currency=WALLET_CURRENCY, valid_for=PAYMENT_CODE_DEADLINE)
    payment = _new_payment(
        uow,
        pos,
        flow=Flow.USER_CODE,
        amount=amount,
        request_id=_request_id(request_id),
        description=pos.name,
        valid_for=PAYMENT_CODE_DEADLINE,
    )
    payment = replace(payment, paid=quote.converted, rate=quote.rate, quote_id=quote.id, network=network)
    return await insert_payment(uow, payment)


async def apply_network_answer(uow: UnitOfWork, *, payment_id: str, answer: NetworkAnswer) -> Payment:
    """Record what the network said about a payment-code payment (a repeat of a decided answer changes nothing)."""
    payment = await payment_row(uow, payment_id, lock=True)
    assert payment is not None
    if payment.status is not PaymentStatus.PENDING:
        return payment
    if answer.status is NetworkStatus.SUCCEEDED:
        paid = answer.amount or payment.paid
        assert paid is not None
        return await record_success(uow, payment, paid=paid, payer=answer.payer)
    if answer.status is NetworkStatus.FAILED:
        return await record_end(uow, payment, status=PaymentStatus.FAILED, reason=answer.reason or "refused")
    if answer.status is NetworkStatus.CANCELLED:
        return await record_end(uow, payment, status=PaymentStatus.CANCELLED, reason=answer.reason or "cancelled")
    return payment


async def settle_with_network(
    source: OpensUnitsOfWork, network: WalletNetwork, payment: Payment, *, inquiries: int = 2, pause: float = 0.2
) -> Payment:
    """Bring a pending payment-code payment to a final state: ask the network, and cancel what stays undecided."""
    for attempt in range(inquiries):
        try:
            answer = await network.inquire(payment.id)
        except NetworkUnavailable:
            answer = None
        unknown = answer is not None and answer.reason in _NEVER_RECEIVED
        if answer is not None and answer.is_final and not unknown:
            return await transact(source, partial(apply_network_answer, payment_id=payment.id, answer=answer))
        if unknown:
            break  # the network never got it: cancel there, so that a late arrival is refused
        if attempt + 1 < inquiries:
            await asyncio.sleep(pause)
    try:
        cancelled = await network.cancel(payment.id)
    except NetworkUnavailable:
        return payment  # still pending: the sweeper will ask again before and after its expiry
    if cancelled.status is NetworkStatus.SUCCEEDED:
        return await transact(source, partial(apply_network_answer, payment_id=payment.id, answer=cancelled))
    final = NetworkAnswer(payment.id, NetworkStatus.CANCELLED, reason="no_answer")
    return await transact(source, partial(apply_network_answer, payment_id=payment.id, answer=final))


#: What a network answers about a request it never received (built-in wallet, Alipay+ adapter).
_NEVER_RECEIVED = frozenset({"not_found", "unknown_request"})

_CODE_REFUSALS = {
    "payment_code_used": (PaymentCodeSpent, "payment_code_used"),
    "payment_code_expired": (PaymentCodeSpent, "payment_code_expired"),
    "unknown_payment_code": (PaymentCodeInvalid, "payment_code_unknown"),
    "insufficient_funds": (InsufficientFunds, "wallet_balance_too_low"),
}


async def charge_payment_code(
    source: OpensUnitsOfWork,
    network: WalletNetwork,
    principal: Principal,
    *,
    pos_id: str,
    amount: Money,
    code: str,
    request_id: str,
) -> Payment:
    """The till scanned or typed a tourist's payment code: the network takes the money at once.

    Three steps, each durable: the payment is recorded, the network is asked, its answer is recorded.
    No answer in time: the network is asked again, then the payment is cancelled there and here
    (:class:`PaymentUndecided`). A refusal is recorded, then raised with its own code.
    """
    payment = await transact(
        source,
        partial(
            begin_code_payment,
            principal=principal,
            pos_id=pos_id,
            amount=amount,
            code=code,
            request_id=request_id,
            network=network.name,
        ),
    )
    if payment.status is PaymentStatus.PENDING:
        assert payment.paid is not None
        try:
            answer = await network.pay(
                PayRequest(
                    request_id=payment.id,
                    amount=payment.paid,
                    payment_code=code.replace(" ", ""),
                    order_reference=payment.request_id,
                    merchant_name=payment.description,
                )
            )
        except NetworkUnavailable:
            answer = None
        if answer is not None and answer.is_final:
            payment = await transact(source, partial(apply_network_answer, payment_id=payment.id, answer=answer))
        else:
            payment = await settle_with_network(source, network, payment)
    return _raise_refusal(payment)


def _raise_refusal(payment: Payment) -> Payment:
    if payment.status is PaymentStatus.SUCCEEDED or payment.status is PaymentStatus.PENDING:
        return payment
    reason = payment.failure_reason or ""
    if reason in _CODE_REFUSALS:
        error, code = _CODE_REFUSALS[reason]
        raise error(f"payment {payment.id}: {reason}", code=code, payment_id=payment.id)
    if payment.status is PaymentStatus.CANCELLED:
        raise PaymentUndecided(f"payment {payment.id} got no answer and was cancelled", payment_id=payment.id)
    raise PaymentClosed(f"payment {payment.id} failed: {reason}", code="payment_not_pending", payment_id=payment.id)
