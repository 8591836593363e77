"""Demo section: the logistics network, run by a logistics operator organisation."""

from __future__ import annotations

from comptoir import identity
from comptoir.kernel.runtime import Runtime
from comptoir.logistics import demo_world_network, import_network
from comptoir.simulation.logins import DEMO_PASSWORD, DemoLogin

OPERATOR_EMAIL = "ops@liege-cargo.demo"


async def build(runtime: Runtime) -> list[DemoLogin]:
    """Create the logistics operator (Liège Cargo) with one user, and store the demo network as theirs."""
    organisation, _ = await identity.open_account(
        runtime,
        kind="logistics_operator",
        organisation_name="Liège Cargo",
        email=OPERATOR_EMAIL,
        password=DEMO_PASSWORD,
    )
    async with runtime.uow() as uow:
        await import_network(
            uow,
            demo_world_network(),
            operator_org_id=organisation.id,
            operator_name=organisation.name,
            imported_by="demo",
        )
    return [DemoLogin("logistics operator: Liège Cargo", OPERATOR_EMAIL, DEMO_PASSWORD, "/logistics/network")]
