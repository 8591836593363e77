"""The identity part of the demo world builds through public services and can be signed into."""

from __future__ import annotations

from comptoir.identity import services as identity
from comptoir.kernel.runtime import Runtime
from comptoir.simulation import demo_identity


async def test_the_demo_world_has_an_operator_partners_brands_and_one_delegation(runtime: Runtime) -> None:
    logins = await demo_identity.build(runtime)
    assert {x.email for x in logins} >= {"ops@comptoir.demo", "tp@xihu.demo", "brand@delaunay.demo"}
    assert [p.name for p in await identity.accredited_partners(runtime)] == [
        "Hangzhou Xihu Digital",
        "Rive Gauche Commerce Shanghai",
    ]
    session = await identity.sign_in(runtime, email="tp@xihu.demo", password=demo_identity.PASSWORD)
    partner = await identity.principal_for_session(runtime, session.token)
    assert partner is not None
    (delegation,) = await identity.delegations_of(runtime, partner)
    assert delegation.brand_name == "Maison Delaunay" and delegation.scopes == {"content", "orders"}
    profile = await identity.brand_profile(runtime, partner, delegation.brand_id)
    assert profile.name_zh == "德洛奈之家"
