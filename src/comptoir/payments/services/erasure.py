"""Erasing a wallet holder's personal data when they ask for it.

What names the person goes: the display name, the phone number (the column is unique and never empty, so it
becomes a random tombstone that no phone number can match), the password hash (nobody signs in again) and
the payment codes not used yet (none can pay any more). The holder's row stays, marked ``erased_at``: an
erased holder is "not found" for :func:`~comptoir.payments.wallet_holder`, sign-in, top-up and paying.

Financial records are kept, as bookkeeping law requires: payments keep ``payer`` = the holder's id, top-ups
and the built-in network's records keep it too, and the ledger keeps the ``wallet:<id>`` account with every
transfer. Once the row is erased that id is a pseudonym that nothing in Comptoir links to a person.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select, update

from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.payments import repository as tables
from comptoir.payments.errors import PaymentsNotFound

#: What an erased holder's phone starts with: never a phone number (those are digits with an optional "+").
ERASED_PHONE_PREFIX = "erased:"
#: Not an argon2 hash: verifying any password against it fails.
ERASED_PASSWORD_HASH = "erased"


async def erase_wallet_holder(uow: UnitOfWork, *, holder_id: str) -> bool:
    """Erase the personal data of wallet holder ``holder_id``: True when it was erased now, False when it had
    been erased before (nothing changes then). :class:`PaymentsNotFound` (``wallet_not_found``) when there is
    no such holder.

    The erasure does not refuse a wallet whose balance is not zero: the remaining balance stays on the
    holder's ledger account (``wallet:<id>``), where the books keep it, and refunds of the holder's payments
    still go back to it; the ledger's ``verify`` holds throughout. Payments, refunds, top-ups, the network's
    records and the ledger keep the holder's id (financial records are kept); it identifies nobody once the
    holder's name, phone and password are gone.
    """
    t = tables.wallet_holders
    row = (
        await uow.session.execute(select(t.c.id, t.c.erased_at).where(t.c.id == holder_id).with_for_update())
    ).first()
    if row is None:
        raise PaymentsNotFound("no such wallet", code="wallet_not_found")
    if row.erased_at is not None:
        return False
    await uow.session.execute(
        update(t)
        .where(t.c.id == holder_id, t.c.erased_at.is_(None))
        .values(
            display_name="",
            phone=ERASED_PHONE_PREFIX + secrets.token_hex(6),
            password_hash=ERASED_PASSWORD_HASH,
            erased_at=uow.clock.now(),
        )
    )
    codes = tables.payment_codes
    await uow.session.execute(delete(codes).where(codes.c.holder_id == holder_id, codes.c.used_at.is_(None)))
    return True
