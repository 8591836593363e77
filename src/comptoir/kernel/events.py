"""Typed domain events: one frozen dataclass per event, registered under a stable name and schema version.

A capability declares its events in its ``domain.py``::

    @event("logistics.NetworkImported", version=1)
    @dataclass(frozen=True, slots=True)
    class NetworkImported:
        version: int
        operator_org_id: str | None

The registry turns an instance into what the outbox stores (name, version and a JSON object) and a
stored row back into the instance. A field is a ``str``, ``int``, ``bool``, ``datetime`` (timezone-aware,
stored as ISO 8601) or ``None``, or a union of those; any other field type is refused when the class is
registered, so an event that could not be stored fails at import time rather than at publish time.

The name and version are a contract with every row already in the outbox and with outside consumers:
never rename a registered event or change its fields in place. To change the shape, register a new
class under the same name with the next version, and keep the old one while rows of it may remain.

An event that outside consumers rely on (webhooks, a broker relay) is registered with
``leaves_system=True``; every other registered event must have a handler subscribed in the wiring
module (a test checks it), so an event nobody reacts to is not published by mistake.

Errors::

    TypeError
     └── EventNotRegistered     an instance or class that no @event registered (publish, subscribe)
    LookupError
     └── UnknownEvent           a stored name and version that no @event registered (the worker parks the row)
    ValueError
     └── EventPayloadInvalid    a stored payload that does not fit its event's fields
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

__all__ = [
    "EventNotRegistered",
    "EventPayloadInvalid",
    "EventType",
    "UnknownEvent",
    "decode_event",
    "encode_event",
    "event",
    "event_type_of",
    "registered_event_types",
]

_NONE = type(None)
_SCALARS: tuple[type, ...] = (str, int, bool, datetime)

C = TypeVar("C", bound=type)


class EventNotRegistered(TypeError):
    """An object published or subscribed to is not an instance (or class) of a registered event type."""


class UnknownEvent(LookupError):
    """A stored event whose name and version no registered event type carries."""


class EventPayloadInvalid(ValueError):
    """A stored payload that does not fit the fields of its event type."""


@dataclass(frozen=True)
class EventType:
    """A registered event class with its stable name, schema version and field kinds."""

    cls: type[Any]
    name: str
    version: int
    leaves_system: bool
    #: Per field, the exact types a value may have (``NoneType`` when the field is optional).
    fields: Mapping[str, tuple[type, ...]]

    def encode(self, instance: object) -> dict[str, Any]:
        """The JSON object stored for ``instance``; a value that does not fit its field raises TypeError."""
        payload: dict[str, Any] = {}
        for name, kinds in self.fields.items():
            value = getattr(instance, name)
            if not _fits(value, kinds):
                raise TypeError(
                    f"{self.name} v{self.version}: field {name!r} is {value!r}, expected {_kinds_text(kinds)}"
                )
            if isinstance(value, datetime):
                if value.tzinfo is None:
                    raise TypeError(f"{self.name} v{self.version}: field {name!r} is a datetime without a time zone")
                value = value.isoformat()
            payload[name] = value
        return payload

    def decode(self, payload: Mapping[str, Any]) -> Any:
        """The event instance for a stored ``payload``; raises :class:`EventPayloadInvalid` when it does not fit."""
        where = f"{self.name} v{self.version}"
        if not isinstance(payload, Mapping):
            raise EventPayloadInvalid(f"{where}: the payload is not a JSON object")
        missing = sorted(set(self.fields) - set(payload))
        unexpected = sorted(set(payload) - set(self.fields))
        if missing or unexpected:
            raise EventPayloadInvalid(f"{where}: payload fields missing {missing}, unexpected {unexpected}")
        values: dict[str, Any] = {}
        for name, kinds in self.fields.items():
            value = payload[name]
            if datetime in kinds and isinstance(value, str):
                try:
                    value = datetime.fromisoformat(value)
                except ValueError as exc:
                    raise EventPayloadInvalid(f"{where}: field {name!r} is not an ISO 8601 instant") from exc
            if not _fits(value, kinds):
                raise EventPayloadInvalid(f"{where}: field {name!r} is {value!r}, expected {_kinds_text(kinds)}")
            values[name] = value
        return self.cls(**values)


_by_class: dict[type[Any], EventType] = {}
_by_key: dict[tuple[str, int], EventType] = {}


def event(name: str, *, version: int, leaves_system: bool = False) -> Callable[[C], C]:
    """Register a frozen dataclass as the event ``name`` at schema ``version``.

    Raises TypeError for a class that is not a frozen dataclass, a field of a type the outbox cannot
    store, or a name and version another class already holds.
    """
    if not name or name != name.strip():
        raise TypeError(f"an event name must be a non-empty word, not {name!r}")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise TypeError(f"event {name!r}: the version must be a positive integer, not {version!r}")

    def register(cls: C) -> C:
        if not dataclasses.is_dataclass(cls) or not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            raise TypeError(f"event {name!r}: {cls.__qualname__} must be a frozen dataclass")
        hints = typing.get_type_hints(cls)
        fields: dict[str, tuple[type, ...]] = {}
        for f in dataclasses.fields(cls):
            if not f.init:
                raise TypeError(
                    f"event {name!r}: field {f.name!r} of {cls.__qualname__} must be set by the constructor"
                )
            fields[f.name] = _field_kinds(name, f.name, hints[f.name])
        registered = EventType(cls=cls, name=name, version=version, leaves_system=leaves_system, fields=fields)
        holder = _by_key.get((name, version))
        if holder is not None and not _same_declaration(holder.cls, cls):
            raise TypeError(f"event {name!r} version {version} is already registered by {holder.cls.__qualname__}")
        if holder is not None:  # the same class, declared again by a reloaded module
            del _by_class[holder.cls]
        if cls in _by_class:
            raise TypeError(f"{cls.__qualname__} is already registered as {_by_class[cls].name!r}")
        _by_key[(name, version)] = registered
        _by_class[cls] = registered
        return cls

    return register


def event_type_of(event_or_class: object) -> EventType:
    """The registration of an event instance or class; :class:`EventNotRegistered` when there is none."""
    cls = event_or_class if isinstance(event_or_class, type) else type(event_or_class)
    registered = _by_class.get(cls)
    if registered is None:
        raise EventNotRegistered(
            f"{cls.__module__}.{cls.__qualname__} is not a registered event type: declare it as a frozen dataclass "
            "decorated with @event(name, version=...) from comptoir.kernel.events"
        )
    return registered


def registered_event_types() -> list[EventType]:
    """Every registered event type, by name then version."""
    return sorted(_by_key.values(), key=lambda t: (t.name, t.version))


def encode_event(instance: object) -> tuple[EventType, dict[str, Any]]:
    """The registration of ``instance`` and the JSON object to store for it."""
    registered = event_type_of(instance)
    return registered, registered.encode(instance)


def decode_event(name: str, version: int, payload: Mapping[str, Any]) -> Any:
    """The event instance for a stored row; :class:`UnknownEvent` or :class:`EventPayloadInvalid` when it cannot be."""
    registered = _by_key.get((name, version))
    if registered is None:
        known = sorted(v for (n, v) in _by_key if n == name)
        hint = f" (known versions: {known})" if known else ""
        raise UnknownEvent(f"no event type is registered as {name!r} version {version}{hint}")
    return registered.decode(payload)


def _field_kinds(event_name: str, field_name: str, hint: Any) -> tuple[type, ...]:
    members = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
    for member in members:
        if member is not _NONE and member not in _SCALARS:
            raise TypeError(
                f"event {event_name!r}: field {field_name!r} is {hint!r}; an event field is str, int, bool, "
                "datetime or None (or a union of them)"
            )
    return tuple(members)


def _fits(value: object, kinds: tuple[type, ...]) -> bool:
    # Exact types: a bool is not an int here, and a str subclass (an enum) would not come back as itself.
    return any(isinstance(value, datetime) if kind is datetime else type(value) is kind for kind in kinds)


def _kinds_text(kinds: tuple[type, ...]) -> str:
    return " or ".join("None" if kind is _NONE else kind.__name__ for kind in kinds)


def _same_declaration(a: type[Any], b: type[Any]) -> bool:
    return (a.__module__, a.__qualname__) == (b.__module__, b.__qualname__)
