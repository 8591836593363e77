"""HTTP API of orders: the store API buyers' storefronts and apps call, and the sellers' orders.

Store routes (``/api/v1/store/...``) take the buyer's token (``POST /store/sessions``); another buyer's
cart, checkout or order is "not found". Seller routes (``/api/v1/orders``) take a Comptoir API key or
session: the merchant of record, the small merchant paid for the order, a partner the brand gave the
``orders`` scope, or the platform operator. Every changing route takes an ``Idempotency-Key``: a
checkout retried with the same key places one set of orders.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, status

from comptoir import logistics, payments
from comptoir.kernel.auth import CurrentPrincipal
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.i18n import normalise_locale
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.orders import services
from comptoir.orders.api.buyer_auth import TOKEN_MAX_AGE, CurrentBuyer, buyer_token, count_sign_in
from comptoir.orders.api.models import (
    CardPayIn,
    CartIn,
    CartOut,
    ChangeOut,
    CheckoutIn,
    CheckoutOut,
    CouponCreateIn,
    CouponIn,
    CouponOut,
    DeliveryIn,
    DeliveryOut,
    IdentityIn,
    IdentityOut,
    LineIn,
    MeOut,
    OrderOut,
    QuoteOut,
    ReasonIn,
    SellerOrderOut,
    SessionIn,
    SessionOut,
)
from comptoir.orders.domain import CartStatus, OrderStatus
from comptoir.orders.errors import OrdersNotFound

router = APIRouter(tags=["orders"])

CartIdPath = Annotated[str, Path(pattern=id_pattern("crt"), description="the cart's id")]
CheckoutIdPath = Annotated[str, Path(pattern=id_pattern("chk"), description="the checkout's id")]
OrderIdPath = Annotated[str, Path(pattern=id_pattern("ord"), description="the order's id")]
SkuIdPath = Annotated[str, Path(pattern=id_pattern("sku"), description="the SKU's id")]


def _vault(runtime: Runtime) -> services.BuyerVault:
    return services.BuyerVault.of(runtime.settings)


def _locale(request: Request) -> str:
    header = request.headers.get("accept-language", "")
    return normalise_locale(header.split(",")[0].strip()) or "zh_Hans"


# ---- the buyer -------------------------------------------------------------------------------------------


@router.post("/store/sessions", status_code=status.HTTP_201_CREATED, response_model=SessionOut)
async def sign_in(body: SessionIn, runtime: RuntimeDep, _: Idempotent) -> SessionOut:
    """Sign a buyer in with the wallet's phone number and password; answers the token the store routes take."""
    key = await count_sign_in(runtime.throttle, runtime.settings, body.phone)
    holder = await transact(
        runtime, partial(payments.wallet_sign_in, settings=runtime.settings, phone=body.phone, password=body.password)
    )
    await runtime.throttle.reset(key)
    return SessionOut(
        token=buyer_token(runtime.settings, holder.id),
        holder_id=holder.id,
        display_name=holder.display_name,
        expires_in_s=int(TOKEN_MAX_AGE.total_seconds()),
    )


@router.get("/store/me", response_model=MeOut)
async def me(buyer: CurrentBuyer, runtime: RuntimeDep) -> MeOut:
    """The buyer's identity for customs (masked) and delivery address, as given."""

    async def read(uow: UnitOfWork) -> MeOut:
        identity = await services.buyer_identity(uow, vault=_vault(runtime), holder_id=buyer)
        delivery = await services.buyer_delivery(uow, vault=_vault(runtime), holder_id=buyer)
        return MeOut(
            holder_id=buyer,
            identity=IdentityOut.of(identity) if identity else None,
            delivery=DeliveryOut.of(delivery) if delivery else None,
        )

    return await transact(runtime, read)


@router.put("/store/me/identity", response_model=IdentityOut)
async def set_identity(body: IdentityIn, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent) -> IdentityOut:
    """Give the real name and resident ID number Chinese customs need; the number is answered masked."""
    identity = await transact(
        runtime,
        partial(
            services.set_buyer_identity,
            vault=_vault(runtime),
            holder_id=buyer,
            real_name=body.real_name,
            id_number=body.id_number,
        ),
    )
    return IdentityOut.of(identity)


@router.put("/store/me/delivery", response_model=DeliveryOut)
async def set_delivery(body: DeliveryIn, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent) -> DeliveryOut:
    """Where parcels go: a zone (``CN-31`` for Shanghai...), a street address and a phone number."""
    delivery = await transact(
        runtime,
        partial(
            services.set_delivery,
            vault=_vault(runtime),
            holder_id=buyer,
            zone=body.zone,
            address=body.address,
            phone=body.phone,
        ),
    )
    return DeliveryOut.of(delivery)


# ---- carts -----------------------------------------------------------------------------------------------


@router.post("/store/carts", status_code=status.HTTP_201_CREATED, response_model=CartOut)
async def open_cart(body: CartIn, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent) -> CartOut:
    """Open an empty cart for this market."""
    return CartOut.of(await transact(runtime, partial(services.open_cart, holder_id=buyer, market=body.market)))


