"""Refunds: part or all of a succeeded payment goes back to the payer, at the payment's locked rate.

A refund is a new transfer, never an edit: the shop's EUR goes back through the FX accounts and the
payer gets the matching CNY (counted on the cumulative refunded amount, so a payment refunded in full
in any number of parts gives back exactly what was paid). Before settlement the refund comes out of the
merchant's pending balance; after it, out of the beneficiary's available balance (fees and commission
are not returned), and it is refused if that balance cannot cover it. Never more than captured minus
refunded: the payment's row is locked for the check, so concurrent refunds queue and none overshoots.
"""

from __future__ import annotations

from functools import partial

from sqlalchemy import insert, select, update

from comptoir import ledger
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.principal import Principal
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
from comptoir.payments import repository as tables
from comptoir.payments.domain.accounts import CARD_NETWORK, SETTLEMENT_CURRENCY, WALLET_CURRENCY, Accounts
from comptoir.payments.domain.events import RefundSucceeded
from comptoir.payments.domain.payments import Payment, PaymentStatus, Refund, check_amount, refund_in_paid_currency
from comptoir.payments.errors import PaymentClosed, PaymentInvalid, RefundInvalid, RequestIdReused
from comptoir.payments.network.port import REQUEST_ID, NetworkStatus, RefundRequest, WalletNetwork
from comptoir.payments.services import wallets
from comptoir.payments.services._ledger import post
from comptoir.payments.services.cards import queue_card_refund
from comptoir.payments.services.queries import _refund, payment_for_merchant

_REASON_MAX = 200


def _checked(amount: object, request_id: object, reason: object) -> tuple[Money, str, str]:
    try:
        money = check_amount(amount, currency=SETTLEMENT_CURRENCY)
    except MoneyError as exc:
        raise PaymentInvalid(str(exc)) from exc
    if not isinstance(request_id, str) or REQUEST_ID.fullmatch(request_id) is None:
        raise PaymentInvalid("a request id is 1-64 letters, digits, '-', '_' or '.'", field="request_id")
    text = reason.strip() if isinstance(reason, str) else ""
    if len(text) > _REASON_MAX or any(ord(c) < 32 for c in text):
        raise PaymentInvalid("a reason is at most 200 characters of text", field="reason")
    return money, request_id, text


async def _existing(uow: UnitOfWork, payment_id: str, request_id: str) -> Refund | None:
    t = tables.refunds
    row = (
        await uow.session.execute(select(t).where(t.c.payment_id == payment_id, t.c.request_id == request_id))
    ).first()
    return None if row is None else _refund(row)


async def refund_payment(
    uow: UnitOfWork,
    principal: Principal,
    *,
    payment_id: str,
    amount: Money,
    request_id: str,
    reason: str = "",
    network_done: bool = False,
) -> Refund:
    """Refund ``amount`` (EUR) of the caller's payment ``payment_id``; once per ``request_id``.

    With the built-in wallet the payer's wallet is credited in this same unit of work; with an outside
    network, :func:`refund_through_network` asks the network first and passes ``network_done``.
    """
    money, request_id, text = _checked(amount, request_id, reason)
    payment = await payment_for_merchant(uow, principal, payment_id=payment_id, lock=True)
    done = await _existing(uow, payment.id, request_id)
    if done is not None:
        if done.amount != money:
            raise RequestIdReused(f"refund request {request_id!r} was for {done.amount.to_major_string()} EUR")
        return done
    if payment.status is not PaymentStatus.SUCCEEDED or payment.paid is None:
        raise PaymentClosed(f"payment {payment.id} is {payment.status}", code="payment_not_refundable")
    if payment.refundable < money:
        raise RefundInvalid(
            f"at most {payment.refundable.to_major_string()} EUR of this payment can still be refunded",
            refundable=payment.refundable.as_json(),
        )
    paid_back = refund_in_paid_currency(
        amount=payment.amount, paid=payment.paid, refunded_before=payment.refunded, refund=money
    )
    refund = Refund(
        id=new_id("rfd"),
        payment_id=payment.id,
        request_id=request_id,
        amount=money,
        paid_back=paid_back,
        reason=text,
        created_at=uow.clock.now(),
    )
    source = (
        Accounts.merchant_available(payment.beneficiary_org_id)
        if payment.settled_at is not None
        else Accounts.merchant_pending(payment.merchant_org_id)
    )
    if payment.network == CARD_NETWORK:  # EUR back to what the acquirer is owed, queued for the acquirer
        await queue_card_refund(uow, payment, refund_id=refund.id, amount=money, source=source)
    else:
        await _refund_wallet_side(uow, payment, refund, source=source, network_done=network_done)
    await uow.session.execute(
        update(tables.payments)
        .where(tables.payments.c.id == payment.id)
        .values(refunded_minor=payment.refunded.minor + money.minor)
    )
    await uow.session.execute(
        insert(tables.refunds).values(
            id=refund.id,
            payment_id=payment.id,
            merchant_org_id=payment.merchant_org_id,
            request_id=request_id,
            amount_minor=money.minor,
            currency=money.currency,
            paid_back_minor=paid_back.minor,
            paid_back_currency=paid_back.currency,
            reason=text,
            created_by=principal.actor_id,
            created_at=refund.created_at,
        )
    )
    uow.publish(
        RefundSucceeded(
            refund_id=refund.id,
            payment_id=payment.id,
            merchant_org_id=payment.merchant_org_id,
            amount_minor=money.minor,
            currency=money.currency,
            paid_back_minor=paid_back.minor,
            paid_back_currency=paid_back.currency,
        )
    )
    return refund


