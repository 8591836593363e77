"""Online payments: an order on the Chinese storefront, paid in CNY from the buyer's wallet, settled in EUR.

Checkout creates the payment (:func:`create_online_payment`) for the order's merchant of record, at the
FX quote it locked; the buyer authorises it from their wallet (:func:`authorise_online_payment`: a pending
ledger transfer reserves the CNY until the payment's expiry); the order's confirmation captures it
(:func:`capture_online_payment`) and its cancellation voids it (:func:`void_online_payment`). The payer
must be the buyer named on the payment (the customs three-document match requires it). An authorisation
nobody captures is released at its expiry by the sweeper, and by the ledger's own timeout.

Checkout may name what the buyer pays for the goods (``paid``, its own sum of per-unit conversions at the
quote's rate, within :func:`~comptoir.payments.domain.payments.paid_tolerance` of the quote's conversion)
and the import taxes it collects for customs (``import_tax``). The authorisation reserves both; the capture
takes both in one posting, the goods' CNY through the FX accounts to the merchant's EUR, the taxes to
``pay:customs``; :func:`refund_import_tax` gives the taxes back, once, when the order is cancelled after
capture or returned in full.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select, update

from comptoir import ledger, pricing
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.payments import repository as tables
from comptoir.payments.domain.accounts import CARD_NETWORK, SETTLEMENT_CURRENCY, WALLET_CURRENCY, Accounts
from comptoir.payments.domain.fees import Channel
from comptoir.payments.domain.payments import (
    MAX_PAYMENT_MINOR,
    Flow,
    Payment,
    PaymentStatus,
    check_amount,
    paid_tolerance,
)
from comptoir.payments.errors import PaymentClosed, PaymentInvalid, PaymentsNotFound, QuoteExpired
from comptoir.payments.network.port import REQUEST_ID, NetworkStatus, RefundRequest
from comptoir.payments.services import wallets
from comptoir.payments.services._ledger import open_accounts, platform_accounts, post
from comptoir.payments.services._payments import insert_payment, payment_row, record_end, record_success
from comptoir.payments.services.cards import queue_card_refund
from comptoir.payments.services.tills import ensure_profile

#: How long a buyer has to authorise, and an authorisation holds, unless checkout says otherwise.
DEFAULT_ONLINE_VALIDITY = timedelta(hours=1)
MAX_ONLINE_VALIDITY = timedelta(days=7)


async def create_online_payment(
    uow: UnitOfWork,
    *,
    request_id: str,
    merchant_org_id: str,
    beneficiary_org_id: str,
    partner_org_id: str | None,
    channel: str,
    amount: Money,
    quote_id: str,
    payer: str,
    order_reference: str,
    description: str,
    valid_for: timedelta = DEFAULT_ONLINE_VALIDITY,
    paid: Money | None = None,
    import_tax: Money | None = None,
    fx: pricing.FxQuote | None = None,
) -> Payment:
    """A pending online payment of ``amount`` (EUR) at checkout's locked quote, to be authorised by ``payer``.

    ``fx`` is the quote ``quote_id`` names when the caller read it in this unit of work (it is not read again).

    ``paid`` (CNY) is what the buyer pays for ``amount`` when checkout converted it per unit at the quote's
    rate; it must be within :func:`paid_tolerance` of the quote's conversion (default: that conversion).
    ``import_tax`` (CNY, zero or more) is collected on top for customs; the merchant never sees it.
    """
    try:
        check_amount(amount, currency=SETTLEMENT_CURRENCY)
        kind = Channel(channel)
    except (MoneyError, ValueError) as exc:
        raise PaymentInvalid(str(exc)) from exc
    _check_cny(paid, "paid", positive=True)
    _check_cny(import_tax, "import_tax", positive=False)
    if kind is Channel.IN_STORE:
        raise PaymentInvalid("an online payment is for a brand store or a pavilion", field="channel")
    if REQUEST_ID.fullmatch(request_id) is None:
        raise PaymentInvalid("a request id is 1-64 letters, digits, '-', '_' or '.'", field="request_id")
    if not timedelta(minutes=1) <= valid_for <= MAX_ONLINE_VALIDITY:
        raise PaymentInvalid("an online payment holds between a minute and 7 days", field="valid_for")
    await wallets.wallet_holder(uow, holder_id=payer)
    try:
        quote = fx if fx is not None and fx.id == quote_id else await pricing.fx_quote(uow, quote_id=quote_id)
    except pricing.FxQuoteNotFound:
        raise QuoteExpired("this quote is not known; quote again") from None
    now = uow.clock.now()
    if quote.amount != amount or quote.quote != WALLET_CURRENCY:
        raise QuoteExpired("the quote is for another amount; quote again")
    if quote.is_expired(now):
        raise QuoteExpired(f"the quote expired at {quote.expires_at.isoformat()}")
    if paid is not None:
        tolerance = paid_tolerance(quote.converted)
        if abs(paid.minor - quote.converted.minor) > tolerance.minor:
            raise PaymentInvalid(
                f"paid is {paid.to_major_string()} CNY; the quote converts the amount to "
                f"{quote.converted.to_major_string()} CNY, and a checkout's total may differ by at most "
                f"{tolerance.to_major_string()} CNY",
                field="paid",
            )
    await ensure_profile(uow, org_id=merchant_org_id, org_kind="seller", name="")
    payment = Payment(
        id=new_id("pay"),
        request_id=request_id,
        flow=Flow.ONLINE,
        status=PaymentStatus.PENDING,
        merchant_org_id=merchant_org_id,
        beneficiary_org_id=beneficiary_org_id,
        partner_org_id=partner_org_id,
        channel=kind.value,
        point_of_sale_id=None,
        amount=amount,
        paid=paid if paid is not None else quote.converted,
        rate=quote.rate,
        quote_id=quote.id,
        refunded=Money.zero(SETTLEMENT_CURRENCY),
        network=wallets.NETWORK,
        payer=payer,
        description=description[:200] or order_reference,
        order_reference=order_reference[:64],
        created_at=now,
        expires_at=now + valid_for,
        decided_at=None,
        settled_at=None,
        failure_reason=None,
        import_tax=import_tax,
    )
    return await insert_payment(uow, payment)


def _check_cny(value: object, field: str, *, positive: bool) -> None:
    """``value`` (when given) is CNY; ``paid`` is more than zero, ``import_tax`` zero or more, under the ceiling."""
    if value is None:
        return
    if not isinstance(value, Money) or value.currency != WALLET_CURRENCY:
        raise PaymentInvalid(f"{field} must be money in {WALLET_CURRENCY}", field=field)
    if value.minor < (1 if positive else 0):
        raise PaymentInvalid(f"{field} must be {'more than' if positive else 'at least'} zero", field=field)
    if not positive and value.minor > MAX_PAYMENT_MINOR:
        raise PaymentInvalid(f"{field} is above the largest amount taken", field=field)


def _reserved(payment: Payment) -> Money:
    """What the authorisation holds and the capture takes: the goods' CNY and the import taxes."""
    assert payment.paid is not None
    return payment.paid + payment.import_tax if payment.import_tax is not None else payment.paid