@router.get("/store/carts/{cart_id}", response_model=CartOut)
async def get_cart(cart_id: CartIdPath, buyer: CurrentBuyer, runtime: RuntimeDep) -> CartOut:
    return CartOut.of(await transact(runtime, partial(services.cart, holder_id=buyer, cart_id=cart_id)))


@router.put("/store/carts/{cart_id}/lines/{sku_id}", response_model=CartOut)
async def set_line(
    cart_id: CartIdPath, sku_id: SkuIdPath, body: LineIn, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent
) -> CartOut:
    """Hold ``quantity`` of this SKU in the cart (0 takes it out); sold out is 409 ``out_of_stock``."""
    cart = await transact(
        runtime, partial(services.set_line, holder_id=buyer, cart_id=cart_id, sku_id=sku_id, quantity=body.quantity)
    )
    return CartOut.of(cart)


@router.delete("/store/carts/{cart_id}/lines/{sku_id}", response_model=CartOut)
async def remove_line(
    cart_id: CartIdPath, sku_id: SkuIdPath, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent
) -> CartOut:
    cart = await transact(
        runtime, partial(services.set_line, holder_id=buyer, cart_id=cart_id, sku_id=sku_id, quantity=0)
    )
    return CartOut.of(cart)


@router.put("/store/carts/{cart_id}/coupon", response_model=CartOut)
async def set_coupon(
    cart_id: CartIdPath, body: CouponIn, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent
) -> CartOut:
    """Put a coupon code on the cart (``null`` takes it off); the quote says whether it applies."""
    cart = await transact(runtime, partial(services.set_coupon, holder_id=buyer, cart_id=cart_id, code=body.code))
    return CartOut.of(cart)


@router.post("/store/carts/{cart_id}/quote", response_model=QuoteOut)
async def quote(
    cart_id: CartIdPath, request: Request, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent
) -> QuoteOut:
    """Price the cart now: per line and in total, the price in the buyer's currency at a locked rate, the
    taxes, the freight, the yearly allowance left and the promised date. The checkout charges exactly this."""

    async def run(uow: UnitOfWork) -> services.CartQuote:
        found = await services.cart(uow, holder_id=buyer, cart_id=cart_id, lock=True)
        if found.status is not CartStatus.OPEN:
            raise OrdersNotFound("this cart was checked out; open a new one")
        return await services.quote_cart(
            uow, cart=found, vault=_vault(runtime), engines=logistics.PromiseEngines.of(runtime.database)
        )

    return QuoteOut.of(await transact(runtime, run), _locale(request))


@router.post("/store/carts/{cart_id}/checkout", status_code=status.HTTP_201_CREATED, response_model=CheckoutOut)
async def checkout(
    cart_id: CartIdPath, body: CheckoutIn, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent
) -> CheckoutOut:
    """Place one order per seller at the quoted prices (and with ``pay``, pay them from the wallet)."""
    done = await transact(
        runtime,
        partial(
            services.checkout,
            holder_id=buyer,
            cart_id=cart_id,
            vault=_vault(runtime),
            engines=logistics.PromiseEngines.of(runtime.database),
            pay=body.pay,
        ),
    )
    return CheckoutOut.of(done)


@router.post("/store/checkouts/{checkout_id}/pay", response_model=CheckoutOut)
async def pay(checkout_id: CheckoutIdPath, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent) -> CheckoutOut:
    """Pay the checkout's orders from the buyer's wallet; a wallet without enough pays none of them."""
    done = await transact(runtime, partial(services.pay_checkout, holder_id=buyer, checkout_id=checkout_id))
    return CheckoutOut.of(done)


@router.post("/store/checkouts/{checkout_id}/pay-by-card", response_model=CheckoutOut)
async def pay_by_card(
    checkout_id: CheckoutIdPath, body: CardPayIn, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent
) -> CheckoutOut:
    """Pay the checkout's orders from China by card (a French consumer), with the acquirer's card token."""
    done = await services.pay_checkout_by_card(
        runtime, payments.card_acquirer(runtime), holder_id=buyer, checkout_id=checkout_id, card_token=body.card_token
    )
    return CheckoutOut.of(done)


@router.get("/store/orders", response_model=Page[OrderOut])
async def my_orders(
    buyer: CurrentBuyer, runtime: RuntimeDep, cursor: PageCursor = None, limit: PageLimit = DEFAULT_PAGE
) -> Page[OrderOut]:
    """The buyer's orders, newest first."""
    size = page_size(limit)
    before = cursor_position(cursor, key="before", kind=str, prefix="ord")
    rows = await transact(runtime, partial(services.buyer_orders, holder_id=buyer, before=before, limit=size + 1))
    items, next_cursor = cut_page(rows, size, key="before", position_of=lambda o: o.id)
    return Page[OrderOut](items=[OrderOut.of(o) for o in items], next_cursor=next_cursor)


@router.get("/store/orders/{order_id}", response_model=OrderOut)
async def my_order(order_id: OrderIdPath, buyer: CurrentBuyer, runtime: RuntimeDep) -> OrderOut:
    return OrderOut.of(await transact(runtime, partial(services.buyer_order, holder_id=buyer, order_id=order_id)))


