"""Online orders that name their own CNY total and collect the buyer's import taxes for customs: the
authorisation reserves both, the capture owes the merchant the EUR and customs the taxes, a void releases
everything, the goods refund at the locked rate and the taxes go back once. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest

from comptoir import ledger, payments, pricing
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.payments.domain.accounts import Accounts
from comptoir.payments.domain.payments import paid_tolerance
from comptoir.payments.errors import RequestIdReused
from tests.integration.payments.world import PaymentsWorld, assert_ledger_clean, build_payments_world


def eur(value: str) -> Money:
    return Money.parse(value, "EUR")


def cny(value: str) -> Money:
    return Money.parse(value, "CNY")


@pytest.fixture
async def world(runtime: Runtime) -> PaymentsWorld:
    return await build_payments_world(runtime)


async def _order(
    runtime: Runtime,
    w: PaymentsWorld,
    amount: str,
    reference: str,
    *,
    paid: Money | None = None,
    import_tax: Money | None = None,
    payer: payments.WalletHolder | None = None,
) -> payments.Payment:
    quote = await transact(runtime, partial(pricing.quote_fx, amount=eur(amount), to_currency="CNY"))
    return await transact(
        runtime,
        partial(
            payments.create_online_payment,
            request_id=reference,
            merchant_org_id=w.identity.brand.id,
            beneficiary_org_id=w.identity.brand.id,
            partner_org_id=w.identity.partner.id,
            channel="brand_store",
            amount=eur(amount),
            quote_id=quote.id,
            payer=(payer or w.tourist).id,
            order_reference=reference,
            description="Sérum et crème",
            paid=paid,
            import_tax=import_tax,
        ),
    )


async def _wallet(runtime: Runtime, holder: payments.WalletHolder) -> tuple[Money, Money]:
    seen = await transact(runtime, partial(payments.wallet_balance, holder_id=holder.id))
    return seen.balance, seen.reserved


async def _posted(runtime: Runtime, account_id: str) -> Money:
    """An account's posted balance, credits minus debits, in its currency."""

    async def read(uow: UnitOfWork) -> Money:
        account = await ledger.get_account(uow, account_id)
        return Money(account.credits_posted - account.debits_posted, account.currency)

    return await transact(runtime, read)


async def _authorise(runtime: Runtime, w: PaymentsWorld, payment: payments.Payment) -> payments.Payment:
    return await transact(
        runtime, partial(payments.authorise_online_payment, holder_id=w.tourist.id, payment_id=payment.id)
    )


async def _capture(runtime: Runtime, payment: payments.Payment) -> payments.Payment:
    return await transact(runtime, partial(payments.capture_online_payment, payment_id=payment.id))


async def _tax_back(runtime: Runtime, payment: payments.Payment, request_id: str) -> Money:
    return await transact(runtime, partial(payments.refund_import_tax, payment_id=payment.id, request_id=request_id))


def test_a_checkout_total_may_differ_from_the_quote_by_its_rounding_only() -> None:
    assert paid_tolerance(cny("0.08")) == cny("0.05")  # 5 fen at least
    assert paid_tolerance(cny("78.99")) == cny("0.44")  # 5 fen + 0.5 % of 78.99
    assert paid_tolerance(cny("947.92")) == cny("1.00")  # never more than 1.00 CNY


async def test_the_taxes_are_reserved_with_the_goods_and_owed_to_customs_at_capture(
    runtime: Runtime, world: PaymentsWorld
) -> None:
    # 120.00 EUR converts to 947.92 CNY at the quote; checkout's per-unit sum says 947.95.
    payment = await _order(runtime, world, "120.00", "ord-t1", paid=cny("947.95"), import_tax=cny("110.00"))
    assert (payment.paid, payment.import_tax) == (cny("947.95"), cny("110.00"))
    await _authorise(runtime, world, payment)
    assert await _wallet(runtime, world.tourist) == (cny("3942.05"), cny("1057.95"))
    assert await _posted(runtime, Accounts.CUSTOMS) == cny("0.00")
    await assert_ledger_clean(runtime)

    captured = await _capture(runtime, payment)
    assert captured.status is payments.PaymentStatus.SUCCEEDED
    assert (captured.paid, captured.import_tax) == (cny("947.95"), cny("110.00"))
    await _capture(runtime, payment)  # again: nothing more moves
    assert await _wallet(runtime, world.tourist) == (cny("3942.05"), cny("0.00"))
    assert await _posted(runtime, Accounts.CUSTOMS) == cny("110.00")
    assert await _posted(runtime, Accounts.network("builtin")) == cny("0.00")
    brand = await transact(runtime, partial(payments.merchant_balances, principal=world.identity.brand.principal))
    assert brand.pending == eur("120.00")
    await assert_ledger_clean(runtime)


