"""Writing a network back out in the file format: ``parse_network(network_to_document(n)) == n``."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from comptoir.kernel.money import Money
from comptoir.logistics.domain import WEEKDAYS, Connection, Hub, Network, Service, format_instant


def network_to_document(network: Network) -> dict[str, Any]:
    """The network as a JSON-ready document in the file format (the inverse of :func:`parse_network`)."""
    return {
        "hubs": [_hub_document(hub) for hub in network.hubs],
        "services": [_service_document(service) for service in network.services],
        "connections": [_connection_document(c) for c in network.connections],
        "clearance": [
            {"hub": c.hub, "regime": c.regime, "minutes_p50": c.minutes_p50, "minutes_p95": c.minutes_p95}
            for c in network.clearance
        ],
        "last_mile": [
            {"hub": z.hub, "zone": z.zone, "days": z.days, "cutoff_local": _clock(z.cutoff_local)}
            for z in network.last_mile
        ],
    }


def _clock(moment: time) -> str:
    return moment.strftime("%H:%M")


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _hub_document(hub: Hub) -> dict[str, Any]:
    document: dict[str, Any] = {
        "code": hub.code,
        "name": hub.name,
        "country": hub.country,
        "tz": hub.tz,
        "kind": hub.kind.value,
    }
    if hub.lat is not None:
        document["lat"] = hub.lat
    if hub.lon is not None:
        document["lon"] = hub.lon
    return document


def _service_document(service: Service) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": service.id,
        "mode": service.mode.value,
        "from": service.origin,
        "to": service.destination,
        "days": [WEEKDAYS[d] for d in service.days],
        "departs": _clock(service.departs),
        "duration_minutes": service.duration_minutes,
        "cutoff_minutes": service.cutoff_minutes,
        "ready_minutes": service.ready_minutes,
    }
    if service.capacity_kg is not None:
        document["capacity_kg"] = service.capacity_kg
    if service.cost_per_kg is not None:
        document["cost_per_kg"] = _money(service.cost_per_kg)
    for key, value in (("valid_from", _day(service.valid_from)), ("valid_to", _day(service.valid_to))):
        if value is not None:
            document[key] = value
    if service.stops:
        document["stops"] = [
            {
                "hub": s.hub,
                "arrives_after_minutes": s.arrives_after_minutes,
                "departs_after_minutes": s.departs_after_minutes,
            }
            for s in service.stops
        ]
    return document


def _money(amount: Money) -> dict[str, str]:
    return {"currency": amount.currency, "value": amount.to_major_string()}


def _connection_document(connection: Connection) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": connection.id,
        "trip": connection.trip,
        "from": connection.origin,
        "to": connection.destination,
        "departs_at": format_instant(connection.departs_at),
        "arrives_at": format_instant(connection.arrives_at),
        "cutoff_minutes": connection.cutoff_minutes,
        "ready_minutes": connection.ready_minutes,
    }
    if connection.capacity_kg is not None:
        document["capacity_kg"] = connection.capacity_kg
    return document
