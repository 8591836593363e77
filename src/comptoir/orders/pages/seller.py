"""The sellers' orders desk: the brand and the small merchant see what they sell, a partner the orders of the
brands that gave it the ``orders`` scope, the platform operator all of them. Each order shows its lines, what
the merchant is owed in euros, what the buyer paid in yuan and the taxes, its history, and the moves it may
make now: ship, cancel, take a return. Someone else's order is not found."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.pages import render
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.orders import services
from comptoir.orders.domain import Order, OrderChange, OrderStatus, needs_customs
from comptoir.orders.pages.words import (
    Flashes,
    action_name,
    actor_name,
    channel_names,
    day_text,
    done_message,
    error_flash,
    rate_text,
    status_names,
)

router = APIRouter(include_in_schema=False)

OrderIdPath = Annotated[str, Path(pattern=id_pattern("ord"))]
CANCELLABLE = frozenset({OrderStatus.PLACED, OrderStatus.PAID, OrderStatus.DECLARED})
RETURNABLE = frozenset({OrderStatus.SHIPPED, OrderStatus.DELIVERED})


def may_ship(order: Order) -> bool:
    """Into China the parcel waits for customs (``declared``); the other way it leaves once paid."""
    if order.status is OrderStatus.DECLARED:
        return True
    return order.status is OrderStatus.PAID and not needs_customs(order.lane)


def _words() -> dict[str, Any]:
    return {
        "statuses": status_names(),
        "action_name": action_name,
        "actor_name": actor_name,
        "channels": channel_names(),
        "day_text": day_text,
        "rate_text": rate_text,
        "may_ship": may_ship,
        "cancellable": CANCELLABLE,
        "returnable": RETURNABLE,
    }


async def _with_history(uow: UnitOfWork, found: list[Order]) -> list[tuple[Order, list[OrderChange]]]:
    return [(order, await services.changes_of(uow, order.id)) for order in found]


@router.get("/orders", response_class=HTMLResponse)
async def desk(
    request: Request,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    status: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    chosen = OrderStatus(status) if status in {s.value for s in OrderStatus} else None

    async def read(uow: UnitOfWork) -> list[tuple[Order, list[OrderChange]]]:
        found = await services.seller_orders(uow, principal, status=chosen, limit=50)
        return await _with_history(uow, found)

    rows = await transact(runtime, read)
    flashes = done_message(request, {})
    context = {"rows": rows, "chosen": chosen.value if chosen else "", "flashes": flashes, **_words()}
    return render(request, "orders/seller_orders.html", context)


async def seller_page(
    request: Request, runtime: Runtime, principal: Principal, order_id: str, *, flashes: Flashes, status: int = 200
) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> tuple[Order, list[OrderChange]]:
        order = await services.seller_order(uow, principal, order_id=order_id)
        return order, await services.changes_of(uow, order.id)

    order, history = await transact(runtime, read)  # someone else's: order_not_found, the 404 page
    context = {"order": order, "history": history, "flashes": flashes, **_words()}
    return render(request, "orders/seller_order.html", context, status=status)


@router.get("/orders/{order_id}", response_class=HTMLResponse)
async def one_order(
    request: Request, order_id: OrderIdPath, principal: CurrentPrincipal, runtime: RuntimeDep
) -> Response:
    flashes = done_message(
        request,
        {
            "shipped": _("Marked as shipped."),
            "cancelled": _("Order cancelled: the buyer is refunded, taxes included, and the stock is back."),
            "returned": _("Return taken: the buyer is refunded at the order's rate and the stock is back."),
        },
    )
    return await seller_page(request, runtime, principal, order_id, flashes=flashes)


async def _move(
    request: Request, runtime: Runtime, principal: Principal, order_id: str, move: Any, done: str
) -> Response:
    try:
        await transact(runtime, move)
    except ComptoirError as error:
        if error.status == 404:
            raise
        return await seller_page(request, runtime, principal, order_id, flashes=error_flash(error), status=error.status)
    return RedirectResponse(f"/orders/{order_id}?done={done}", status_code=303)


@router.post("/orders/{order_id}/ship")
async def ship(request: Request, order_id: OrderIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> Response:
    move = partial(services.mark_shipped, principal=principal, order_id=order_id)
    return await _move(request, runtime, principal, order_id, move, "shipped")


@router.post("/orders/{order_id}/cancel")
async def cancel(
    request: Request,
    order_id: OrderIdPath,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    reason: str = Form(default="", max_length=300),
) -> Response:
    move = partial(services.cancel_by_seller, principal=principal, order_id=order_id, reason=reason)
    return await _move(request, runtime, principal, order_id, move, "cancelled")


@router.post("/orders/{order_id}/return")
async def take_return(
    request: Request,
    order_id: OrderIdPath,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    reason: str = Form(default="", max_length=300),
) -> Response:
    move = partial(services.take_return, principal=principal, order_id=order_id, reason=reason)
    return await _move(request, runtime, principal, order_id, move, "returned")
