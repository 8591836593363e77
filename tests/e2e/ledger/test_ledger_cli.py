"""``comptoir ledger …`` through Typer's runner, on both databases."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner, Result

from comptoir import ledger
from comptoir.cli.main import app
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.ledger import Transfer

ACCOUNTS = [
    {"id": "bank", "currency": "EUR", "owner": "platform", "kind": "bank"},
    {
        "id": "wallet",
        "currency": "EUR",
        "owner": "tourist-1",
        "kind": "wallet",
        "flags": ["debits_must_not_exceed_credits"],
    },
    {"id": "shop", "currency": "EUR", "owner": "shop-1", "kind": "merchant_pending", "debits_posted": 0},
]


def _lines(rows: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


async def _comptoir(database_url: str, tmp_path: Path, *args: str, stdin: str = "") -> Result:
    runner = CliRunner()
    env = {"COMPTOIR_DATA_DIR": str(tmp_path / "data"), "COMPTOIR_DATABASE_URL": database_url}
    return await asyncio.to_thread(runner.invoke, app, list(args), input=stdin, env=env)


def _results(result: Result) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


async def test_an_operator_opens_accounts_posts_a_sale_and_reads_balances(database_url: str, tmp_path: Path) -> None:
    opened = await _comptoir(database_url, tmp_path, "ledger", "open-accounts", "--json", stdin=_lines(ACCOUNTS))
    assert opened.exit_code == 0, opened.output
    assert _results(opened) == [{"id": a["id"], "result": "ok"} for a in ACCOUNTS]

    again = await _comptoir(database_url, tmp_path, "ledger", "open-accounts", "--json", stdin=_lines(ACCOUNTS[:1]))
    assert _results(again) == [{"id": "bank", "result": "exists"}]

    transfers = [
        {"id": "top-up", "debit_account": "bank", "credit_account": "wallet", "amount": 10_000, "currency": "EUR"},
        {"id": "too-much", "debit_account": "wallet", "credit_account": "shop", "amount": 20_000, "currency": "EUR"},
        {"id": "hold", "debit_account": "wallet", "credit_account": "shop", "amount": 3_000, "currency": "EUR",
         "pending": True, "timeout_seconds": 600},
        {"id": "capture", "post_pending": "hold", "amount": 2_500},
        {"id": "net", "debit_account": "wallet", "credit_account": "shop", "amount": 100, "currency": "EUR",
         "group": "sale-7"},
        {"id": "fee", "debit_account": "wallet", "credit_account": "bank", "amount": 99_999, "currency": "EUR",
         "group": "sale-7"},
    ]  # fmt: skip
    posted = await _comptoir(
        database_url, tmp_path, "ledger", "post", "--json", "--batch", "2", stdin=_lines(transfers)
    )
    assert posted.exit_code == 0, posted.output
    assert _results(posted) == [
        {"id": "top-up", "result": "ok"},
        {"id": "too-much", "result": "exceeds_credits"},
        {"id": "hold", "result": "ok"},
        {"id": "capture", "result": "ok"},
        {"id": "net", "result": "linked_event_failed"},
        {"id": "fee", "result": "exceeds_credits"},
    ]

    shown = await _comptoir(database_url, tmp_path, "ledger", "balances", "--json", "--account", "wallet")
    assert _results(shown) == [
        {
            "id": "wallet", "currency": "EUR", "owner": "tourist-1", "kind": "wallet",
            "flags": ["debits_must_not_exceed_credits"], "debits_posted": 2_500, "credits_posted": 10_000,
            "debits_pending": 0, "credits_pending": 0,
        }
    ]  # fmt: skip

    verified = await _comptoir(database_url, tmp_path, "ledger", "verify")
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.startswith("ledger verified: 3 transfers, 3 accounts")


async def test_a_retried_file_changes_nothing(database_url: str, tmp_path: Path) -> None:
    await _comptoir(database_url, tmp_path, "ledger", "open-accounts", stdin=_lines(ACCOUNTS))
    transfers = [{"id": "top-up", "debit_account": "bank", "credit_account": "wallet", "amount": 5, "currency": "EUR"}]
    first = await _comptoir(database_url, tmp_path, "ledger", "post", "--json", stdin=_lines(transfers))
    second = await _comptoir(database_url, tmp_path, "ledger", "post", "--json", stdin=_lines(transfers))
    assert _results(first) == [{"id": "top-up", "result": "ok"}]
    assert _results(second) == [{"id": "top-up", "result": "exists"}]


async def test_a_malformed_line_refuses_the_whole_file(database_url: str, tmp_path: Path) -> None:
    await _comptoir(database_url, tmp_path, "ledger", "open-accounts", stdin=_lines(ACCOUNTS))
    good = {"id": "top-up", "debit_account": "bank", "credit_account": "wallet", "amount": 5, "currency": "EUR"}
    for bad, reason in [
        ('{"id": "x", "amount": "5"', "line 2: not valid JSON"),
        (json.dumps({**good, "id": "x", "amount": "5"}), "line 2: amount must be an integer"),
        (json.dumps({**good, "id": "x", "amount": 1.5}), "line 2: amount must be an integer"),
        (json.dumps({**good, "id": "x", "colour": "red"}), "line 2: unknown field(s) colour"),
        (json.dumps([1, 2]), "line 2: expected a JSON object"),
    ]:
        result = await _comptoir(database_url, tmp_path, "ledger", "post", stdin=json.dumps(good) + "\n" + bad + "\n")
        assert result.exit_code == 2
        assert reason in result.stderr
        assert "nothing was written" in result.stderr
    shown = await _comptoir(database_url, tmp_path, "ledger", "balances", "--json", "--account", "wallet")
    assert _results(shown)[0]["credits_posted"] == 0


async def test_an_account_line_with_a_balance_is_refused(database_url: str, tmp_path: Path) -> None:
    line = json.dumps({"id": "w", "currency": "EUR", "owner": "o", "kind": "wallet", "credits_posted": 100})
    result = await _comptoir(database_url, tmp_path, "ledger", "open-accounts", stdin=line + "\n")
    assert result.exit_code == 2
    assert "line 1: credits_posted must be 0" in result.stderr


async def test_balances_of_an_empty_ledger_say_so_and_json_lines_stay_empty(database_url: str, tmp_path: Path) -> None:
    shown = await _comptoir(database_url, tmp_path, "ledger", "balances")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.strip() == "no account yet: open some with `comptoir ledger open-accounts`"
    as_json = await _comptoir(database_url, tmp_path, "ledger", "balances", "--json")
    assert as_json.exit_code == 0 and as_json.stdout == ""  # JSON lines: one per account, so none


async def test_balances_of_an_unknown_account_fail_clearly(database_url: str, tmp_path: Path) -> None:
    result = await _comptoir(database_url, tmp_path, "ledger", "balances", "--account", "nobody")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no ledger account 'nobody' (account_not_found)"


async def test_verify_names_a_tampered_row_and_exits_non_zero(database_url: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    from comptoir.kernel.database import Database

    await _comptoir(database_url, tmp_path, "ledger", "open-accounts", stdin=_lines(ACCOUNTS))
    transfers = [{"id": "top-up", "debit_account": "bank", "credit_account": "wallet", "amount": 5, "currency": "EUR"}]
    await _comptoir(database_url, tmp_path, "ledger", "post", stdin=_lines(transfers))
    database = Database(database_url)
    try:
        async with database.engine.begin() as conn:
            await conn.execute(text("UPDATE ledger_transfers SET amount = 6 WHERE id = 'top-up'"))
    finally:
        await database.dispose()
    result = await _comptoir(database_url, tmp_path, "ledger", "verify", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert {"chain_row_altered", "balance_drift"} <= {v["code"] for v in report["violations"]}


def test_groups_are_never_split_across_batches() -> None:
    from comptoir.ledger.cli import batches_of
    from comptoir.ledger.domain import Transfer

    def move(i: int, group: str | None = None) -> Transfer:
        return Transfer(f"t{i}", "a", "b", 1, "EUR", group=group)

    transfers = [move(0), move(1, "g"), move(2, "g"), move(3, "g"), move(4), move(5, "h"), move(6, "h")]
    assert [[t.id for t in b] for b in batches_of(transfers, 2)] == [
        ["t0"],
        ["t1", "t2", "t3"],
        ["t4"],
        ["t5", "t6"],
    ]


def test_an_unsupported_database_is_refused_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ledger", "balances", "--database-url", "mysql://db/ledger", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: unsupported database 'mysql': Comptoir runs on SQLite or PostgreSQL"


async def test_a_sweep_releases_reservations_left_open_past_their_timeout(
    database_url: str, tmp_path: Path, runtime: Runtime
) -> None:
    await _comptoir(database_url, tmp_path, "ledger", "open-accounts", stdin=_lines(ACCOUNTS))
    # The runtime's clock stands at 2026-01-01, long before the wall clock the command uses.
    hold = Transfer("hold", "bank", "shop", 700, "EUR", pending=True, timeout_seconds=60)
    assert await transact(runtime, lambda uow: ledger.post_transfers(uow, [hold])) == ["ok"]
    before = await _comptoir(database_url, tmp_path, "ledger", "verify")
    assert before.exit_code == 1
    assert "violation pending_open_past_timeout" in before.stdout
    swept = await _comptoir(database_url, tmp_path, "ledger", "sweep", "--json")
    assert json.loads(swept.stdout) == {"released": 1}
    after = await _comptoir(database_url, tmp_path, "ledger", "verify")
    assert after.exit_code == 0, after.stdout
    shop = await transact(runtime, lambda uow: ledger.get_account(uow, "shop"))
    assert (shop.credits_posted, shop.credits_pending) == (0, 0)
