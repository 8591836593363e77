"""Service checks that need no SQL run against the in-memory unit of work: refused before any query."""

from __future__ import annotations

import pytest

from comptoir import ledger, logistics
from comptoir.kernel.unit_of_work import InMemoryUnitOfWork
from comptoir.logistics.errors import NetworkInvalid
from tests.unit.logistics.network_sample import sample_document


async def test_a_malformed_account_is_refused_before_the_ledger_touches_storage() -> None:
    async with InMemoryUnitOfWork() as uow:
        with pytest.raises(ledger.LedgerInputInvalid, match="expected NewAccount"):
            await ledger.open_accounts(uow, [{"id": "wallet"}])  # type: ignore[list-item]
        with pytest.raises(ledger.LedgerInputInvalid, match="expected Transfer"):
            await ledger.post_transfers(uow, ["pay 10 EUR"])  # type: ignore[list-item]
        assert await ledger.post_transfers(uow, []) == []
    assert uow.commits == 0 and uow.published == []


async def test_an_invalid_network_is_refused_whole_before_anything_is_read_or_published() -> None:
    document = sample_document()
    document["hubs"][0]["kind"] = "teleport"
    async with InMemoryUnitOfWork() as uow:
        with pytest.raises(NetworkInvalid) as refused:
            await logistics.import_network(uow, None, network=document)
        await uow.commit()
    assert any("teleport" in str(problem) for problem in refused.value.problems)
    assert uow.published == []


async def test_events_reach_the_fake_only_when_it_commits() -> None:
    imported = logistics.NetworkImported(
        version=1, operator_org_id=None, operator_name=None, imported_by=None,
        hubs=3, services=1, connections=2, clearance=1, last_mile=1,
    )  # fmt: skip
    async with InMemoryUnitOfWork() as uow:
        uow.publish(imported)
    assert uow.published == []  # left without committing: rolled back
    async with uow:
        uow.publish(imported)
        await uow.commit()
    assert uow.published == [imported]
