"""The buyer's tracking page of an order's parcel (zh-Hans first): the planned milestones, what carriers have
reported, the promised date and whether it still holds; a re-promised parcel shows its new date and why, in
plain words. The parcel is found from the buyer's own order (another buyer's order is not found), so a buyer
never names a parcel id and never sees anyone else's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from comptoir import logistics
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.orders import services
from comptoir.orders.pages.buyer_session import buyer_session, holder, shop_page, to_sign_in
from comptoir.orders.pages.words import day_text

router = APIRouter(include_in_schema=False)

OrderIdPath = Annotated[str, Path(pattern=id_pattern("ord"))]


@router.get("/shop/orders/{order_id}/tracking", response_class=HTMLResponse)
async def parcel_tracking(request: Request, order_id: OrderIdPath, runtime: RuntimeDep) -> Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request)

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        order = await services.buyer_order(uow, holder_id=holder(session), order_id=order_id)
        progress = await logistics.parcel_progress(uow, seller_org_id=order.merchant_org_id, order_reference=order.id)
        return {"order": order, "progress": progress}

    context = await transact(runtime, read)  # another buyer's order is order_not_found: the 404 page
    progress = context["progress"]
    return shop_page(
        request,
        "orders/parcel_tracking.html",
        session,
        {
            **context,
            "day_text": day_text,
            "milestone_name": logistics.milestone_name,
            "change_text": logistics.promise_change_text(progress.change) if progress else "",
        },
    )
