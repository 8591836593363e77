"""Tourists paying shops in France three ways, refunds at the locked rate, settlement splits and payouts,
on SQLite and PostgreSQL; the ledger verifies clean after each."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest

from comptoir import ledger, payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.payments.world import PaymentsWorld, assert_ledger_clean, build_payments_world

SECRET = "test-secret"
SITE = "http://shop.test"


def eur(value: str) -> Money:
    return Money.parse(value, "EUR")


def cny(value: str) -> Money:
    return Money.parse(value, "CNY")


async def _wallet(runtime: Runtime, holder: payments.WalletHolder) -> Money:
    return (await transact(runtime, partial(payments.wallet_balance, holder_id=holder.id))).balance


async def _balances(runtime: Runtime, principal: object) -> payments.Balances:
    return await transact(runtime, partial(payments.merchant_balances, principal=principal))


async def _pay_order_qr(
    runtime: Runtime, w: PaymentsWorld, amount: str, *, till: payments.PointOfSale, principal: object, request_id: str
) -> payments.Payment:
    code = await transact(
        runtime,
        partial(
            payments.create_order_qr,
            principal=principal,
            pos_id=till.id,
            amount=eur(amount),
            request_id=request_id,
            secret=SECRET,
            site_url=SITE,
        ),
    )
    token = code.url.rsplit("/", 1)[1]
    view = await transact(runtime, partial(payments.open_order_code, holder_id=w.tourist.id, token=token))
    return await transact(
        runtime, partial(payments.confirm_order_code, holder_id=w.tourist.id, token=token, quote_id=view.quote.id)
    )


@pytest.fixture
async def world(runtime: Runtime) -> PaymentsWorld:
    return await build_payments_world(runtime)


async def test_an_order_qr_is_paid_once_at_the_locked_rate(runtime: Runtime, world: PaymentsWorld) -> None:
    shop = world.shop.principal
    code = await transact(
        runtime,
        partial(
            payments.create_order_qr,
            principal=shop,
            pos_id=world.shop_till.id,
            amount=eur("100.00"),
            request_id="till-1",
            secret=SECRET,
            site_url=SITE,
        ),
    )
    assert code.url.startswith(f"{SITE}/wallet/pay/") and code.payment.status is payments.PaymentStatus.PENDING
    token = code.url.rsplit("/", 1)[1]
    view = await transact(runtime, partial(payments.open_order_code, holder_id=world.tourist.id, token=token))
    # 7.86 plus the 0.50 % spread: 7.899300; 100 EUR is 789.93 CNY
    assert view.quote.rate == Decimal("7.899300") and view.quote.converted == cny("789.93")
    assert view.quote.expires_at == runtime.clock.now() + timedelta(minutes=5)
    paid = await transact(
        runtime, partial(payments.confirm_order_code, holder_id=world.tourist.id, token=token, quote_id=view.quote.id)
    )
    assert (
        paid.status is payments.PaymentStatus.SUCCEEDED
        and paid.paid == cny("789.93")
        and paid.payer == world.tourist.id
    )
    assert await _wallet(runtime, world.tourist) == cny("4210.07")
    assert (await _balances(runtime, shop)).pending == eur("100.00")
    with pytest.raises(payments.PaymentClosed) as again:
        await transact(
            runtime,
            partial(payments.confirm_order_code, holder_id=world.tourist.id, token=token, quote_id=view.quote.id),
        )
    assert again.value.code == "payment_not_pending"
    assert await _wallet(runtime, world.tourist) == cny("4210.07")
    await assert_ledger_clean(runtime)


async def test_an_expired_quote_or_order_code_charges_nothing(runtime: Runtime, world: PaymentsWorld, clock) -> None:
    code = await transact(
        runtime,
        partial(
            payments.create_order_qr,
            principal=world.shop.principal,
            pos_id=world.shop_till.id,
            amount=eur("20.00"),
            request_id="till-2",
            secret=SECRET,
            site_url=SITE,
            valid_for=timedelta(minutes=10),
        ),
    )
    token = code.url.rsplit("/", 1)[1]
    view = await transact(runtime, partial(payments.open_order_code, holder_id=world.tourist.id, token=token))
    clock.advance(timedelta(minutes=6))
    with pytest.raises(payments.QuoteExpired):
        await transact(
            runtime,
            partial(payments.confirm_order_code, holder_id=world.tourist.id, token=token, quote_id=view.quote.id),
        )
    clock.advance(timedelta(minutes=5))
    with pytest.raises(payments.PaymentClosed) as late:
        await transact(runtime, partial(payments.open_order_code, holder_id=world.tourist.id, token=token))
    assert late.value.code == "payment_expired"
    closed = await payments.sweep_payments(runtime, payments.wallet_networks(runtime))
    assert closed == 1
    swept = await transact(
        runtime, partial(payments.payment_for_merchant, principal=world.shop.principal, payment_id=code.payment.id)
    )
    assert swept.status is payments.PaymentStatus.CANCELLED and swept.failure_reason == "expired"
    assert await _wallet(runtime, world.tourist) == cny("5000.00")
    await assert_ledger_clean(runtime)


async def test_a_payment_code_pays_once_and_a_second_use_is_refused(runtime: Runtime, world: PaymentsWorld) -> None:
    issued = await transact(runtime, partial(payments.issue_payment_code, holder_id=world.tourist.id))
    assert len(issued.code) == 18 and issued.code.startswith("66")
    networks = payments.wallet_networks(runtime)
    paid = await payments.charge_payment_code(
        runtime,
        networks["builtin"],
        world.shop.principal,
        pos_id=world.shop_till.id,
        amount=eur("42.50"),
        code=issued.code,
        request_id="scan-1",
    )
    assert paid.status is payments.PaymentStatus.SUCCEEDED and paid.paid == cny("335.72")  # 42.50 * 7.8993 = 335.72025
    with pytest.raises(payments.PaymentCodeSpent) as spent:
        await payments.charge_payment_code(
            runtime,
            networks["builtin"],
            world.shop.principal,
            pos_id=world.shop_till.id,
            amount=eur("10.00"),
            code=issued.code,
            request_id="scan-2",
        )
    assert spent.value.code == "payment_code_used"
    assert await _wallet(runtime, world.tourist) == cny("4664.28")
    # the same request again answers the first payment and takes nothing more
    again = await payments.charge_payment_code(
        runtime,
        networks["builtin"],
        world.shop.principal,
        pos_id=world.shop_till.id,
        amount=eur("42.50"),
        code=issued.code,
        request_id="scan-1",
    )
    assert again.id == paid.id and await _wallet(runtime, world.tourist) == cny("4664.28")
    await assert_ledger_clean(runtime)


async def test_payment_code_refusals_have_their_own_codes(runtime: Runtime, world: PaymentsWorld) -> None:
    networks = payments.wallet_networks(runtime)
    charge = partial(
        payments.charge_payment_code, runtime, networks["builtin"], world.shop.principal, pos_id=world.shop_till.id
    )
    with pytest.raises(payments.PaymentCodeInvalid) as malformed:
        await charge(amount=eur("5.00"), code="123", request_id="a")
    assert malformed.value.code == "payment_code_invalid"
    with pytest.raises(payments.PaymentCodeInvalid) as unknown:
        await charge(amount=eur("5.00"), code="660000000000000004", request_id="b")
    assert unknown.value.code in {"payment_code_unknown", "payment_code_invalid"}
    poor = await transact(runtime, partial(payments.issue_payment_code, holder_id=world.other_tourist.id))
    with pytest.raises(payments.InsufficientFunds) as short:
        await charge(amount=eur("20.00"), code=poor.code, request_id="c")  # 158 CNY from a 100 CNY wallet
    assert short.value.code == "wallet_balance_too_low"
    rich = await transact(runtime, partial(payments.issue_payment_code, holder_id=world.tourist.id))
    with pytest.raises(payments.PaymentCodeInvalid) as limit:
        await charge(amount=eur("500.01"), code=rich.code, request_id="d")
    assert limit.value.code == "over_payment_code_limit"
    for bad in (eur("0.00"), eur("-1.00"), cny("10.00")):
        with pytest.raises(payments.PaymentInvalid):
            await charge(amount=bad, code=rich.code, request_id="e")
    assert await _wallet(runtime, world.other_tourist) == cny("100.00")
    assert await _wallet(runtime, world.tourist) == cny("5000.00")
    await assert_ledger_clean(runtime)


async def test_an_entry_code_payment_is_typed_by_the_tourist(runtime: Runtime, world: PaymentsWorld) -> None:
    view = await transact(
        runtime,
        partial(
            payments.quote_entry_payment,
            holder_id=world.tourist.id,
            entry_code=world.shop_till.entry_code,
            amount=eur("12.00"),
        ),
    )
    assert view.shop_name == "Caisse 1" and view.quote.converted == cny("94.79")
    paid = await transact(
        runtime,
        partial(
            payments.pay_entry_code,
            holder_id=world.tourist.id,
            entry_code=world.shop_till.entry_code.lower(),
            amount=eur("12.00"),
            quote_id=view.quote.id,
            request_id="tap-1",
        ),
    )
    assert paid.flow is payments.Flow.ENTRY_CODE and paid.merchant_org_id == world.shop.id
    with pytest.raises(payments.QuoteExpired):  # a quote for another amount is not this payment's
        await transact(
            runtime,
            partial(
                payments.pay_entry_code,
                holder_id=world.tourist.id,
                entry_code=world.shop_till.entry_code,
                amount=eur("13.00"),
                quote_id=view.quote.id,
                request_id="tap-2",
            ),
        )
    assert await _wallet(runtime, world.tourist) == cny("4905.21")
    await assert_ledger_clean(runtime)


async def test_refunds_never_exceed_the_payment_and_use_its_rate(runtime: Runtime, world: PaymentsWorld) -> None:
    paid = await _pay_order_qr(
        runtime, world, "33.33", till=world.shop_till, principal=world.shop.principal, request_id="r"
    )
    assert paid.paid == cny("263.28")  # 33.33 * 7.8993 = 263.283669
    shop = world.shop.principal
    refund = partial(payments.refund_payment, principal=shop, payment_id=paid.id)
    first = await transact(runtime, partial(refund, amount=eur("10.00"), request_id="r1"))
    assert first.paid_back == cny("78.99")
    with pytest.raises(payments.RefundInvalid):
        await transact(runtime, partial(refund, amount=eur("23.34"), request_id="r2"))
    second = await transact(runtime, partial(refund, amount=eur("23.33"), request_id="r2"))
    assert first.paid_back + second.paid_back == cny("263.28")  # in full: exactly what was paid
    with pytest.raises(payments.RefundInvalid):
        await transact(runtime, partial(refund, amount=eur("0.01"), request_id="r3"))
    replay = await transact(runtime, partial(refund, amount=eur("10.00"), request_id="r1"))
    assert replay.id == first.id
    assert await _wallet(runtime, world.tourist) == cny("5000.00")
    assert (await _balances(runtime, shop)).pending == eur("0.00")
    with pytest.raises(payments.PaymentsNotFound):  # another organisation's payment does not exist for it
        await transact(
            runtime,
            partial(
                payments.refund_payment,
                principal=world.identity.other_brand.principal,
                payment_id=paid.id,
                amount=eur("1.00"),
                request_id="x",
            ),
        )
    await assert_ledger_clean(runtime)


async def test_settlement_splits_three_ways_after_the_delay_and_pays_out(
    runtime: Runtime, world: PaymentsWorld, clock
) -> None:
    w = world.identity
    paid = await _pay_order_qr(
        runtime, world, "200.00", till=world.brand_till, principal=w.partner.principal, request_id="b1"
    )
    await transact(
        runtime,
        partial(
            payments.refund_payment,
            principal=w.brand.principal,
            payment_id=paid.id,
            amount=eur("50.00"),
            request_id="p",
        ),
    )
    assert await transact(runtime, partial(payments.settle_due, delay=timedelta(hours=24))) == []
    clock.advance(timedelta(hours=24))
    done = await transact(runtime, partial(payments.settle_due, delay=timedelta(hours=24)))
    assert len(done) == 1
    # 150.00 net: platform 1.5 % = 2.25, partner 5 % = 7.50, brand the rest
    assert done[0].split == payments.Split(eur("140.25"), eur("7.50"), eur("2.25"))
    brand = await _balances(runtime, w.brand.principal)
    partner = await _balances(runtime, w.partner.principal)
    assert (brand.pending, brand.available, partner.available) == (eur("0.00"), eur("140.25"), eur("7.50"))
    fees = await transact(runtime, partial(ledger.get_account, account_id="pay:platform:fees"))
    assert fees.credits_posted == 225
    assert await transact(runtime, partial(payments.settle_due, delay=timedelta(hours=24))) == []  # once
    await transact(
        runtime,
        partial(
            payments.set_bank_account,
            principal=w.brand.principal,
            iban="FR14 2004 1010 0505 0001 3M02 606",
            holder="Maison Lumière",
        ),
    )
    batch = await transact(
        runtime, partial(payments.create_payout_batch, principal=w.operator.principal, settings=runtime.settings)
    )
    assert batch.count == 1 and batch.total == eur("140.25")
    brand = await _balances(runtime, w.brand.principal)
    assert (brand.available, brand.paying_out) == (eur("0.00"), eur("140.25"))
    with pytest.raises(payments.PayoutRefused) as nothing:
        await transact(
            runtime, partial(payments.create_payout_batch, principal=w.operator.principal, settings=runtime.settings)
        )
    assert nothing.value.code == "nothing_to_pay_out"  # the first batch holds the whole balance
    await transact(
        runtime, partial(payments.mark_batch, principal=w.operator.principal, batch_id=batch.id, status="sent")
    )
    confirmed = await transact(
        runtime, partial(payments.mark_batch, principal=w.operator.principal, batch_id=batch.id, status="confirmed")
    )
    assert confirmed.status is payments.BatchStatus.CONFIRMED
    brand = await _balances(runtime, w.brand.principal)
    assert (brand.available, brand.paying_out) == (eur("0.00"), eur("0.00"))
    name, xml = await transact(
        runtime, partial(payments.payout_file, principal=w.operator.principal, batch_id=batch.id)
    )
    assert name.endswith(".xml") and b"<CtrlSum>140.25</CtrlSum>" in xml
    await assert_ledger_clean(runtime)
