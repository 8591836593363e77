"""Where a person's data is still stored: a search of every column of every table for what names them.

:func:`personal_data_left` reads every table of the database (once migrated it holds every table of
``comptoir.kernel.database.metadata``, and those of capabilities a test did not import) and every value of
every column that comes back as text, JSON or bytes, and answers the ``(table, column)`` pairs where a
needle occurs:

- text is compared case-insensitively; JSON is also read back and written again with its non-ASCII
  characters as they are, since a JSON column may have stored ``王`` as ``\\u738b``;
- bytes are searched raw (the needle's UTF-8 bytes) and decoded as UTF-8 with undecodable bytes dropped.

Sealed boxes (AES-GCM ciphertext, such as the orders' buyer identity) never show a needle, so the search
cannot see them: check the rows that held them with :func:`columns_still_set`, which answers the
``(table, column)`` pairs of a row whose columns are not null yet, e.g.::

    assert await columns_still_set(
        engine, "orders_buyers", {"holder_id": holder_id}, ["name_box", "id_box", "address_box"]
    ) == []

A needle should be long enough not to occur by chance: four characters of an ID number can be part of any
random id, so check a short value on its own row with :func:`columns_still_set` instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from typing import Any

from sqlalchemy import column as sql_column
from sqlalchemy import inspect, select, table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from comptoir.kernel.database import Database, metadata

Source = AsyncEngine | AsyncConnection | Database


@asynccontextmanager
async def _connection(source: Source) -> Any:
    if isinstance(source, AsyncConnection):
        yield source
        return
    engine = source.engine if isinstance(source, Database) else source
    async with engine.connect() as conn:
        yield conn


def _texts(value: object) -> list[str]:
    """The forms of a stored value a needle is looked for in (lower-cased), or none for numbers, instants..."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return [value.decode("utf-8", errors="ignore").lower()]
    if isinstance(value, dict | list):
        return [json.dumps(value, ensure_ascii=False).lower()]
    if not isinstance(value, str):
        return []
    forms = [value.lower()]
    if value[:1] in ("{", "[", '"'):
        with suppress(ValueError):
            forms.append(json.dumps(json.loads(value), ensure_ascii=False).lower())
    return forms


def _raw(value: object) -> bytes | None:
    if isinstance(value, memoryview):
        return value.tobytes()
    return value if isinstance(value, bytes) else None


async def _tables(conn: AsyncConnection) -> dict[str, list[str]]:
    def read(sync: Any) -> dict[str, list[str]]:
        found = inspect(sync)
        return {name: [c["name"] for c in found.get_columns(name)] for name in found.get_table_names()}

    tables: dict[str, list[str]] = await conn.run_sync(read)
    missing = sorted(set(metadata.tables) - set(tables))
    if missing:
        raise AssertionError(f"the database lacks tables of the metadata (not migrated?): {missing}")
    return tables


async def personal_data_left(engine_or_connection: Source, needles: Iterable[str]) -> list[tuple[str, str]]:
    """The ``(table, column)`` pairs, sorted, where any of ``needles`` is still stored (see the module)."""
    wanted = [n for n in needles if n]
    if not wanted or any(len(n) < 2 for n in wanted):
        raise ValueError("give needles of at least two characters")
    lowered = [n.lower() for n in wanted]
    raw = [n.encode("utf-8") for n in wanted]
    hits: set[tuple[str, str]] = set()
    async with _connection(engine_or_connection) as conn:
        for name, columns in sorted((await _tables(conn)).items()):
            query: Any = select(*(sql_column(c) for c in columns)).select_from(table(name))
            for row in (await conn.execute(query)).all():
                for column_name, value in zip(columns, row, strict=True):
                    if (name, column_name) in hits or value is None:
                        continue
                    data = _raw(value)
                    if data is not None and any(n in data for n in raw):
                        hits.add((name, column_name))
                        continue
                    forms = _texts(value)
                    if any(n in form for n in lowered for form in forms):
                        hits.add((name, column_name))
    return sorted(hits)


async def columns_still_set(
    engine_or_connection: Source, table_name: str, key: Mapping[str, object], columns: Sequence[str]
) -> list[tuple[str, str]]:
    """The ``(table, column)`` pairs among ``columns`` that are not null in the rows of ``table_name`` matching
    ``key`` (column = value each); no such row answers none."""
    t = table(table_name, *(sql_column(c) for c in {*columns, *key}))
    query = select(*(t.c[c] for c in columns)).where(*(t.c[k] == v for k, v in key.items()))
    async with _connection(engine_or_connection) as conn:
        rows = (await conn.execute(query)).all()
    return sorted({(table_name, c) for row in rows for c, v in zip(columns, row, strict=True) if v is not None})
