"""Shipments and events for the tracking tests: the parcels a carrier may report on, and a journey."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.logistics.domain import TrackingEvent, TrackingStatus
from comptoir.logistics.tracking_bench import ship_parcels

S = TrackingStatus
PARCEL = "RR473124829GB"
OTHER_PARCEL = "EE123456785CN"
CARRIER = Principal("org_carrier", OrganisationKind.LOGISTICS_OPERATOR, "Liège Cargo", "api_key", api_key_id="key_1")
RIVAL = Principal("org_rival", OrganisationKind.LOGISTICS_OPERATOR, "Rival Freight", "api_key", api_key_id="key_2")
PLATFORM = Principal("org_platform", OrganisationKind.PLATFORM, "Comptoir", "session", user_id="usr_op")
BRAND = Principal("org_brand", OrganisationKind.BRAND, "Maison Dupont", "session", user_id="usr_brand")


async def ship(runtime: Runtime, *parcels: str, carrier: str | None = None) -> None:
    """Shipments of ``parcels`` carried by ``carrier`` (the logistics operator whose network carries them)."""
    await ship_parcels(runtime, list(parcels), carrier=carrier)


def event(
    at: str,
    hub: str,
    status: TrackingStatus,
    *,
    code: str | None = None,
    step: str | None = None,
    id: str | None = None,
    parcel: str = PARCEL,
) -> TrackingEvent:
    return TrackingEvent(
        parcel=parcel, at=datetime.fromisoformat(at), hub=hub, status=status, code=code, step=step, id=id
    )


JOURNEY: Sequence[TrackingEvent] = (
    event("2026-12-03T21:05:00+08:00", "HGH", S.IN_TRANSIT, code="EMB", step="receiving", id="cn-1"),
    event("2026-12-03T23:30:00+08:00", "HGH", S.IN_TRANSIT, code="EMC", step="departing"),
    event("2026-12-04T05:30:00+01:00", "LGG", S.IN_TRANSIT, code="EMD", step="arriving"),
    event("2026-12-04T09:00:00+01:00", "LGG", S.ON_HOLD, code="EME"),
    event("2026-12-04T19:30:00+01:00", "LGG", S.IN_TRANSIT, code="EMF"),
    event("2026-12-05T08:10:00+01:00", "FRPAR", S.OUT_FOR_DELIVERY, code="EDG"),
    event("2026-12-05T11:40:00+01:00", "FRPAR", S.DELIVERED, code="EMI", id="fr-9"),
)
LATE_ORIGIN_SCAN = event("2026-12-05T15:00:00+01:00", "HGH", S.IN_TRANSIT)