async def test_a_void_releases_the_goods_and_the_taxes(runtime: Runtime, world: PaymentsWorld) -> None:
    payment = await _order(runtime, world, "50.00", "ord-t2", import_tax=cny("45.00"))
    assert payment.paid == cny("394.97")  # the quote's conversion when checkout names none
    await _authorise(runtime, world, payment)
    assert await _wallet(runtime, world.tourist) == (cny("4560.03"), cny("439.97"))
    voided = await transact(runtime, partial(payments.void_online_payment, payment_id=payment.id))
    assert voided.status is payments.PaymentStatus.CANCELLED
    assert await _wallet(runtime, world.tourist) == (cny("5000.00"), cny("0.00"))
    assert await _posted(runtime, Accounts.CUSTOMS) == cny("0.00")
    with pytest.raises(payments.PaymentClosed) as closed:
        await _tax_back(runtime, payment, "cancel")
    assert closed.value.code == "payment_not_refundable"
    await assert_ledger_clean(runtime)


async def test_goods_refund_at_the_locked_rate_and_the_taxes_go_back_once(
    runtime: Runtime, world: PaymentsWorld
) -> None:
    payment = await _order(runtime, world, "120.00", "ord-t3", paid=cny("947.90"), import_tax=cny("110.37"))
    with pytest.raises(payments.PaymentClosed) as early:  # not captured yet
        await _tax_back(runtime, payment, "return")
    assert early.value.code == "payment_not_refundable"
    await _authorise(runtime, world, payment)
    await _capture(runtime, payment)
    assert await _wallet(runtime, world.tourist) == (cny("3941.73"), cny("0.00"))

    refunds = []
    for amount, request in (("45.00", "part-1"), ("75.00", "part-2")):
        refund = await transact(
            runtime,
            partial(
                payments.refund_payment,
                principal=world.identity.brand.principal,
                payment_id=payment.id,
                amount=eur(amount),
                request_id=request,
            ),
        )
        refunds.append(refund.paid_back)
    assert refunds[0] + refunds[1] == cny("947.90")  # the checkout's total, exactly, at its own rate
    assert await _wallet(runtime, world.tourist) == (cny("4889.63"), cny("0.00"))
    await assert_ledger_clean(runtime)

    assert await _tax_back(runtime, payment, "return") == cny("110.37")
    assert await _wallet(runtime, world.tourist) == (cny("5000.00"), cny("0.00"))
    assert await _posted(runtime, Accounts.CUSTOMS) == cny("0.00")
    assert await _tax_back(runtime, payment, "return") == cny("110.37")  # the same request: the same answer
    assert await _tax_back(runtime, payment, "cancel") == cny("0.00")  # another request: nothing is left
    assert await _wallet(runtime, world.tourist) == (cny("5000.00"), cny("0.00"))
    assert await _posted(runtime, Accounts.network("builtin")) == cny("0.00")
    seen = await transact(
        runtime,
        partial(payments.payment_for_merchant, principal=world.identity.brand.principal, payment_id=payment.id),
    )
    assert seen.import_tax_refunded_at is not None and seen.refunded == eur("120.00")
    await assert_ledger_clean(runtime)