@router.post("/store/orders/{order_id}/cancel", response_model=OrderOut)
async def cancel_mine(
    order_id: OrderIdPath, body: ReasonIn, buyer: CurrentBuyer, runtime: RuntimeDep, _: Idempotent
) -> OrderOut:
    """Cancel an order that has not shipped: an unpaid payment is voided, a paid one refunded with its taxes."""
    order = await transact(
        runtime, partial(services.cancel_by_buyer, holder_id=buyer, order_id=order_id, reason=body.reason)
    )
    return OrderOut.of(order)


# ---- sellers ---------------------------------------------------------------------------------------------


async def _seller_view(runtime: Runtime, principal: object, order_id: str) -> SellerOrderOut:
    async def read(uow: UnitOfWork) -> SellerOrderOut:
        order = await services.seller_order(uow, principal, order_id=order_id)  # type: ignore[arg-type]
        history = await services.changes_of(uow, order.id)
        return SellerOrderOut(**OrderOut.of(order).model_dump(), history=[ChangeOut.of(c) for c in history])

    return await transact(runtime, read)


@router.get("/orders", response_model=Page[OrderOut])
async def seller_orders(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    order_status: Annotated[OrderStatus | None, Query(alias="status", description="only orders in this state")] = None,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[OrderOut]:
    """The orders you sell (brand, small merchant), handle (a partner with ``orders``) or run (the operator)."""
    size = page_size(limit)
    before = cursor_position(cursor, key="before", kind=str, prefix="ord")
    rows = await transact(
        runtime,
        partial(services.seller_orders, principal=principal, status=order_status, before=before, limit=size + 1),
    )
    items, next_cursor = cut_page(rows, size, key="before", position_of=lambda o: o.id)
    return Page[OrderOut](items=[OrderOut.of(o) for o in items], next_cursor=next_cursor)


@router.get("/orders/{order_id}", response_model=SellerOrderOut)
async def seller_order(order_id: OrderIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> SellerOrderOut:
    """One order with its history (who moved it, when, from what to what)."""
    return await _seller_view(runtime, principal, order_id)


@router.post("/orders/{order_id}/ship", response_model=SellerOrderOut)
async def ship(
    order_id: OrderIdPath, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> SellerOrderOut:
    """Hand the parcel over; an order into China must be cleared by customs first (``declared``)."""
    await transact(runtime, partial(services.mark_shipped, principal=principal, order_id=order_id))
    return await _seller_view(runtime, principal, order_id)


@router.post("/orders/{order_id}/deliver", response_model=SellerOrderOut)
async def deliver(
    order_id: OrderIdPath, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> SellerOrderOut:
    await transact(runtime, partial(services.mark_delivered, principal=principal, order_id=order_id))
    return await _seller_view(runtime, principal, order_id)


@router.post("/orders/{order_id}/cancel", response_model=SellerOrderOut)
async def cancel(
    order_id: OrderIdPath, body: ReasonIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> SellerOrderOut:
    """Cancel before shipment: the payment is voided, or refunded in full with its import taxes."""
    await transact(
        runtime, partial(services.cancel_by_seller, principal=principal, order_id=order_id, reason=body.reason)
    )
    return await _seller_view(runtime, principal, order_id)


@router.post("/orders/{order_id}/return", response_model=SellerOrderOut)
async def take_return(
    order_id: OrderIdPath, body: ReasonIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> SellerOrderOut:
    """The parcel came back: the goods are refunded at the order's locked rate, the taxes too, and restocked."""
    await transact(runtime, partial(services.take_return, principal=principal, order_id=order_id, reason=body.reason))
    return await _seller_view(runtime, principal, order_id)


StoreIdPath = Annotated[str, Path(pattern=id_pattern("sto"), description="the store's id")]


@router.post("/orders/stores/{store_id}/coupons", status_code=status.HTTP_201_CREATED, response_model=CouponOut)
async def create_coupon(
    store_id: StoreIdPath, body: CouponCreateIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> CouponOut:
    """A coupon off the goods of a store you run (never the freight or the taxes), redeemed at most
    ``max_redemptions`` times in all, whatever the race."""
    made = await transact(
        runtime,
        partial(
            services.create_store_coupon,
            principal=principal,
            store_id=store_id,
            code=body.code,
            percent_off=body.percent_off,
            amount_off=body.amount_off.money() if body.amount_off else None,
            min_goods=body.min_goods.money() if body.min_goods else None,
            max_redemptions=body.max_redemptions,
            valid_from=body.valid_from,
            valid_to=body.valid_to,
        ),
    )
    return CouponOut(
        code=made.code,
        store_id=made.store_id,
        percent_off=made.percent_off,
        amount_off=made.amount_off.as_json() if made.amount_off else None,
        min_goods=made.min_goods.as_json() if made.min_goods else None,
        max_redemptions=made.max_redemptions,
        redeemed=made.redeemed,
        valid_from=made.valid_from,
        valid_to=made.valid_to,
    )