async def _online(uow: UnitOfWork, payment_id: str) -> Payment:
    payment = await payment_row(uow, payment_id, lock=True)
    if payment is None or payment.flow is not Flow.ONLINE:
        raise PaymentsNotFound("no such payment", code="payment_not_found")
    return payment


def _reservation(payment_id: str) -> str:
    return f"bw:{payment_id}:take"


async def authorise_online_payment(uow: UnitOfWork, *, holder_id: str, payment_id: str) -> Payment:
    """The buyer confirms in their wallet: the CNY (goods and import taxes) is reserved, not taken, until
    capture or expiry; a wallet holding less is refused (``wallet_balance_too_low``) and nothing is held."""
    payment = await _online(uow, payment_id)
    if payment.payer != holder_id:  # the payer must be the buyer: anyone else is told nothing
        raise PaymentsNotFound("no such payment", code="payment_not_found")
    if payment.authorised_at is not None and payment.status is PaymentStatus.PENDING:
        return payment
    now = uow.clock.now()
    if payment.status is not PaymentStatus.PENDING:
        raise PaymentClosed(f"payment {payment.id} is {payment.status}", code="payment_not_pending")
    if payment.is_expired(now):
        raise PaymentClosed(f"payment {payment.id} expired", code="payment_expired")
    await open_accounts(uow, platform_accounts(wallets.NETWORK))
    seconds = max(1, int((payment.expires_at - now).total_seconds()))
    await post(
        uow,
        [
            ledger.Transfer(
                id=_reservation(payment.id),
                debit_account=Accounts.wallet(holder_id),
                credit_account=Accounts.network(wallets.NETWORK),
                amount=_reserved(payment).minor,
                currency=WALLET_CURRENCY,
                pending=True,
                timeout_seconds=seconds,
                code="wallet_authorisation",
                reference=payment.id,
            )
        ],
    )
    await uow.session.execute(
        tables.payments.update().where(tables.payments.c.id == payment.id).values(authorised_at=now)
    )
    return replace(payment, authorised_at=now)


