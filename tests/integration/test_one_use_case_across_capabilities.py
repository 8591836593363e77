"""One use case writes in identity, the ledger and logistics inside one unit of work: all or nothing.

A partner opens a brand for China: it writes the brand's Chinese profile (identity, with its audit
entry), opens the brand's merchant account and posts its opening credit (ledger), and installs the
network that will promise its deliveries (logistics, with its event). A refusal at the last step
must leave all three capabilities, and the outbox, exactly as they were.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from comptoir import identity, ledger, logistics
from comptoir.kernel.outbox import outbox_table
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from tests.integration.identity.world import World, build_world
from tests.unit.logistics.network_sample import sample_document


class CustomsRefused(Exception):
    """The last step's refusal (a stand-in for any check that fails after the writes)."""


def _open_brand_for_china(world: World, *, refuse_at_the_end: bool) -> Callable[[UnitOfWork], Awaitable[None]]:
    brand_id = world.brand.id

    async def use_case(uow: UnitOfWork) -> None:
        await identity.update_brand_profile(
            uow, world.partner.principal, brand_id=brand_id, changes={"name_zh": "巴黎时装屋"}
        )
        accounts = [
            ledger.NewAccount(f"merchant-{brand_id}", "EUR", brand_id, "merchant"),
            ledger.NewAccount(f"launch-{brand_id}", "EUR", "comptoir", "funding"),
        ]
        assert await ledger.open_accounts(uow, accounts) == ["ok", "ok"]
        credit = ledger.Transfer(f"launch-credit-{brand_id}", accounts[1].id, accounts[0].id, 5_000, "EUR")
        assert await ledger.post_transfers(uow, [credit]) == ["ok"]
        stored = await logistics.import_network(uow, None, network=sample_document(), operator_name="Comptoir")
        assert stored.version == 1
        if refuse_at_the_end:
            raise CustomsRefused("the last step refused the launch")

    return use_case


@dataclass(frozen=True)
class Launch:
    name_zh: str
    profile_version: int
    audit_actions: list[str]
    accounts: list[tuple[str, int]]
    network_version: int | None
    outbox_events: int


async def _state(runtime: Runtime, world: World) -> Launch:
    """What each capability shows of the launch, through its public services only (and the outbox)."""

    async def read(uow: UnitOfWork) -> Launch:
        profile = await identity.brand_profile(uow, world.brand.principal, brand_id=world.brand.id)
        entries, _ = await identity.audit_log(uow, world.brand.principal, organisation_id=world.brand.id)
        accounts = await ledger.list_accounts(uow, owner=world.brand.id)
        network = await logistics.load_stored_network(uow)
        events = (await uow.execute(select(func.count()).select_from(outbox_table))).scalar_one()
        return Launch(
            name_zh=profile.name_zh,
            profile_version=profile.version,
            audit_actions=[entry.action for entry in entries],
            accounts=[(a.id, a.credits_posted) for a in accounts],
            network_version=None if network is None else network.version,
            outbox_events=int(events),
        )

    return await transact(runtime, read)


async def test_a_refusal_at_the_last_step_leaves_identity_the_ledger_and_logistics_unchanged(
    runtime: Runtime,
) -> None:
    world = await build_world(runtime)
    before = await _state(runtime, world)

    with pytest.raises(CustomsRefused):
        await transact(runtime, _open_brand_for_china(world, refuse_at_the_end=True))

    assert await _state(runtime, world) == before
    report = await transact(runtime, ledger.verify)
    assert report.ok and report.transfers_checked == 0


async def test_the_same_use_case_without_the_refusal_commits_all_three_at_once(runtime: Runtime) -> None:
    world = await build_world(runtime)
    before = await _state(runtime, world)

    await transact(runtime, _open_brand_for_china(world, refuse_at_the_end=False))

    after = await _state(runtime, world)
    assert after.name_zh == "巴黎时装屋"
    assert after.profile_version == before.profile_version + 1
    assert after.audit_actions[0] == "brand_profile.updated"
    assert after.accounts == [(f"merchant-{world.brand.id}", 5_000)]
    assert after.network_version == 1
    assert after.outbox_events == before.outbox_events + 1  # NetworkImported
    report = await transact(runtime, ledger.verify)
    assert report.ok and report.transfers_checked == 1 and report.awaiting_seal == 0
