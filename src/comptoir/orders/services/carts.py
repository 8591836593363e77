"""Carts: what a buyer is about to buy, its stock held for a while, prices as seen when each line went in.

A cart belongs to one buyer (a wallet holder) and one market: a Chinese buyer's cart holds goods from French
brand stores and the pavilion (lane FR-CN), a French buyer's goods from Chinese sellers (CN-FR). Putting a
line in holds its stock (inventory reservations keyed by the cart's id) for :data:`CART_HOLD_MINUTES` after
the buyer last touched the cart; an abandoned cart's hold lapses and the worker gives the units back.
Another buyer's cart is "not found", never "forbidden".
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update

from comptoir import catalog, inventory
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.orders import repository as tables
from comptoir.orders.domain import CART_HOLD_MINUTES, MAX_LINES, MAX_QUANTITY, Cart, CartLine, CartStatus, Market
from comptoir.orders.errors import CartInvalid, OrdersNotFound

HOLD = timedelta(minutes=CART_HOLD_MINUTES)


def _cart(row: object, lines: list[CartLine]) -> Cart:
    r = row
    return Cart(
        id=r.id,  # type: ignore[attr-defined]
        holder_id=r.holder_id,  # type: ignore[attr-defined]
        market=Market(r.market),  # type: ignore[attr-defined]
        status=CartStatus(r.status),  # type: ignore[attr-defined]
        coupon_code=r.coupon_code,  # type: ignore[attr-defined]
        created_at=r.created_at,  # type: ignore[attr-defined]
        updated_at=r.updated_at,  # type: ignore[attr-defined]
        expires_at=r.expires_at,  # type: ignore[attr-defined]
        lines=tuple(lines),
        quote=r.quote,  # type: ignore[attr-defined]
    )


def _line(row: object) -> CartLine:
    r = row
    return CartLine(
        sku_id=r.sku_id,  # type: ignore[attr-defined]
        product_id=r.product_id,  # type: ignore[attr-defined]
        store_id=r.store_id,  # type: ignore[attr-defined]
        quantity=r.quantity,  # type: ignore[attr-defined]
        unit_price=Money(r.unit_price_minor, r.currency),  # type: ignore[attr-defined]
        added_at=r.added_at,  # type: ignore[attr-defined]
    )


def check_market(market: object) -> Market:
    try:
        return Market(str(market))
    except ValueError:
        raise CartInvalid("a market is CN (buying from France) or FR (buying from China)", field="market") from None


async def open_cart(uow: UnitOfWork, *, holder_id: str, market: object) -> Cart:
    """A new empty cart for this buyer in this market."""
    chosen = check_market(market)
    now = uow.clock.now()
    cart_id = new_id("crt")
    await uow.session.execute(
        insert(tables.carts).values(
            id=cart_id,
            holder_id=holder_id,
            market=chosen.value,
            status=CartStatus.OPEN.value,
            created_at=now,
            updated_at=now,
            expires_at=now + HOLD,
        )
    )
    return Cart(cart_id, holder_id, chosen, CartStatus.OPEN, None, now, now, now + HOLD)


async def current_cart(uow: UnitOfWork, *, holder_id: str, market: object) -> Cart | None:
    """The buyer's most recent open cart in this market, if any."""
    chosen = check_market(market)
    t = tables.carts
    row = (
        await uow.session.execute(
            select(t)
            .where(t.c.holder_id == holder_id, t.c.market == chosen.value, t.c.status == CartStatus.OPEN.value)
            .order_by(t.c.id.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    return await cart(uow, holder_id=holder_id, cart_id=row.id)


async def cart(uow: UnitOfWork, *, holder_id: str, cart_id: object, lock: bool = False) -> Cart:
    """The buyer's cart with its lines; another buyer's, or an unknown id, is ``cart_not_found``."""
    if not isinstance(cart_id, str):
        raise OrdersNotFound("no such cart")
    query = select(tables.carts).where(tables.carts.c.id == cart_id, tables.carts.c.holder_id == holder_id)
    if lock:
        query = query.with_for_update()
    row = (await uow.session.execute(query)).first()
    if row is None:
        raise OrdersNotFound("no such cart")
    lines = (
        await uow.session.execute(
            select(tables.cart_lines)
            .where(tables.cart_lines.c.cart_id == cart_id)
            .order_by(tables.cart_lines.c.added_at)
        )
    ).all()
    return _cart(row, [_line(r) for r in lines])


def _open(found: Cart) -> Cart:
    if found.status is not CartStatus.OPEN:
        raise OrdersNotFound("this cart was checked out; open a new one")
    return found


def _quantity(quantity: object) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 <= quantity <= MAX_QUANTITY:
        raise CartInvalid(f"a quantity is a whole number from 0 to {MAX_QUANTITY}", field="quantity")
    return quantity


async def set_line(uow: UnitOfWork, *, holder_id: str, cart_id: object, sku_id: object, quantity: object) -> Cart:
    """Put ``quantity`` of a SKU in the cart (0 takes it out), holding the stock; the cart's hold is renewed.

    The price kept on the line is the one the buyer saw when the line first went in; a later change in the
    catalog is shown at the quote, never charged silently.
    """
    wanted = _quantity(quantity)
    found = _open(await cart(uow, holder_id=holder_id, cart_id=cart_id, lock=True))
    if not isinstance(sku_id, str):
        raise CartInvalid("a SKU id is text", field="sku_id")
    now = uow.clock.now()
    expires = now + HOLD
    existing = found.line(sku_id)
    t = tables.cart_lines
    if wanted == 0:
        if existing is not None:
            await inventory.change_reservation(
                uow, reservation_id=found.id, sku_id=sku_id, quantity=0, expires_at=expires, owner=holder_id
            )
            await uow.session.execute(delete(t).where(t.c.cart_id == found.id, t.c.sku_id == sku_id))
    else:
        sellable = (await catalog.sellable_skus(uow, sku_ids=[sku_id])).get(sku_id)
        if sellable is None:
            raise OrdersNotFound("no such product on sale", code="sku_not_found")
        if sellable.store.lane != found.market.lane:
            raise CartInvalid(
                f"this product is sold on the {sellable.store.lane} lane, not to buyers in {found.market.value}",
                field="sku_id",
            )
        if existing is None:
            if len(found.lines) >= MAX_LINES:
                raise CartInvalid(f"a cart holds at most {MAX_LINES} different products", field="sku_id")
            await inventory.reserve(
                uow, reservation_id=found.id, owner=holder_id, lines=[(sku_id, wanted)], expires_at=expires
            )
            await uow.session.execute(
                insert(t).values(
                    cart_id=found.id,
                    sku_id=sku_id,
                    product_id=sellable.product.id,
                    store_id=sellable.store.id,
                    quantity=wanted,
                    unit_price_minor=sellable.variant.price.minor,
                    currency=sellable.variant.price.currency,
                    added_at=now,
                )
            )
        else:
            await inventory.change_reservation(
                uow,
                reservation_id=found.id,
                sku_id=sku_id,
                quantity=wanted,
                expires_at=expires,
                owner=holder_id,
            )
            await uow.session.execute(
                update(t).where(t.c.cart_id == found.id, t.c.sku_id == sku_id).values(quantity=wanted)
            )
    await _touch(uow, found.id, holder_id, expires)
    return await cart(uow, holder_id=holder_id, cart_id=found.id)


async def _touch(uow: UnitOfWork, cart_id: str, holder_id: str, expires: datetime) -> None:
    await uow.session.execute(
        update(tables.carts)
        .where(tables.carts.c.id == cart_id)
        .values(updated_at=uow.clock.now(), expires_at=expires, quote=None)
    )
    with contextlib.suppress(inventory.ReservationNotFound):  # an empty cart holds nothing
        await inventory.extend_reservation(uow, reservation_id=cart_id, expires_at=expires, owner=holder_id)


async def set_coupon(uow: UnitOfWork, *, holder_id: str, cart_id: object, code: object) -> Cart:
    """Put a coupon code on the cart (None or "" takes it off); the quote checks it against the goods."""
    found = _open(await cart(uow, holder_id=holder_id, cart_id=cart_id, lock=True))
    if code is not None and (not isinstance(code, str) or len(code.strip()) > 40):
        raise CartInvalid("a coupon code is at most 40 characters", field="coupon_code")
    value = code.strip().upper() if isinstance(code, str) and code.strip() else None
    await uow.session.execute(
        update(tables.carts).where(tables.carts.c.id == found.id).values(coupon_code=value, quote=None)
    )
    return await cart(uow, holder_id=holder_id, cart_id=found.id)
