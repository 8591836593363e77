"""The buyer's cart of a storefront (on a phone): what is in it, quantities, and on the Chinese storefront the
coupon. The same pages serve the Chinese storefront (``/shop/cart``, market CN: prices in euros with the
indicative amount in yuan) and the French one (``/boutique/cart``, market FR: prices in euros).

Putting a line in holds its stock; "sold out" is inventory's sentence, in the reader's language. The checkout
locks the real quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir import catalog, pricing
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import current_locale
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.orders import services
from comptoir.orders.domain import MAX_QUANTITY, Cart, Market
from comptoir.orders.errors import CartInvalid
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
from comptoir.orders.pages.words import Flashes, done_message, error_flash, form_expired

router = APIRouter(include_in_schema=False)

SkuIdPath = Annotated[str, Path(pattern=id_pattern("sku"))]


@dataclass(frozen=True, slots=True)
class ShownLine:
    sku_id: str
    title: str
    title_lang: str  # the language the title is written in: the Chinese page's, or the seller's French one
    store_name: str
    label: str
    quantity: int
    unit_price: Money  # EUR
    yuan: Money | None  # indicative, at the day's reference rate (Chinese storefront only)
    line_yuan: Money | None
    product_url: str
    on_sale: bool

    @property
    def line_eur(self) -> Money:
        return self.unit_price.multiply(self.quantity)


def parse_quantity(text: str, *, least: int) -> int:
    value = text.strip()
    if not value.isdigit() or not least <= int(value) <= MAX_QUANTITY:
        raise CartInvalid(f"a quantity is a whole number from {least} to {MAX_QUANTITY}", field="quantity")
    return int(value)


async def _yuan(uow: UnitOfWork, shop: Storefront, amount: Money) -> Money | None:
    if shop.market is not Market.CN:
        return None
    try:
        return (await pricing.indicative_price(uow, amount=amount, to_currency="CNY", on=uow.clock.now().date())).amount
    except pricing.NoFxRate:
        return None


def _names(shop: Storefront, sku: catalog.SellableSku) -> tuple[str, str, str, str]:
    """The line's title, the title's language, the store's name and the variant's label, for ``shop``'s buyer."""
    zh = current_locale.get().startswith("zh")
    variant = sku.variant
    if shop.market is Market.CN:
        title, lang = (sku.product.zh.title, "zh-Hans") if sku.product.zh else (sku.product.title_fr, "fr")
        store, label = sku.store.name_zh or sku.store.name, variant.label_zh or variant.label_fr or ""
    else:  # the seller's own French page
        title, lang = sku.product.title_fr, "fr"
        store, label = (sku.store.name_zh if zh and sku.store.name_zh else sku.store.name), variant.label_fr or ""
    if variant.net_content is not None:
        label = f"{label} {variant.net_content.value}{variant.net_content.unit.value}".strip()
    return title, lang, store, label


async def _shown(uow: UnitOfWork, shop: Storefront, cart: Cart | None) -> list[ShownLine]:
    if cart is None or not cart.lines:
        return []
    sellable = await catalog.sellable_skus(uow, sku_ids=[line.sku_id for line in cart.lines])
    shown = []
    for line in cart.lines:
        sku = sellable.get(line.sku_id)
        yuan = await _yuan(uow, shop, line.unit_price)
        if sku is None:
            shown.append(
                ShownLine(line.sku_id, line.sku_id, "", "", "", line.quantity, line.unit_price, yuan, None, "", False)
            )
            continue
        title, lang, store, label = _names(shop, sku)
        shown.append(
            ShownLine(
                sku_id=line.sku_id,
                title=title,
                title_lang=lang,
                store_name=store,
                label=label,
                quantity=line.quantity,
                unit_price=line.unit_price,
                yuan=yuan,
                line_yuan=yuan.multiply(line.quantity) if yuan is not None else None,
                product_url=shop.path(f"/products/{sku.product.id}"),
                on_sale=True,
            )
        )
    return shown


def _total(shop: Storefront, lines: list[ShownLine]) -> Money | None:
    """The goods' total in the storefront's currency (None on the Chinese one when a line has no yuan amount)."""
    if shop.market is not Market.CN:
        return sum((line.line_eur for line in lines), Money.zero("EUR")) if lines else None
    yuan = [line.line_yuan for line in lines if line.line_yuan is not None]
    return sum(yuan, Money.zero("CNY")) if yuan and len(yuan) == len(lines) else None


