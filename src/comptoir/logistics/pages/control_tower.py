"""The control tower: a logistics operator's (or the platform operator's) watch over its shipments, with a form
to cancel or delay a connection (templates ``logistics/control_tower.html`` and ``kernel/_bar_chart.html``).

The form names a connection as the operator reads it on a timetable (a service and the local date of its
departure) and calls :func:`~comptoir.logistics.services.disrupt_connection`; the page then lists the parcels
that disruption put at risk. A session's form carries its CSRF token (the principal resolver checks it before
this code runs). Refusals are shown in the reader's language, with the form as typed and nothing changed.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.kernel import i18n
from comptoir.kernel.auth import require_kind
from comptoir.kernel.charts import BarChart, bar_chart
from comptoir.kernel.error_catalogue import sentence_for
from comptoir.kernel.errors import ComptoirError, PermissionDenied
from comptoir.kernel.pages import render
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.logistics.domain import StoredNetwork, TrackingStatus
from comptoir.logistics.domain.control_tower import ControlTower
from comptoir.logistics.domain.ingestion import HubDay as TrackedHubDay
from comptoir.logistics.domain.shipments import DisruptionKind, DisruptionOutcome, PromiseHealth
from comptoir.logistics.pages import tower_words as words
from comptoir.logistics.pages.network_words import duration_text
from comptoir.logistics.services import (
    PromiseEngines,
    control_tower,
    disrupt_connection,
    load_stored_network,
    promise_change,
)
from comptoir.logistics.services.disruptions import MAX_DELAY_MINUTES
from comptoir.logistics.services.tracking_queries import hub_throughput, tracking_status_counts

router = APIRouter(include_in_schema=False)

LogisticsDesk = Annotated[
    Principal,
    Depends(
        require_kind(
            OrganisationKind.LOGISTICS_OPERATOR,
            OrganisationKind.PLATFORM,
            refusal=lambda: PermissionDenied(
                i18n.gettext("Only a logistics operator or the platform operator watches the control tower.")
            ),
        )
    ),
]
PATH = "/logistics/control-tower"
SEEN_DAYS = timedelta(days=7)
Tracked = tuple[dict[TrackingStatus, int], list[TrackedHubDay]]


class FormRefused(Exception):
    """A field of the disruption form that cannot be read; ``message`` is in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _charts(tower: ControlTower) -> dict[str, BarChart]:
    _ = i18n.gettext
    statuses = words.status_names()
    kept = [
        (
            f"{k.origin} → {k.station or '?'} · {k.week}",
            k.rate or 0.0,
            f"{words.percent(k.rate)} ({words.number(k.kept)}/{words.number(k.kept + k.broken)})",
            "ok" if (k.rate or 0) >= 0.95 else ("warn" if (k.rate or 0) >= 0.8 else "bad"),
        )
        for k in tower.kept
    ]
    loads = [
        (
            load.connection_id,
            load.factor or 0.0,
            words.percent(load.factor) if load.factor is not None else _("no limit"),
            "bad" if (load.factor or 0) >= 1 else ("warn" if (load.factor or 0) >= 0.85 else "plain"),
        )
        for load in tower.loads
    ]
    return {
        "statuses": bar_chart(
            _("Parcels by status"),
            _("One bar per status: how many of your parcels are in it."),
            (_("Status"), _("Parcels")),
            [(statuses[s.value], float(n), words.number(n), "plain") for s, n in tower.statuses],
        ),
        "kept": bar_chart(
            _("Promises kept per lane and ISO week"),
            _("Share of the promises due that week that were kept (delivered on time)."),
            (_("Lane and week"), _("Kept")),
            kept,
            scale=1.0,
        ),
        "throughput": bar_chart(
            _("Hub throughput per day"),
            _("Parcels planned to leave or reach each hub, per local day."),
            (_("Hub and day"), _("Parcels")),
            [
                (f"{h.hub} · {words.day_text(h.day)}", float(h.total), words.number(h.total), "plain")
                for h in tower.throughput
            ],
        ),
        "loads": bar_chart(
            _("Load factor per connection"),
            _("Kilograms booked on each departure against its capacity."),
            (_("Connection"), _("Booked")),
            loads,
            scale=1.0,
        ),
    }


def _tracked_charts(counts: dict[TrackingStatus, int], seen: list[TrackedHubDay]) -> dict[str, BarChart]:
    """What carriers reported (tracking events stored): parcels by tracking status, events per hub and day."""
    _ = i18n.gettext
    names = words.tracking_status_names()
    return {
        "tracked": bar_chart(
            _("Parcels by tracking status"),
            _("One bar per status carriers reported: how many parcels are in it now."),
            (_("Status"), _("Parcels")),
            [(names.get(s.value, s.value), float(n), words.number(n), "plain") for s, n in counts.items()],
        ),
        "seen": bar_chart(
            _("Parcels seen per hub and day"),
            _("Parcels that carriers reported at each hub, per UTC day, over the last week."),
            (_("Hub and day"), _("Parcels")),
            [(f"{h.hub} · {h.day}", float(h.parcels), words.number(h.parcels), "plain") for h in seen],
        ),
    }


