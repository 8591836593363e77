"""Random accounts and random streams of transfers, on the real ledger and on a plain reference model.

Valid and invalid transfers alike: duplicates, overdrafts, posts of voided or posted reservations,
expired reservations, groups with one bad member. After every step the results and every balance
must agree with the model, and ``verify`` must find nothing wrong.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from comptoir import ledger
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact
from comptoir.ledger import NewAccount, Transfer
from comptoir.ledger.services import microseconds
from tests.integration.ledger.reference_model import ReferenceLedger

ACCOUNT_IDS = [f"acct-{i}" for i in range(5)]
TRANSFER_IDS = [f"tr-{i}" for i in range(8)]
RESOLUTION_IDS = [f"res-{i}" for i in range(6)]
FLAGS = st.sampled_from(
    [frozenset(), frozenset({"debits_must_not_exceed_credits"}), frozenset({"credits_must_not_exceed_debits"})]
)
MAYBE_ACCOUNT = st.none() | st.sampled_from(ACCOUNT_IDS)
MAYBE_GROUP = st.none() | st.sampled_from(["sale-1", "sale-2"])
MAYBE_CODE = st.none() | st.just("sale")

accounts_to_open = st.builds(
    NewAccount,
    id=st.sampled_from(ACCOUNT_IDS),
    currency=st.sampled_from(["EUR", "EUR", "CNY"]),
    owner=st.sampled_from(["org-a", "org-b"]),
    kind=st.just("wallet"),
    flags=FLAGS,
)
moves = st.builds(
    Transfer,
    id=st.sampled_from(TRANSFER_IDS),
    debit_account=st.sampled_from(ACCOUNT_IDS),
    credit_account=st.sampled_from(ACCOUNT_IDS),
    amount=st.integers(-2, 120),
    currency=st.sampled_from(["EUR"] * 5 + ["CNY"]),
    group=MAYBE_GROUP,
    code=MAYBE_CODE,
)
reservations = st.builds(
    Transfer,
    id=st.sampled_from(TRANSFER_IDS),
    debit_account=st.sampled_from(ACCOUNT_IDS),
    credit_account=st.sampled_from(ACCOUNT_IDS),
    amount=st.integers(1, 120),
    currency=st.just("EUR"),
    pending=st.just(True),
    timeout_seconds=st.sampled_from([0, 0, 5, 60]),
    group=MAYBE_GROUP,
)
posts = st.builds(
    Transfer,
    id=st.sampled_from(RESOLUTION_IDS),
    post_pending=st.sampled_from(TRANSFER_IDS),
    amount=st.none() | st.integers(-1, 130),
    debit_account=st.none() | MAYBE_ACCOUNT,
    group=MAYBE_GROUP,
)
voids = st.builds(
    Transfer,
    id=st.sampled_from(RESOLUTION_IDS),
    void_pending=st.sampled_from(TRANSFER_IDS),
    amount=st.none() | st.integers(1, 130),
    credit_account=st.none() | MAYBE_ACCOUNT,
    group=MAYBE_GROUP,
)
batches = st.lists(st.one_of(moves, moves, reservations, reservations, posts, voids), min_size=1, max_size=8)


class LedgerAgainstReference(RuleBasedStateMachine):
    def __init__(self, database_url: str) -> None:
        super().__init__()
        self.runner = asyncio.Runner()
        self.clock = FrozenClock()
        settings_ = Settings(environment="test", data_dir=Path("/tmp/comptoir-ledger-tests"), database_url=database_url)
        self.runtime = Runtime.from_settings(settings_, clock=self.clock)
        self.model = ReferenceLedger(now_us=microseconds(self.clock.now()))
        self.swept = True
        self.last_batch: list[Transfer] = []

    def run(self, coroutine):  # type: ignore[no-untyped-def]
        return self.runner.run(coroutine)

    @initialize(flags=st.lists(FLAGS, min_size=len(ACCOUNT_IDS) - 1, max_size=len(ACCOUNT_IDS) - 1))
    def start_with_a_bank_and_some_wallets(self, flags: list[frozenset[str]]) -> None:
        async def empty() -> None:
            async with self.runtime.database.engine.begin() as conn:
                for table in (
                    "ledger_transfers",
                    "ledger_chain_links",
                    "ledger_unsealed",
                    "ledger_accounts",
                    "ledger_chain",
                ):
                    await conn.exec_driver_sql(f"DELETE FROM {table}")

        self.run(empty())
        # The first account is an unrestricted bank; the last wallet keeps its flags but is in CNY.
        accounts = [NewAccount(ACCOUNT_IDS[0], "EUR", "platform", "bank")] + [
            NewAccount(account_id, "CNY" if account_id == ACCOUNT_IDS[-1] else "EUR", "org-a", "wallet", f)
            for account_id, f in zip(ACCOUNT_IDS[1:], flags, strict=True)
        ]
        self.open_accounts(accounts)
        self.post_a_batch(
            [
                Transfer(f"fund-{a.id}", ACCOUNT_IDS[0], a.id, 150, a.currency)
                for a in accounts[1:]
                if a.currency == "EUR"
            ]
        )

    @rule(accounts=st.lists(accounts_to_open, min_size=1, max_size=3))
    def open_accounts(self, accounts: list[NewAccount]) -> None:
        expected = [self.model.open(a) for a in accounts]
        assert [
            str(r) for r in self.run(transact(self.runtime, partial(ledger.open_accounts, accounts=accounts)))
        ] == expected

    @rule(batch=batches)
    def post_a_batch(self, batch: list[Transfer]) -> None:
        expected = self.model.post(batch)
        assert [
            str(r) for r in self.run(transact(self.runtime, partial(ledger.post_transfers, transfers=batch)))
        ] == expected
        self.last_batch = batch

    @rule(data=st.data())
    def resolve_a_reservation(self, data: st.DataObject) -> None:
        reservations = sorted(k for k, t in self.model.transfers.items() if t["kind"] == "pending")
        if not reservations:
            return
        pending_id = data.draw(st.sampled_from(reservations))
        transfer_id = data.draw(st.sampled_from(RESOLUTION_IDS))
        amount = data.draw(st.none() | st.integers(1, 130))
        if data.draw(st.booleans()):
            self.post_a_batch([Transfer(transfer_id, post_pending=pending_id, amount=amount)])
        else:
            self.post_a_batch([Transfer(transfer_id, void_pending=pending_id)])

    @rule()
    def retry_the_last_batch(self) -> None:
        if self.last_batch:
            self.post_a_batch(self.last_batch)

    @rule(seconds=st.sampled_from([1, 5, 30, 61]))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds=seconds)
        self.model.now_us = microseconds(self.clock.now())
        self.swept = False

    @rule()
    def sweep_expired_reservations(self) -> None:
        assert self.run(ledger.sweep_all_expired(self.runtime)) == self.model.sweep()
        self.swept = True

    @invariant()
    def balances_match_the_model(self) -> None:
        accounts = self.run(transact(self.runtime, ledger.balances))
        actual = {a.id: (a.debits_posted, a.credits_posted, a.debits_pending, a.credits_pending) for a in accounts}
        assert actual == self.model.balances()

    @invariant()
    def every_invariant_holds(self) -> None:
        report = self.run(transact(self.runtime, ledger.verify))
        problems = [v for v in report.violations if not (v.code == "pending_open_past_timeout" and not self.swept)]
        assert problems == []

    def teardown(self) -> None:
        self.run(self.runtime.database.dispose())
        self.runner.close()


async def test_the_ledger_behaves_like_the_reference_model(database_url: str) -> None:
    await asyncio.to_thread(
        run_state_machine_as_test,
        lambda: LedgerAgainstReference(database_url),
        settings=settings(
            max_examples=30,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
