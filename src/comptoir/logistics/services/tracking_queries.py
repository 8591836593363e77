"""What tracking answers: a parcel's state and events, parcels by status, counts, hub throughput per day.

For the carriers' API, the control tower and the buyer's tracking page. Who reads decides what is seen:

- a logistics operator (a carrier) sees its own parcels only; another carrier's parcel is not found;
- the platform operator sees every parcel;
- ``principal`` None is a caller inside Comptoir that has decided the reader may see the parcel (the buyer's
  tracking page checks the order is the buyer's first); it sees every parcel.

Anyone else is refused with :class:`TrackingNotAllowed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from comptoir.kernel.paging import cursor_position, cut_page, page_size
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.logistics import tracking_repository as store
from comptoir.logistics.domain import TrackingStatus
from comptoir.logistics.domain.ingestion import HubDay, ParcelState, ParcelTrackingPage, StoredEvent
from comptoir.logistics.errors import TrackedParcelNotFound, TrackingNotAllowed


@dataclass(frozen=True, slots=True)
class ParcelHistory:
    """A parcel's state and every event received for it (oldest receipt first), each with its outcome of now."""

    state: ParcelState
    events: tuple[StoredEvent, ...]


def _carrier_filter(principal: Principal | None) -> str | None:
    """The carrier whose parcels only the reader sees, None when it sees every parcel."""
    if principal is None or principal.is_platform_operator:
        return None
    if principal.organisation_kind == OrganisationKind.LOGISTICS_OPERATOR:
        return principal.organisation_id
    raise TrackingNotAllowed("only a logistics operator or the platform operator reads parcel tracking")


async def parcel_history(uow: UnitOfWork, principal: Principal | None, *, parcel: str) -> ParcelHistory:
    """The state and events of ``parcel`` (a written parcel id, see :func:`~comptoir.logistics.parcel_id`).

    A shipped parcel no event was received for yet is ``pending`` with no event. A parcel with no shipment,
    or another carrier's, raises :class:`TrackedParcelNotFound`.
    """
    carrier = _carrier_filter(principal)
    session = uow.session
    tracked, owner = await store.parcel_carrier(session, parcel)
    shipped = await store.shipment_carriers(session, [parcel])
    if not tracked and parcel not in shipped:
        raise TrackedParcelNotFound(parcel)
    owner = owner if tracked else shipped.get(parcel)
    if carrier is not None and owner != carrier:
        raise TrackedParcelNotFound(parcel)
    states = await store.state_rows(session, parcels=[parcel]) if tracked else []
    state = (
        states[0] if states else ParcelState(parcel, owner, TrackingStatus.PENDING, None, None, 0, 0, uow.clock.now())
    )
    return ParcelHistory(state, tuple(await store.events_of(session, parcel, seen_by=carrier)))


async def parcel_states(uow: UnitOfWork, principal: Principal | None, *, parcels: list[str]) -> list[ParcelState]:
    """The stored states of ``parcels`` the reader may see (parcels with no event received yet are left out)."""
    carrier = _carrier_filter(principal)
    return await store.state_rows(uow.session, parcels=sorted(set(parcels)), carrier_org_id=carrier)


async def parcels_by_status(
    uow: UnitOfWork,
    principal: Principal | None,
    *,
    status: TrackingStatus | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> ParcelTrackingPage:
    """The parcels in ``status`` (every status when None), by parcel id, a page at a time."""
    carrier = _carrier_filter(principal)
    after = cursor_position(cursor, key="parcel", kind=str)
    size = page_size(limit)
    rows = await store.state_rows(uow.session, carrier_org_id=carrier, status=status, after=after, limit=size + 1)
    page, next_cursor = cut_page(rows, size, key="parcel", position_of=lambda s: s.parcel)
    return ParcelTrackingPage(tuple(page), next_cursor)


async def tracking_status_counts(uow: UnitOfWork, principal: Principal | None) -> dict[TrackingStatus, int]:
    """How many parcels with events are in each status (every status named, 0 when none)."""
    return await store.status_counts(uow.session, carrier_org_id=_carrier_filter(principal))


async def hub_throughput(
    uow: UnitOfWork, principal: Principal | None, *, since: datetime, until: datetime
) -> list[HubDay]:
    """Applied events per hub and UTC day (of the events' times) in ``[since, until)``, by day then hub."""
    if since.utcoffset() is None or until.utcoffset() is None:
        raise ValueError("since and until carry their UTC offset")
    return await store.hub_days(uow.session, since=since, until=until, carrier_org_id=_carrier_filter(principal))
