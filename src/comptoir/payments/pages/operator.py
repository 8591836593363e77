"""The operator's payments desk: every payment, the fee rules (with a form to add one), and payout batches:
create one, download its pain.001 file for the bank, then mark it sent, confirmed or returned."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.kernel.auth import PlatformOperator
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.pages import render
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.payments import services
from comptoir.payments.errors import FeeRuleInvalid
from comptoir.payments.pages.words import (
    batch_status_names,
    channel_names,
    done_message,
    flash_of,
    flow_names,
    rate_text,
    status_names,
)

router = APIRouter(include_in_schema=False)

BatchId = Annotated[str, Path(pattern=id_pattern("pob"))]


async def _desk(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    *,
    flashes: list[tuple[str, str]],
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return {
            "payments": await services.payments_page(uow, principal, limit=50),
            "rules": await services.fee_rules(uow),
            "batches": await services.payout_batches(uow, principal),
        }

    context = await transact(runtime, read)
    return render(
        request,
        "payments/operator.html",
        {
            **context,
            "flashes": flashes,
            "values": values or {},
            "today": runtime.clock.now().date().isoformat(),
            "statuses": status_names(),
            "flows": flow_names(),
            "channels": channel_names(),
            "batch_statuses": batch_status_names(),
            "rate_text": rate_text,
        },
        status=status,
    )


def _done(request: Request) -> list[tuple[str, str]]:
    return done_message(
        request,
        {
            "rule": _("Fee rule saved: it applies to sales settled from its first day."),
            "batch": _("Payout batch created: download its file and hand it to the bank."),
            "status": _("Batch updated."),
        },
    )


@router.get("/operator/payments", response_class=HTMLResponse)
async def desk(request: Request, runtime: RuntimeDep, principal: PlatformOperator) -> Response:
    return await _desk(request, runtime, principal, flashes=_done(request))


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise FeeRuleInvalid(f"not a whole number of basis points: {text!r}") from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FeeRuleInvalid(f"not a day: {text!r}") from None


@router.post("/operator/payments/fee-rules")
async def add_fee_rule(
    request: Request,
    runtime: RuntimeDep,
    principal: PlatformOperator,
    channel: str = Form(default="", max_length=40),
    platform_fee_bps: str = Form(default="", max_length=10),
    partner_commission_bps: str = Form(default="", max_length=10),
    effective_from: str = Form(default="", max_length=20),
) -> Response:
    values = {
        "channel": channel,
        "platform_fee_bps": platform_fee_bps,
        "partner_commission_bps": partner_commission_bps,
        "effective_from": effective_from,
    }
    try:
        if channel not in channel_names():
            raise FeeRuleInvalid(f"no such channel: {channel!r}")
        await transact(
            runtime,
            partial(
                services.add_fee_rule,
                principal=principal,
                channel=channel,
                platform_fee_bps=_int(platform_fee_bps),
                partner_commission_bps=_int(partner_commission_bps),
                effective_from=_day(effective_from),
            ),
        )
    except ComptoirError as error:
        return await _desk(request, runtime, principal, flashes=flash_of(error), values=values, status=error.status)
    return RedirectResponse("/operator/payments?done=rule", status_code=303)


@router.post("/operator/payments/batches")
async def create_batch(request: Request, runtime: RuntimeDep, principal: PlatformOperator) -> Response:
    try:
        await transact(runtime, partial(services.create_payout_batch, principal=principal, settings=runtime.settings))
    except ComptoirError as error:
        return await _desk(request, runtime, principal, flashes=flash_of(error), status=error.status)
    return RedirectResponse("/operator/payments?done=batch", status_code=303)


@router.get("/operator/payments/batches/{batch_id}/file")
async def batch_file(batch_id: BatchId, runtime: RuntimeDep, principal: PlatformOperator) -> Response:
    name, body = await transact(runtime, partial(services.payout_file, principal=principal, batch_id=batch_id))
    return Response(
        body, media_type="application/xml", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.post("/operator/payments/batches/{batch_id}/status")
async def mark_batch(
    request: Request,
    batch_id: BatchId,
    runtime: RuntimeDep,
    principal: PlatformOperator,
    status: str = Form(default="", max_length=20),
) -> Response:
    try:
        await transact(runtime, partial(services.mark_batch, principal=principal, batch_id=batch_id, status=status))
    except ComptoirError as error:
        return await _desk(request, runtime, principal, flashes=flash_of(error), status=error.status)
    return RedirectResponse("/operator/payments?done=status", status_code=303)
