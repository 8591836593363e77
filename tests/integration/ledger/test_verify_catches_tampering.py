"""Editing or deleting a stored transfer behind the ledger's back is caught by ``verify``."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from comptoir import ledger
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.ledger import NewAccount, Transfer


async def _a_few_sales(runtime: Runtime) -> None:
    await transact(
        runtime,
        lambda uow: ledger.open_accounts(
            uow,
            [
                NewAccount("bank", "EUR", "platform", "bank"),
                NewAccount("wallet", "EUR", "tourist-1", "wallet", frozenset({"debits_must_not_exceed_credits"})),
                NewAccount("shop", "EUR", "shop-1", "merchant_pending"),
            ],
        ),
    )
    results = await transact(
        runtime,
        lambda uow: ledger.post_transfers(
            uow,
            [
                Transfer("top-up", "bank", "wallet", 10_000, "EUR"),
                Transfer("sale-1", "wallet", "shop", 2_500, "EUR"),
                Transfer("sale-2", "wallet", "shop", 1_200, "EUR"),
                Transfer("sale-3", "wallet", "shop", 800, "EUR"),
            ],
        ),
    )
    assert set(results) == {"ok"}
    assert (await transact(runtime, ledger.verify)).ok


async def _tamper(runtime: Runtime, sql: str) -> set[str]:
    async with runtime.database.engine.begin() as conn:
        await conn.execute(text(sql))
    report = await transact(runtime, ledger.verify)
    return {v.code for v in report.violations}


async def test_an_edited_amount_is_caught(runtime: Runtime) -> None:
    await _a_few_sales(runtime)
    codes = await _tamper(runtime, "UPDATE ledger_transfers SET amount = 25 WHERE id = 'sale-1'")
    assert "chain_row_altered" in codes
    assert "balance_drift" in codes


async def test_an_edit_that_keeps_the_sums_is_still_caught_by_the_chain(runtime: Runtime) -> None:
    await _a_few_sales(runtime)
    codes = await _tamper(runtime, "UPDATE ledger_transfers SET reference = 'refund' WHERE id = 'sale-2'")
    assert codes == {"chain_row_altered"}


async def test_a_deleted_transfer_in_the_middle_is_caught(runtime: Runtime) -> None:
    await _a_few_sales(runtime)
    codes = await _tamper(runtime, "DELETE FROM ledger_transfers WHERE id = 'sale-2'")
    assert "chain_row_missing" in codes
    assert "balance_drift" in codes


async def test_deleting_the_latest_transfer_is_caught_by_the_chain_head(runtime: Runtime) -> None:
    await _a_few_sales(runtime)
    codes = await _tamper(runtime, "DELETE FROM ledger_transfers WHERE id = 'sale-3'")
    assert "chain_head_mismatch" in codes


async def test_an_edited_balance_is_caught(runtime: Runtime) -> None:
    await _a_few_sales(runtime)
    codes = await _tamper(runtime, "UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = 'shop'")
    assert "balance_drift" in codes
    assert "currency_unbalanced" in codes


async def test_a_reservation_left_open_past_its_timeout_is_reported_until_swept(
    runtime: Runtime, clock: FrozenClock
) -> None:
    await _a_few_sales(runtime)
    assert await transact(
        runtime,
        lambda uow: ledger.post_transfers(
            uow, [Transfer("hold", "wallet", "shop", 100, "EUR", pending=True, timeout_seconds=60)]
        ),
    ) == ["ok"]
    clock.advance(seconds=61)
    report = await transact(runtime, ledger.verify)
    assert [v.code for v in report.violations] == ["pending_open_past_timeout"]
    assert await ledger.sweep_all_expired(runtime) == 1
    assert (await transact(runtime, ledger.verify)).ok
    assert await transact(
        runtime, lambda uow: ledger.post_transfers(uow, [Transfer("capture", post_pending="hold")])
    ) == ["pending_transfer_expired"]
    wallet = await transact(runtime, lambda uow: ledger.get_account(uow, "wallet"))
    assert (wallet.debits_posted, wallet.debits_pending) == (4_500, 0)


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_a_double_resolution_is_refused_by_the_database_itself(runtime: Runtime) -> None:
    await _a_few_sales(runtime)
    await transact(
        runtime, lambda uow: ledger.post_transfers(uow, [Transfer("hold", "wallet", "shop", 100, "EUR", pending=True)])
    )
    await transact(runtime, lambda uow: ledger.post_transfers(uow, [Transfer("capture", post_pending="hold")]))
    with pytest.raises(Exception, match="uq_ledger_transfers_pending_id"):
        async with runtime.database.engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO ledger_transfers (seq, id, kind, debit_account, credit_account, amount, currency,"
                    " pending_id, timeout_seconds, timestamp_us, hash) VALUES (99, 'again', 'void', 'wallet', 'shop',"
                    " 100, 'EUR', 'hold', 0, 0, '')"
                )
            )
