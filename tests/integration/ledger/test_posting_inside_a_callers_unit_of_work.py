"""Payments post transfers inside their own unit of work: the money moves only if they commit."""

from __future__ import annotations

from comptoir import ledger
from comptoir.kernel.runtime import Runtime
from comptoir.ledger import NewAccount, Transfer


async def _accounts(runtime: Runtime) -> None:
    await ledger.open_accounts(
        runtime,
        [NewAccount("bank", "EUR", "platform", "bank"), NewAccount("shop", "EUR", "shop-1", "merchant_pending")],
    )


async def test_transfers_posted_in_a_unit_of_work_that_does_not_commit_leave_no_trace(runtime: Runtime) -> None:
    await _accounts(runtime)
    async with runtime.uow() as uow:
        assert await ledger.post_transfers_in(uow, [Transfer("capture-1", "bank", "shop", 500, "EUR")]) == ["ok"]
    shop = await ledger.get_account(runtime, "shop")
    assert shop.credits_posted == 0
    assert await ledger.find_transfer(runtime, "capture-1") is None
    assert (await ledger.verify(runtime)).ok


async def test_transfers_posted_in_a_committed_unit_of_work_are_chained_like_any_other(runtime: Runtime) -> None:
    await _accounts(runtime)
    async with runtime.uow() as uow:
        first = await ledger.post_transfers_in(uow, [Transfer("capture-1", "bank", "shop", 500, "EUR")])
        second = await ledger.post_transfers_in(
            uow, [Transfer("capture-1", "bank", "shop", 500, "EUR"), Transfer("fee-1", "shop", "bank", 15, "EUR")]
        )
        await uow.commit()
    assert (first, second) == (["ok"], ["exists", "ok"])
    stored = await ledger.find_transfer(runtime, "fee-1")
    assert stored is not None and stored.seq == 2
    report = await ledger.verify(runtime)
    assert report.ok and report.transfers_checked == 2
