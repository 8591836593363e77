"""Reading and writing payment rows, and the postings that capture a payment (shared by every flow)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update

from comptoir import ledger
from comptoir.kernel.money import Money
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.payments import repository as tables
from comptoir.payments.domain.accounts import CARD_NETWORK, SETTLEMENT_CURRENCY, WALLET_CURRENCY, Accounts
from comptoir.payments.domain.events import PaymentFailed, PaymentSucceeded
from comptoir.payments.domain.payments import Flow, Payment, PaymentStatus
from comptoir.payments.errors import PaymentClosed, PaymentsNotFound, RequestIdReused
from comptoir.payments.services._ledger import open_accounts, platform_accounts, post


def to_payment(row: Any) -> Payment:
    r = row._mapping
    paid = Money(r["paid_minor"], r["paid_currency"]) if r["paid_minor"] is not None else None
    tax = r["import_tax_minor"]
    return Payment(
        id=r["id"],
        request_id=r["request_id"],
        flow=Flow(r["flow"]),
        status=PaymentStatus(r["status"]),
        merchant_org_id=r["merchant_org_id"],
        beneficiary_org_id=r["beneficiary_org_id"],
        partner_org_id=r["partner_org_id"],
        channel=r["channel"],
        point_of_sale_id=r["point_of_sale_id"],
        amount=Money(r["amount_minor"], r["currency"]),
        paid=paid,
        rate=Decimal(r["rate"]) if r["rate"] is not None else None,
        quote_id=r["quote_id"],
        refunded=Money(r["refunded_minor"], r["currency"]),
        network=r["network"],
        payer=r["payer"],
        description=r["description"],
        order_reference=r["order_reference"],
        created_at=r["created_at"],
        expires_at=r["expires_at"],
        decided_at=r["decided_at"],
        settled_at=r["settled_at"],
        failure_reason=r["failure_reason"],
        authorised_at=r["authorised_at"],
        import_tax=Money(tax, r["paid_currency"] or WALLET_CURRENCY) if tax is not None else None,
        import_tax_refunded_at=r["import_tax_refunded_at"],
    )


def order_token(secret: str, payment_id: str) -> str:
    """The unguessable part of an order QR's URL: derived from the payment id with the install's secret,
    so the till can show the same QR again after a reload while the database keeps only its digest."""
    mac = hmac.new(secret.encode(), f"order-qr:{payment_id}".encode(), hashlib.sha256).digest()
    return mac[:18].hex()


async def insert_payment(uow: UnitOfWork, payment: Payment, *, token_digest: str | None = None) -> Payment:
    """Store a new payment; the same request id again answers the stored one if it asked for the same thing."""
    t = tables.payments
    existing = (
        await uow.session.execute(
            select(t).where(t.c.merchant_org_id == payment.merchant_org_id, t.c.request_id == payment.request_id)
        )
    ).first()
    if existing is not None:
        stored = to_payment(existing)
        same = (stored.flow, stored.amount, stored.point_of_sale_id, stored.import_tax) == (
            payment.flow,
            payment.amount,
            payment.point_of_sale_id,
            payment.import_tax,
        )
        if not same:
            raise RequestIdReused(f"request id {payment.request_id!r} was used for another payment")
        return stored
    await uow.session.execute(
        insert(t).values(
            id=payment.id,
            request_id=payment.request_id,
            flow=payment.flow.value,
            status=payment.status.value,
            merchant_org_id=payment.merchant_org_id,
            beneficiary_org_id=payment.beneficiary_org_id,
            partner_org_id=payment.partner_org_id,
            channel=payment.channel,
            point_of_sale_id=payment.point_of_sale_id,
            amount_minor=payment.amount.minor,
            currency=payment.amount.currency,
            paid_minor=payment.paid.minor if payment.paid else None,
            paid_currency=payment.paid.currency if payment.paid else None,
            rate=str(payment.rate) if payment.rate is not None else None,
            quote_id=payment.quote_id,
            refunded_minor=0,
            network=payment.network,
            payer=payment.payer,
            description=payment.description,
            order_reference=payment.order_reference,
            token_digest=token_digest,
            created_at=payment.created_at,
            expires_at=payment.expires_at,
            import_tax_minor=payment.import_tax.minor if payment.import_tax is not None else None,
        )
    )
    return payment


async def payment_row(uow: UnitOfWork, payment_id: str, *, lock: bool = False) -> Payment | None:
    query = select(tables.payments).where(tables.payments.c.id == payment_id)
    if lock:
        query = query.with_for_update()
    row = (await uow.session.execute(query)).first()
    return None if row is None else to_payment(row)


async def payment_by_token(uow: UnitOfWork, digest: str, *, lock: bool = False) -> Payment:
    query = select(tables.payments).where(tables.payments.c.token_digest == digest)
    if lock:
        query = query.with_for_update()
    row = (await uow.session.execute(query)).first()
    if row is None:
        raise PaymentsNotFound("no payment has this code", code="order_code_not_found")
    return to_payment(row)


async def claim_pending(uow: UnitOfWork, payment: Payment, **values: Any) -> None:
    """Move a pending payment on, once: a concurrent attempt that finds it decided is refused."""
    t = tables.payments
    done = await uow.session.execute(
        update(t).where(t.c.id == payment.id, t.c.status == PaymentStatus.PENDING.value).values(**values)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise PaymentClosed(f"payment {payment.id} is already decided", code="payment_not_pending")


def capture_transfers(payment: Payment, *, paid: Money, network: str) -> list[ledger.Transfer]:
    """The acquirer's side of a captured payment, as one linked group: what the network owes us (CNY) turns
    into what we owe the merchant (EUR), through the FX liquidity accounts; import taxes collected on top of
    ``paid`` go from the network to what we owe customs (CNY), never to the merchant. A card payment is EUR
    throughout: what the acquirer owes us becomes what we owe the merchant, and its VAT and duty go to IOSS."""
    if network == CARD_NETWORK:
        transfers = [
            ledger.Transfer(
                id=f"{payment.id}:in",
                debit_account=Accounts.network(network),
                credit_account=Accounts.merchant_pending(payment.merchant_org_id),
                amount=payment.amount.minor,
                currency=SETTLEMENT_CURRENCY,
                group=payment.id,
                code="payment",
                reference=payment.id,
            )
        ]
        if payment.import_tax is not None and payment.import_tax.minor > 0:
            transfers.append(
                ledger.Transfer(
                    id=f"{payment.id}:tax",
                    debit_account=Accounts.network(network),
                    credit_account=Accounts.IOSS,
                    amount=payment.import_tax.minor,
                    currency=SETTLEMENT_CURRENCY,
                    group=payment.id,
                    code="import_tax",
                    reference=payment.id,
                )
            )
        return transfers
    transfers = [
        ledger.Transfer(
            id=f"{payment.id}:in",
            debit_account=Accounts.network(network),
            credit_account=Accounts.fx(WALLET_CURRENCY),
            amount=paid.minor,
            currency=paid.currency,
            group=payment.id,
            code="payment",
            reference=payment.id,
        ),
        ledger.Transfer(
            id=f"{payment.id}:out",
            debit_account=Accounts.fx(SETTLEMENT_CURRENCY),
            credit_account=Accounts.merchant_pending(payment.merchant_org_id),
            amount=payment.amount.minor,
            currency=SETTLEMENT_CURRENCY,
            group=payment.id,
            code="payment",
            reference=payment.id,
        ),
    ]
    if payment.import_tax is not None and payment.import_tax.minor > 0:
        transfers.append(
            ledger.Transfer(
                id=f"{payment.id}:tax",
                debit_account=Accounts.network(network),
                credit_account=Accounts.CUSTOMS,
                amount=payment.import_tax.minor,
                currency=payment.import_tax.currency,
                group=payment.id,
                code="import_tax",
                reference=payment.id,
            )
        )
    return transfers


async def record_success(
    uow: UnitOfWork,
    payment: Payment,
    *,
    paid: Money,
    payer: str | None,
    extra: dict[str, Any] | None = None,
    taken: Sequence[ledger.Transfer] = (),
) -> Payment:
    """Capture ``payment``: post its group, mark it succeeded and tell the platform (once).

    ``taken`` are transfers that take the money from the payer, posted in the same linked group (a wallet
    paid at once): the whole group applies, or none of it. The answer is the payment as it now stands."""
    now = uow.clock.now()
    await claim_pending(
        uow,
        payment,
        status=PaymentStatus.SUCCEEDED.value,
        paid_minor=paid.minor,
        paid_currency=paid.currency,
        payer=payer,
        decided_at=now,
        **(extra or {}),
    )
    await open_accounts(uow, platform_accounts(payment.network))
    await post(uow, [*taken, *capture_transfers(payment, paid=paid, network=payment.network)])
    uow.publish(
        PaymentSucceeded(
            payment_id=payment.id,
            merchant_org_id=payment.merchant_org_id,
            flow=payment.flow.value,
            amount_minor=payment.amount.minor,
            currency=payment.amount.currency,
            paid_minor=paid.minor,
            paid_currency=paid.currency,
            order_reference=payment.order_reference,
            payer=payer,
        )
    )
    if extra:  # columns the row has and the value may not: read it back
        found = await payment_row(uow, payment.id)
        assert found is not None
        return found
    return replace(payment, status=PaymentStatus.SUCCEEDED, paid=paid, payer=payer, decided_at=now)


async def record_end(uow: UnitOfWork, payment: Payment, *, status: PaymentStatus, reason: str) -> Payment:
    """End a pending payment without money moving (failed, cancelled, expired), once."""
    await claim_pending(uow, payment, status=status.value, failure_reason=reason[:40], decided_at=uow.clock.now())
    uow.publish(
        PaymentFailed(
            payment_id=payment.id, merchant_org_id=payment.merchant_org_id, status=status.value, reason=reason
        )
    )
    found = await payment_row(uow, payment.id)
    assert found is not None
    return found
