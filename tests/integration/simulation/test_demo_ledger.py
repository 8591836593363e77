"""The demo world's ledger section opens real accounts and posts real transfers that verify."""

from __future__ import annotations

from comptoir import ledger
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation import demo_identity, demo_ledger


async def test_the_demo_ledger_has_wallets_paid_merchants_and_one_authorised_qr_payment(runtime: Runtime) -> None:
    await demo_identity.build(runtime)
    assert await demo_ledger.build(runtime) == []
    report = await transact(runtime, ledger.verify)
    assert report.ok, report.violations
    assert report.accounts_checked == 7
    assert report.transfers_checked == len(demo_ledger.demo_transfers())
    accounts = {a.id: a for a in await transact(runtime, ledger.balances)}
    li_wei, wang_fang = (accounts[w] for w in demo_ledger.WALLETS)
    assert li_wei.credits_posted - li_wei.debits_posted == 200_000 - 128_000 - 23_200
    assert (wang_fang.credits_posted - wang_fang.debits_posted, wang_fang.debits_pending) == (80_000 - 9_600, 25_600)
    delaunay, savonnerie = (accounts[m] for m in demo_ledger.MERCHANTS.values())
    assert (delaunay.currency, delaunay.credits_posted, savonnerie.credits_posted) == ("EUR", 16_400, 1_230 + 2_970)
    assert delaunay.owner.startswith("org_") and delaunay.owner != savonnerie.owner
