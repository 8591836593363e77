"""Erasing a buyer's personal data from the declarations of their orders, when the capability that owns the
orders asks (the buyer asked it to forget them)."""

from __future__ import annotations

from collections.abc import Sequence

from comptoir.customs import repository
from comptoir.kernel.unit_of_work import UnitOfWork


async def erase_buyer(uow: UnitOfWork, *, order_ids: Sequence[str]) -> int:
    """Blank the buyer's name and person key in the declarations of ``order_ids`` and in their three filed
    documents (a document not sent yet goes without them); how many rows changed. Idempotent: erasing again,
    or orders never declared, changes nothing. Amounts, outcomes and mismatches stay, as customs records.

    The CBEC annual totals (and the value each order counted toward them) stay under the keyed person digest:
    the yearly limit is the law's, and the digest names nobody without the resident ID number itself.
    """
    return await repository.erase_buyer(uow.session, order_ids=list(order_ids))
