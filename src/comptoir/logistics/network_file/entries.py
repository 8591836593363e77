"""Reading one entry of a network file: typed fields, each problem recorded against the entry's name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from comptoir.kernel.money import Money, MoneyError
from comptoir.logistics.domain import RUN_SEPARATOR, WEEKDAYS, Stop
from comptoir.logistics.errors import NetworkProblem

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,15}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_MISSING = object()


@dataclass
class EntryReader:
    """Reads the fields of one entry; a bad or missing field records a problem and reads as None."""

    entry: str
    raw: dict[str, Any]
    problems: list[NetworkProblem]
    ok: bool = field(default=True)

    @classmethod
    def open(
        cls, section: str, index: int, raw: object, key: str, problems: list[NetworkProblem]
    ) -> EntryReader | None:
        """A reader for ``section[index]``, named after its ``key`` field when it has one; None if not an object."""
        if not isinstance(raw, dict):
            problems.append(NetworkProblem(f"{section}[{index}]", "must be a JSON object"))
            return None
        label = raw.get(key)
        entry = f"{section}[{index}]" + (f" ({label})" if isinstance(label, str) and label else "")
        return cls(entry=entry, raw=raw, problems=problems)

    def problem(self, message: str) -> None:
        self.ok = False
        self.problems.append(NetworkProblem(self.entry, message))

    def _get(self, key: str, required: bool) -> Any:
        value = self.raw.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problem(f"missing required field {key!r}")
            return _MISSING
        return value

    def refuse_unknown(self, known: set[str]) -> None:
        for key in self.raw:
            if key not in known:
                self.problem(f"unknown field {key!r}")

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{key!r} must be a non-empty string, got {value!r}")
            return None
        return value

    def identifier(self, key: str, *, required: bool = True) -> str | None:
        value = self.text(key, required=required)
        if value is not None and (RUN_SEPARATOR in value or value != value.strip()):
            self.problem(f"{key!r} {value!r} may not contain {RUN_SEPARATOR!r} or surrounding spaces")
            return None
        return value

    def code(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not _CODE.match(value):
            self.problem(f"{key!r} {value!r} is not a hub code (upper-case letters and digits, e.g. LGG or CNYIW)")
            return None
        return value

    def country(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not _COUNTRY.match(value):
            self.problem(f"{key!r} {value!r} is not a two-letter ISO 3166 country code")
            return None
        return value

    def zone(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            self.problem(f"unknown time zone {value!r}")
            return None
        return value

    def choice(self, key: str, allowed: list[str], *, required: bool = True) -> str | None:
        value = self.text(key, required=required)
        if value is not None and value not in allowed:
            self.problem(f"{key!r} {value!r} is not one of {', '.join(allowed)}")
            return None
        return value

    def hub(self, key: str, known: set[str]) -> str | None:
        value = self.text(key)
        if value is not None and value not in known:
            self.problem(f"unknown hub {value!r} in {key!r}")
            return None
        return value

    def number(self, key: str, *, required: bool = True, low: float, high: float) -> float | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(f"{key!r} must be a number, got {value!r}")
            return None
        if not low <= value <= high:
            self.problem(f"{key!r} {value} is outside [{low}, {high}]")
            return None
        return float(value)

    def minutes(
        self, key: str, *, required: bool = True, positive: bool = False, what: str = "whole minutes"
    ) -> int | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"{key!r} must be {what} (an integer), got {value!r}")
            return None
        if value < 0:
            self.problem(f"{key!r} is negative ({value})")
            return None
        if positive and value == 0:
            self.problem(f"{key!r} must be more than 0")
            return None
        return value

    def clock(self, key: str) -> time | None:
        value = self.text(key)
        if value is None:
            return None
        match = _CLOCK.match(value)
        if match is None:
            self.problem(f"{key!r} {value!r} is not a local time HH:MM (00:00 to 23:59)")
            return None
        return time(int(match.group(1)), int(match.group(2)))

    def day(self, key: str, *, required: bool = True) -> date | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            if not _DAY.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.problem(f"{key!r} {value!r} is not a date YYYY-MM-DD")
            return None

    def instant(self, key: str) -> datetime | None:
        value = self.text(key)
        if value is None:
            return None
        moment = parse_instant(value)
        if moment is None:
            self.problem(f"{key!r} {value!r} is not an ISO 8601 instant with a UTC offset (e.g. 2026-12-01T15:30:00Z)")
        return moment

    def weekdays(self, key: str) -> tuple[int, ...] | None:
        value = self._get(key, True)
        if value is _MISSING:
            return None
        if not isinstance(value, list) or not value:
            self.problem(f"{key!r} must be a non-empty list of weekdays ({', '.join(WEEKDAYS)})")
            return None
        days: set[int] = set()
        for item in value:
            if not isinstance(item, str) or item.lower() not in WEEKDAYS:
                self.problem(f"bad weekday {item!r} in {key!r} (expected one of {', '.join(WEEKDAYS)})")
                return None
            days.add(WEEKDAYS.index(item.lower()))
        return tuple(sorted(days))

    def money(self, key: str) -> Money | None:
        value = self._get(key, False)
        if value is _MISSING:
            return None
        if not isinstance(value, dict) or set(value) != {"currency", "value"} or not isinstance(value["value"], str):
            self.problem(f'{key!r} must be {{"currency": "EUR", "value": "1.20"}}')
            return None
        try:
            return Money.parse(value["value"], value["currency"])
        except MoneyError as exc:
            self.problem(f"{key!r}: {exc}")
            return None


def parse_instant(value: str) -> datetime | None:
    """An ISO 8601 instant that carries its UTC offset, in UTC and whole seconds; None when it is not one."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.microsecond:
        return None
    return moment.astimezone(UTC)


def read_stops(
    reader: EntryReader, known: set[str], *, origin: str | None, destination: str | None, duration: int | None
) -> tuple[Stop, ...] | None:
    """The optional intermediate ``stops`` of a service; offsets must increase strictly leg by leg."""
    value = reader._get("stops", False)
    if value is _MISSING:
        return ()
    if not isinstance(value, list):
        reader.problem("'stops' must be a list of {hub, arrives_after_minutes, departs_after_minutes}")
        return None
    stops: list[Stop] = []
    previous = 0
    previous_hub = origin
    for position, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"hub", "arrives_after_minutes", "departs_after_minutes"}:
            reader.problem(f"stops[{position}] must be {{hub, arrives_after_minutes, departs_after_minutes}}")
            return None
        hub, arrives, departs = item["hub"], item["arrives_after_minutes"], item["departs_after_minutes"]
        if not isinstance(hub, str) or hub not in known:
            reader.problem(f"stops[{position}]: unknown hub {hub!r}")
            return None
        if any(isinstance(v, bool) or not isinstance(v, int) for v in (arrives, departs)):
            reader.problem(f"stops[{position}]: offsets must be whole minutes")
            return None
        if not previous < arrives <= departs:
            reader.problem(
                f"stops[{position}] ({hub}): arrival must come after the previous departure, "
                "and departure not before arrival"
            )
            return None
        if hub == previous_hub:
            reader.problem(f"stops[{position}] ({hub}): calls at the same hub as the call before it")
            return None
        stops.append(Stop(hub=hub, arrives_after_minutes=arrives, departs_after_minutes=departs))
        previous = departs
        previous_hub = hub
    if stops and destination is not None and destination == previous_hub:
        reader.problem(f"the last stop calls at {destination}, the destination itself")
        return None
    if stops and duration is not None and duration <= previous:
        reader.problem(f"duration_minutes ({duration}) must be after the last stop's departure ({previous})")
        return None
    return tuple(stops)
