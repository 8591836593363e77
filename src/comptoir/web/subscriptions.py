"""What reacts to what: outbox handlers on the bus, and the worker's periodic chores.

The one place where capabilities' reactions are wired, so a reader sees them all. A handler
subscribes to an event type (a registered dataclass from a capability's ``domain.py``) and is
called as ``await handler(event, event_id=...)``, at least once: it must be idempotent.

Importing this module imports every capability that declares events, so a process that runs the
outbox worker knows every event type, including those nobody here handles because they leave the
system (``leaves_system=True``, such as ``logistics.NetworkImported``); a row of a type the worker
does not know is parked as failed. A test checks that every registered event is either handled
here or marked as leaving the system.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from comptoir import (
    catalog,
    customs,
    intelligence,
    inventory,
    ledger,
    localization,
    logistics,
    orders,
    payments,
    tourism,
)
from comptoir.kernel.idempotency import purge_expired_keys
from comptoir.kernel.runtime import Runtime


def subscribe_all(runtime: Runtime) -> None:
    """Subscribe every capability's outbox handlers on ``runtime.bus``."""
    # logistics.NetworkImported leaves the system (it is kept for outside consumers), and so do
    # logistics.ShipmentBooked and logistics.ConnectionDisrupted (for the control tower and outside consumers),
    # customs.CustomsCleared and customs.CustomsRejected (for the orders capability and outside consumers).
    # A product's French is ready: its translation job opens with a machine draft (offline by default).
    runtime.bus.subscribe(catalog.ProductSubmitted, localization.product_submitted_handler(runtime))
    # A product appears on or leaves the Chinese storefront: the search index follows (it reads the product's
    # current state, so a late or repeated event changes nothing).
    on_product_changed = intelligence.product_changed_handler(runtime)
    runtime.bus.subscribe(catalog.ProductPublished, on_product_changed)
    runtime.bus.subscribe(catalog.ProductWithdrawn, on_product_changed)
    # What happened to a merchant's money is queued for its webhook endpoints (one delivery per event and
    # endpoint, whose id is made from both, so a repeated event queues nothing more); a chore sends them.
    on_payments_event = payments.webhook_handler(runtime)
    runtime.bus.subscribe(payments.PaymentSucceeded, on_payments_event)
    runtime.bus.subscribe(payments.PaymentFailed, on_payments_event)
    runtime.bus.subscribe(payments.RefundSucceeded, on_payments_event)
    runtime.bus.subscribe(payments.PayoutPaid, on_payments_event)
    # A paid order into China is declared to customs (its order, payment and waybill); customs' answer moves it
    # to "declared" (it may ship) or is written in its history for the seller and the operator.
    runtime.bus.subscribe(orders.OrderPaid, orders.order_paid_handler(runtime, orders.BuyerVault.of(runtime.settings)))
    on_customs_answer = orders.customs_answer_handler(runtime)
    runtime.bus.subscribe(customs.CustomsCleared, on_customs_answer)
    runtime.bus.subscribe(customs.CustomsRejected, on_customs_answer)
    # A disruption re-planned a parcel: the order shows the buyer its new promised date. (Booking the parcel of
    # a paid order is part of the OrderPaid handler above: the waybill customs receives is the parcel's.)
    runtime.bus.subscribe(logistics.ShipmentRepromised, orders.shipment_repromised_handler(runtime))
    # Cashless Paris: a wallet payment at a shop that accepts the wallet is the tourist's visit; an online order
    # from a brand they follow goes to their last visit to one of its shops within the brand's window.
    runtime.bus.subscribe(payments.PaymentSucceeded, tourism.payment_succeeded_handler(runtime))
    runtime.bus.subscribe(orders.OrderPaid, tourism.order_paid_handler(runtime))


def worker_chores(runtime: Runtime) -> list[Callable[[], Awaitable[object]]]:
    """Housekeeping the outbox worker runs periodically (both in-process and in ``comptoir worker``)."""

    async def sweep_expired_reservations() -> int:
        return await ledger.sweep_all_expired(runtime)

    async def seal_the_ledger_chain() -> int:
        # Postings seal right after they commit; this catches up any seal that failed then.
        return await ledger.seal_chain(runtime)

    async def forget_expired_idempotency_keys() -> int:
        return await purge_expired_keys(runtime.database, now=runtime.clock.now())

    return [sweep_expired_reservations, seal_the_ledger_chain, forget_expired_idempotency_keys]


def frequent_chores(runtime: Runtime) -> list[Callable[[], Awaitable[object]]]:
    """Work people wait for, which the worker runs every few seconds: webhooks, settlement, expiries."""

    async def settle_and_close_payments() -> tuple[int, int]:
        # Captured payments past the settlement delay are split and settled; pending ones past their expiry closed.
        return await payments.settle_and_sweep(runtime)

    async def send_merchants_webhooks() -> int:
        # Due deliveries are signed and POSTed through runtime.http, outside any transaction.
        return await payments.deliver_webhooks(runtime)

    async def release_expired_stock_reservations() -> int:
        # Carts left alone past their expiry give their units back to the storefront.
        return await inventory.release_expired_reservations(runtime)

    async def cancel_orders_not_paid_in_time() -> int:
        # A placed order whose payment window passed is cancelled: its payment voided, its stock given back.
        return await orders.cancel_unpaid_orders(runtime)

    async def send_customs_filings() -> int:
        # Each order's three customs records go through the customs-filing port, outside any transaction;
        # the answers are stored, and the order cleared or rejected once all three are in.
        return await customs.send_filings(runtime)

    chores: list[Callable[[], Awaitable[object]]] = [
        settle_and_close_payments,
        send_customs_filings,
        send_merchants_webhooks,
        release_expired_stock_reservations,
        cancel_orders_not_paid_in_time,
    ]
    if logistics.configured_carrier(runtime) is not None:

        async def pull_carrier_tracking() -> int:
            # Off unless a carrier is configured: its events, late, twice and out of order, are ingested.
            return await logistics.pull_carrier_tracking(runtime)

        chores.append(pull_carrier_tracking)
    return chores
