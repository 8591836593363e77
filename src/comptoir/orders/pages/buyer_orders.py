"""The buyer's orders of a storefront (on a phone): each with its state, lines and taxes, what was paid, the
promised date, its history, and a cancel button until the parcel ships. The Chinese storefront's are at
``/shop/orders`` (zh-Hans first), the French one's at ``/boutique/orders`` (French first; an order waiting for
its card shows the way to pay it). Another buyer's order, or an order of the other storefront, is not found."""

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
from comptoir.orders.errors import OrdersNotFound
from comptoir.orders.pages.buyer_session import (
    CHINESE,
    FRENCH,
    Storefront,
    buyer_session,
    form_is_genuine,
    holder,
    shop_page,
    to_sign_in,
)
from comptoir.orders.pages.words import (
    Flashes,
    action_name,
    actor_name,
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
    return {
        "statuses": status_names(),
        "day_text": day_text,
        "rate_text": rate_text,
        "cancellable": CANCELLABLE,
        "action_name": action_name,
        "actor_name": actor_name,
    }


async def _mine(uow: UnitOfWork, *, shop: Storefront, holder_id: str, order_id: str) -> Order:
    """The buyer's order on ``shop``: another buyer's, or one of the other storefront, is ``order_not_found``."""
    order = await services.buyer_order(uow, holder_id=holder_id, order_id=order_id)
    if order.market is not shop.market:
        raise OrdersNotFound("no such order", code="order_not_found")
    return order


async def order_page(
    request: Request,
    runtime: Runtime,
    order_id: str,
    *,
    flashes: Flashes,
    status: int = 200,
    shop: Storefront = CHINESE,
) -> Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request)

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        order = await _mine(uow, shop=shop, holder_id=holder(session), order_id=order_id)
        siblings = await services.orders_of_checkout(uow, holder_id=holder(session), checkout_id=order.checkout_id)
        history = await services.changes_of(uow, order.id)
        return {"order": order, "siblings": [o for o in siblings if o.id != order.id], "history": history}

    context = await transact(runtime, read)  # another buyer's order is order_not_found: the 404 page
    values = {**context, **_words(), "flashes": flashes}
    return shop_page(request, "orders/buyer_order.html", session, values, shop=shop, status=status)


def _order_routes(shop: Storefront) -> None:
    """The buyer's orders of ``shop``: the list, one order, cancelling it."""

    @router.get(shop.path("/orders"), response_class=HTMLResponse)
    async def my_orders(request: Request, runtime: RuntimeDep) -> Response:
        session = buyer_session(request, runtime)
        if session is None:
            return to_sign_in(request)
        found = await transact(runtime, partial(services.buyer_orders, holder_id=holder(session), limit=50))
        mine = [order for order in found if order.market is shop.market]
        return shop_page(request, "orders/buyer_orders.html", session, {"orders": mine, **_words()}, shop=shop)

    @router.get(shop.path("/orders/{order_id}"), response_class=HTMLResponse)
    async def my_order(request: Request, order_id: OrderIdPath, runtime: RuntimeDep) -> Response:
        refunded = (
            _("Order cancelled: the money goes back to your wallet, taxes included.")
            if shop.market.value == "CN"
            else _("Order cancelled: what you paid goes back to your card, taxes included.")
        )
        flashes = done_message(request, {"paid": _("Payment received: your order is paid."), "cancelled": refunded})
        return await order_page(request, runtime, order_id, flashes=flashes, shop=shop)

    @router.post(shop.path("/orders/{order_id}/cancel"))
    async def cancel_mine(
        request: Request,
        order_id: OrderIdPath,
        runtime: RuntimeDep,
        csrf_token: str = Form(default="", max_length=200),
    ) -> Response:
        session = buyer_session(request, runtime)
        if session is None:
            return to_sign_in(request, shop.path(f"/orders/{order_id}"))
        if not csrf_token or not form_is_genuine(request, session, csrf_token):
            return await order_page(request, runtime, order_id, flashes=form_expired(), status=400, shop=shop)

        async def cancel(uow: UnitOfWork) -> Order:
            await _mine(uow, shop=shop, holder_id=holder(session), order_id=order_id)
            return await services.cancel_by_buyer(uow, holder_id=holder(session), order_id=order_id)

        try:
            cancelled = await transact(runtime, cancel)
        except ComptoirError as error:
            if error.status == 404:
                raise
            return await order_page(
                request, runtime, order_id, flashes=error_flash(error), status=error.status, shop=shop
            )
        return RedirectResponse(shop.path(f"/orders/{cancelled.id}?done=cancelled"), status_code=303)


_order_routes(CHINESE)
_order_routes(FRENCH)
