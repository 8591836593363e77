"""``transact``: one use case, one commit, the whole use case run again on a transient conflict."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from comptoir.kernel.outbox import outbox_table
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import InMemoryUnitOfWork, TransactionBusy, UnitOfWork, transact


class _Deadlock(Exception):
    sqlstate = "40P01"


async def _count(runtime: Runtime) -> int:
    async with runtime.uow() as uow:
        return int((await uow.execute(select(func.count()).select_from(outbox_table))).scalar_one())


async def test_a_conflict_runs_the_whole_use_case_again_from_a_fresh_transaction(runtime: Runtime) -> None:
    attempts: list[int] = []

    async def use_case(uow: UnitOfWork) -> str:
        attempts.append(uow.attempt)
        now = uow.clock.now()
        await uow.execute(
            outbox_table.insert().values(
                id=f"evt_{len(attempts)}", name="x", version=1, payload={}, status="pending", attempts=0,
                available_at=now, created_at=now,
            )
        )  # fmt: skip
        if len(attempts) < 3:
            raise _Deadlock("deadlock detected")
        return "done"

    before = await _count(runtime)
    assert await transact(runtime, use_case) == "done"
    assert attempts == [0, 1, 2]
    # The two failed attempts left nothing behind; the third committed once.
    assert await _count(runtime) == before + 1


async def test_a_use_case_that_keeps_conflicting_is_refused_as_busy_with_nothing_written(runtime: Runtime) -> None:
    calls = 0

    async def use_case(uow: UnitOfWork) -> None:
        nonlocal calls
        calls += 1
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(TransactionBusy) as refused:
        await transact(runtime, use_case, attempts=3)
    assert calls == 3
    assert refused.value.code == "busy"


async def test_any_other_failure_rolls_back_and_propagates_at_once(runtime: Runtime) -> None:
    calls = 0

    async def use_case(uow: UnitOfWork) -> None:
        nonlocal calls
        calls += 1
        raise ValueError("a bug, not a conflict")

    with pytest.raises(ValueError):
        await transact(runtime, use_case)
    assert calls == 1


async def test_after_commit_actions_run_once_and_only_after_a_commit(runtime: Runtime) -> None:
    ran: list[str] = []

    async def action() -> None:
        ran.append("sealed")

    async def use_case(uow: UnitOfWork) -> None:
        uow.after_commit("seal", action)
        uow.after_commit("seal", action)  # the same key: once

    await transact(runtime, use_case)
    assert ran == ["sealed"]

    async def failing(uow: UnitOfWork) -> None:
        uow.after_commit("seal", action)
        raise ValueError("rolled back")

    with pytest.raises(ValueError):
        await transact(runtime, failing)
    assert ran == ["sealed"]


async def test_the_in_memory_unit_of_work_refuses_sql_and_records_what_committed() -> None:
    uow = InMemoryUnitOfWork()
    async with uow:
        with pytest.raises(RuntimeError, match="needs SQL"):
            _ = uow.session
    assert uow.commits == 0 and uow.published == []
