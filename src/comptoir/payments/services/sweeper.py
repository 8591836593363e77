"""Closing what nobody closed: payments past their expiry, and payment-code payments a crash left undecided.

The worker runs :func:`sweep_payments` as a chore. An order QR or an entry-code payment nobody confirmed
in time is cancelled (nothing was taken). A payment-code payment still pending at its expiry is asked
about at its network: one the network took is captured, any other is cancelled there and here. After a
sweep, nothing is pending past its expiry unless its network cannot be reached (it is asked again next time).
"""

from __future__ import annotations

from functools import partial

from sqlalchemy import select

from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
from comptoir.payments import repository as tables
from comptoir.payments.domain.payments import Flow, Payment, PaymentStatus
from comptoir.payments.errors import PaymentClosed
from comptoir.payments.network.port import WalletNetwork
from comptoir.payments.services._payments import payment_row, record_end, to_payment
from comptoir.payments.services.instore import settle_with_network
from comptoir.payments.services.online import expire_online_payment

SWEEP_BATCH = 200


async def expired_payments(uow: UnitOfWork, *, limit: int = SWEEP_BATCH) -> list[Payment]:
    t = tables.payments
    rows = await uow.session.execute(
        select(t)
        .where(t.c.status == PaymentStatus.PENDING.value, t.c.expires_at <= uow.clock.now())
        .order_by(t.c.expires_at, t.c.id)
        .limit(limit)
    )
    return [to_payment(r) for r in rows]


async def _expire(uow: UnitOfWork, *, payment_id: str) -> bool:
    payment = await payment_row(uow, payment_id, lock=True)
    if payment is None or payment.status is not PaymentStatus.PENDING:
        return False
    try:
        await record_end(uow, payment, status=PaymentStatus.CANCELLED, reason="expired")
    except PaymentClosed:
        return False
    return True


async def sweep_payments(source: OpensUnitsOfWork, networks: dict[str, WalletNetwork]) -> int:
    """Close every pending payment past its expiry; how many were closed."""
    closed = 0
    while True:
        due = await transact(source, expired_payments)
        if not due:
            return closed
        progressed = 0
        for payment in due:
            network = networks.get(payment.network)
            if payment.flow is Flow.ONLINE:
                progressed += await transact(source, partial(expire_online_payment, payment_id=payment.id))
            elif payment.flow is Flow.USER_CODE and network is not None:
                after = await settle_with_network(source, network, payment, inquiries=1, pause=0)
                progressed += after.status is not PaymentStatus.PENDING
            elif await transact(source, partial(_expire, payment_id=payment.id)):
                progressed += 1
        closed += progressed
        if progressed == 0:  # only unreachable networks are left: try again on the next sweep
            return closed