async def _refund_wallet_side(
    uow: UnitOfWork, payment: Payment, refund: Refund, *, source: str, network_done: bool
) -> None:
    """The merchant's EUR back through the FX accounts, and the matching CNY to the network (and, with the
    built-in wallet, to the payer's wallet in this same unit of work)."""
    await post(
        uow,
        [
            ledger.Transfer(
                id=f"{refund.id}:out",
                debit_account=source,
                credit_account=Accounts.fx(SETTLEMENT_CURRENCY),
                amount=refund.amount.minor,
                currency=SETTLEMENT_CURRENCY,
                group=refund.id,
                code="refund",
                reference=payment.id,
            ),
            ledger.Transfer(
                id=f"{refund.id}:in",
                debit_account=Accounts.fx(WALLET_CURRENCY),
                credit_account=Accounts.network(payment.network),
                amount=refund.paid_back.minor,
                currency=WALLET_CURRENCY,
                group=refund.id,
                code="refund",
                reference=payment.id,
            ),
        ],
    )
    if payment.network == wallets.NETWORK and not network_done:
        answer = await wallets.network_refund(
            uow,
            request=RefundRequest(
                refund_request_id=f"r-{refund.id}"[:64], payment_request_id=payment.id, amount=refund.paid_back
            ),
        )
        if answer.status is not NetworkStatus.SUCCEEDED:
            raise RuntimeError(f"the built-in wallet refused refund {refund.id}: {answer.reason}")


async def refund_through_network(
    source: OpensUnitsOfWork,
    network: WalletNetwork,
    principal: Principal,
    *,
    payment_id: str,
    amount: Money,
    request_id: str,
    reason: str = "",
) -> Refund:
    """Refund a payment taken through an outside network: the network gives the CNY back first (idempotent
    by the refund's request id), then the refund is recorded; a retry with the same id finishes the job."""
    money, request_id, _ = _checked(amount, request_id, reason)
    payment = await transact(source, partial(payment_for_merchant, principal=principal, payment_id=payment_id))
    if payment.network == wallets.NETWORK:
        return await transact(
            source,
            partial(
                refund_payment,
                principal=principal,
                payment_id=payment_id,
                amount=money,
                request_id=request_id,
                reason=reason,
            ),
        )
    if payment.status is not PaymentStatus.SUCCEEDED or payment.paid is None:
        raise PaymentClosed(f"payment {payment.id} is {payment.status}", code="payment_not_refundable")
    if payment.refundable < money:
        raise RefundInvalid(f"at most {payment.refundable.to_major_string()} EUR can still be refunded")
    paid_back = refund_in_paid_currency(
        amount=payment.amount, paid=payment.paid, refunded_before=payment.refunded, refund=money
    )
    answer = await network.refund(
        RefundRequest(
            refund_request_id=f"{payment.id}-{request_id}"[:64], payment_request_id=payment.id, amount=paid_back
        )
    )
    if answer.status is not NetworkStatus.SUCCEEDED:
        raise PaymentClosed(f"the wallet network refused the refund: {answer.reason}", code="payment_not_refundable")
    return await transact(
        source,
        partial(
            refund_payment,
            principal=principal,
            payment_id=payment_id,
            amount=money,
            request_id=request_id,
            reason=reason,
            network_done=True,
        ),
    )
