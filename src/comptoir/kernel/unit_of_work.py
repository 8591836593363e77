"""One transaction per use case, shared by every capability the use case calls.

A service is ``async def verb(uow, principal?, *, ...)``: it works through ``uow.session``, records the
events it causes with :meth:`UnitOfWork.publish` (instances of registered event types, written to the
outbox in the same transaction) and never commits. An entry point (a route, a page, a CLI command, an
outbox handler) runs one use case with :func:`transact`, which opens the unit of work, commits it, and
runs the whole use case again from the start when the database reports a transient conflict
(deadlock, serialisation failure, a concurrent insert of the same key). Leaving a unit of work without
committing rolls everything back, across every capability that wrote in it.

:class:`InMemoryUnitOfWork` is the fake for service tests that need no SQL: it records what was
published and committed, and refuses any use of a session.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_random_exponential

from comptoir.kernel.clock import Clock, SystemClock
from comptoir.kernel.database import Database, is_transient_conflict
from comptoir.kernel.errors import N_, Conflict
from comptoir.kernel.outbox import OutboxMessage, outbox_message, outbox_rows, outbox_table

T = TypeVar("T")

#: How many times :func:`transact` runs a use case that keeps meeting transient conflicts.
MAX_ATTEMPTS = 12

log = logging.getLogger(__name__)

AfterCommit = Callable[[], Awaitable[object]]


class TransactionBusy(Conflict):
    """Concurrent writers conflicted with this use case every time it ran; nothing was written."""

    code = "busy"
    title = N_("Busy")
    sentence = N_("Too many changes arrived at once; nothing was written, and the same request may be sent again.")


class UnitOfWork:
    """One database transaction, the events it publishes, and what to do once it has committed.

    ``attempt`` counts from 0: :func:`transact` sets it when it runs a use case again after a conflict,
    so a service may take an optimistic path on the first attempt and a careful one afterwards.
    """

    def __init__(self, database: Database, *, clock: Clock | None = None, attempt: int = 0) -> None:
        self.database = database
        self.clock: Clock = clock or SystemClock()
        self.attempt = attempt
        self._session: AsyncSession | None = None
        self._start()

    def _start(self) -> None:
        """Nothing published, nothing to do after commit, not committed: how every transaction begins."""
        self._events: list[OutboxMessage] = []
        self._after_commit: dict[str, AfterCommit] = {}
        self.committed = False
        # Reference data a use case reads more than once (the rules of a day), kept for this transaction only:
        # a key is ``(capability, what, ...)``; a new attempt starts with nothing kept.
        self.memo: dict[tuple[object, ...], object] = {}

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside 'async with'")
        return self._session

    async def __aenter__(self) -> UnitOfWork:
        self._session = self.database.session()
        self._start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session = self.session
        try:
            if not self.committed:
                await session.rollback()
        finally:
            await session.close()
            self._session = None
        if self.committed:
            await self._run_after_commit()

    def publish(self, event: object) -> str:
        """Record ``event``; it reaches the outbox when this unit of work commits. Returns its event id.

        ``event`` must be an instance of a class registered with ``@event`` (see
        :mod:`comptoir.kernel.events`): anything else raises :class:`EventNotRegistered`, a TypeError,
        and so does a field value that does not fit its declared type.
        """
        message = outbox_message(event)
        self._events.append(message)
        return message.id

    def after_commit(self, key: str, action: AfterCommit) -> None:
        """Run ``action`` once this unit of work has committed and closed (once per ``key``; never on a
        rollback).

        For work that must follow the commit but may lag it safely (the ledger seals its chain here):
        an action that fails is logged, and whatever it left undone is picked up by the next one.
        """
        self._after_commit.setdefault(key, action)

    async def commit(self) -> None:
        if self._events:
            await self.session.execute(outbox_table.insert(), outbox_rows(self._events, self.clock.now()))
            self._events = []
        await self.session.commit()
        self.committed = True

    async def _run_after_commit(self) -> None:
        actions, self._after_commit = list(self._after_commit.items()), {}
        for key, action in actions:
            try:
                await action()
            except Exception:  # the commit stands; the action's own repair path catches up
                log.exception("after-commit action %r failed", key)

    async def rollback(self) -> None:
        self._events = []
        self._after_commit = {}
        await self.session.rollback()

    async def execute(self, statement: Any, params: Any = None) -> Any:
        return await self.session.execute(statement, params)


class InMemoryUnitOfWork(UnitOfWork):
    """A unit of work without a database, for service tests that need no SQL.

    ``published`` holds the events of every commit, in order; ``commits`` counts them. A service that
    reaches for ``session`` fails at once, naming itself as one that needs the real thing.
    """

    def __init__(self, *, clock: Clock | None = None, attempt: int = 0) -> None:
        self.clock = clock or SystemClock()
        self.attempt = attempt
        self._start()
        self.published: list[object] = []
        self._published_here: list[object] = []
        self.commits = 0

    @property
    def session(self) -> AsyncSession:
        raise RuntimeError("this service needs SQL: test it with a real unit of work, not InMemoryUnitOfWork")

    async def __aenter__(self) -> InMemoryUnitOfWork:
        self._start()
        self._published_here = []
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.committed:
            await self.rollback()
        else:
            await self._run_after_commit()

    def publish(self, event: object) -> str:
        message_id = super().publish(event)  # checked and encoded exactly as the real one does
        self._published_here.append(event)
        return message_id

    async def commit(self) -> None:
        self.published.extend(self._published_here)
        self._published_here = []
        self._events = []
        self.commits += 1
        self.committed = True

    async def rollback(self) -> None:
        self._events = []
        self._published_here = []
        self._after_commit = {}


class OpensUnitsOfWork(Protocol):
    """What :func:`transact` needs: a database and a clock (a ``Runtime``, or a unit of work's own)."""

    @property
    def database(self) -> Database: ...

    @property
    def clock(self) -> Clock: ...


def _give_up(state: RetryCallState) -> Any:
    outcome = state.outcome
    cause = outcome.exception() if outcome is not None else None
    raise TransactionBusy(
        f"concurrent writers conflicted {state.attempt_number} times in a row; nothing was written"
    ) from cause


async def transact(
    runtime: OpensUnitsOfWork, use_case: Callable[[UnitOfWork], Awaitable[T]], *, attempts: int = MAX_ATTEMPTS
) -> T:
    """Run ``use_case`` in a fresh unit of work and commit it; its result.

    A transient conflict anywhere in the use case or its commit rolls it all back and runs it again
    (up to ``attempts`` times, waiting a random, growing moment in between), so its result is that of
    some serial order; any other exception rolls back and propagates. Past the last attempt,
    :class:`TransactionBusy`. A read-only use case may run here too: committing it costs nothing.
    """
    retrying = AsyncRetrying(
        retry=retry_if_exception(is_transient_conflict),
        stop=stop_after_attempt(attempts),
        wait=wait_random_exponential(multiplier=0.002, max=0.25),
        retry_error_callback=_give_up,
    )
    async for try_ in retrying:
        with try_:
            attempt = try_.retry_state.attempt_number - 1
            async with UnitOfWork(runtime.database, clock=runtime.clock, attempt=attempt) as uow:
                outcome = await use_case(uow)
                await uow.commit()
            return outcome
    raise AssertionError("unreachable: tenacity either returns, raises or gives up")
