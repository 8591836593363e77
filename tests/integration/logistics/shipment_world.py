"""A small network for booking tests: the sample network with a Hangzhou -> Liège flight of 2 kg."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.services import PromiseEngines, book_shipment, import_network
from tests.unit.logistics.network_sample import sample_document

NOW = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)
READY = datetime(2026, 12, 1, tzinfo=UTC)
"""Tue 1 Dec: the next flight is Thu 3 Dec 15:30Z (cut-off 12:30Z), then Sat 5 Dec (via LGG to MAD), Mon 7 Dec."""
THU_FLIGHT = "HGH-LGG@2026-12-03"
MON_FLIGHT = "HGH-LGG@2026-12-07"


def small_flight_network(capacity_kg: int = 2) -> dict[str, Any]:
    document = sample_document()
    for service in document["services"]:
        if service["id"] == "HGH-LGG":
            service["capacity_kg"] = capacity_kg
        if service["id"] == "HGH-LGG-MAD":
            service["capacity_kg"] = 0  # the Saturday flight takes nothing, so the next path is Monday's
    return document


async def load_world(
    runtime: Runtime, clock: FrozenClock, *, capacity_kg: int = 2, owner: str | None = None
) -> PromiseEngines:
    clock.advance(NOW - clock.now())
    document = small_flight_network(capacity_kg)
    await transact(runtime, lambda uow: import_network(uow, None, network=document, operator_org_id=owner))
    return PromiseEngines.of(runtime.database)


async def book(runtime: Runtime, engines: PromiseEngines, reference: str, grams: int = 1000, **more: Any) -> Any:
    return await transact(
        runtime,
        lambda uow: book_shipment(
            uow,
            engines=engines,
            seller_org_id=more.pop("seller", "org_seller"),
            order_reference=reference,
            origin=more.pop("origin", "HGH"),
            zone=more.pop("zone", "FR-75"),
            weight_g=grams,
            ready_at=more.pop("ready_at", READY),
            **more,
        ),
    )
