"""The demo world's logistics section stores the demo network for a logistics operator who can sign in."""

from __future__ import annotations

from comptoir import identity
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics import load_stored_network
from comptoir.simulation import demo_logistics
from comptoir.simulation.demo_network import demo_network


async def test_the_demo_section_stores_the_network_for_liege_cargo(runtime: Runtime) -> None:
    logins = await demo_logistics.build(runtime)
    assert [(x.email, x.space) for x in logins] == [(demo_logistics.OPERATOR_EMAIL, "/logistics/network")]
    async with runtime.uow() as uow:
        stored = await load_stored_network(uow)
    assert stored is not None and stored.network == demo_network()
    session = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow,
            email=logins[0].email,
            password=logins[0].password,
            settings=runtime.settings,
            throttle=runtime.throttle,
        ),
    )
    principal = await transact(runtime, lambda uow: identity.principal_for_session(uow, token=session.token))
    assert principal is not None
    assert (principal.organisation_id, principal.organisation_kind) == (stored.operator_org_id, "logistics_operator")
    assert stored.operator_name == principal.organisation_name == "Liège Cargo"
