"""Attributed online sales, for a brand (every shop that sells it) and for a signed-up shop (its own), French
first (template ``tourism/attribution.html``): orders by shop and month, the totals, the mean delay from the
visit to the purchase and its histogram; a brand also sets its attribution window here."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.kernel import i18n
from comptoir.kernel.auth import require_kind
from comptoir.kernel.charts import BarChart, bar_chart
from comptoir.kernel.errors import ComptoirError, PermissionDenied
from comptoir.kernel.pages import render
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import transact
from comptoir.tourism import services
from comptoir.tourism.domain.attribution import MAX_WINDOW_DAYS
from comptoir.tourism.errors import NotAShop
from comptoir.tourism.pages import words

router = APIRouter(include_in_schema=False)

PATH = "/tourism/attribution"
MONTHS = (3, 12, 36)

Reader = Annotated[
    Principal,
    Depends(
        require_kind(
            *services.ACCEPTING_KINDS,
            OrganisationKind.PLATFORM,
            refusal=lambda: PermissionDenied(
                i18n.gettext(
                    "Only a brand, a shop that accepts the wallet or the platform operator reads attributed sales."
                )
            ),
        )
    ),
]


def delay_chart(report: services.AttributionReport) -> BarChart:
    _ = i18n.gettext
    return bar_chart(
        _("Days from the shop visit to the online order"),
        _("One bar per span of days: how many attributed orders came that long after the tourist's visit."),
        (_("Delay"), _("Orders")),
        [
            (name, count, words.number(count), "plain")
            for name, count in zip(words.bucket_names(), report.delay_buckets, strict=True)
        ],
    )


async def _page(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    *,
    months: int,
    flashes: list[tuple[str, str]],
    errors: dict[str, str] | None = None,
    window_value: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    report = await transact(runtime, partial(services.attribution_report, principal=principal, months=months))
    context: dict[str, Any] = {
        "report": report,
        "chart": delay_chart(report),
        "months": months,
        "month_choices": MONTHS,
        "is_brand": principal.organisation_kind is OrganisationKind.BRAND,
        "window_value": window_value if window_value is not None else str(report.window_days or ""),
        "max_window": MAX_WINDOW_DAYS,
        "field_errors": errors or {},
        "flashes": flashes,
        "month_text": words.month_text,
        "money": i18n.format_money,
        "number": words.number,
    }
    return render(request, "tourism/attribution.html", context, status=status)


@router.get(PATH, response_class=HTMLResponse)
async def attribution_page(
    request: Request,
    runtime: RuntimeDep,
    principal: Reader,
    months: Annotated[int, Query(ge=1, le=36)] = 12,
) -> Response:
    flashes = words.done_message(request, {"window": i18n.gettext("Attribution window saved.")})
    try:
        return await _page(request, runtime, principal, months=months, flashes=flashes)
    except NotAShop:  # a shop that has not signed up yet: its sales start with signing up to accept the wallet
        return RedirectResponse("/tourism/shop", status_code=303)


@router.post(f"{PATH}/window")
async def set_window(
    request: Request,
    runtime: RuntimeDep,
    principal: Reader,
    days: str = Form(default="", max_length=10),
) -> Response:
    try:
        try:
            number = int(days.strip())
        except ValueError:
            number = 0  # refused below, by the service's own rule
        await transact(runtime, partial(services.set_attribution_window, principal=principal, days=number))
    except ComptoirError as error:
        errors, flashes = words.field_errors(error)
        if "window_days" in errors:
            errors = {"days": errors["window_days"]}
        return await _page(
            request,
            runtime,
            principal,
            months=12,
            flashes=flashes,
            errors=errors,
            window_value=days,
            status=error.status,
        )
    return RedirectResponse(f"{PATH}?done=window", status_code=303)
