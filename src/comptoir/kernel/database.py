"""The database: one async SQLAlchemy engine for SQLite (embedded) or PostgreSQL.

Every capability declares its tables on the shared :data:`metadata` (so one
naming convention holds everywhere) but touches only its own tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC instants on both engines (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def async_url(url: str) -> str:
    """Accept plain ``postgresql://`` and ``sqlite:///`` URLs and pick the async driver."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=False)
    raise ValueError(f"unsupported database {backend!r}: Comptoir runs on SQLite or PostgreSQL")


class Database:
    """An engine plus a session factory; create one per process and dispose it at exit."""

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 10) -> None:
        self.url = async_url(url)
        self.dialect = make_url(self.url).get_backend_name()
        kwargs: dict[str, Any] = {"echo": echo}
        if self.dialect == "sqlite":
            database = make_url(self.url).database
            if database and database != ":memory:":
                from pathlib import Path

                Path(database).parent.mkdir(parents=True, exist_ok=True)
                # Keep a few connections open: opening one (and its pragmas) costs more than a small transfer.
                kwargs["pool_size"] = 5
                kwargs["max_overflow"] = 10
            else:
                kwargs["poolclass"] = NullPool
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs["pool_size"] = pool_size
            kwargs["max_overflow"] = pool_size
            # No pre-ping: on asyncpg it costs three round trips per unit of work. Connections are
            # recycled instead, and a connection the server dropped fails one request, not all.
            kwargs["pool_recycle"] = 1800
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin_immediate)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == "postgresql"

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as conn:
            yield conn

    def session(self) -> AsyncSession:
        return self.sessionmaker()

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy drive transactions explicitly (see _sqlite_begin_immediate).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # SQLite's default deferred transactions upgrade read locks to write locks
    # lazily and fail with "database is locked" under concurrent writers;
    # taking the write lock at BEGIN serialises writers instead.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


# SQLSTATEs worth running the whole use case again for: serialization failure, deadlock, and a unique
# violation (a concurrent writer stored the same key first; run again, the use case reads that row
# and answers as it does for any existing one: "exists", "already taken").
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "23505"})


class RunAgain(Exception):
    """Raised by a service that found the state moved under an optimistic first attempt: the whole use
    case runs again (``uow.attempt`` then tells the service to take its careful path)."""


def is_transient_conflict(exc: BaseException) -> bool:
    """Whether ``exc`` comes from a concurrent writer, so the same transaction may simply be retried."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, RunAgain):
            return True
        if getattr(current, "sqlstate", None) in _TRANSIENT_SQLSTATES:
            return True
        if isinstance(current, sqlite3.OperationalError) and "locked" in str(current):
            return True
        if isinstance(current, sqlite3.IntegrityError) and "UNIQUE" in str(current):
            return True
        current = getattr(current, "orig", None) or current.__cause__
    return False
