"""Random sequences of payments, refunds, expiries, settlements and payouts: every balance equals a plain
reference model and the ledger verifies clean after each sequence (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comptoir import ledger, payments
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.payments.world import PaymentsWorld, assert_ledger_clean, build_payments_world

RATE = Decimal("7.8993")  # 7.86 plus the 0.50 % spread
DELAY = timedelta(hours=24)


def cny_of(cents: int) -> int:
    return int((Decimal(cents) * RATE).to_integral_value(rounding=ROUND_HALF_UP))


@dataclass
class Sale:
    payment_id: str
    till: str  # "shop" or "brand"
    amount: int
    paid: int
    refunded: int = 0
    refunded_cny: int = 0
    settled: bool = False
    captured_at_hours: int = 0


@dataclass
class Model:
    wallet: int
    pending: dict[str, int] = field(default_factory=dict)
    available: dict[str, int] = field(default_factory=dict)
    fees: int = 0
    sales: list[Sale] = field(default_factory=list)
    hours: int = 0


def share(amount: int, bps: int) -> int:
    return (amount * bps * 2 + 10_000) // 20_000


operation = st.one_of(
    st.tuples(st.just("qr"), st.sampled_from(["shop", "brand"]), st.integers(1, 30_000)),
    st.tuples(st.just("code"), st.sampled_from(["shop", "brand"]), st.integers(1, 60_000)),
    st.tuples(st.just("refund"), st.integers(0, 20), st.integers(1, 30_000)),
    st.tuples(st.just("expire"), st.just("shop"), st.integers(1, 5_000)),
    st.tuples(st.just("settle"), st.integers(1, 30), st.just(0)),
)


async def _balances(runtime: Runtime, w: PaymentsWorld) -> tuple[int, dict[str, int], dict[str, int], int]:
    ids = {"shop": w.shop.id, "brand": w.identity.brand.id, "partner": w.identity.partner.id}
    accounts = {a.id: a for a in await transact(runtime, ledger.balances)}

    def net(account_id: str) -> int:
        a = accounts.get(account_id)
        return 0 if a is None else a.credits_posted - a.debits_posted - a.debits_pending

    wallet = net(f"pay:wallet:{w.tourist.id}")
    pending = {k: net(f"pay:merchant:{v}:pending") for k, v in ids.items()}
    available = {k: net(f"pay:merchant:{v}:available") for k, v in ids.items()}
    return wallet, pending, available, net("pay:platform:fees")


async def _step(runtime: Runtime, w: PaymentsWorld, model: Model, op: tuple[str, object, int], clock: object) -> None:
    kind, arg, cents = op
    till = {"shop": w.shop_till, "brand": w.brand_till}
    owner = {"shop": w.shop.principal, "brand": w.identity.brand.principal}
    if kind in ("qr", "code", "expire"):
        name = str(arg)
        amount = Money(cents, "EUR")
        cny = cny_of(cents)
        try:
            if kind == "code":
                code = await transact(runtime, partial(payments.issue_payment_code, holder_id=w.tourist.id))
                paid = await payments.charge_payment_code(
                    runtime,
                    payments.wallet_networks(runtime)["builtin"],
                    owner[name],
                    pos_id=till[name].id,
                    amount=amount,
                    code=code.code,
                    request_id=f"c{next(_IDS)}",
                )
            else:
                made = await transact(
                    runtime,
                    partial(
                        payments.create_order_qr,
                        principal=owner[name],
                        pos_id=till[name].id,
                        amount=amount,
                        request_id=f"q{next(_IDS)}",
                        secret="s",
                        site_url="http://t",
                    ),
                )
                if kind == "expire":
                    clock.advance(timedelta(minutes=16))  # type: ignore[attr-defined]
                    await payments.sweep_payments(runtime, payments.wallet_networks(runtime))
                    return
                token = made.url.rsplit("/", 1)[1]
                view = await transact(runtime, partial(payments.open_order_code, holder_id=w.tourist.id, token=token))
                paid = await transact(
                    runtime,
                    partial(payments.confirm_order_code, holder_id=w.tourist.id, token=token, quote_id=view.quote.id),
                )
        except ComptoirError as exc:
            over_limit = kind == "code" and cents > 50_000
            assert exc.code in {"wallet_balance_too_low", "over_payment_code_limit"}, exc.code
            assert over_limit or cny > model.wallet, (exc.code, cny, model.wallet)
            return
        assert paid.paid == Money(cny, "CNY") and cny <= model.wallet and not (kind == "code" and cents > 50_000)
        model.wallet -= cny
        model.pending[name] = model.pending.get(name, 0) + cents
        model.sales.append(Sale(paid.id, name, cents, cny, captured_at_hours=model.hours))
    elif kind == "refund":
        if not model.sales:
            return
        sale = model.sales[int(arg) % len(model.sales)]  # type: ignore[call-overload]
        name = sale.till
        try:
            done = await transact(
                runtime,
                partial(
                    payments.refund_payment,
                    principal=owner[name],
                    payment_id=sale.payment_id,
                    amount=Money(cents, "EUR"),
                    request_id=f"r{model.hours}-{cents}-{len(model.sales)}",
                ),
            )
        except ComptoirError as exc:
            left = sale.amount - sale.refunded
            source = model.available.get(name, 0) if sale.settled else model.pending.get(name, 0)
            assert cents > left or cents > source, (exc.code, cents, left, source)
            return
        assert cents <= sale.amount - sale.refunded
        total = sale.refunded + cents
        cumulative = sale.paid if total == sale.amount else (sale.paid * total * 2 + sale.amount) // (2 * sale.amount)
        assert done.paid_back.minor == cumulative - sale.refunded_cny
        sale.refunded, sale.refunded_cny = total, cumulative
        model.wallet += done.paid_back.minor
        bucket = model.available if sale.settled else model.pending
        bucket[name] = bucket.get(name, 0) - cents
    elif kind == "settle":
        clock.advance(timedelta(hours=int(arg)))  # type: ignore[attr-defined]
        model.hours += int(arg)  # type: ignore[call-overload]
        await transact(runtime, partial(payments.settle_due, delay=DELAY))
        for sale in model.sales:
            if sale.settled or model.hours - sale.captured_at_hours < 24:
                continue
            net = sale.amount - sale.refunded
            platform = share(net, 150)
            partner = share(net, 500) if sale.till == "brand" else 0
            model.pending[sale.till] = model.pending.get(sale.till, 0) - net
            model.available[sale.till] = model.available.get(sale.till, 0) + net - platform - partner
            model.available["partner"] = model.available.get("partner", 0) + partner
            model.fees += platform
            sale.settled = True


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=12))
async def test_random_sequences_keep_every_balance_equal_to_the_model(runtime: Runtime, clock, ops) -> None:
    world = _WORLDS.get(id(runtime))
    if world is None:
        world = _WORLDS[id(runtime)] = await build_payments_world(runtime)
    wallet, pending, available, fees = await _balances(runtime, world)
    model = Model(wallet=wallet, pending=dict(pending), available=dict(available), fees=fees)
    for op in ops:
        await _step(runtime, world, model, op, clock)
    # every sale of this sequence is settled before the next one starts, so each starts from settled money
    await _step(runtime, world, model, ("settle", 25, 0), clock)
    actual = await _balances(runtime, world)
    expected = (model.wallet, model.pending, model.available, model.fees)
    assert actual[0] == expected[0]
    assert {k: v for k, v in actual[1].items()} == {k: model.pending.get(k, 0) for k in actual[1]}
    assert {k: v for k, v in actual[2].items()} == {k: model.available.get(k, 0) for k in actual[2]}
    assert actual[3] == expected[3]
    await assert_ledger_clean(runtime)


_WORLDS: dict[int, PaymentsWorld] = {}
_IDS = count()
