"""The French consumer's checkout (French first, on a phone): where the parcel goes in France, then the quote
per seller and per line in euros (goods, freight, French VAT and the EU customs duty collected under IOSS, or,
over 150 EUR, what is due at delivery), each order's tax notice, the promised date, a changed price shown, a
refusal with its sentence; placing the orders; then the card step.

The card never reaches Comptoir: a real acquirer's card form (its own page or script) returns a token, which
the card step posts. With the test acquirer, the page says it is in test mode and the buyer picks a test card,
whose token it posts; a declined card shows why and the buyer tries another, the order kept.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir import payments
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.orders import services
from comptoir.orders.domain import Order, OrderStatus
from comptoir.orders.errors import OrdersNotFound
from comptoir.orders.pages.buyer_session import (
    FRENCH,
    buyer_session,
    engines_of,
    form_is_genuine,
    holder,
    shop_page,
    to_sign_in,
    vault_of,
)
from comptoir.orders.pages.checkout import delivery_route, quote_view, zones_of
from comptoir.orders.pages.words import Flashes, done_message, error_flash, form_expired, status_names

router = APIRouter(include_in_schema=False)

CheckoutIdPath = Annotated[str, Path(pattern=id_pattern("chk"))]


def test_cards() -> list[tuple[str, str]]:
    """The test acquirer's cards a buyer may pick, by token: one that pays, and each way a card fails."""
    return [
        ("tok_visa", _("Test card: approved")),
        ("tok_declined", _("Test card: declined")),
        ("tok_insufficient_funds", _("Test card: insufficient funds")),
        ("tok_expired_card", _("Test card: expired")),
        ("tok_unavailable", _("Test card: the bank does not answer")),
    ]


def decline_reasons() -> dict[str, str]:
    """The acquirer's reasons for a declined card, as the buyer reads them."""
    return {
        "card_declined": _("The bank declined this card."),
        "insufficient_funds": _("The bank says there is not enough money on this card."),
        "expired_card": _("This card has expired."),
    }


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
        return to_sign_in(request, FRENCH.path("/checkout"))
    vault, engines = vault_of(runtime), engines_of(runtime)
    zones = zones_of(FRENCH)

    async def read(uow: UnitOfWork) -> services.CartQuote | None:
        found = await services.current_cart(uow, holder_id=holder(session), market=FRENCH.market.value)
        if found is None or not found.lines:
            return None
        locked = await services.cart(uow, holder_id=holder(session), cart_id=found.id, lock=True)
        return await services.quote_cart(uow, cart=locked, vault=vault, engines=engines)

    base: dict[str, Any] = {"zones": zones, "zone_names": dict(zones), "values": values or {}}
    try:
        quote = await transact(runtime, read)
    except ComptoirError as error:  # no freight rate for the lane, customs rules missing...
        failed = {**base, "quote": None, "flashes": [*flashes, *error_flash(error)]}
        return shop_page(request, "orders/boutique_checkout.html", session, failed, shop=FRENCH, status=error.status)
    if quote is None:
        return RedirectResponse(FRENCH.path("/cart"), status_code=303)
    # The address is the buyer's, for both storefronts: one in China does not deliver this cart.
    delivery = quote.delivery if quote.delivery is not None and quote.delivery.zone in base["zone_names"] else None
    context = {
        **base,
        "quote": quote,
        **quote_view(quote),
        "delivery": delivery,
        "elsewhere": quote.delivery is not None and delivery is None,
        "payable": quote.allowed and delivery is not None,
        "flashes": flashes,
    }
    return shop_page(request, "orders/boutique_checkout.html", session, context, shop=FRENCH, status=status)


@router.get("/boutique/checkout", response_class=HTMLResponse)
async def show_checkout(request: Request, runtime: RuntimeDep) -> Response:
    flashes = done_message(request, {"delivery": _("Delivery address saved.")})
    return await checkout_page(request, runtime, flashes=flashes)


delivery_route(router, FRENCH, checkout_page)