async def capture_online_payment(uow: UnitOfWork, *, payment_id: str) -> Payment:
    """The order is confirmed: take the reserved CNY, owe the merchant the EUR and customs the import taxes
    (once). ``PaymentSucceeded`` carries the goods' part as ``paid``."""
    payment = await _online(uow, payment_id)
    if payment.status is PaymentStatus.SUCCEEDED:
        return payment
    if payment.status is not PaymentStatus.PENDING or payment.authorised_at is None:
        raise PaymentClosed(f"payment {payment.id} is not authorised", code="payment_not_pending")
    if payment.is_expired(uow.clock.now()):
        raise PaymentClosed(f"payment {payment.id} expired", code="payment_expired")
    assert payment.paid is not None
    await post(uow, [ledger.Transfer(id=f"bw:{payment.id}:capture", post_pending=_reservation(payment.id))])
    await wallets.record_taken(uow, request_id=payment.id, holder_id=payment.payer or "", amount=_reserved(payment))
    return await record_success(uow, payment, paid=payment.paid, payer=payment.payer)


async def pay_online_from_wallet(uow: UnitOfWork, *, holder_id: str, payment_id: str) -> Payment:
    """The buyer pays at once from the wallet (a checkout paid in the same step): authorisation and capture
    in one linked ledger group (wallet -> network for the goods and taxes, then the capture's transfers), so
    it is all taken or, with a wallet holding less, nothing (``wallet_balance_too_low``). Only the payer named
    on the payment; paying a succeeded payment again answers it as it is."""
    payment = await _online(uow, payment_id)
    if payment.payer != holder_id:
        raise PaymentsNotFound("no such payment", code="payment_not_found")
    if payment.status is PaymentStatus.SUCCEEDED:
        return payment
    if payment.status is not PaymentStatus.PENDING or payment.authorised_at is not None:
        raise PaymentClosed(f"payment {payment.id} is {payment.status}", code="payment_not_pending")
    if payment.is_expired(uow.clock.now()):
        raise PaymentClosed(f"payment {payment.id} expired", code="payment_expired")
    assert payment.paid is not None
    total = _reserved(payment)
    take = wallets.debit_wallet(holder_id, request_id=payment.id, amount=total)
    await wallets.record_taken(uow, request_id=payment.id, holder_id=holder_id, amount=total)
    return await record_success(
        uow, payment, paid=payment.paid, payer=holder_id, taken=[replace(take, group=payment.id)]
    )


async def void_online_payment(uow: UnitOfWork, *, payment_id: str, reason: str = "cancelled") -> Payment:
    """The order is cancelled before capture: release the reservation (if any); nothing was taken."""
    payment = await _online(uow, payment_id)
    if payment.status is not PaymentStatus.PENDING:
        return payment if payment.status is PaymentStatus.CANCELLED else await _refuse(payment)
    if payment.authorised_at is not None:
        results = await ledger.post_transfers(
            uow, [ledger.Transfer(id=f"bw:{payment.id}:void", void_pending=_reservation(payment.id))]
        )
        released = {
            ledger.TransferResult.OK,
            ledger.TransferResult.EXISTS,
            ledger.TransferResult.PENDING_TRANSFER_EXPIRED,
        }
        if results[0] not in released:
            raise RuntimeError(f"the ledger refused to release {payment.id}: {results[0]}")
    return await record_end(uow, payment, status=PaymentStatus.CANCELLED, reason=reason)


