"""The shop's till, on a tablet, French first: open a till, show an order QR that turns to paid live, charge
a tourist's payment code, print the shop's entry code, and refund today's payments."""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import format_money
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.pages import render
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.payments import services
from comptoir.payments.domain.payments import Payment, PaymentStatus
from comptoir.payments.errors import PaymentsNotFound
from comptoir.payments.network import network_for_code, wallet_networks
from comptoir.payments.pages.words import done_message, flash_of, flow_names, parse_amount, rate_text, status_names
from comptoir.payments.qr import qr_svg

router = APIRouter(include_in_schema=False)

TillId = Annotated[str, Path(pattern=id_pattern("pos"))]
PaymentId = Annotated[str, Path(pattern=id_pattern("pay"))]


def _request_id() -> str:
    return "till-" + secrets.token_hex(8)


def _see_other(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def _done(request: Request) -> list[tuple[str, str]]:
    return done_message(
        request,
        {
            "opened": _("Till opened. Print its entry code for the counter."),
            "refunded": _("Refund done: the money went back to the customer's wallet at the rate of the sale."),
        },
    )


def _entry_url(runtime: Runtime, pos: services.PointOfSale) -> str:
    return f"{runtime.settings.site_url}/wallet/shop/{pos.entry_code}"


# --- my tills ----------------------------------------------------------------------------------------


async def _tills_page(
    request: Request, runtime: Runtime, principal: Principal, *, flashes: list[tuple[str, str]], status: int = 200
) -> HTMLResponse:
    tills = await transact(runtime, partial(services.tills_of, principal=principal))
    return render(request, "payments/tills.html", {"tills": tills, "flashes": flashes}, status=status)


@router.get("/till", response_class=HTMLResponse)
async def tills(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> Response:
    return await _tills_page(request, runtime, principal, flashes=_done(request))


@router.post("/till")
async def open_till(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    name: str = Form(default="", max_length=200),
    operator_partner_id: str = Form(default="", max_length=40),
) -> Response:
    try:
        pos = await transact(
            runtime,
            partial(
                services.open_point_of_sale,
                principal=principal,
                name=name.strip(),
                operator_partner_id=operator_partner_id.strip() or None,
            ),
        )
    except ComptoirError as error:
        return await _tills_page(request, runtime, principal, flashes=flash_of(error), status=error.status)
    return _see_other(f"/till/{pos.id}?done=opened")


# --- one till ----------------------------------------------------------------------------------------


async def _today(uow: UnitOfWork, principal: Principal, pos_id: str) -> list[tuple[Payment, list[Any]]]:
    today = uow.clock.now().date()
    found = await services.payments_page(uow, principal, pos_id=pos_id, limit=100)
    shown = [p for p in found if p.created_at.date() == today and p.status is not PaymentStatus.PENDING]
    return [(p, await services.refunds_of(uow, principal, payment_id=p.id)) for p in shown]


async def _till_page(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    pos_id: str,
    *,
    flashes: list[tuple[str, str]],
    values: dict[str, str] | None = None,
    charged: Payment | None = None,
    status: int = 200,
) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        pos = await services.till(uow, principal, pos_id=pos_id)
        return {"pos": pos, "today": await _today(uow, principal, pos_id)}

    context = await transact(runtime, read)
    return render(
        request,
        "payments/till.html",
        {
            **context,
            "flashes": flashes,
            "values": values or {},
            "charged": charged,
            "request_id": _request_id(),
            "statuses": status_names(),
            "flows": flow_names(),
            "rate_text": rate_text,
        },
        status=status,
    )


@router.get("/till/{pos_id}", response_class=HTMLResponse)
async def till_page(request: Request, pos_id: TillId, runtime: RuntimeDep, principal: CurrentPrincipal) -> Response:
    return await _till_page(request, runtime, principal, pos_id, flashes=_done(request))


@router.post("/till/{pos_id}/order-qr")
async def show_order_qr(
    request: Request,
    pos_id: TillId,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    amount: str = Form(default="", max_length=40),
    request_id: str = Form(default="", max_length=64),
) -> Response:
    await transact(runtime, partial(services.till, principal=principal, pos_id=pos_id))
    try:
        code = await transact(
            runtime,
            partial(
                services.create_order_qr,
                principal=principal,
                pos_id=pos_id,
                amount=parse_amount(amount, "EUR"),
                request_id=request_id or _request_id(),
                secret=runtime.settings.secret_key,
                site_url=runtime.settings.site_url,
                valid_for=timedelta(minutes=15),
            ),
        )
    except ComptoirError as error:
        return await _till_page(
            request, runtime, principal, pos_id, flashes=flash_of(error), values={"amount": amount}, status=error.status
        )
    return _see_other(f"/till/{pos_id}/qr/{code.payment.id}")


@router.get("/till/{pos_id}/qr/{payment_id}", response_class=HTMLResponse)
async def order_qr(
    request: Request, pos_id: TillId, payment_id: PaymentId, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        pos = await services.till(uow, principal, pos_id=pos_id)
        code = await services.order_code_url(
            uow,
            principal,
            payment_id=payment_id,
            secret=runtime.settings.secret_key,
            site_url=runtime.settings.site_url,
        )
        if code.payment.point_of_sale_id != pos.id:
            raise PaymentsNotFound("no such payment at this till", code="payment_not_found")
        return {"pos": pos, "payment": code.payment, "url": code.url}

    context = await transact(runtime, read)
    payment: Payment = context["payment"]
    return render(
        request,
        "payments/till_qr.html",
        {
            **context,
            "svg": qr_svg(context["url"], title=_("Scan to pay"), scale=8),
            "statuses": status_names(),
            "rate_text": rate_text,
            "expired": payment.is_expired(runtime.clock.now()),
        },
    )


@router.post("/till/{pos_id}/code-charge")
async def charge_code(
    request: Request,
    pos_id: TillId,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    code: str = Form(default="", max_length=40),
    amount: str = Form(default="", max_length=40),
    request_id: str = Form(default="", max_length=64),
) -> Response:
    values = {"code": code, "code_amount": amount}
    await transact(runtime, partial(services.till, principal=principal, pos_id=pos_id))
    try:
        payment = await services.charge_payment_code(
            runtime,
            network_for_code(runtime, code),
            principal,
            pos_id=pos_id,
            amount=parse_amount(amount, "EUR"),
            code=code.replace(" ", ""),
            request_id=request_id or _request_id(),
        )
    except ComptoirError as error:
        return await _till_page(
            request, runtime, principal, pos_id, flashes=flash_of(error), values=values, status=error.status
        )
    paid = _("Paid: %(amount)s.") % {"amount": _money(payment)}
    return await _till_page(request, runtime, principal, pos_id, flashes=[("ok", paid)], charged=payment)


def _money(payment: Payment) -> str:
    return format_money(payment.amount.minor, payment.amount.currency)


@router.get("/till/{pos_id}/entry-code", response_class=HTMLResponse)
async def entry_code(request: Request, pos_id: TillId, runtime: RuntimeDep, principal: CurrentPrincipal) -> Response:
    pos = await transact(runtime, partial(services.till, principal=principal, pos_id=pos_id))
    url = _entry_url(runtime, pos)
    return render(
        request,
        "payments/entry_code.html",
        {"pos": pos, "url": url, "svg": qr_svg(url, title=pos.name, scale=10)},
    )


@router.post("/till/{pos_id}/payments/{payment_id}/refund")
async def refund(
    request: Request,
    pos_id: TillId,
    payment_id: PaymentId,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    amount: str = Form(default="", max_length=40),
    reason: str = Form(default="", max_length=200),
    request_id: str = Form(default="", max_length=64),
) -> Response:
    async def check(uow: UnitOfWork) -> Payment:
        await services.till(uow, principal, pos_id=pos_id)
        payment = await services.payment_for_merchant(uow, principal, payment_id=payment_id)
        if payment.point_of_sale_id != pos_id:
            raise PaymentsNotFound("no such payment at this till", code="payment_not_found")
        return payment

    payment = await transact(runtime, check)
    networks = wallet_networks(runtime)
    try:
        await services.refund_through_network(
            runtime,
            networks.get(payment.network, networks["builtin"]),
            principal,
            payment_id=payment_id,
            amount=parse_amount(amount, "EUR"),
            request_id=request_id or _request_id(),
            reason=reason.strip(),
        )
    except ComptoirError as error:
        return await _till_page(request, runtime, principal, pos_id, flashes=flash_of(error), status=error.status)
    return _see_other(f"/till/{pos_id}?done=refunded")
