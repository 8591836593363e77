"""What an operator reads about a stored network: its version, and its services grouped by lane."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from comptoir.logistics.domain import Hub, Network, Service


@dataclass(frozen=True, slots=True)
class StoredNetwork:
    """The installation's stored network: ``version`` grows by one on every import.

    ``operator_org_id`` is the logistics operator organisation that owns it (None while nobody does),
    and ``operator_name`` its name as it was when that version was imported.
    """

    version: int
    imported_at: datetime
    operator_org_id: str | None
    imported_by: str | None
    network: Network
    operator_name: str | None = None


@dataclass(frozen=True, slots=True)
class Lane:
    """Every service from ``origin`` to ``destination`` (a lane), in the order they were imported."""

    origin: Hub
    destination: Hub
    services: tuple[Service, ...]

    @property
    def weekly_departures(self) -> int:
        return sum(len(service.days) for service in self.services)

    @property
    def weekly_capacity_kg(self) -> int | None:
        """Capacity per week over the lane, None when a service on it has no stated capacity."""
        total = 0
        for service in self.services:
            if service.capacity_kg is None:
                return None
            total += service.capacity_kg * len(service.days)
        return total


def lanes(network: Network) -> list[Lane]:
    """The network's services grouped by (origin, destination), lanes in order of first appearance."""
    grouped: dict[tuple[str, str], list[Service]] = {}
    for service in network.services:
        grouped.setdefault((service.origin, service.destination), []).append(service)
    result: list[Lane] = []
    for (origin, destination), members in grouped.items():
        origin_hub, destination_hub = network.hub(origin), network.hub(destination)
        if origin_hub is not None and destination_hub is not None:
            result.append(Lane(origin_hub, destination_hub, tuple(members)))
    return result
