"""Card payments: a French consumer pays a Chinese seller's order by card, in EUR, through the acquirer.

Checkout creates the payment (:func:`create_card_payment`) for the order's seller, in EUR, with the VAT
and duty it collects under IOSS (``import_tax``, zero for a consignment over 150 EUR, whose VAT and duty
are paid at import). Paying is two steps around one call to the acquirer, which is never made inside a
database transaction: :func:`card_charge` reads what to charge (only the buyer named on the payment may
pay it), the entry point asks the acquirer (idempotent by the payment's id, so a retry never charges
twice), then :func:`record_card_charge` records its answer: approved, the payment is captured (the
acquirer owes us the total, we owe the seller the goods and freight and the tax office the VAT and
duty); declined, nothing changes and the buyer may try another card.

A refund of a card payment is recorded at once (the ledger moves the EUR back to what the acquirer is
owed) and queued; :func:`send_card_refunds`, a worker chore, sends the queue to the acquirer, each
refund under its own id, until the acquirer confirms it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy import insert, select, update

from comptoir import ledger
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
from comptoir.payments import repository as tables
from comptoir.payments.domain.accounts import CARD_NETWORK, SETTLEMENT_CURRENCY, Accounts
from comptoir.payments.domain.fees import Channel
from comptoir.payments.domain.payments import MAX_PAYMENT_MINOR, Flow, Payment, PaymentStatus, check_amount
from comptoir.payments.errors import CardDeclined, PaymentClosed, PaymentInvalid, PaymentsNotFound, PaymentUndecided
from comptoir.payments.network.acquirer import (
    CARD_TOKEN,
    AcquirerUnavailable,
    CardAcquirer,
    CardAnswer,
    CardCharge,
)
from comptoir.payments.network.port import REQUEST_ID
from comptoir.payments.services._ledger import open_accounts, platform_accounts, post
from comptoir.payments.services._payments import insert_payment, payment_row, record_success
from comptoir.payments.services.tills import ensure_profile

DEFAULT_CARD_VALIDITY = timedelta(minutes=30)
MAX_CARD_VALIDITY = timedelta(days=1)
MAX_REFUND_ATTEMPTS = 20


def _eur(value: object, field: str, *, positive: bool) -> Money:
    if not isinstance(value, Money) or value.currency != SETTLEMENT_CURRENCY:
        raise PaymentInvalid(f"{field} must be money in {SETTLEMENT_CURRENCY}", field=field)
    if value.minor < (1 if positive else 0) or value.minor > MAX_PAYMENT_MINOR:
        raise PaymentInvalid(f"{field} must be {'more than' if positive else 'at least'} zero, within the ceiling")
    return value


async def create_card_payment(
    uow: UnitOfWork,
    *,
    request_id: str,
    merchant_org_id: str,
    beneficiary_org_id: str,
    channel: str,
    amount: Money,
    payer: str,
    order_reference: str,
    description: str,
    import_tax: Money | None = None,
    valid_for: timedelta = DEFAULT_CARD_VALIDITY,
) -> Payment:
    """A pending card payment of ``amount`` (EUR, what the seller is owed) plus ``import_tax`` (EUR, the VAT
    and duty collected under IOSS), to be paid by ``payer`` (an account id the buyer signs in with)."""
    try:
        check_amount(amount, currency=SETTLEMENT_CURRENCY)
        kind = Channel(channel)
    except (MoneyError, ValueError) as exc:
        raise PaymentInvalid(str(exc)) from exc
    tax = _eur(import_tax, "import_tax", positive=False) if import_tax is not None else None
    if kind is not Channel.MARKETPLACE:
        raise PaymentInvalid("a card payment is for a seller's store on the French storefront", field="channel")
    if REQUEST_ID.fullmatch(request_id) is None:
        raise PaymentInvalid("a request id is 1-64 letters, digits, '-', '_' or '.'", field="request_id")
    if not timedelta(minutes=1) <= valid_for <= MAX_CARD_VALIDITY:
        raise PaymentInvalid("a card payment holds between a minute and a day", field="valid_for")
    await ensure_profile(uow, org_id=merchant_org_id, org_kind="seller", name="")
    now = uow.clock.now()
    payment = Payment(
        id=new_id("pay"),
        request_id=request_id,
        flow=Flow.ONLINE,
        status=PaymentStatus.PENDING,
        merchant_org_id=merchant_org_id,
        beneficiary_org_id=beneficiary_org_id,
        partner_org_id=None,
        channel=kind.value,
        point_of_sale_id=None,
        amount=amount,
        paid=amount,
        rate=None,
        quote_id=None,
        refunded=Money.zero(SETTLEMENT_CURRENCY),
        network=CARD_NETWORK,
        payer=payer,
        description=description[:200] or order_reference,
        order_reference=order_reference[:64],
        created_at=now,
        expires_at=now + valid_for,
        decided_at=None,
        settled_at=None,
        failure_reason=None,
        import_tax=tax,
    )
    return await insert_payment(uow, payment)


def card_total(payment: Payment) -> Money:
    """What the card is charged: the seller's amount and the VAT and duty collected under IOSS."""
    return payment.amount + payment.import_tax if payment.import_tax is not None else payment.amount


