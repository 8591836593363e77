"""The buyer's orders (zh-Hans first, on a phone): each with its state, lines and taxes, what was paid, the
promised date, and a cancel button until the parcel ships. Another buyer's order is not found."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.orders import services
from comptoir.orders.domain import Order, OrderStatus
from comptoir.orders.pages.buyer_session import buyer_session, form_is_genuine, holder, shop_page, to_sign_in
from comptoir.orders.pages.words import (
    Flashes,
    day_text,
    done_message,
    error_flash,
    form_expired,
    rate_text,
    status_names,
)

router = APIRouter(include_in_schema=False)

OrderIdPath = Annotated[str, Path(pattern=id_pattern("ord"))]
#: The buyer may cancel until the parcel leaves.
CANCELLABLE = frozenset({OrderStatus.PLACED, OrderStatus.PAID, OrderStatus.DECLARED})


def _words() -> dict[str, Any]:
    return {"statuses": status_names(), "day_text": day_text, "rate_text": rate_text, "cancellable": CANCELLABLE}


@router.get("/shop/orders", response_class=HTMLResponse)
async def my_orders(request: Request, runtime: RuntimeDep) -> Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request)
    found = await transact(runtime, partial(services.buyer_orders, holder_id=holder(session), limit=50))
    return shop_page(request, "orders/buyer_orders.html", session, {"orders": found, **_words()})


async def order_page(
    request: Request, runtime: Runtime, order_id: str, *, flashes: Flashes, status: int = 200
) -> Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request)

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        order = await services.buyer_order(uow, holder_id=holder(session), order_id=order_id)
        siblings = await services.orders_of_checkout(uow, holder_id=holder(session), checkout_id=order.checkout_id)
        return {"order": order, "siblings": [o for o in siblings if o.id != order.id]}

    context = await transact(runtime, read)  # another buyer's order is order_not_found: the 404 page
    return shop_page(
        request, "orders/buyer_order.html", session, {**context, **_words(), "flashes": flashes}, status=status
    )


@router.get("/shop/orders/{order_id}", response_class=HTMLResponse)
async def my_order(request: Request, order_id: OrderIdPath, runtime: RuntimeDep) -> Response:
    flashes = done_message(
        request,
        {
            "paid": _("Payment received: your order is paid."),
            "cancelled": _("Order cancelled: the money goes back to your wallet, taxes included."),
        },
    )
    return await order_page(request, runtime, order_id, flashes=flashes)


@router.post("/shop/orders/{order_id}/cancel")
async def cancel_mine(
    request: Request,
    order_id: OrderIdPath,
    runtime: RuntimeDep,
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, f"/shop/orders/{order_id}")
    if not csrf_token or not form_is_genuine(request, session, csrf_token):
        return await order_page(request, runtime, order_id, flashes=form_expired(), status=400)
    try:
        cancelled: Order = await transact(
            runtime, partial(services.cancel_by_buyer, holder_id=holder(session), order_id=order_id)
        )
    except ComptoirError as error:
        if error.status == 404:
            raise
        return await order_page(request, runtime, order_id, flashes=error_flash(error), status=error.status)
    return RedirectResponse(f"/shop/orders/{cancelled.id}?done=cancelled", status_code=303)
