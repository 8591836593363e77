"""Demo section: the logistics network, run by a logistics operator organisation."""

from __future__ import annotations

from comptoir import identity
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics import import_network
from comptoir.simulation.demo_network import demo_network
from comptoir.simulation.logins import DEMO_PASSWORD, DemoLogin

OPERATOR_EMAIL = "ops@liege-cargo.demo"


async def build(runtime: Runtime) -> list[DemoLogin]:
    """Create the logistics operator (Liège Cargo) with one user, and store the demo network as theirs."""
    organisation, _ = await transact(
        runtime,
        lambda uow: identity.open_account(
            uow,
            kind=OrganisationKind.LOGISTICS_OPERATOR,
            organisation_name="Liège Cargo",
            email=OPERATOR_EMAIL,
            password=DEMO_PASSWORD,
            settings=runtime.settings,
        ),
    )
    await transact(
        runtime,
        lambda uow: import_network(
            uow,
            None,
            network=demo_network(),
            operator_org_id=organisation.id,
            operator_name=organisation.name,
            imported_by="demo",
        ),
    )
    return [DemoLogin("logistics operator: Liège Cargo", OPERATOR_EMAIL, DEMO_PASSWORD, "/logistics/network")]
