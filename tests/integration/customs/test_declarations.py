"""Declarations on both databases: three records filed, matched, sent through the customs-filing port by the
worker's chore (outside any transaction), their answers recorded, and the order cleared or rejected once."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pytest
from sqlalchemy import select

from comptoir import customs
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.outbox import outbox_table
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.unit.customs.helpers import cny
from tests.unit.customs.test_match import ORDER, PAYMENT, WAYBILL


def _principal(kind: OrganisationKind) -> Principal:
    return Principal(organisation_id="org_x", organisation_kind=kind, organisation_name="x", via="session")


async def _events(runtime: Runtime) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    async with runtime.uow() as uow:
        rows = (await uow.session.execute(select(outbox_table))).all()
    import json

    return [
        (r.name, r.payload if isinstance(r.payload, dict) else json.loads(r.payload))
        for r in rows
        if r.name.startswith("customs.")
    ]


async def _declare(runtime: Runtime, **changes: object) -> customs.Declaration:
    return await transact(
        runtime,
        partial(customs.declare_order, **{"order": ORDER, "payment": PAYMENT, "waybill": WAYBILL, **changes}),  # type: ignore[arg-type]
    )


async def test_matching_documents_accepted_by_customs_clear_the_order_once(runtime: Runtime) -> None:
    declared = await _declare(runtime, computed_tax=cny("93.73"))
    assert [f.status.value for f in declared.filings] == ["filed", "filed", "filed"]
    assert declared.mismatches == () and declared.outcome is None
    again = await _declare(runtime, computed_tax=cny("93.73"))
    assert [f.id for f in again.filings] == [f.id for f in declared.filings]
    fake = customs.FakeCustomsFiling()
    customs.use_filing(runtime, fake)
    assert await customs.send_filings(runtime) == 3
    assert await customs.send_filings(runtime) == 0
    assert sorted(kind for kind, _ in fake.received) == ["order", "payment", "waybill"]
    assert all("filing_id" in document for _, document in fake.received)
    after = await transact(runtime, partial(customs.declaration, order_id="ord_1"))
    assert [f.status.value for f in after.filings] == ["accepted"] * 3 and after.outcome == "cleared"
    assert await _events(runtime) == [("customs.CustomsCleared", {"order_id": "ord_1"})]


async def test_a_rejection_is_recorded_with_its_reason_and_rejects_the_order(runtime: Runtime) -> None:
    await _declare(runtime)
    customs.use_filing(runtime, customs.FakeCustomsFiling().reject("waybill", "consignee address incomplete"))
    assert await customs.send_filings(runtime) == 3
    after = await transact(runtime, partial(customs.declaration, order_id="ord_1"))
    waybill = after.filings[2]
    assert (waybill.kind, waybill.status.value, waybill.reason) == (
        "waybill",
        "rejected",
        "consignee address incomplete",
    )
    assert after.outcome == "rejected"
    assert await _events(runtime) == [
        ("customs.CustomsRejected", {"order_id": "ord_1", "reason": "waybill: consignee address incomplete"})
    ]


async def test_mismatched_documents_are_stored_and_keep_the_parcel_in(runtime: Runtime) -> None:
    declared = await _declare(runtime, payment=replace(PAYMENT, payer_person_key="pk-han"))
    assert [m.code for m in declared.mismatches] == ["payer_not_buyer"]
    customs.use_filing(runtime, customs.FakeCustomsFiling())
    await customs.send_filings(runtime)
    after = await transact(runtime, partial(customs.declaration, order_id="ord_1"))
    assert after.outcome == "rejected" and "payer_not_buyer" in (after.outcome_reason or "")
    [(name, _)] = await _events(runtime)
    assert name == "customs.CustomsRejected"


async def test_a_time_out_leaves_the_filing_filed_for_the_next_run(runtime: Runtime) -> None:
    await _declare(runtime)
    fake = customs.FakeCustomsFiling()
    fake.misbehaviour.time_out_next(1)
    customs.use_filing(runtime, fake)
    assert await customs.send_filings(runtime) == 2
    pending = await transact(runtime, partial(customs.declaration, order_id="ord_1"))
    assert [f.status.value for f in pending.filings].count("filed") == 1 and pending.outcome is None
    assert [f.attempts for f in pending.filings if f.status.value == "filed"] == [1]
    assert await customs.send_filings(runtime) == 1
    done = await transact(runtime, partial(customs.declaration, order_id="ord_1"))
    assert done.outcome == "cleared"


async def test_other_documents_for_a_declared_order_are_refused(runtime: Runtime) -> None:
    await _declare(runtime)
    with pytest.raises(customs.DeclarationConflict):
        await _declare(runtime, waybill=replace(WAYBILL, weight_g=999))


async def test_only_the_platform_operator_sees_the_filings(runtime: Runtime) -> None:
    await _declare(runtime)
    operator = _principal(OrganisationKind.PLATFORM)
    page = await transact(runtime, partial(customs.filings_page, principal=operator))
    assert [d.order_id for d in page] == ["ord_1"]
    pending = await transact(runtime, partial(customs.filings_page, principal=operator, outcome="pending"))
    assert len(pending) == 1
    with pytest.raises(PermissionDenied):
        await transact(runtime, partial(customs.filings_page, principal=_principal(OrganisationKind.BRAND)))
