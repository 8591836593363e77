"""Declarations: the three documents of a CBEC order, their match, and sending them to customs.

:func:`declare_order` stores the order, payment and waybill records as ``filed`` with the mismatches found
between them (in the caller's unit of work; declaring the same documents again changes nothing). The worker's
chore :func:`send_filings` sends filed records through the customs-filing port, each call outside any
transaction, and stores each answer (accepted, or rejected with its reason) once. When the order's three
records are accepted and match, it publishes :class:`CustomsCleared`; a rejection, or three accepted records
that do not match, publishes :class:`CustomsRejected` with the reason: once per order.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from comptoir.customs import repository
from comptoir.customs.domain.declarations import (
    CustomsCleared,
    CustomsRejected,
    Declaration,
    FilingStatus,
    Mismatch,
    OrderDocument,
    PaymentDocument,
    WaybillDocument,
    match_documents,
)
from comptoir.customs.errors import CustomsNotFound, DeclarationConflict
from comptoir.customs.filing import FilingAnswer, FilingUnavailable, customs_filing
from comptoir.customs.services.rules import customs_rules
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact

#: Filings one run of the chore sends at most.
BATCH = 50


def _documents(
    order: OrderDocument, payment: PaymentDocument, waybill: WaybillDocument
) -> list[tuple[str, dict[str, Any]]]:
    return [
        (
            "order",
            {
                "order_id": order.order_id,
                "buyer_name": order.buyer_name,
                "buyer_person_key": order.buyer_person_key,
                "goods_value": order.goods_value.as_json(),
                "freight": order.freight.as_json(),
                "tax": order.tax.as_json(),
                "total": order.total.as_json(),
            },
        ),
        (
            "payment",
            {
                "order_id": payment.order_id,
                "payment_id": payment.payment_id,
                "payer_person_key": payment.payer_person_key,
                "amount": payment.amount.as_json(),
            },
        ),
        (
            "waybill",
            {
                "order_id": waybill.order_id,
                "waybill_no": waybill.waybill_no,
                "consignee_person_key": waybill.consignee_person_key,
                "weight_g": waybill.weight_g,
            },
        ),
    ]


async def declare_order(
    uow: UnitOfWork,
    *,
    order: OrderDocument,
    payment: PaymentDocument,
    waybill: WaybillDocument,
    computed_tax: Money | None = None,
) -> Declaration:
    """Store the order's three records as filed, match them (the declared tax against ``computed_tax``, the tax
    of the order's landed-cost quote, when given) and store the mismatches. Declaring the same documents again
    returns the stored declaration; other documents for a declared order raise :class:`DeclarationConflict`."""
    documents = _documents(order, payment, waybill)
    known = await repository.declarations_of(uow.session, [order.order_id])
    if known:
        existing = known[0]
        stored = {f.kind: {k: v for k, v in f.document.items() if k != "filing_id"} for f in existing.filings}
        if stored != dict(documents):
            raise DeclarationConflict(f"order {order.order_id} was declared with other documents")
        return existing
    tolerance = (await customs_rules(uow, on=uow.clock.now().date())).cn_limits.get("declared_tax_tolerance")
    found = match_documents(
        order,
        payment,
        waybill,
        computed_tax=computed_tax,
        tax_tolerance=None if tolerance is None else tolerance.ratio,
    )
    rows = []
    for kind, document in documents:
        filing_id = new_id("cfl")
        rows.append((filing_id, kind, {**document, "filing_id": filing_id}))
    await repository.insert_declaration(
        uow.session, order=order, computed_tax=computed_tax, documents=rows, found=found, now=uow.clock.now()
    )
    [declared] = await repository.declarations_of(uow.session, [order.order_id])
    return declared


async def declaration(uow: UnitOfWork, *, order_id: str) -> Declaration:
    found = await repository.declarations_of(uow.session, [order_id])
    if not found:
        raise CustomsNotFound(f"no declaration for order {order_id!r}")
    return found[0]


async def filings_page(
    uow: UnitOfWork, principal: Principal, *, outcome: str | None = None, before: str | None = None, limit: int = 50
) -> list[Declaration]:
    """Declarations with their filings and mismatches, newest order first, for the platform operator; ``limit``
    of them before order id ``before`` (fetch ``limit + 1`` to learn whether a next page exists). ``outcome``:
    ``pending``, ``cleared`` or ``rejected``."""
    if not principal.is_platform_operator:
        raise PermissionDenied("only the platform operator sees customs filings")
    ids = await repository.declaration_ids(uow.session, before=before, limit=limit, outcome=outcome)
    return await repository.declarations_of(uow.session, ids)


async def _record(uow: UnitOfWork, *, filing_id: str, order_id: str, kind: str, answer: FilingAnswer) -> int:
    status = FilingStatus.ACCEPTED if answer.status == "accepted" else FilingStatus.REJECTED
    reason = None if status is FilingStatus.ACCEPTED else (answer.reason or "rejected without a reason")
    now = uow.clock.now()
    if not await repository.record_answer(uow.session, filing_id=filing_id, status=status, reason=reason, now=now):
        return 0
    [declared] = await repository.declarations_of(uow.session, [order_id])
    rejected = [f for f in declared.filings if f.status is FilingStatus.REJECTED]
    if rejected:
        why = "; ".join(f"{f.kind}: {f.reason}" for f in rejected)
        if await repository.decide(uow.session, order_id=order_id, outcome="rejected", reason=why, now=now):
            uow.publish(CustomsRejected(order_id=order_id, reason=why))
    elif all(f.status is FilingStatus.ACCEPTED for f in declared.filings):
        if declared.mismatches:
            why = "documents do not match: " + ", ".join(m.code for m in declared.mismatches)
            if await repository.decide(uow.session, order_id=order_id, outcome="rejected", reason=why, now=now):
                uow.publish(CustomsRejected(order_id=order_id, reason=why))
        elif await repository.decide(uow.session, order_id=order_id, outcome="cleared", reason=None, now=now):
            uow.publish(CustomsCleared(order_id=order_id))
    return 1


async def _count_attempt(uow: UnitOfWork, *, filing_id: str) -> None:
    await repository.count_attempt(uow.session, filing_id)


async def send_filings(runtime: Runtime) -> int:
    """Send the filed records through the customs-filing port (each call outside any transaction) and store
    each answer; a record with no answer (time-out, platform down) stays filed for the next run. Returns how
    many answers were stored."""
    port = customs_filing(runtime)
    async with runtime.uow() as uow:
        due = await repository.filings_due(uow.session, limit=BATCH)
    stored = 0
    for filing in due:
        try:
            answer = await port.file(filing.kind, filing.document)
        except (TimeoutError, FilingUnavailable):
            await transact(runtime, partial(_count_attempt, filing_id=filing.id))
            continue
        stored += await transact(
            runtime,
            partial(_record, filing_id=filing.id, order_id=filing.order_id, kind=filing.kind, answer=answer),
        )
    return stored


__all__ = [
    "Mismatch",
    "declaration",
    "declare_order",
    "filings_page",
    "send_filings",
]
