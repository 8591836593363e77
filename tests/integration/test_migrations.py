"""The hand-written migrations create exactly the tables the code declares, on both databases."""

from __future__ import annotations

import importlib
import pkgutil

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import comptoir
from comptoir.kernel.database import metadata
from comptoir.kernel.runtime import Runtime


def _import_every_repository() -> None:
    for module in pkgutil.walk_packages(comptoir.__path__, "comptoir."):
        if module.name.endswith(".repository") or module.name.startswith("comptoir.kernel."):
            importlib.import_module(module.name)


async def test_migrations_match_the_declared_tables(runtime: Runtime) -> None:
    _import_every_repository()

    def _diff(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return compare_metadata(context, metadata)

    async with runtime.database.engine.connect() as conn:
        diff = await conn.run_sync(_diff)
    # Index differences are tolerated (migrations may add indexes the Table objects do not declare).
    tables_and_columns = [d for d in diff if not (isinstance(d, tuple) and d[0] in ("add_index", "remove_index"))]
    assert tables_and_columns == [], tables_and_columns
