"""Schema migrations with Alembic, one version branch per capability.

Each capability keeps its revisions in ``comptoir/<capability>/migrations/versions``;
its first revision carries ``branch_labels = ("<capability>",)`` and depends on
the kernel's. ``upgrade`` brings every branch to its head.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from comptoir.kernel.database import Database

_PACKAGE = Path(__file__).resolve().parent.parent


def version_locations() -> list[Path]:
    """Every capability's ``migrations/versions`` folder, kernel first."""
    found = sorted(p for p in _PACKAGE.glob("*/migrations/versions") if p.is_dir())
    return sorted(found, key=lambda p: p.parent.parent.name != "kernel")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_PACKAGE / "kernel" / "migrations"))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(str(p) for p in version_locations()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


async def upgrade(database: Database) -> None:
    """Create or bring up to date every capability's tables."""

    def _run(connection: Connection) -> None:
        command.upgrade(alembic_config(connection), "heads")

    async with database.engine.begin() as conn:
        await conn.run_sync(_run)
