"""The buyer's cart on the storefront (zh-Hans first, on a phone): what is in it, quantities, the coupon.

Putting a line in holds its stock; "sold out" is inventory's sentence, in the reader's language. Prices show
in euros with the indicative amount in yuan; the checkout locks the real quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir import catalog, pricing
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.orders import services
from comptoir.orders.domain import MAX_QUANTITY, Cart, Market
from comptoir.orders.errors import CartInvalid
from comptoir.orders.pages.buyer_session import buyer_session, form_is_genuine, holder, shop_page, to_sign_in
from comptoir.orders.pages.words import Flashes, done_message, error_flash, form_expired

router = APIRouter(include_in_schema=False)

SkuIdPath = Annotated[str, Path(pattern=id_pattern("sku"))]
MARKET = Market.CN.value


@dataclass(frozen=True, slots=True)
class ShownLine:
    sku_id: str
    title: str
    store_name: str
    label: str
    quantity: int
    unit_price: Money  # EUR
    yuan: Money | None  # indicative, at the day's reference rate
    line_yuan: Money | None
    product_url: str
    on_sale: bool


def parse_quantity(text: str, *, least: int) -> int:
    value = text.strip()
    if not value.isdigit() or not least <= int(value) <= MAX_QUANTITY:
        raise CartInvalid(f"a quantity is a whole number from {least} to {MAX_QUANTITY}", field="quantity")
    return int(value)


async def _shown(uow: UnitOfWork, cart: Cart | None) -> list[ShownLine]:
    if cart is None or not cart.lines:
        return []
    sellable = await catalog.sellable_skus(uow, sku_ids=[line.sku_id for line in cart.lines])
    today = uow.clock.now().date()
    shown = []
    for line in cart.lines:
        sku = sellable.get(line.sku_id)
        yuan: Money | None = None
        try:
            yuan = (await pricing.indicative_price(uow, amount=line.unit_price, to_currency="CNY", on=today)).amount
        except pricing.NoFxRate:
            yuan = None
        if sku is None:
            shown.append(
                ShownLine(line.sku_id, line.sku_id, "", "", line.quantity, line.unit_price, yuan, None, "", False)
            )
            continue
        label = sku.variant.label_zh or sku.variant.label_fr or ""
        if sku.variant.net_content is not None:
            label = f"{label} {sku.variant.net_content.value}{sku.variant.net_content.unit.value}".strip()
        shown.append(
            ShownLine(
                sku_id=line.sku_id,
                title=sku.product.zh.title if sku.product.zh else sku.product.title_fr,
                store_name=sku.store.name_zh or sku.store.name,
                label=label,
                quantity=line.quantity,
                unit_price=line.unit_price,
                yuan=yuan,
                line_yuan=yuan.multiply(line.quantity) if yuan is not None else None,
                product_url=f"/shop/products/{sku.product.id}",
                on_sale=True,
            )
        )
    return shown


async def cart_page(
    request: Request, runtime: Runtime, *, flashes: Flashes, status: int = 200
) -> HTMLResponse | Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, "/shop/cart")

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        found = await services.current_cart(uow, holder_id=holder(session), market=MARKET)
        lines = await _shown(uow, found)
        yuan = [line.line_yuan for line in lines if line.line_yuan is not None]
        total = sum(yuan, Money.zero("CNY")) if yuan and len(yuan) == len(lines) else None
        return {"cart": found, "lines": lines, "total_yuan": total}

    context = await transact(runtime, read)
    return shop_page(request, "orders/cart.html", session, {**context, "flashes": flashes}, status=status)


@router.get("/shop/cart", response_class=HTMLResponse)
async def show_cart(request: Request, runtime: RuntimeDep) -> Response:
    flashes = done_message(
        request,
        {
            "added": _("Added to your cart: the stock is held for you for 30 minutes."),
            "changed": _("Your cart is updated."),
            "coupon": _("Coupon saved: the checkout says whether it applies."),
        },
    )
    return await cart_page(request, runtime, flashes=flashes)


async def _add(uow: UnitOfWork, *, holder_id: str, sku_id: str, quantity: int) -> Cart:
    found = await services.current_cart(uow, holder_id=holder_id, market=MARKET)
    if found is None:
        found = await services.open_cart(uow, holder_id=holder_id, market=MARKET)
    existing = found.line(sku_id)
    wanted = quantity + (existing.quantity if existing is not None else 0)
    return await services.set_line(uow, holder_id=holder_id, cart_id=found.id, sku_id=sku_id, quantity=wanted)


@router.post("/shop/cart/lines")
async def add_line(
    request: Request,
    runtime: RuntimeDep,
    sku_id: str = Form(default="", max_length=64),
    quantity: str = Form(default="1", max_length=6),
    csrf_token: str = Form(default="", max_length=200),
    back: str = Form(default="", max_length=300),
) -> Response:
    """Put a SKU in the buyer's cart (the storefront's product page posts here)."""
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, back if back.startswith("/shop/") and not back.startswith("//") else "/shop/cart")
    if not form_is_genuine(request, session, csrf_token):
        return await cart_page(request, runtime, flashes=form_expired(), status=400)
    try:
        count = parse_quantity(quantity, least=1)
        await transact(runtime, partial(_add, holder_id=holder(session), sku_id=sku_id, quantity=count))
    except ComptoirError as error:
        return await cart_page(request, runtime, flashes=error_flash(error), status=error.status)
    return RedirectResponse("/shop/cart?done=added", status_code=303)


@router.post("/shop/cart/lines/{sku_id}")
async def change_line(
    request: Request,
    sku_id: SkuIdPath,
    runtime: RuntimeDep,
    quantity: str = Form(default="", max_length=6),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    """A new quantity for a line of the cart; 0 (or the remove button) takes it out."""
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, "/shop/cart")
    if not csrf_token or not form_is_genuine(request, session, csrf_token):
        return await cart_page(request, runtime, flashes=form_expired(), status=400)

    async def change(uow: UnitOfWork, count: int) -> Cart:
        found = await services.current_cart(uow, holder_id=holder(session), market=MARKET)
        if found is None:
            raise CartInvalid("there is no cart to change", field="sku_id")
        return await services.set_line(uow, holder_id=holder(session), cart_id=found.id, sku_id=sku_id, quantity=count)

    try:
        count = parse_quantity(quantity, least=0)
        await transact(runtime, partial(change, count=count))
    except ComptoirError as error:
        return await cart_page(request, runtime, flashes=error_flash(error), status=error.status)
    return RedirectResponse("/shop/cart?done=changed", status_code=303)


@router.post("/shop/cart/coupon")
async def coupon(
    request: Request,
    runtime: RuntimeDep,
    code: str = Form(default="", max_length=40),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, "/shop/cart")
    if not csrf_token or not form_is_genuine(request, session, csrf_token):
        return await cart_page(request, runtime, flashes=form_expired(), status=400)

    async def put(uow: UnitOfWork) -> Cart:
        found = await services.current_cart(uow, holder_id=holder(session), market=MARKET)
        if found is None:
            raise CartInvalid("there is no cart for this coupon", field="coupon_code")
        return await services.set_coupon(uow, holder_id=holder(session), cart_id=found.id, code=code or None)

    try:
        await transact(runtime, put)
    except ComptoirError as error:
        return await cart_page(request, runtime, flashes=error_flash(error), status=error.status)
    return RedirectResponse("/shop/cart?done=coupon", status_code=303)
