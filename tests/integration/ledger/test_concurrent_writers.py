"""Many writers at once on the same hot wallets (PostgreSQL): no flag broken, no batch lost to a deadlock."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from functools import partial

import pytest

from comptoir import ledger
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.ledger import NewAccount, Transfer
from comptoir.ledger.repository import LedgerRepository

pytestmark = pytest.mark.parametrize("backend", ["postgresql"])

WALLETS = [f"wallet-{i}" for i in range(3)]
SHOPS = [f"shop-{i}" for i in range(2)]


async def _open_and_fund(runtime: Runtime) -> None:
    limited = frozenset({"debits_must_not_exceed_credits"})
    await transact(
        runtime,
        lambda uow: ledger.open_accounts(
            uow,
            [NewAccount("bank", "EUR", "platform", "bank")]
            + [NewAccount(w, "EUR", f"tourist-{w}", "wallet", limited) for w in WALLETS]
            + [NewAccount(s, "EUR", f"org-{s}", "merchant_pending") for s in SHOPS],
        ),
    )
    funding = [Transfer(f"fund-{w}", "bank", w, 500, "EUR") for w in WALLETS]
    assert await transact(runtime, lambda uow: ledger.post_transfers(uow, funding)) == ["ok"] * len(WALLETS)


def _batch(rng: random.Random, writer: int, number: int) -> list[Transfer]:
    transfers = []
    for k in range(12):
        source = rng.choice(WALLETS)
        target = rng.choice([w for w in WALLETS if w != source] + SHOPS)
        transfers.append(Transfer(f"w{writer}-b{number}-t{k}", source, target, rng.randint(1, 40), "EUR"))
    # Reversed order on purpose: accounts come in every order, the ledger must still not deadlock.
    if number % 2:
        transfers.reverse()
    return transfers


async def test_concurrent_writers_never_overdraw_a_wallet_nor_fail_on_a_deadlock(runtime: Runtime) -> None:
    await _open_and_fund(runtime)

    async def writer(index: int) -> Counter[str]:
        rng = random.Random(index)
        seen: Counter[str] = Counter()
        for number in range(10):
            batch = _batch(rng, index, number)
            seen.update(str(r) for r in await transact(runtime, partial(ledger.post_transfers, transfers=batch)))
        return seen

    outcomes = await asyncio.gather(*(writer(i) for i in range(6)))
    total = sum(outcomes, Counter())
    assert set(total) <= {"ok", "exceeds_credits"}
    assert total["ok"] > 0 and total["exceeds_credits"] > 0
    for account in await transact(runtime, lambda uow: ledger.balances(uow, WALLETS)):
        assert account.debits_posted + account.debits_pending <= account.credits_posted
    report = await transact(runtime, ledger.verify)
    assert report.ok, report.violations
    assert report.transfers_checked == len(WALLETS) + total["ok"]


async def test_the_same_transfer_sent_by_two_writers_at_once_is_stored_once(runtime: Runtime) -> None:
    await _open_and_fund(runtime)
    sale = [Transfer(f"sale-{i}", "wallet-0", "shop-0", 10, "EUR") for i in range(20)]
    first, second, third = await asyncio.gather(
        *(transact(runtime, lambda uow: ledger.post_transfers(uow, sale)) for _ in range(3))
    )
    for i in range(20):
        assert sorted([first[i], second[i], third[i]]) == ["exists", "exists", "ok"]
    wallet = await transact(runtime, lambda uow: ledger.get_account(uow, "wallet-0"))
    assert wallet.debits_posted == 200
    assert (await transact(runtime, ledger.verify)).ok


async def test_a_reservation_captured_by_two_writers_at_once_is_captured_once(runtime: Runtime) -> None:
    await _open_and_fund(runtime)
    holds = [Transfer(f"hold-{i}", "wallet-1", "shop-1", 20, "EUR", pending=True) for i in range(10)]
    assert set(await transact(runtime, lambda uow: ledger.post_transfers(uow, holds))) == {"ok"}
    captures = [[Transfer(f"capture-{w}-{i}", post_pending=f"hold-{i}") for i in range(10)] for w in range(3)]
    outcomes = await asyncio.gather(*(transact(runtime, partial(ledger.post_transfers, transfers=c)) for c in captures))
    for i in range(10):
        assert sorted(o[i] for o in outcomes) == [
            "ok",
            "pending_transfer_already_posted",
            "pending_transfer_already_posted",
        ]
    wallet = await transact(runtime, lambda uow: ledger.get_account(uow, "wallet-1"))
    assert (wallet.debits_posted, wallet.debits_pending) == (200, 0)
    assert (await transact(runtime, ledger.verify)).ok


async def test_large_concurrent_batches_apply_in_chain_order_without_ever_overdrawing(runtime: Runtime) -> None:
    # Batches naming many accounts read their balances without row locks, trusting the chain head
    # lock alone: replaying the stored transfers in chain order must keep every flag at every step.
    limited = frozenset({"debits_must_not_exceed_credits"})
    wallets = [f"spread-{i:03d}" for i in range(90)]
    await transact(
        runtime,
        lambda uow: ledger.open_accounts(
            uow,
            [NewAccount("bank", "EUR", "platform", "bank")]
            + [NewAccount(w, "EUR", f"tourist-{w}", "wallet", limited) for w in wallets],
        ),
    )
    funding = [Transfer(f"fund-{w}", "bank", w, 60, "EUR") for w in wallets]
    assert set(await transact(runtime, lambda uow: ledger.post_transfers(uow, funding))) == {"ok"}

    async def writer(index: int) -> Counter[str]:
        rng = random.Random(100 + index)
        seen: Counter[str] = Counter()
        for number in range(6):
            batch = []
            for k, source in enumerate(rng.sample(wallets, len(wallets))):
                target = rng.choice([w for w in wallets if w != source])
                batch.append(Transfer(f"s{index}-{number}-{k}", source, target, rng.randint(1, 45), "EUR"))
            seen.update(str(r) for r in await transact(runtime, partial(ledger.post_transfers, transfers=batch)))
        return seen

    total = sum(await asyncio.gather(*(writer(i) for i in range(5))), Counter())
    assert set(total) <= {"ok", "exceeds_credits"} and total["ok"] > 0 and total["exceeds_credits"] > 0

    debits: Counter[str] = Counter()
    credits: Counter[str] = Counter()
    stored = 0
    async with runtime.uow() as uow:
        async for record in LedgerRepository(uow.session, postgresql=True).all_transfers():
            debits[record.debit_account] += record.amount
            credits[record.credit_account] += record.amount
            stored += 1
            if record.debit_account != "bank":
                assert debits[record.debit_account] <= credits[record.debit_account], record
    assert stored == len(wallets) + total["ok"]
    report = await transact(runtime, ledger.verify)
    assert report.ok, report.violations
