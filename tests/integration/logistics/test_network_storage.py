"""The stored network: import replaces it atomically, export gives back the imported document."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from comptoir.kernel.outbox import outbox_table
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.domain import StoredNetwork
from comptoir.logistics.errors import NetworkInvalid, NetworkNotLoaded
from comptoir.logistics.network_file import network_to_document, parse_network
from comptoir.logistics.services import export_network, import_network, load_stored_network, stored_network_version
from tests.unit.logistics.network_sample import sample_document


async def _import(runtime: Runtime, document: dict[str, Any], **owner: str) -> StoredNetwork:
    """Import ``document`` as the command line does (no principal), in a use case of its own."""
    return await transact(runtime, lambda uow: import_network(uow, None, network=document, **owner))


async def test_an_imported_network_exports_to_the_same_document(runtime: Runtime) -> None:
    stored = await _import(runtime, sample_document(), operator_org_id="org_ops", imported_by="usr_1")
    assert stored.version == 1
    async with runtime.uow() as uow:
        exported = await export_network(uow)
    assert network_to_document(exported) == sample_document()
    assert exported == parse_network(sample_document())


async def test_an_import_is_stored_only_when_its_caller_commits(runtime: Runtime) -> None:
    async with runtime.uow() as uow:
        stored = await import_network(uow, None, network=sample_document())
        assert stored.version == 1
        assert await stored_network_version(uow) == 1  # visible inside the caller's transaction
    async with runtime.uow() as uow:
        assert await stored_network_version(uow) is None
        rows = (await uow.execute(select(outbox_table.c.name))).all()
    assert rows == [], "the event is written with the change, so it is gone with it"


async def test_import_publishes_network_imported_in_the_same_transaction(runtime: Runtime) -> None:
    await _import(runtime, sample_document(), operator_org_id="org_ops")
    async with runtime.uow() as uow:
        rows = (await uow.execute(select(outbox_table.c.name, outbox_table.c.payload))).all()
    assert [(name, payload["version"], payload["hubs"], payload["services"]) for name, payload in rows] == [
        ("logistics.NetworkImported", 1, 5, 4)
    ]
    assert rows[0][1]["operator_org_id"] == "org_ops"


async def test_a_second_import_replaces_the_first_and_bumps_the_version(runtime: Runtime) -> None:
    await _import(runtime, sample_document())
    smaller = sample_document()
    smaller["services"] = smaller["services"][:1]
    smaller["connections"] = []
    smaller["last_mile"] = smaller["last_mile"][:1]
    stored = await _import(runtime, smaller, imported_by="usr_2")
    assert stored.version == 2
    async with runtime.uow() as uow:
        loaded = await load_stored_network(uow)
    assert loaded is not None
    assert loaded.version == 2
    assert loaded.imported_by == "usr_2"
    assert loaded.imported_at == runtime.clock.now()
    assert network_to_document(loaded.network) == smaller


async def test_a_document_with_problems_loads_nothing_and_keeps_the_stored_network(runtime: Runtime) -> None:
    await _import(runtime, sample_document())
    broken = sample_document()
    broken["services"][0]["from"] = "XXX"
    broken["services"][1]["days"] = ["mon", "someday"]
    broken["hubs"][1]["tz"] = "Europe/Atlantis"
    with pytest.raises(NetworkInvalid) as refused:
        await _import(runtime, broken)
    entries = [problem.entry for problem in refused.value.problems]
    assert "services[0] (HGH-LGG)" in entries
    assert "services[1] (LGG-FRPAR)" in entries
    assert "hubs[1] (LGG)" in entries
    async with runtime.uow() as uow:
        assert await stored_network_version(uow) == 1
        assert network_to_document(await export_network(uow)) == sample_document()


async def test_ids_longer_than_their_columns_are_problems_not_database_errors(runtime: Runtime) -> None:
    long_zone = sample_document()
    long_zone["last_mile"][0]["zone"] = "Z" * 41
    with pytest.raises(NetworkInvalid) as refused:
        await _import(runtime, long_zone)
    assert [str(p) for p in refused.value.problems] == ["last_mile[0]: 'zone' is longer than 40 characters"]
    async with runtime.uow() as uow:
        assert await stored_network_version(uow) is None


async def test_export_without_a_network_says_so(runtime: Runtime) -> None:
    async with runtime.uow() as uow:
        assert await load_stored_network(uow) is None
        with pytest.raises(NetworkNotLoaded):
            await export_network(uow)


async def test_concurrent_imports_leave_one_whole_network(runtime: Runtime) -> None:
    """Two first imports at once collide on the network's key; the one that loses runs again and imports
    over the other, so both are stored, one after the other."""
    import asyncio

    smaller = sample_document()
    smaller["services"] = smaller["services"][:2]

    outcomes = await asyncio.gather(_import(runtime, sample_document()), _import(runtime, smaller))
    assert sorted(stored.version for stored in outcomes) == [1, 2]
    async with runtime.uow() as uow:
        stored = await load_stored_network(uow)
    assert stored is not None
    assert stored.version == 2
    assert network_to_document(stored.network) in (sample_document(), smaller)
