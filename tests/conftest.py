"""Fixtures shared by the whole suite.

Every test that touches storage takes the ``database_url`` (or ``runtime``)
fixture, which is parametrised over SQLite and PostgreSQL. PostgreSQL comes from
``COMPTOIR_TEST_DATABASE_URL`` (default the local ``test`` database); each
pytest-xdist worker gets a database of its own, migrated once, and every test
starts from empty tables. Under ``CI=true`` an unreachable PostgreSQL fails the
run instead of skipping.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from comptoir.kernel import schema
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.database import Database
from comptoir.kernel.i18n import babel_locale
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.scopes import DELEGATION_SCOPES, DelegationScope
from comptoir.kernel.settings import Settings

PG_URL = os.environ.get("COMPTOIR_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BACKENDS = ("sqlite", "postgresql")


async def _pg_admin(sql: list[str]) -> None:
    import asyncpg

    url = make_url(PG_URL)
    conn = await asyncpg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        database=url.database or "test",
        timeout=5,
    )
    try:
        for statement in sql:
            await conn.execute(statement)
    finally:
        await conn.close()


def _run(coro: Any) -> Any:
    """Run a coroutine to completion from sync code, even inside a running event loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _migrate(url: str) -> None:
    database = Database(url)
    try:
        await schema.upgrade(database)
    finally:
        await database.dispose()


@pytest.fixture(scope="session")
def pg_url(worker_id: str) -> Iterator[str]:
    """A migrated PostgreSQL database of this test run's and this xdist worker's own, dropped at the end."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", f"{os.getpid():x}")[:8]
    name = f"comptoir_test_{run}_{worker_id}".replace("-", "_").lower()
    try:
        _run(_pg_admin([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"']))
    except (OSError, Exception) as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {PG_URL} is required under CI and unreachable: {exc}")
        pytest.skip(f"PostgreSQL at {PG_URL} unreachable: {exc}")
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    _run(_migrate(url))
    yield url
    _run(_pg_admin([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies instead of migrating again."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    _run(_migrate(f"sqlite:///{path}"))
    return path


async def _truncate_all(url: str) -> None:
    database = Database(url)
    try:
        async with database.engine.begin() as conn:
            rows = await conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
            tables = [r[0] for r in rows]
            if tables:
                await conn.exec_driver_sql(
                    "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
                )
    finally:
        await database.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database on the backend under test."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "comptoir.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_url")
    await _truncate_all(url)
    return url


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path, clock: FrozenClock) -> AsyncIterator[Runtime]:
    """A runtime over an empty database, with a clock the test can move."""
    settings = Settings(environment="test", data_dir=tmp_path / "data", database_url=database_url)
    rt = Runtime.from_settings(settings, clock=clock)
    try:
        yield rt
    finally:
        await rt.database.dispose()


_ORDERS_LABELS = {"fr": "Commandes", "zh": "订单"}


@pytest.fixture
def orders_scope(monkeypatch: pytest.MonkeyPatch) -> DelegationScope:
    """A second delegation scope, ``orders``, registered as the orders capability will register it once it exists.

    Identity itself registers only ``content``; tests of granting, narrowing and listing several scopes
    register this one, with its own labels in the reader's language. The registry is restored after the test.
    """
    scopes = dict(DELEGATION_SCOPES._scopes)
    scopes.pop("orders", None)  # the orders capability's own registration, replaced for the test's labels
    monkeypatch.setattr(DELEGATION_SCOPES, "_scopes", scopes)
    return DELEGATION_SCOPES.register(
        "orders",
        capability="tests",
        label=lambda: _ORDERS_LABELS.get(babel_locale().language, "Orders"),
        description="see and handle the brand's orders, returns and customer service",
    )