async def _refuse(payment: Payment) -> Payment:
    raise PaymentClosed(f"payment {payment.id} is {payment.status}", code="payment_not_pending")


async def expire_online_payment(uow: UnitOfWork, *, payment_id: str) -> bool:
    """The sweeper's part: an online payment past its expiry is voided (its reservation released)."""
    payment = await payment_row(uow, payment_id, lock=True)
    if payment is None or payment.status is not PaymentStatus.PENDING:
        return False
    await void_online_payment(uow, payment_id=payment_id, reason="expired")
    return True


async def refund_import_tax(uow: UnitOfWork, *, payment_id: str, request_id: str) -> Money:
    """Give the import taxes a captured online payment collected back to the payer's wallet (the order was
    cancelled after capture, or returned in full): ``pay:customs`` -> network -> wallet, in CNY.

    Once per payment: the answer is the CNY that ``request_id`` gave back, the whole tax for the first
    request and for any retry of it, zero for any other request after it (and for a payment that collected
    no tax). Only a succeeded payment (``payment_not_refundable``) taken through the built-in wallet or by
    card (``import_tax_not_refundable``); a card payment's VAT and duty are queued for the acquirer. The
    goods are refunded apart, by :func:`refund_payment`.
    """
    if not isinstance(request_id, str) or REQUEST_ID.fullmatch(request_id) is None:
        raise PaymentInvalid("a request id is 1-64 letters, digits, '-', '_' or '.'", field="request_id")
    payment = await _online(uow, payment_id)
    t = tables.payments
    if payment.import_tax_refunded_at is not None:
        done = (
            await uow.session.execute(select(t.c.import_tax_refund_request).where(t.c.id == payment.id))
        ).scalar_one()
        if done == request_id and payment.import_tax is not None:
            return payment.import_tax
        return Money.zero(WALLET_CURRENCY)
    if payment.status is not PaymentStatus.SUCCEEDED:
        raise PaymentClosed(f"payment {payment.id} is {payment.status}", code="payment_not_refundable")
    tax = payment.import_tax
    if tax is None or tax.minor == 0:
        return Money.zero(WALLET_CURRENCY)
    if payment.network == CARD_NETWORK:  # the IOSS VAT and duty back to what the acquirer is owed, queued
        await queue_card_refund(uow, payment, refund_id=f"{payment.id}-tax", amount=tax, source=Accounts.IOSS)
    elif payment.network != wallets.NETWORK:
        raise PaymentClosed(
            f"payment {payment.id} was taken through {payment.network}: its import taxes are not given back here",
            code="import_tax_not_refundable",
        )
    else:
        await open_accounts(uow, platform_accounts(wallets.NETWORK))
        await post(
            uow,
            [
                ledger.Transfer(
                    id=f"{payment.id}:tax-back",
                    debit_account=Accounts.CUSTOMS,
                    credit_account=Accounts.network(wallets.NETWORK),
                    amount=tax.minor,
                    currency=tax.currency,
                    code="import_tax_refund",
                    reference=payment.id,
                )
            ],
        )
        answer = await wallets.network_refund(
            uow,
            request=RefundRequest(refund_request_id=f"t-{payment.id}"[:64], payment_request_id=payment.id, amount=tax),
        )
        if answer.status is not NetworkStatus.SUCCEEDED:
            raise RuntimeError(f"the built-in wallet refused the import taxes of {payment.id} back: {answer.reason}")
    await uow.session.execute(
        update(t)
        .where(t.c.id == payment.id)
        .values(import_tax_refunded_at=uow.clock.now(), import_tax_refund_request=request_id)
    )
    return tax