async def test_a_payment_without_taxes_gives_none_back(runtime: Runtime, world: PaymentsWorld) -> None:
    payment = await _order(runtime, world, "20.00", "ord-t4")
    assert payment.import_tax is None
    await _authorise(runtime, world, payment)
    await _capture(runtime, payment)
    assert await _tax_back(runtime, payment, "return") == cny("0.00")
    assert await _posted(runtime, Accounts.CUSTOMS) == cny("0.00")
    await assert_ledger_clean(runtime)


async def test_settlement_leaves_the_taxes_to_customs(
    runtime: Runtime, world: PaymentsWorld, clock: FrozenClock
) -> None:
    payment = await _order(runtime, world, "120.00", "ord-t5", paid=cny("947.93"), import_tax=cny("110.00"))
    await _authorise(runtime, world, payment)
    await _capture(runtime, payment)
    clock.advance(timedelta(hours=25))
    settled = await transact(runtime, partial(payments.settle_due, delay=timedelta(hours=24)))
    assert [(s.payment_id, s.net) for s in settled] == [(payment.id, eur("120.00"))]
    assert await _posted(runtime, Accounts.CUSTOMS) == cny("110.00")
    brand = await transact(runtime, partial(payments.merchant_balances, principal=world.identity.brand.principal))
    assert brand.pending == eur("0.00") and brand.available < eur("120.00")
    assert await _tax_back(runtime, payment, "returned") == cny("110.00")  # after settlement too
    assert await _posted(runtime, Accounts.CUSTOMS) == cny("0.00")
    await assert_ledger_clean(runtime)


async def test_a_wallet_too_poor_for_the_goods_and_the_taxes_is_refused(runtime: Runtime, world: PaymentsWorld) -> None:
    # 10.00 EUR is 78.99 CNY: the 100.00 CNY wallet could pay the goods, not the goods and 30.00 CNY of taxes.
    payment = await _order(runtime, world, "10.00", "ord-t6", import_tax=cny("30.00"), payer=world.other_tourist)
    with pytest.raises(payments.InsufficientFunds) as short:
        await transact(
            runtime,
            partial(payments.authorise_online_payment, holder_id=world.other_tourist.id, payment_id=payment.id),
        )
    assert short.value.code == "wallet_balance_too_low"
    assert await _wallet(runtime, world.other_tourist) == (cny("100.00"), cny("0.00"))
    with pytest.raises(payments.PaymentClosed):  # nothing was authorised, so nothing can be captured
        await _capture(runtime, payment)
    assert await _posted(runtime, Accounts.CUSTOMS) == cny("0.00")
    await assert_ledger_clean(runtime)


@pytest.mark.parametrize(
    ("paid", "import_tax", "field"),
    [
        (cny("949.00"), None, "paid"),  # 1.08 CNY away from the quote's 947.92
        (cny("946.91"), None, "paid"),  # 1.01 CNY below it
        (eur("120.00"), None, "paid"),  # not in the wallet's currency
        (cny("0.00"), None, "paid"),
        (None, cny("-0.01"), "import_tax"),
        (None, eur("10.00"), "import_tax"),
    ],
)
async def test_a_checkout_total_out_of_tolerance_or_a_negative_tax_is_refused(
    runtime: Runtime, world: PaymentsWorld, paid: Money | None, import_tax: Money | None, field: str
) -> None:
    with pytest.raises(payments.PaymentInvalid) as refused:
        await _order(runtime, world, "120.00", "ord-t7", paid=paid, import_tax=import_tax)
    assert refused.value.extra.get("field") == field
    assert await transact(runtime, partial(payments.wallet_payments, holder_id=world.tourist.id)) == []
    await assert_ledger_clean(runtime)


async def test_the_same_request_with_other_taxes_is_refused(runtime: Runtime, world: PaymentsWorld) -> None:
    first = await _order(runtime, world, "30.00", "ord-t8", import_tax=cny("12.00"))
    again = await _order(runtime, world, "30.00", "ord-t8", import_tax=cny("12.00"))
    assert again.id == first.id
    with pytest.raises(RequestIdReused):
        await _order(runtime, world, "30.00", "ord-t8", import_tax=cny("13.00"))
