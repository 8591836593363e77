"""Counting the SQL statements and commits a use case sends, for benches and for tests that pin the count.

A count depends on the code, not on the machine, so a test may assert it: a change that adds a round
trip to a hot path shows up as a failing count.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event

from comptoir.kernel.database import Database

_TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)\b", re.I)
_AIOSQLITE_METHODS = ("execute", "executemany", "execute_fetchall", "execute_insert", "executescript")


class StatementCounter:
    """Counts the SQL statements (not BEGIN, COMMIT, ROLLBACK) and the commits sent through ``database``.

    SQLAlchemy's ``before_cursor_execute`` sees what goes through a session; the ledger writes through
    the driver itself (asyncpg's or aiosqlite's connection), so those calls are counted at the driver:
    asyncpg's query logger on each connection checked out meanwhile, aiosqlite's connection methods.
    """

    def __init__(self, database: Database) -> None:
        self._engine = database.engine.sync_engine
        self._postgresql = database.is_postgresql
        self._patched: dict[str, Any] = {}
        self.statements = 0
        self.commits = 0

    def _count(self, statement: str) -> None:
        if not _TRANSACTION_CONTROL.match(statement):
            self.statements += 1

    def _cursor_execute(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self._count(statement)

    def _driver_query(self, record: Any) -> None:
        self._count(record.query)

    def _commit(self, *_: Any) -> None:
        self.commits += 1

    def _checkout(self, dbapi_conn: Any, *_: Any) -> None:
        dbapi_conn.driver_connection.add_query_logger(self._driver_query)

    def _checkin(self, dbapi_conn: Any, *_: Any) -> None:
        if dbapi_conn is not None:
            dbapi_conn.driver_connection.remove_query_logger(self._driver_query)

    def __enter__(self) -> StatementCounter:
        event.listen(self._engine, "before_cursor_execute", self._cursor_execute)
        event.listen(self._engine, "commit", self._commit)
        if self._postgresql:
            event.listen(self._engine, "checkout", self._checkout)
            event.listen(self._engine, "checkin", self._checkin)
        else:
            import aiosqlite

            for name in _AIOSQLITE_METHODS:
                original = getattr(aiosqlite.Connection, name)
                self._patched[name] = original
                setattr(aiosqlite.Connection, name, self._counted(original))
        return self

    def _counted(self, original: Any) -> Any:
        def counted(connection: Any, sql: str, *args: Any, **kwargs: Any) -> Any:
            self._count(sql)
            return original(connection, sql, *args, **kwargs)

        return counted

    def __exit__(self, *_: object) -> None:
        event.remove(self._engine, "before_cursor_execute", self._cursor_execute)
        event.remove(self._engine, "commit", self._commit)
        if self._postgresql:
            event.remove(self._engine, "checkout", self._checkout)
            event.remove(self._engine, "checkin", self._checkin)
        else:
            import aiosqlite

            for name, original in self._patched.items():
                setattr(aiosqlite.Connection, name, original)