@router.post("/boutique/checkout/place")
async def place(
    request: Request,
    runtime: RuntimeDep,
    cart_id: str = Form(default="", max_length=64),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    """Place the orders at the quoted prices (one per seller), then go to the card step."""
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, FRENCH.path("/checkout"))
    if not csrf_token or not form_is_genuine(request, session, csrf_token):
        return await checkout_page(request, runtime, flashes=form_expired(), status=400)

    async def place_mine(uow: UnitOfWork) -> services.Checkout:
        found = await services.current_cart(uow, holder_id=holder(session), market=FRENCH.market.value)
        if found is None or found.id != cart_id:  # another buyer's cart, or one of the Chinese storefront
            raise OrdersNotFound("no such cart", code="cart_not_found")
        return await services.checkout(
            uow,
            holder_id=holder(session),
            cart_id=cart_id,
            vault=vault_of(runtime),
            engines=engines_of(runtime),
        )

    try:
        done = await transact(runtime, place_mine)
    except ComptoirError as error:
        # A changed price among them: the page quotes again and shows what changed.
        return await checkout_page(request, runtime, flashes=error_flash(error), status=error.status)
    return RedirectResponse(FRENCH.path(f"/checkouts/{done.id}"), status_code=303)


async def _checkout_orders(uow: UnitOfWork, *, holder_id: str, checkout_id: str) -> list[Order]:
    """The buyer's orders of a checkout on this storefront; another buyer's checkout is not found."""
    found = await services.orders_of_checkout(uow, holder_id=holder_id, checkout_id=checkout_id)
    if not found or any(order.market is not FRENCH.market for order in found):
        raise OrdersNotFound("no such checkout", code="order_not_found")
    return found


async def card_page(
    request: Request, runtime: Runtime, checkout_id: str, *, flashes: Flashes, status: int = 200
) -> Response:
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, FRENCH.path(f"/checkouts/{checkout_id}"))
    found = await transact(runtime, partial(_checkout_orders, holder_id=holder(session), checkout_id=checkout_id))
    unpaid = [order for order in found if order.status is OrderStatus.PLACED]
    if not unpaid and status == 200:
        return RedirectResponse(FRENCH.path(f"/orders/{found[0].id}"), status_code=303)
    acquirer = payments.card_acquirer(runtime)
    context = {
        "checkout_id": checkout_id,
        "orders": found,
        "unpaid": unpaid,
        "to_pay": sum((order.buyer_total for order in unpaid), Money.zero("EUR")),
        "test_mode": isinstance(acquirer, payments.TestAcquirer),
        "test_cards": test_cards(),
        "statuses": status_names(),
        "flashes": flashes,
    }
    return shop_page(request, "orders/boutique_card.html", session, context, shop=FRENCH, status=status)


@router.get("/boutique/checkouts/{checkout_id}", response_class=HTMLResponse)
async def show_card_step(request: Request, checkout_id: CheckoutIdPath, runtime: RuntimeDep) -> Response:
    return await card_page(request, runtime, checkout_id, flashes=[])


@router.post("/boutique/checkouts/{checkout_id}/pay")
async def pay_by_card(
    request: Request,
    checkout_id: CheckoutIdPath,
    runtime: RuntimeDep,
    card_token: str = Form(default="", max_length=80),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    """Pay the checkout's orders with the token the card form gave (never a card number, never echoed)."""
    session = buyer_session(request, runtime)
    if session is None:
        return to_sign_in(request, FRENCH.path(f"/checkouts/{checkout_id}"))
    if not csrf_token or not form_is_genuine(request, session, csrf_token):
        return await card_page(request, runtime, checkout_id, flashes=form_expired(), status=400)
    try:
        await transact(runtime, partial(_checkout_orders, holder_id=holder(session), checkout_id=checkout_id))
        done = await services.pay_checkout_by_card(
            runtime,
            payments.card_acquirer(runtime),
            holder_id=holder(session),
            checkout_id=checkout_id,
            card_token=card_token,
        )
    except payments.PaymentInvalid:
        refused = _("This is not a card token: a card number is typed only in the card form, never here.")
        return await card_page(request, runtime, checkout_id, flashes=[("error", refused)], status=422)
    except payments.CardDeclined as declined:
        why = decline_reasons().get(declined.extra.get("reason", ""), "")
        flashes = [*error_flash(declined), *([("error", why)] if why else [])]
        return await card_page(request, runtime, checkout_id, flashes=flashes, status=declined.status)
    except ComptoirError as error:
        if error.status == 404:
            raise
        return await card_page(request, runtime, checkout_id, flashes=error_flash(error), status=error.status)
    first = done.orders[0].id
    return RedirectResponse(FRENCH.path(f"/orders/{first}?done=paid"), status_code=303)