async def cart_page(
    request: Request, runtime: Runtime, *, flashes: Flashes, status: int = 200, shop: Storefront = CHINESE
) -> HTMLResponse | Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, shop.path("/cart"))

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        found = await services.current_cart(uow, holder_id=holder(session), market=shop.market.value)
        lines = await _shown(uow, shop, found)
        return {"cart": found, "lines": lines, "total": _total(shop, lines)}

    context = await transact(runtime, read)
    return shop_page(request, "orders/cart.html", session, {**context, "flashes": flashes}, shop=shop, status=status)


async def _add(uow: UnitOfWork, *, market: Market, holder_id: str, sku_id: str, quantity: int) -> Cart:
    found = await services.current_cart(uow, holder_id=holder_id, market=market.value)
    if found is None:
        found = await services.open_cart(uow, holder_id=holder_id, market=market.value)
    existing = found.line(sku_id)
    wanted = quantity + (existing.quantity if existing is not None else 0)
    return await services.set_line(uow, holder_id=holder_id, cart_id=found.id, sku_id=sku_id, quantity=wanted)


async def _change(uow: UnitOfWork, *, market: Market, holder_id: str, sku_id: str, quantity: int) -> Cart:
    found = await services.current_cart(uow, holder_id=holder_id, market=market.value)
    if found is None:
        raise CartInvalid("there is no cart to change", field="sku_id")
    return await services.set_line(uow, holder_id=holder_id, cart_id=found.id, sku_id=sku_id, quantity=quantity)


def _cart_routes(shop: Storefront) -> None:
    """The cart pages of ``shop``: the cart, putting a SKU in (its product page posts here), a line's quantity."""

    @router.get(shop.path("/cart"), response_class=HTMLResponse)
    async def show_cart(request: Request, runtime: RuntimeDep) -> Response:
        flashes = done_message(
            request,
            {
                "added": _("Added to your cart: the stock is held for you for 30 minutes."),
                "changed": _("Your cart is updated."),
                "coupon": _("Coupon saved: the checkout says whether it applies."),
            },
        )
        return await cart_page(request, runtime, flashes=flashes, shop=shop)

    @router.post(shop.path("/cart/lines"))
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
            return to_sign_in(request, back if shop.holds(back) else shop.path("/cart"))
        if not form_is_genuine(request, session, csrf_token):
            return await cart_page(request, runtime, flashes=form_expired(), status=400, shop=shop)
        try:
            count = parse_quantity(quantity, least=1)
            await transact(
                runtime, partial(_add, market=shop.market, holder_id=holder(session), sku_id=sku_id, quantity=count)
            )
        except ComptoirError as error:
            return await cart_page(request, runtime, flashes=error_flash(error), status=error.status, shop=shop)
        return RedirectResponse(shop.path("/cart?done=added"), status_code=303)

    @router.post(shop.path("/cart/lines/{sku_id}"))
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
            return to_sign_in(request, shop.path("/cart"))
        if not csrf_token or not form_is_genuine(request, session, csrf_token):
            return await cart_page(request, runtime, flashes=form_expired(), status=400, shop=shop)
        try:
            count = parse_quantity(quantity, least=0)
            await transact(
                runtime,
                partial(_change, market=shop.market, holder_id=holder(session), sku_id=sku_id, quantity=count),
            )
        except ComptoirError as error:
            return await cart_page(request, runtime, flashes=error_flash(error), status=error.status, shop=shop)
        return RedirectResponse(shop.path("/cart?done=changed"), status_code=303)


_cart_routes(CHINESE)
_cart_routes(FRENCH)


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
        found = await services.current_cart(uow, holder_id=holder(session), market=CHINESE.market.value)
        if found is None:
            raise CartInvalid("there is no cart for this coupon", field="coupon_code")
        return await services.set_coupon(uow, holder_id=holder(session), cart_id=found.id, code=code or None)

    try:
        await transact(runtime, put)
    except ComptoirError as error:
        return await cart_page(request, runtime, flashes=error_flash(error), status=error.status)
    return RedirectResponse("/shop/cart?done=coupon", status_code=303)
