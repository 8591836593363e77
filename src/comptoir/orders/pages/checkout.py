"""The checkout on the buyer's phone: who is importing (real name and resident ID number, shown afterwards
only masked), where the parcel goes, then the quote per seller and per line (the price in yuan at the locked
rate, consumption tax and VAT, freight, the total, the yearly allowance left, the promised date) and the
"pay with the wallet" button. A refusal shows its sentence and code; a changed price or an expired rate is
quoted again and shown, never charged silently."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any, Protocol

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir import logistics
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import current_locale
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.orders import services
from comptoir.orders.domain.zones import delivery_zones
from comptoir.orders.errors import CheckoutRefused
from comptoir.orders.pages.buyer_session import (
    CHINESE,
    Storefront,
    buyer_session,
    engines_of,
    form_is_genuine,
    holder,
    shop_page,
    to_sign_in,
    vault_of,
)
from comptoir.orders.pages.words import Flashes, done_message, error_flash, form_expired, refusal_sentence

router = APIRouter(include_in_schema=False)


def zones_of(shop: Storefront) -> list[tuple[str, str]]:
    """The delivery zones of ``shop``'s market (its country), by code, in the reader's language."""
    locale = current_locale.get()
    return [(z.code, z.name(locale)) for z in delivery_zones().values() if z.country == shop.market.value]


def _zones() -> list[tuple[str, str]]:
    return zones_of(CHINESE)


def quote_view(quote: services.CartQuote) -> dict[str, Any]:
    """What the template needs beside the quote: store names, promises, changed prices and each order's tax
    notice, in the reader's words."""
    locale = current_locale.get()
    names: dict[str, str] = {}
    promises: dict[str, str] = {}
    notices: dict[str, str] = {}
    changed: dict[str, tuple[Money, Money]] = {}
    for group in quote.groups:
        names[group.key] = group.store_name_zh if locale.startswith("zh") and group.store_name_zh else group.store_name
        if group.promise is not None:
            promises[group.key] = logistics.promise_text(group.promise, locale=locale)
        notices[group.key] = services.tax_notice(group.landed.regime, group.tax_at_import)
        for line in group.lines:
            if line.price_changed and group.fx is not None:
                changed[line.sku_id] = (group.fx.convert(line.seen_price), line.unit_price_buyer)
            elif line.price_changed:
                changed[line.sku_id] = (line.seen_price, line.unit_price)
    refusal = (refusal_sentence(quote.error), quote.error.code) if quote.error is not None else None
    return {"store_names": names, "promises": promises, "notices": notices, "changed": changed, "refusal": refusal}


async def checkout_page(
    request: Request,
    runtime: Runtime,
    *,
    flashes: Flashes,
    status: int = 200,
    values: dict[str, str] | None = None,
) -> Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, "/shop/checkout")
    vault, engines = vault_of(runtime), engines_of(runtime)

    async def read(uow: UnitOfWork) -> services.CartQuote | None:
        found = await services.current_cart(uow, holder_id=holder(session), market=CHINESE.market.value)
        if found is None or not found.lines:
            return None
        locked = await services.cart(uow, holder_id=holder(session), cart_id=found.id, lock=True)
        return await services.quote_cart(uow, cart=locked, vault=vault, engines=engines)

    try:
        quote = await transact(runtime, read)
    except ComptoirError as error:  # no freight rate for the lane, customs rules missing...
        failed: dict[str, Any] = {
            "quote": None,
            "zones": _zones(),
            "values": values or {},
            "flashes": [*flashes, *error_flash(error)],
        }
        return shop_page(request, "orders/checkout.html", session, failed, status=error.status)
    if quote is None:
        return RedirectResponse("/shop/cart", status_code=303)
    payable = quote.allowed and quote.identity is not None and quote.delivery is not None
    context: dict[str, Any] = {
        "quote": quote,
        **quote_view(quote),
        "zones": _zones(),
        "zone_names": dict(_zones()),
        "payable": payable,
        "values": values or {},
        "flashes": flashes,
        "zero": Money.zero(quote.buyer_currency),
        "rate_step": Decimal("0.0001"),
    }
    return shop_page(request, "orders/checkout.html", session, context, status=status)