async def _card(uow: UnitOfWork, payment_id: str, *, lock: bool = False) -> Payment:
    payment = await payment_row(uow, payment_id, lock=lock)
    if payment is None or payment.network != CARD_NETWORK:
        raise PaymentsNotFound("no such payment", code="payment_not_found")
    return payment


async def card_charge(uow: UnitOfWork, *, holder_id: str, payment_id: str, token: object) -> CardCharge | None:
    """What to ask the acquirer for ``payment_id``, paid by ``holder_id`` with the card ``token``; None when
    the payment already succeeded (a retry). Anyone but the payer is told the payment does not exist."""
    if not isinstance(token, str) or CARD_TOKEN.fullmatch(token) is None:
        raise PaymentInvalid(
            "a card token is what the acquirer's card form returns ('tok_' and letters or digits), never a card number",
            field="card_token",
        )
    payment = await _card(uow, payment_id)
    if payment.payer != holder_id:
        raise PaymentsNotFound("no such payment", code="payment_not_found")
    if payment.status is PaymentStatus.SUCCEEDED:
        return None
    if payment.status is not PaymentStatus.PENDING:
        raise PaymentClosed(f"payment {payment.id} is {payment.status}", code="payment_not_pending")
    if payment.is_expired(uow.clock.now()):
        raise PaymentClosed(f"payment {payment.id} expired", code="payment_expired")
    return CardCharge(request_id=payment.id, amount=card_total(payment), token=token, description=payment.description)


async def ask_acquirer(acquirer: CardAcquirer, charge: CardCharge) -> CardAnswer:
    """The acquirer's answer, or :class:`PaymentUndecided` when it gave none (asking again is safe)."""
    try:
        return await acquirer.charge(charge)
    except AcquirerUnavailable:
        raise PaymentUndecided("the card acquirer did not answer; nothing was charged twice: try again") from None


async def record_card_charge(uow: UnitOfWork, *, payment_id: str, answer: CardAnswer) -> Payment:
    """Record the acquirer's answer for ``payment_id``: approved, capture it (once); declined, refuse with the
    acquirer's reason (:class:`CardDeclined`) and change nothing."""
    payment = await _card(uow, payment_id, lock=True)
    if payment.status is PaymentStatus.SUCCEEDED:
        return payment
    if not answer.approved:
        raise CardDeclined(f"the card was declined ({answer.reference}); nothing was charged", reason=answer.reference)
    if answer.amount != card_total(payment) or answer.request_id != payment.id:
        raise RuntimeError(f"the acquirer answered for another charge than payment {payment.id}")
    if payment.status is not PaymentStatus.PENDING:
        raise PaymentClosed(f"payment {payment.id} is {payment.status}", code="payment_not_pending")
    return await record_success(
        uow, payment, paid=payment.amount, payer=payment.payer, extra={"network_reference": answer.reference[:64]}
    )


