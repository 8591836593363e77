"""Online payments: an order on the Chinese storefront, paid in CNY from the buyer's wallet, settled in EUR.

Checkout creates the payment (:func:`create_online_payment`) for the order's merchant of record, at the
FX quote it locked; the buyer authorises it from their wallet (:func:`authorise_online_payment`: a pending
ledger transfer reserves the CNY until the payment's expiry); the order's confirmation captures it
(:func:`capture_online_payment`) and its cancellation voids it (:func:`void_online_payment`). The payer
must be the buyer named on the payment (the customs three-document match requires it). An authorisation
nobody captures is released at its expiry by the sweeper, and by the ledger's own timeout.
"""

from __future__ import annotations

from datetime import timedelta

from comptoir import ledger, pricing
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.payments import repository as tables
from comptoir.payments.domain.accounts import SETTLEMENT_CURRENCY, WALLET_CURRENCY, Accounts
from comptoir.payments.domain.fees import Channel
from comptoir.payments.domain.payments import Flow, Payment, PaymentStatus, check_amount
from comptoir.payments.errors import PaymentClosed, PaymentInvalid, PaymentsNotFound, QuoteExpired
from comptoir.payments.network.port import REQUEST_ID
from comptoir.payments.services import wallets
from comptoir.payments.services._ledger import open_accounts, platform_accounts, post
from comptoir.payments.services._payments import insert_payment, payment_row, record_end, record_success
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
) -> Payment:
    """A pending online payment of ``amount`` (EUR) at checkout's locked quote, to be authorised by ``payer``."""
    try:
        check_amount(amount, currency=SETTLEMENT_CURRENCY)
        kind = Channel(channel)
    except (MoneyError, ValueError) as exc:
        raise PaymentInvalid(str(exc)) from exc
    if kind is Channel.IN_STORE:
        raise PaymentInvalid("an online payment is for a brand store or a pavilion", field="channel")
    if REQUEST_ID.fullmatch(request_id) is None:
        raise PaymentInvalid("a request id is 1-64 letters, digits, '-', '_' or '.'", field="request_id")
    if not timedelta(minutes=1) <= valid_for <= MAX_ONLINE_VALIDITY:
        raise PaymentInvalid("an online payment holds between a minute and 7 days", field="valid_for")
    await wallets.wallet_holder(uow, holder_id=payer)
    try:
        quote = await pricing.fx_quote(uow, quote_id=quote_id)
    except pricing.FxQuoteNotFound:
        raise QuoteExpired("this quote is not known; quote again") from None
    now = uow.clock.now()
    if quote.amount != amount or quote.quote != WALLET_CURRENCY:
        raise QuoteExpired("the quote is for another amount; quote again")
    if quote.is_expired(now):
        raise QuoteExpired(f"the quote expired at {quote.expires_at.isoformat()}")
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
        paid=quote.converted,
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
    )
    return await insert_payment(uow, payment)


async def _online(uow: UnitOfWork, payment_id: str) -> Payment:
    payment = await payment_row(uow, payment_id, lock=True)
    if payment is None or payment.flow is not Flow.ONLINE:
        raise PaymentsNotFound("no such payment", code="payment_not_found")
    return payment


def _reservation(payment_id: str) -> str:
    return f"bw:{payment_id}:take"


async def authorise_online_payment(uow: UnitOfWork, *, holder_id: str, payment_id: str) -> Payment:
    """The buyer confirms in their wallet: the CNY is reserved (not taken) until capture or expiry."""
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
    assert payment.paid is not None
    await open_accounts(uow, platform_accounts(wallets.NETWORK))
    seconds = max(1, int((payment.expires_at - now).total_seconds()))
    await post(
        uow,
        [
            ledger.Transfer(
                id=_reservation(payment.id),
                debit_account=Accounts.wallet(holder_id),
                credit_account=Accounts.network(wallets.NETWORK),
                amount=payment.paid.minor,
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
    found = await payment_row(uow, payment.id)
    assert found is not None
    return found


async def capture_online_payment(uow: UnitOfWork, *, payment_id: str) -> Payment:
    """The order is confirmed: take the reserved CNY and owe the merchant the EUR (once)."""
    payment = await _online(uow, payment_id)
    if payment.status is PaymentStatus.SUCCEEDED:
        return payment
    if payment.status is not PaymentStatus.PENDING or payment.authorised_at is None:
        raise PaymentClosed(f"payment {payment.id} is not authorised", code="payment_not_pending")
    if payment.is_expired(uow.clock.now()):
        raise PaymentClosed(f"payment {payment.id} expired", code="payment_expired")
    assert payment.paid is not None
    await post(uow, [ledger.Transfer(id=f"bw:{payment.id}:capture", post_pending=_reservation(payment.id))])
    await wallets.record_taken(uow, request_id=payment.id, holder_id=payment.payer or "", amount=payment.paid)
    return await record_success(uow, payment, paid=payment.paid, payer=payment.payer)


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