async def page(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    *,
    flashes: list[tuple[str, str]],
    values: dict[str, str] | None = None,
    disrupted: str = "",
    status: int = 200,
) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> tuple[ControlTower, StoredNetwork | None, Tracked]:
        tower = await control_tower(uow, principal)
        counts = await tracking_status_counts(uow, principal)
        seen = await hub_throughput(uow, principal, since=tower.at - SEEN_DAYS, until=tower.at + timedelta(days=1))
        return tower, await load_stored_network(uow), (counts, seen)

    tower, stored, tracked = await transact(runtime, read)
    runs = stored is not None and (
        principal.is_platform_operator or stored.operator_org_id == principal.organisation_id
    )
    changes = {d.connection_id: d for d in tower.disruptions}
    affected_reason = changes[disrupted].reason if disrupted in changes else None
    at_risk = [
        {
            "parcel": p,
            "reason": words.operator_reason_text(promise_change(p.reason, list(tower.disruptions)), p.reason),
            "affected": affected_reason is not None and p.reason == affected_reason,
        }
        for p in tower.at_risk
    ]
    return render(
        request,
        "logistics/control_tower.html",
        {
            "tower": tower,
            "charts": {**_charts(tower), **_tracked_charts(*tracked)},
            "at_risk": at_risk,
            "affected": [row for row in at_risk if row["affected"]],
            "disrupted": disrupted if disrupted in changes else "",
            "services": sorted(s.id for s in stored.network.services) if runs and stored else [],
            "hubs": sorted(stored.network.hubs, key=lambda h: h.code) if runs and stored else [],
            "service_rows": sorted(stored.network.services, key=lambda s: s.id) if runs and stored else [],
            "runs_network": runs,
            "flashes": flashes,
            "values": values or {"kind": "cancelled"},
            "max_delay": MAX_DELAY_MINUTES,
            "health_names": words.health_names(),
            "day_text": words.day_text,
            "number": words.number,
            "connection_text": words.connection_text,
            "duration": duration_text,
            "at_risk_health": PromiseHealth.AT_RISK,
        },
        status=status,
    )


@router.get(PATH, response_class=HTMLResponse)
async def tower_page(
    request: Request,
    runtime: RuntimeDep,
    principal: LogisticsDesk,
    disrupted: Annotated[str, Query(max_length=140)] = "",
    edited: Annotated[str, Query(max_length=120)] = "",
    replanned: Annotated[int, Query(ge=0)] = -1,
    later: Annotated[int, Query(ge=0)] = 0,
    unplanned: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """The control tower; after a disruption (``?disrupted=<connection>``) it lists the parcels it put at risk."""
    flashes = []
    if disrupted and replanned >= 0:
        flashes.append(("ok", _done_text(disrupted, replanned, later, unplanned)))
    if edited:
        flashes.append(("ok", i18n.gettext("%(entry)s saved: the network has a new version.") % {"entry": edited}))
    return await page(request, runtime, principal, flashes=flashes, disrupted=disrupted)


def _done_text(connection: str, replanned: int, later: int, unplanned: int) -> str:
    text = i18n.ngettext(
        "%(connection)s: %(num)d parcel re-planned",
        "%(connection)s: %(num)d parcels re-planned",
        replanned,
    ) % {"connection": connection, "num": replanned}
    return (
        text
        + " · "
        + i18n.gettext("%(later)d promised later, %(unplanned)d without a plan")
        % {
            "later": later,
            "unplanned": unplanned,
        }
    )


def _connection(service: str, day: str, services: set[str]) -> str:
    _ = i18n.gettext
    if service not in services:
        raise FormRefused(_("Choose a service of the network."))
    try:
        departure = date.fromisoformat(day.strip())
    except ValueError:
        raise FormRefused(_("Write the departure's local date as YYYY-MM-DD.")) from None
    return f"{service}@{departure.isoformat()}"


def _delay(kind: str, minutes: str) -> tuple[DisruptionKind, int]:
    _ = i18n.gettext
    if kind == DisruptionKind.CANCELLED.value:
        return DisruptionKind.CANCELLED, 0
    if kind != DisruptionKind.DELAYED.value:
        raise FormRefused(_("Choose whether the departure is cancelled or delayed."))
    try:
        delay = int(minutes.strip())
    except ValueError:
        delay = 0
    if not 0 < delay <= MAX_DELAY_MINUTES:
        raise FormRefused(_("A delay is a whole number of minutes, from 1 to %(max)d.") % {"max": MAX_DELAY_MINUTES})
    return DisruptionKind.DELAYED, delay


@router.post(f"{PATH}/disruptions")
async def disrupt(
    request: Request,
    runtime: RuntimeDep,
    principal: LogisticsDesk,
    service: str = Form(default="", max_length=120),
    day: str = Form(default="", max_length=20),
    kind: str = Form(default="cancelled", max_length=16),
    delay_minutes: str = Form(default="", max_length=10),
    reason: str = Form(default="", max_length=200),
) -> Response:
    """Cancel or delay ``service``'s departure of local ``day``; every parcel planned on it is re-planned."""
    values = {"service": service, "day": day, "kind": kind, "delay_minutes": delay_minutes, "reason": reason}
    engines = PromiseEngines.of(runtime.database)
    try:
        stored = await transact(runtime, load_stored_network)
        known = {s.id for s in stored.network.services} if stored is not None else set()
        connection = _connection(service, day, known)
        disruption, minutes = _delay(kind, delay_minutes)
        outcome: DisruptionOutcome = await transact(
            runtime,
            partial(
                disrupt_connection,
                principal=principal,
                engines=engines,
                connection_id=connection,
                kind=disruption,
                delay_minutes=minutes,
                reason=reason.strip(),
            ),
        )
    except FormRefused as refused:
        return await page(request, runtime, principal, flashes=[("error", refused.message)], values=values, status=422)
    except ComptoirError as error:
        flash = [("error", sentence_for(error))]
        return await page(request, runtime, principal, flashes=flash, values=values, status=error.status)
    query = (
        f"disrupted={outcome.disruption.connection_id}&replanned={outcome.replanned}"
        f"&later={outcome.later}&unplanned={outcome.unplanned}"
    )
    return RedirectResponse(f"{PATH}?{query}", status_code=303)
