"""The merchant's money page: balances in EUR, settlements with each party's share, the bank account payouts go
to, and the recent payments with what the tourist paid in CNY and at which rate."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.pages import render
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.payments import services
from comptoir.payments.pages.words import done_message, flash_of, flow_names, rate_text, status_names

router = APIRouter(include_in_schema=False)


async def _money_page(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    *,
    flashes: list[tuple[str, str]],
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        found = await services.payments_page(uow, principal, limit=50)
        return {
            "balances": await services.merchant_balances(uow, principal),
            "settlements": await services.settlements_of(uow, principal, limit=50),
            "profile": await services.payment_profile(uow, principal),
            "payments": [(p, await services.refunds_of(uow, principal, payment_id=p.id)) for p in found],
            "tills": {t.id: t.name for t in await services.tills_of(uow, principal)},
        }

    context = await transact(runtime, read)
    return render(
        request,
        "payments/money.html",
        {
            **context,
            "me": principal.organisation_id,
            "flashes": flashes,
            "values": values or {},
            "statuses": status_names(),
            "flows": flow_names(),
            "rate_text": rate_text,
        },
        status=status,
    )


@router.get("/payments", response_class=HTMLResponse)
async def money(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> Response:
    flashes = done_message(request, {"bank": _("Bank account saved: your next payouts go to it.")})
    return await _money_page(request, runtime, principal, flashes=flashes)


@router.post("/payments/bank-account")
async def bank_account(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    iban: str = Form(default="", max_length=50),
    holder: str = Form(default="", max_length=140),
    bic: str = Form(default="", max_length=11),
) -> Response:
    try:
        await transact(
            runtime,
            partial(
                services.set_bank_account,
                principal=principal,
                iban=iban,
                holder=holder.strip(),
                bic=bic.strip() or None,
            ),
        )
    except ComptoirError as error:
        values = {"iban": iban, "holder": holder, "bic": bic}
        return await _money_page(
            request, runtime, principal, flashes=flash_of(error), values=values, status=error.status
        )
    return RedirectResponse("/payments?done=bank", status_code=303)
