"""Every field of a transfer reads back exactly as posted, whichever way its batch was written."""

from __future__ import annotations

from functools import partial

import pytest

from comptoir import ledger
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.ledger import NewAccount, Transfer


@pytest.mark.parametrize("size", [1, 3, 120])
async def test_stored_transfers_keep_every_field_and_absent_values_stay_absent(runtime: Runtime, size: int) -> None:
    await transact(
        runtime,
        lambda uow: ledger.open_accounts(
            uow,
            [NewAccount("bank", "EUR", "platform", "bank"), NewAccount("shop", "EUR", "shop-1", "merchant_pending")],
        ),
    )
    holds = [
        Transfer(f"hold-{i}", "bank", "shop", 100 + i, "EUR", pending=True, timeout_seconds=60 + i,
                 group=f"commande n°{i} – 订单", code="capture", reference=f"réf {i}, \"quoted\" {{x}}")
        for i in range(size)
    ]  # fmt: skip
    plain = [Transfer(f"plain-{i}", "shop", "bank", 1 + i, "EUR") for i in range(size)]
    assert set(await transact(runtime, lambda uow: ledger.post_transfers(uow, holds))) == {"ok"}
    assert set(await transact(runtime, lambda uow: ledger.post_transfers(uow, plain))) == {"ok"}
    posts = [Transfer(f"post-{i}", post_pending=f"hold-{i}", amount=50) for i in range(size)]
    assert set(await transact(runtime, lambda uow: ledger.post_transfers(uow, posts))) == {"ok"}

    hold = await transact(runtime, lambda uow: ledger.find_transfer(uow, f"hold-{size - 1}"))
    assert hold is not None
    i = size - 1
    assert (hold.kind, hold.debit_account, hold.credit_account, hold.amount, hold.currency) == (
        "pending", "bank", "shop", 100 + i, "EUR",
    )  # fmt: skip
    assert (hold.pending_id, hold.timeout_seconds, hold.group, hold.code, hold.reference) == (
        None, 60 + i, f"commande n°{i} – 订单", "capture", f"réf {i}, \"quoted\" {{x}}",
    )  # fmt: skip
    assert hold.expires_at_us == hold.timestamp_us + (60 + i) * 1_000_000
    for transfer_id in (f"plain-{i}", f"post-{i}"):
        stored = await transact(runtime, partial(ledger.find_transfer, transfer_id=transfer_id))
        assert stored is not None
        assert (stored.group, stored.code, stored.reference, stored.expires_at_us) == (None, None, None, None)
    post = await transact(runtime, lambda uow: ledger.find_transfer(uow, f"post-{i}"))
    assert post is not None and (post.kind, post.pending_id, post.amount) == ("post", f"hold-{i}", 50)
    report = await transact(runtime, ledger.verify)
    assert report.ok and report.transfers_checked == 3 * size
