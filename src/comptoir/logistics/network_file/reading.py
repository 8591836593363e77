"""Reading the JSON network file: every entry is checked, and every problem is reported.

:func:`parse_network` collects *every* problem (each naming its entry, e.g. ``services[2] (HGH-LGG)``)
before refusing; a document with any problem loads nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

from comptoir.logistics.domain import (
    Clearance,
    Connection,
    Hub,
    HubKind,
    LastMileZone,
    Mode,
    Network,
    Service,
    format_instant,
)
from comptoir.logistics.errors import NetworkInvalid, NetworkProblem
from comptoir.logistics.network_file.entries import EntryReader, read_stops

SECTIONS = ("hubs", "services", "connections", "clearance", "last_mile")


def load_network(path: str | Path) -> Network:
    """Read and check the network file at ``path``; raise :class:`NetworkInvalid` listing every problem."""
    location = Path(path)
    try:
        text = location.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NetworkInvalid([NetworkProblem("file", f"cannot read {location}: {exc}")]) from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NetworkInvalid([NetworkProblem("file", f"not valid JSON: {exc}")]) from exc
    return parse_network(document)


def network_problems(document: object) -> list[NetworkProblem]:
    """Every problem in ``document`` (a decoded JSON value); empty when it is a valid network."""
    try:
        parse_network(document)
    except NetworkInvalid as exc:
        return exc.problems
    return []


def parse_network(document: object) -> Network:
    """Turn a decoded JSON document into a :class:`Network`, or raise :class:`NetworkInvalid` with every problem."""
    problems: list[NetworkProblem] = []
    if not isinstance(document, dict):
        raise NetworkInvalid([NetworkProblem("file", "the network must be a JSON object")])
    for key in document:
        if key not in SECTIONS:
            problems.append(NetworkProblem(str(key), f"unknown section (expected one of {', '.join(SECTIONS)})"))
    sections: dict[str, list[Any]] = {}
    for key in SECTIONS:
        value = document.get(key, [])
        if key == "hubs" and "hubs" not in document:
            problems.append(NetworkProblem("hubs", "missing: a network needs at least its hubs"))
        if not isinstance(value, list):
            problems.append(NetworkProblem(key, "must be a list"))
            value = []
        sections[key] = value

    hubs, known = _read_hubs(sections["hubs"], problems)
    services = _read_services(sections["services"], known, problems)
    connections = _read_connections(sections["connections"], known, problems)
    _check_ids(services, connections, problems)
    _check_trips(sections["connections"], connections, problems)
    clearance = _read_clearance(sections["clearance"], known, problems)
    last_mile = _read_last_mile(sections["last_mile"], known, problems)
    if problems:
        raise NetworkInvalid(problems)
    return Network(
        hubs=tuple(hubs),
        services=tuple(services),
        connections=tuple(c for c, _ in connections),
        clearance=tuple(clearance),
        last_mile=tuple(last_mile),
    )


def _read_hubs(entries: list[Any], problems: list[NetworkProblem]) -> tuple[list[Hub], set[str]]:
    """The valid hubs, and every code declared (so a hub with a bad field does not also make its lanes unknown)."""
    hubs: list[Hub] = []
    seen: set[str] = set()
    for index, raw in enumerate(entries):
        reader = EntryReader.open("hubs", index, raw, "code", problems)
        if reader is None:
            continue
        code = reader.code("code")
        name = reader.text("name")
        country = reader.country("country")
        tz = reader.zone("tz")
        kind = reader.choice("kind", [k.value for k in HubKind])
        lat = reader.number("lat", required=False, low=-90, high=90)
        lon = reader.number("lon", required=False, low=-180, high=180)
        reader.refuse_unknown({"code", "name", "country", "tz", "kind", "lat", "lon"})
        if code is not None and code in seen:
            reader.problem(f"duplicate hub code {code!r}")
            continue
        if code is not None:
            seen.add(code)
        if reader.ok and code and name and country and tz and kind:
            hubs.append(Hub(code=code, name=name, country=country, tz=tz, kind=HubKind(kind), lat=lat, lon=lon))
    return hubs, seen


def _read_services(entries: list[Any], known: set[str], problems: list[NetworkProblem]) -> list[Service]:
    services: list[Service] = []
    fields = {
        "id",
        "mode",
        "from",
        "to",
        "days",
        "departs",
        "duration_minutes",
        "cutoff_minutes",
        "ready_minutes",
        "capacity_kg",
        "cost_per_kg",
        "valid_from",
        "valid_to",
        "stops",
    }
    for index, raw in enumerate(entries):
        reader = EntryReader.open("services", index, raw, "id", problems)
        if reader is None:
            continue
        service_id = reader.identifier("id")
        mode = reader.choice("mode", [m.value for m in Mode])
        origin = reader.hub("from", known)
        destination = reader.hub("to", known)
        days = reader.weekdays("days")
        departs = reader.clock("departs")
        duration = reader.minutes("duration_minutes", positive=True)
        cutoff = reader.minutes("cutoff_minutes")
        ready = reader.minutes("ready_minutes")
        capacity = reader.minutes("capacity_kg", required=False, what="a whole number of kg")
        cost = reader.money("cost_per_kg")
        valid_from = reader.day("valid_from", required=False)
        valid_to = reader.day("valid_to", required=False)
        stops = read_stops(reader, known, origin=origin, destination=destination, duration=duration)
        reader.refuse_unknown(fields)
        if valid_from is not None and valid_to is not None and valid_to < valid_from:
            reader.problem(f"validity window reversed: valid_to {valid_to} is before valid_from {valid_from}")
        if origin is not None and origin == destination and not stops:
            reader.problem("'from' and 'to' are the same hub")
        if (
            reader.ok
            and service_id
            and mode
            and origin
            and destination
            and days is not None
            and departs is not None
            and duration is not None
            and cutoff is not None
            and ready is not None
            and stops is not None
        ):
            services.append(
                Service(
                    id=service_id,
                    mode=Mode(mode),
                    origin=origin,
                    destination=destination,
                    days=days,
                    departs=departs,
                    duration_minutes=duration,
                    cutoff_minutes=cutoff,
                    ready_minutes=ready,
                    capacity_kg=capacity,
                    cost_per_kg=cost,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    stops=stops,
                )
            )
    return services


def _read_connections(
    entries: list[Any], known: set[str], problems: list[NetworkProblem]
) -> list[tuple[Connection, int]]:
    connections: list[tuple[Connection, int]] = []
    fields = {
        "id",
        "trip",
        "mode",
        "from",
        "to",
        "departs_at",
        "arrives_at",
        "cutoff_minutes",
        "ready_minutes",
        "capacity_kg",
    }
    for index, raw in enumerate(entries):
        reader = EntryReader.open("connections", index, raw, "id", problems)
        if reader is None:
            continue
        connection_id = reader.identifier("id")
        trip = reader.identifier("trip", required=False)
        reader.choice("mode", [m.value for m in Mode], required=False)
        origin = reader.hub("from", known)
        destination = reader.hub("to", known)
        departs_at = reader.instant("departs_at")
        arrives_at = reader.instant("arrives_at")
        cutoff = reader.minutes("cutoff_minutes")
        ready = reader.minutes("ready_minutes")
        capacity = reader.minutes("capacity_kg", required=False, what="a whole number of kg")
        reader.refuse_unknown(fields)
        if departs_at is not None and arrives_at is not None and arrives_at <= departs_at:
            word = "before" if arrives_at < departs_at else "at the same instant as"
            reader.problem(f"arrives_at {format_instant(arrives_at)} is {word} departs_at {format_instant(departs_at)}")
        if origin is not None and origin == destination:
            reader.problem("'from' and 'to' are the same hub")
        if (
            reader.ok
            and connection_id
            and origin
            and destination
            and departs_at
            and arrives_at
            and cutoff is not None
            and ready is not None
        ):
            connection = Connection(
                id=connection_id,
                trip=trip or connection_id,
                origin=origin,
                destination=destination,
                departs_at=departs_at,
                arrives_at=arrives_at,
                cutoff_minutes=cutoff,
                ready_minutes=ready,
                capacity_kg=capacity,
            )
            connections.append((connection, index))
    return connections


def _check_ids(
    services: list[Service], connections: list[tuple[Connection, int]], problems: list[NetworkProblem]
) -> None:
    """Service ids and connection ids share one namespace: no id may appear twice."""
    seen: dict[str, str] = {}
    for index, service in enumerate(services):
        if service.id in seen:
            entry = f"services[{index}] ({service.id})"
            problems.append(NetworkProblem(entry, f"duplicate id, also {seen[service.id]}"))
        else:
            seen[service.id] = f"services[{index}]"
    for connection, index in connections:
        if connection.id in seen:
            problems.append(
                NetworkProblem(f"connections[{index}] ({connection.id})", f"duplicate id, also {seen[connection.id]}")
            )
        else:
            seen[connection.id] = f"connections[{index}]"


def _check_trips(raw: list[Any], connections: list[tuple[Connection, int]], problems: list[NetworkProblem]) -> None:
    """Connections sharing a trip must chain: each leaves from where the previous one arrived, after it arrived."""
    by_trip: dict[str, list[tuple[Connection, int]]] = defaultdict(list)
    for connection, index in connections:
        if isinstance(raw[index], dict) and "trip" in raw[index]:
            by_trip[connection.trip].append((connection, index))
    for trip, legs in by_trip.items():
        legs.sort(key=lambda pair: pair[0].departs_at)
        for (before, _), (after, index) in pairwise(legs):
            entry = f"connections[{index}] ({after.id})"
            if after.origin != before.destination:
                problems.append(
                    NetworkProblem(
                        entry,
                        f"trip {trip!r}: leaves {after.origin} but the previous leg {before.id} arrives at "
                        f"{before.destination}",
                    )
                )
            elif after.departs_at < before.arrives_at:
                problems.append(
                    NetworkProblem(entry, f"trip {trip!r}: departs before the previous leg {before.id} arrives")
                )


def _read_clearance(entries: list[Any], known: set[str], problems: list[NetworkProblem]) -> list[Clearance]:
    result: list[Clearance] = []
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(entries):
        reader = EntryReader.open("clearance", index, raw, "hub", problems)
        if reader is None:
            continue
        hub = reader.hub("hub", known)
        regime = reader.text("regime")
        p50 = reader.minutes("minutes_p50")
        p95 = reader.minutes("minutes_p95")
        reader.refuse_unknown({"hub", "regime", "minutes_p50", "minutes_p95"})
        if p50 is not None and p95 is not None and p95 < p50:
            reader.problem(f"minutes_p95 ({p95}) is below minutes_p50 ({p50})")
        if hub and regime:
            if (hub, regime) in seen:
                reader.problem(f"duplicate clearance for hub {hub} and regime {regime}")
            seen.add((hub, regime))
        if reader.ok and hub and regime and p50 is not None and p95 is not None:
            result.append(Clearance(hub=hub, regime=regime, minutes_p50=p50, minutes_p95=p95))
    return result


def _read_last_mile(entries: list[Any], known: set[str], problems: list[NetworkProblem]) -> list[LastMileZone]:
    result: list[LastMileZone] = []
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(entries):
        reader = EntryReader.open("last_mile", index, raw, "zone", problems)
        if reader is None:
            continue
        hub = reader.hub("hub", known)
        zone = reader.text("zone")
        days = reader.minutes("days", what="a whole number of days")
        cutoff = reader.clock("cutoff_local")
        reader.refuse_unknown({"hub", "zone", "days", "cutoff_local"})
        if hub and zone:
            if (hub, zone) in seen:
                reader.problem(f"duplicate last-mile zone {zone} at hub {hub}")
            seen.add((hub, zone))
        if reader.ok and hub and zone and days is not None and cutoff is not None:
            result.append(LastMileZone(hub=hub, zone=zone, days=days, cutoff_local=cutoff))
    return result
