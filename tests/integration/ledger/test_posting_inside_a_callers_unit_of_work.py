"""Payments post transfers inside their own unit of work: the money moves only if they commit, and
postings of concurrent use cases do not wait for each other's commits."""

from __future__ import annotations

import asyncio
from functools import partial

import pytest
from sqlalchemy import text

from comptoir import ledger
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.ledger import NewAccount, Transfer
from comptoir.ledger import services as ledger_services
from comptoir.ledger.repository import LedgerRepository


async def _accounts(runtime: Runtime, *extra: NewAccount) -> None:
    accounts = [NewAccount("bank", "EUR", "platform", "bank"), NewAccount("shop", "EUR", "shop-1", "merchant_pending")]
    await transact(runtime, partial(ledger.open_accounts, accounts=[*accounts, *extra]))


async def test_transfers_posted_in_a_unit_of_work_that_does_not_commit_leave_no_trace(runtime: Runtime) -> None:
    await _accounts(runtime)
    async with runtime.uow() as uow:
        assert await ledger.post_transfers(uow, [Transfer("capture-1", "bank", "shop", 500, "EUR")]) == ["ok"]
    shop = await transact(runtime, partial(ledger.get_account, account_id="shop"))
    assert shop.credits_posted == 0
    assert await transact(runtime, partial(ledger.find_transfer, transfer_id="capture-1")) is None
    assert (await transact(runtime, ledger.verify)).ok


async def test_transfers_posted_twice_in_one_use_case_are_stored_once_and_chained(runtime: Runtime) -> None:
    await _accounts(runtime)

    async def capture(uow: UnitOfWork) -> tuple[list[str], list[str]]:
        first = await ledger.post_transfers(uow, [Transfer("capture-1", "bank", "shop", 500, "EUR")])
        second = await ledger.post_transfers(
            uow, [Transfer("capture-1", "bank", "shop", 500, "EUR"), Transfer("fee-1", "shop", "bank", 15, "EUR")]
        )
        return [str(r) for r in first], [str(r) for r in second]

    assert await transact(runtime, capture) == (["ok"], ["exists", "ok"])
    stored = await transact(runtime, partial(ledger.find_transfer, transfer_id="fee-1"))
    # Sealed once the use case committed: second in the chain, after capture-1.
    assert stored is not None and stored.chain_seq == 2
    report = await transact(runtime, ledger.verify)
    assert report.ok and report.transfers_checked == 2 and report.awaiting_seal == 0


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_use_cases_that_post_then_keep_working_do_not_wait_for_each_other(runtime: Runtime) -> None:
    """Each use case posts, then waits until the other has posted too, before committing.

    Were postings queued behind one lock held to commit (the chain head), the second posting would
    wait for the first commit, which waits for the second posting: neither would finish.
    """
    await _accounts(
        runtime,
        NewAccount("bank-2", "EUR", "platform", "bank"),
        NewAccount("shop-2", "EUR", "shop-2", "merchant_pending"),
    )
    posted = {"shop": asyncio.Event(), "shop-2": asyncio.Event()}
    banks = {"shop": "bank", "shop-2": "bank-2"}  # no account in common: nothing to wait for

    async def sale(shop: str, other: str, uow: UnitOfWork) -> None:
        transfer = Transfer(f"sale-{shop}", banks[shop], shop, 100, "EUR")
        assert await ledger.post_transfers(uow, [transfer]) == ["ok"]
        posted[shop].set()
        await posted[other].wait()

    await asyncio.wait_for(
        asyncio.gather(
            transact(runtime, partial(sale, "shop", "shop-2")), transact(runtime, partial(sale, "shop-2", "shop"))
        ),
        timeout=20,
    )
    report = await transact(runtime, ledger.verify)
    assert report.ok and report.transfers_checked == 2 and report.awaiting_seal == 0


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_an_edit_before_the_seal_is_caught_and_never_sealed(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _accounts(runtime)
    sales = [Transfer("sale-1", "bank", "shop", 500, "EUR"), Transfer("sale-2", "bank", "shop", 700, "EUR")]

    async def no_seal(_source: object) -> int:
        return 0

    async def chain_head_held(_repository: object, _limit: int) -> None:
        return None

    with monkeypatch.context() as patch:
        patch.setattr(ledger_services, "seal_chain", no_seal)
        patch.setattr(LedgerRepository, "seal_in_posting", chain_head_held)
        assert await transact(runtime, partial(ledger.post_transfers, transfers=sales)) == ["ok", "ok"]
    waiting = await transact(runtime, ledger.verify)
    assert waiting.ok and waiting.awaiting_seal == 2 and waiting.chain_head_seq == 0

    async with runtime.database.engine.begin() as conn:
        await conn.execute(text("UPDATE ledger_transfers SET reference = 'edited' WHERE id = 'sale-2'"))
    assert await ledger.seal_chain(runtime) == 1  # sale-1 only: sealing stops before the edited record
    report = await transact(runtime, ledger.verify)
    assert [v.code for v in report.violations] == ["chain_row_altered"]
    assert "sale-2" in report.violations[0].message
    assert (report.awaiting_seal, report.chain_head_seq) == (1, 1)


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_a_batch_resolving_its_own_reservation_is_sealed_in_batch_order(runtime: Runtime) -> None:
    await _accounts(runtime)
    batch = [
        Transfer("hold", "bank", "shop", 900, "EUR", pending=True),
        Transfer("capture", post_pending="hold", amount=600),
        Transfer("after", "bank", "shop", 1, "EUR"),
    ]
    assert await transact(runtime, partial(ledger.post_transfers, transfers=batch)) == ["ok", "ok", "ok"]
    stored = [
        await transact(runtime, partial(ledger.find_transfer, transfer_id=i)) for i in ("hold", "capture", "after")
    ]
    assert [s.chain_seq for s in stored if s is not None] == [1, 2, 3]
    assert (await transact(runtime, ledger.verify)).ok
