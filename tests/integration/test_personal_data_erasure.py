"""A tourist's personal data is erased in one unit of work: the wallet (payments), the buyer and their orders
(orders), and through orders the customs declaration and the parcel's consignee; financial records stay,
under the holder's id, and the ledger still verifies. On SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest
from sqlalchemy import column as sql_column
from sqlalchemy import inspect, select, table

from comptoir import customs, ledger, logistics, orders, payments
from comptoir.kernel.errors import NotAuthenticated
from comptoir.kernel.idempotency import Claim, StoredResponse, claim_key, complete_key, response_sealer
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.orders.services.erasure import buyer_idempotency_scope
from tests.integration.orders.world import GOOD_ID, OrdersWorld, build_orders_world
from tests.support.personal_data import columns_still_set, personal_data_left

NAME = "王芳"  # the tourist's wallet display name and real name
WALLET_PHONE = "13800000001"  # in the wallet's "+8613800000001" and the delivery address's "13800000001"
ADDRESS = "南京东路 100 号"
CANCEL_NOTE = "王芳 a changé d'avis"
BUYER_BOXES = ["name_box", "id_box", "address_box", "person_key", "id_last4", "zone"]


@dataclass(frozen=True)
class Tourist:
    world: OrdersWorld
    shipped: orders.Order
    cancelled: orders.Order
    cart: orders.Cart
    person_key: str

    @property
    def holder(self) -> str:
        return self.world.buyer

    @property
    def needles(self) -> list[str]:
        return [NAME, WALLET_PHONE, ADDRESS, GOOD_ID, CANCEL_NOTE, self.person_key]


async def _order(runtime: Runtime, w: OrdersWorld, *, pay: bool) -> orders.Order:
    cart = await transact(runtime, partial(orders.open_cart, holder_id=w.buyer, market="CN"))
    await transact(
        runtime,
        partial(orders.set_line, holder_id=w.buyer, cart_id=cart.id, sku_id=w.perfume.variants[0].id, quantity=1),
    )

    async def quote(uow: UnitOfWork) -> None:
        found = await orders.cart(uow, holder_id=w.buyer, cart_id=cart.id, lock=True)
        await orders.quote_cart(uow, cart=found, vault=w.vault, engines=w.engines)

    await transact(runtime, quote)
    done = await transact(
        runtime,
        partial(orders.checkout, holder_id=w.buyer, cart_id=cart.id, vault=w.vault, engines=w.engines, pay=pay),
    )
    return done.orders[0]


async def _tourist(runtime: Runtime) -> Tourist:
    """A tourist with a paid order declared to customs, cleared and shipped, an order they cancelled with a
    note, an open cart holding stock, and the stored answer of an address they gave through the store API."""
    customs.use_filing(runtime, customs.FakeCustomsFiling())
    w = await build_orders_world(runtime)
    order = await _order(runtime, w, pay=True)
    await transact(runtime, partial(orders.ship_and_declare, vault=w.vault, order_id=order.id))
    assert await customs.send_filings(runtime) == 3
    await transact(runtime, partial(orders.mark_declared, order_id=order.id))
    brand = w.payments.identity.brand.principal
    shipped = await transact(runtime, partial(orders.mark_shipped, principal=brand, order_id=order.id))
    placed = await _order(runtime, w, pay=False)
    cancelled = await transact(
        runtime, partial(orders.cancel_by_buyer, holder_id=w.buyer, order_id=placed.id, reason=CANCEL_NOTE)
    )
    cart = await transact(runtime, partial(orders.open_cart, holder_id=w.buyer, market="CN"))
    cart = await transact(
        runtime,
        partial(orders.set_line, holder_id=w.buyer, cart_id=cart.id, sku_id=w.scarf.variants[0].id, quantity=2),
    )
    sealer = response_sealer(runtime.settings.secret_key)
    scope = buyer_idempotency_scope(w.buyer)
    now = runtime.clock.now()
    taken = await claim_key(runtime.database, scope=scope, key="k-1", request_hash="h", now=now, sealer=sealer)
    assert taken is Claim.TAKEN
    answer = StoredResponse(status=200, headers=[("content-type", "application/json")], body=ADDRESS.encode())
    await complete_key(runtime.database, scope=scope, key="k-1", response=answer, sealer=sealer)
    return Tourist(w, shipped, cancelled, cart, w.vault.person_key(GOOD_ID))


async def _erase(uow: UnitOfWork, *, holder_id: str) -> bool:
    """What the tourism capability runs: both erasures in one unit of work."""
    erased = await payments.erase_wallet_holder(uow, holder_id=holder_id)
    await orders.erase_buyer(uow, holder_id=holder_id)
    return erased


async def _books(runtime: Runtime, t: Tourist) -> object:
    """The amounts that must not move: the orders', the wallet's payments and its ledger account."""

    async def read(uow: UnitOfWork) -> object:
        found = [await orders.buyer_order(uow, holder_id=t.holder, order_id=o.id) for o in (t.shipped, t.cancelled)]
        account = await ledger.get_account(uow, f"pay:wallet:{t.holder}")
        return (
            [(o.status, o.amount, o.buyer_total, o.tax, o.payment_id, o.lines) for o in found],
            await payments.wallet_payments(uow, holder_id=t.holder),
            (account.credits_posted, account.debits_posted, account.debits_pending),
        )

    return await transact(runtime, read)


async def test_erasing_a_tourist_leaves_nothing_that_names_them_and_keeps_the_books(runtime: Runtime) -> None:
    t = await _tourist(runtime)
    engine = runtime.database.engine
    assert await personal_data_left(engine, t.needles) == [
        ("customs_annual_imports", "person_key"),
        ("customs_annual_totals", "person_key"),
        ("customs_declarations", "buyer_name"),
        ("customs_declarations", "buyer_person_key"),
        ("customs_filings", "document"),
        ("logistics_shipments", "consignee_key"),
        ("orders_buyers", "person_key"),
        ("orders_history", "note"),
        ("orders_orders", "person_key"),
        ("payments_wallet_holders", "display_name"),
        ("payments_wallet_holders", "phone"),
    ]
    shipment = partial(_shipment, seller_org_id=t.shipped.merchant_org_id, order_reference=t.shipped.id)
    assert await transact(runtime, shipment) == ("王**", t.person_key)
    books = await _books(runtime, t)

    assert await transact(runtime, partial(_erase, holder_id=t.holder)) is True

    # The annual CBEC totals stay under the keyed digest (customs' yearly limit); nothing else names the tourist.
    assert await personal_data_left(engine, t.needles) == [
        ("customs_annual_imports", "person_key"),
        ("customs_annual_totals", "person_key"),
    ]
    assert await columns_still_set(engine, "orders_buyers", {"holder_id": t.holder}, BUYER_BOXES) == []
    assert (
        await columns_still_set(
            engine, "kernel_idempotency_keys", {"scope": buyer_idempotency_scope(t.holder)}, ["response_body"]
        )
        == []
    )
    assert await transact(runtime, shipment) == ("**", None)
    declared = await transact(runtime, partial(customs.declaration, order_id=t.shipped.id))
    assert (declared.buyer_name, declared.outcome, declared.total) == ("", "cleared", t.shipped.buyer_total)
    assert {f.kind: f.document.get("buyer_name", f.document.get("payer_person_key")) for f in declared.filings} == {
        "order": "",
        "payment": "",
        "waybill": None,
    }
    # The other tourist is untouched: the search finds what is still there.
    assert await personal_data_left(engine, ["李雷", "13800000002"]) == [
        ("payments_wallet_holders", "display_name"),
        ("payments_wallet_holders", "phone"),
    ]

    # The wallet is gone for signing in, paying and topping up; its money stays on the ledger.
    with pytest.raises(NotAuthenticated) as refused:
        await transact(
            runtime,
            partial(
                payments.wallet_sign_in,
                settings=runtime.settings,
                phone="+8613800000001",
                password="mot de passe long",
            ),
        )
    assert refused.value.code == "wallet_sign_in_failed"
    for attempt in (
        partial(payments.wallet_holder, holder_id=t.holder),
        partial(payments.issue_payment_code, holder_id=t.holder),
        partial(
            payments.top_up,
            holder_id=t.holder,
            amount=Money.parse("10.00", "CNY"),
            request_id="after-erasure",
            bank_reference="ICBC 0002",
        ),
    ):
        with pytest.raises(payments.PaymentsNotFound) as missing:
            await transact(runtime, attempt)
        assert missing.value.code == "wallet_not_found"
    assert await transact(runtime, partial(orders.current_cart, holder_id=t.holder, market="CN")) is None
    assert await _books(runtime, t) == books
    assert (await transact(runtime, ledger.verify)).ok
    history = await transact(runtime, partial(orders.changes_of, order_id=t.cancelled.id))
    assert [(c.action, c.note) for c in history if c.actor == f"buyer:{t.holder}"] == [
        ("placed", ""),
        ("cancelled", ""),
    ]

    # Erasing again answers False and changes nothing.
    before = await _snapshot(runtime)
    assert await transact(runtime, partial(_erase, holder_id=t.holder)) is False
    assert await _snapshot(runtime) == before
    assert (await transact(runtime, ledger.verify)).ok


async def _shipment(uow: UnitOfWork, *, seller_org_id: str, order_reference: str) -> tuple[str, str | None]:
    found = await logistics.shipment_for_order(uow, seller_org_id=seller_org_id, order_reference=order_reference)
    assert found is not None
    return found.waybill.consignee, found.waybill.consignee_key


async def _snapshot(runtime: Runtime) -> list[tuple[str, list[tuple[object, ...]]]]:
    """Every row of every table, for "nothing changed"."""
    async with runtime.database.engine.connect() as conn:
        names = await conn.run_sync(
            lambda sync: {n: [c["name"] for c in inspect(sync).get_columns(n)] for n in inspect(sync).get_table_names()}
        )
        out = []
        for name, columns in sorted(names.items()):
            rows: Any = (await conn.execute(select(*(sql_column(c) for c in columns)).select_from(table(name)))).all()
            out.append((name, sorted((tuple(r) for r in rows), key=repr)))
    return out


async def test_erasing_an_unknown_wallet_holder_is_not_found(runtime: Runtime) -> None:
    with pytest.raises(payments.PaymentsNotFound) as missing:
        await transact(runtime, partial(payments.erase_wallet_holder, holder_id="wal_unknown"))
    assert missing.value.code == "wallet_not_found"
