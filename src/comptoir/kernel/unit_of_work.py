"""One transaction per use case.

A service receives a :class:`UnitOfWork`, does one thing through ``uow.session``,
records the events it causes with :meth:`UnitOfWork.publish` (instances of
registered event types, written to the outbox in the same transaction) and
calls :meth:`UnitOfWork.commit` once.
Leaving the block without committing rolls everything back.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.kernel.clock import Clock, SystemClock
from comptoir.kernel.database import Database
from comptoir.kernel.outbox import OutboxMessage, outbox_message, outbox_rows, outbox_table


class UnitOfWork:
    def __init__(self, database: Database, *, clock: Clock | None = None) -> None:
        self.database = database
        self.clock: Clock = clock or SystemClock()
        self._session: AsyncSession | None = None
        self._events: list[OutboxMessage] = []
        self.committed = False

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside 'async with'")
        return self._session

    async def __aenter__(self) -> UnitOfWork:
        self._session = self.database.session()
        self._events = []
        self.committed = False
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

    def publish(self, event: object) -> str:
        """Record ``event``; it reaches the outbox when this unit of work commits. Returns its event id.

        ``event`` must be an instance of a class registered with ``@event`` (see
        :mod:`comptoir.kernel.events`): anything else raises :class:`EventNotRegistered`, a TypeError,
        and so does a field value that does not fit its declared type.
        """
        message = outbox_message(event)
        self._events.append(message)
        return message.id

    async def commit(self) -> None:
        if self._events:
            await self.session.execute(outbox_table.insert(), outbox_rows(self._events, self.clock.now()))
            self._events = []
        await self.session.commit()
        self.committed = True

    async def rollback(self) -> None:
        self._events = []
        await self.session.rollback()

    async def execute(self, statement: Any, params: Any = None) -> Any:
        return await self.session.execute(statement, params)