@router.get("/shop/checkout", response_class=HTMLResponse)
async def show_checkout(request: Request, runtime: RuntimeDep) -> Response:
    flashes = done_message(
        request,
        {
            "identity": _("Identity saved: only the last four characters of the number are ever shown."),
            "delivery": _("Delivery address saved."),
        },
    )
    return await checkout_page(request, runtime, flashes=flashes)


@router.post("/shop/checkout/identity")
async def save_identity(
    request: Request,
    runtime: RuntimeDep,
    real_name: str = Form(default="", max_length=60),
    id_number: str = Form(default="", max_length=40),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, "/shop/checkout")
    # The number typed is never written back into the page, even when it is refused.
    values = {"real_name": real_name}
    if not csrf_token or not form_is_genuine(request, session, csrf_token):
        return await checkout_page(request, runtime, flashes=form_expired(), status=400, values=values)
    try:
        await transact(
            runtime,
            partial(
                services.set_buyer_identity,
                vault=vault_of(runtime),
                holder_id=holder(session),
                real_name=real_name,
                id_number=id_number.strip(),
            ),
        )
    except ComptoirError as error:
        return await checkout_page(request, runtime, flashes=error_flash(error), status=error.status, values=values)
    return RedirectResponse("/shop/checkout?done=identity", status_code=303)


class ShowsCheckout(Protocol):
    """A storefront's checkout page, drawn again with a message (and what the buyer typed) after a refusal."""

    async def __call__(
        self,
        request: Request,
        runtime: Runtime,
        *,
        flashes: Flashes,
        status: int = 200,
        values: dict[str, str] | None = None,
    ) -> Response: ...


def delivery_route(router: APIRouter, shop: Storefront, show: ShowsCheckout) -> None:
    """Give ``router`` the form that saves where the buyer's parcels go, in ``shop``'s country: a zone of another
    country is refused (``delivery_outside_market``) and nothing is saved; ``show`` draws the page again."""

    @router.post(shop.path("/checkout/delivery"))
    async def save_delivery(
        request: Request,
        runtime: RuntimeDep,
        zone: str = Form(default="", max_length=8),
        address: str = Form(default="", max_length=300),
        phone: str = Form(default="", max_length=30),
        csrf_token: str = Form(default="", max_length=200),
    ) -> Response:
        session = buyer_session(request, runtime)
        if session is None:
            return to_sign_in(request, shop.path("/checkout"))
        values = {"zone": zone, "address": address, "phone": phone}
        if not csrf_token or not form_is_genuine(request, session, csrf_token):
            return await show(request, runtime, flashes=form_expired(), status=400, values=values)
        try:
            if zone in delivery_zones() and zone not in dict(zones_of(shop)):
                raise CheckoutRefused(
                    f"deliveries of this storefront are in {shop.market.value}", code="delivery_outside_market"
                )
            await transact(
                runtime,
                partial(
                    services.set_delivery,
                    vault=vault_of(runtime),
                    holder_id=holder(session),
                    zone=zone,
                    address=address,
                    phone=phone,
                ),
            )
        except ComptoirError as error:
            return await show(request, runtime, flashes=error_flash(error), status=error.status, values=values)
        return RedirectResponse(shop.path("/checkout?done=delivery"), status_code=303)


delivery_route(router, CHINESE, checkout_page)


@router.post("/shop/checkout/pay")
async def pay(
    request: Request,
    runtime: RuntimeDep,
    cart_id: str = Form(default="", max_length=64),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    """Place the orders at the quoted prices and pay them from the wallet, in one go."""
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, "/shop/checkout")
    if not csrf_token or not form_is_genuine(request, session, csrf_token):
        return await checkout_page(request, runtime, flashes=form_expired(), status=400)
    try:
        done = await transact(
            runtime,
            partial(
                services.checkout,
                holder_id=holder(session),
                cart_id=cart_id,
                vault=vault_of(runtime),
                engines=engines_of(runtime),
                pay=True,
            ),
        )
    except ComptoirError as error:
        # A changed price or an expired rate among them: the page quotes again and shows what changed.
        return await checkout_page(request, runtime, flashes=error_flash(error), status=error.status)
    first = done.orders[0].id if done.orders else ""
    return RedirectResponse(f"/shop/orders/{first}?done=paid" if first else "/shop/orders", status_code=303)