async def queue_card_refund(uow: UnitOfWork, payment: Payment, *, refund_id: str, amount: Money, source: str) -> None:
    """Move ``amount`` (EUR) from ``source`` back to what the acquirer is owed, and queue it for the acquirer."""
    reference = (
        await uow.session.execute(select(tables.payments.c.network_reference).where(tables.payments.c.id == payment.id))
    ).scalar_one()
    await open_accounts(uow, platform_accounts(CARD_NETWORK))
    await post(
        uow,
        [
            ledger.Transfer(
                id=f"{refund_id}:card",
                debit_account=source,
                credit_account=Accounts.network(CARD_NETWORK),
                amount=amount.minor,
                currency=SETTLEMENT_CURRENCY,
                code="refund",
                reference=payment.id,
            )
        ],
    )
    await uow.session.execute(
        insert(tables.card_refunds).values(
            id=refund_id,
            payment_id=payment.id,
            charge_reference=reference or "",
            amount_minor=amount.minor,
            currency=amount.currency,
            created_at=uow.clock.now(),
        )
    )


@dataclass(frozen=True, slots=True)
class CardRefund:
    id: str
    payment_id: str
    amount: Money
    sent: bool
    acquirer_reference: str | None
    last_error: str | None


async def card_refunds_of(uow: UnitOfWork, *, payment_id: str) -> list[CardRefund]:
    """The card refunds recorded for a payment, and whether the acquirer confirmed each."""
    t = tables.card_refunds
    rows = (await uow.session.execute(select(t).where(t.c.payment_id == payment_id).order_by(t.c.created_at))).all()
    return [
        CardRefund(
            r.id,
            r.payment_id,
            Money(r.amount_minor, r.currency),
            r.sent_at is not None,
            r.acquirer_reference,
            r.last_error,
        )
        for r in rows
    ]


async def _unsent(uow: UnitOfWork, limit: int) -> Sequence[object]:
    t = tables.card_refunds
    query = (
        select(t)
        .where(t.c.sent_at.is_(None), t.c.attempts < MAX_REFUND_ATTEMPTS)
        .order_by(t.c.created_at, t.c.id)
        .limit(limit)
    )
    return (await uow.session.execute(query)).all()


async def _mark(uow: UnitOfWork, refund_id: str, answer: CardAnswer | None, error: str | None) -> None:
    t = tables.card_refunds
    values: dict[str, object] = {"attempts": t.c.attempts + 1, "last_error": error}
    if answer is not None and answer.approved:
        values.update(sent_at=uow.clock.now(), acquirer_reference=answer.reference[:64], last_error=None)
    await uow.session.execute(update(t).where(t.c.id == refund_id, t.c.sent_at.is_(None)).values(**values))


async def send_card_refunds(source: OpensUnitsOfWork, acquirer: CardAcquirer, *, limit: int = 100) -> int:
    """Send the queued card refunds to the acquirer (each under its own id, so a resend is safe); answers
    how many it confirmed. A refusal or no answer is kept with its reason and tried again later."""
    rows = await transact(source, partial(_unsent, limit=limit))
    confirmed = 0
    for row in rows:
        r = row._mapping  # type: ignore[attr-defined]
        answer: CardAnswer | None = None
        error: str | None = None
        try:
            answer = await acquirer.refund(
                request_id=r["id"],
                charge_reference=r["charge_reference"],
                amount=Money(r["amount_minor"], r["currency"]),
            )
            if not answer.approved:
                error = answer.reference[:120]
        except AcquirerUnavailable:
            error = "the acquirer did not answer"
        await transact(source, partial(_mark, refund_id=r["id"], answer=answer, error=error))
        confirmed += answer is not None and answer.approved
    return confirmed
