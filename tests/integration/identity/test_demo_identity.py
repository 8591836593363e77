"""The identity part of the demo world builds through public services and can be signed into."""

from __future__ import annotations

from comptoir.identity import services as identity
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation import demo_identity


async def test_the_demo_world_has_an_operator_partners_brands_and_one_delegation(runtime: Runtime) -> None:
    logins = await demo_identity.build(runtime)
    assert {x.email for x in logins} >= {"ops@comptoir.demo", "tp@xihu.demo", "brand@delaunay.demo"}
    assert [p.name for p in await transact(runtime, identity.accredited_partners)] == [
        "Hangzhou Xihu Digital",
        "Rive Gauche Commerce Shanghai",
    ]
    session = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow,
            email="tp@xihu.demo",
            password=demo_identity.PASSWORD,
            settings=runtime.settings,
            throttle=runtime.throttle,
        ),
    )
    partner = await transact(runtime, lambda uow: identity.principal_for_session(uow, token=session.token))
    assert partner is not None
    (delegation,) = await transact(runtime, lambda uow: identity.delegations_of(uow, partner))
    assert delegation.brand_name == "Maison Delaunay" and delegation.scopes == {"content"}
    profile = await transact(runtime, lambda uow: identity.brand_profile(uow, partner, brand_id=delegation.brand_id))
    assert profile.name_zh == "德洛奈之家"
