"""The event registry: typed events round-trip through the outbox's JSON, and nothing else is accepted."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from comptoir.kernel.database import Database
from comptoir.kernel.events import (
    EventNotRegistered,
    EventPayloadInvalid,
    UnknownEvent,
    decode_event,
    encode_event,
    event,
    event_type_of,
)
from comptoir.kernel.outbox import MessageBus, outbox_message
from comptoir.kernel.unit_of_work import UnitOfWork


@event("test_events.ParcelScanned", version=1)
@dataclass(frozen=True, slots=True)
class ParcelScanned:
    parcel_id: str
    hub: str
    scanned_at: datetime
    attempt: int
    damaged: bool
    note: str | None


@event("test_events.ParcelScanned", version=2)
@dataclass(frozen=True, slots=True)
class ParcelScannedV2:
    parcel_id: str
    scanned_at: datetime


@dataclass(frozen=True)
class NotAnEvent:
    parcel_id: str


SCAN = ParcelScanned(
    parcel_id="pcl_1",
    hub="LGG",
    scanned_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    attempt=2,
    damaged=False,
    note=None,
)


def test_an_event_round_trips_through_the_outbox_json() -> None:
    registered, payload = encode_event(SCAN)
    assert (registered.name, registered.version) == ("test_events.ParcelScanned", 1)
    assert payload["scanned_at"] == "2026-03-02T09:30:00+00:00"
    stored = json.loads(json.dumps(payload))
    assert decode_event("test_events.ParcelScanned", 1, stored) == SCAN


def test_two_versions_of_one_name_decode_into_their_own_types() -> None:
    later = ParcelScannedV2("pcl_1", datetime(2026, 3, 2, tzinfo=UTC))
    message = outbox_message(later)
    assert (message.name, message.version) == ("test_events.ParcelScanned", 2)
    assert decode_event(message.name, message.version, message.payload) == later


def test_publishing_an_unregistered_object_is_refused_with_a_clear_message() -> None:
    uow = UnitOfWork(Database("sqlite:///:memory:"))
    with pytest.raises(TypeError, match=r"NotAnEvent is not a registered event type.*@event"):
        uow.publish(NotAnEvent("pcl_1"))
    with pytest.raises(EventNotRegistered):
        uow.publish({"name": "test_events.ParcelScanned"})


def test_a_value_that_does_not_fit_its_field_is_refused_at_publish_time() -> None:
    wrong = ParcelScanned("pcl_1", "LGG", datetime(2026, 3, 2, tzinfo=UTC), attempt=True, damaged=False, note=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'attempt'"):
        outbox_message(wrong)
    naive = ParcelScanned("pcl_1", "LGG", datetime(2026, 3, 2), attempt=1, damaged=False, note=None)
    with pytest.raises(TypeError, match="without a time zone"):
        outbox_message(naive)


def test_subscribing_to_an_unregistered_class_is_refused() -> None:
    async def handler(event: NotAnEvent, *, event_id: str) -> None: ...

    with pytest.raises(EventNotRegistered):
        MessageBus().subscribe(NotAnEvent, handler)


def test_a_field_the_outbox_cannot_store_is_refused_at_registration() -> None:
    with pytest.raises(TypeError, match=r"'amount'.*str, int, bool, datetime or None"):

        @event("test_events.Refunded", version=1)
        @dataclass(frozen=True)
        class Refunded:
            amount: Decimal

    with pytest.raises(TypeError, match="frozen dataclass"):

        @event("test_events.Mutable", version=1)
        @dataclass
        class Mutable:
            parcel_id: str

    with pytest.raises(TypeError, match="already registered"):

        @event("test_events.ParcelScanned", version=1)
        @dataclass(frozen=True)
        class Impostor:
            parcel_id: str


def test_an_unknown_name_or_version_is_refused_with_the_versions_it_knows() -> None:
    with pytest.raises(UnknownEvent, match=r"'test_events.ParcelScanned' version 3 \(known versions: \[1, 2\]\)"):
        decode_event("test_events.ParcelScanned", 3, {})
    with pytest.raises(UnknownEvent, match=r"'test_events\.Nobody' version 1"):
        decode_event("test_events.Nobody", 1, {})


def test_a_payload_that_does_not_fit_its_type_is_refused() -> None:
    _, payload = encode_event(SCAN)
    with pytest.raises(EventPayloadInvalid, match=r"missing \['note'\]"):
        decode_event("test_events.ParcelScanned", 1, {k: v for k, v in payload.items() if k != "note"})
    with pytest.raises(EventPayloadInvalid, match="'attempt'"):
        decode_event("test_events.ParcelScanned", 1, {**payload, "attempt": "two"})
    with pytest.raises(EventPayloadInvalid, match="ISO 8601"):
        decode_event("test_events.ParcelScanned", 1, {**payload, "scanned_at": "yesterday"})


def test_an_event_type_knows_whether_it_leaves_the_system() -> None:
    assert event_type_of(ParcelScanned).leaves_system is False
    assert event_type_of(SCAN).fields["note"] == (str, type(None))
