"""What every ``comptoir`` command shares: where the data lives, and how to run against it.

A command takes :data:`DataDirOption` and :data:`DatabaseUrlOption`, turns them into
settings with :func:`settings_from_options`, and runs its use case with
:func:`run_with_runtime`, which creates the schema when it is missing and turns
refusals into a one-line ``error: …`` and a non-zero exit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError

from comptoir.kernel import schema
from comptoir.kernel.errors import ComptoirError, InvalidInput
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings, load_settings

T = TypeVar("T")

#: Exit codes of every command: it did its work (0), it failed (1), its input was refused (2).
OK, FAILURE, BAD_INPUT = 0, 1, 2

DataDirOption = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Where Comptoir keeps its files (default: COMPTOIR_DATA_DIR, else .comptoir)."),
]
DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLite or PostgreSQL URL (default: COMPTOIR_DATABASE_URL, else SQLite in the data directory).",
    ),
]


def fail(message: str, code: int = FAILURE) -> typer.Exit:
    """Print ``error: message`` on stderr; raise the returned exit to stop with ``code``."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def settings_from_options(data_dir: Path | None, database_url: str | None) -> Settings:
    """Settings from the environment, overridden by the command's options; bad settings exit 2."""
    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    try:
        return load_settings(**overrides)
    except ValueError as exc:
        raise fail(str(exc).splitlines()[0], BAD_INPUT) from exc


def run_with_runtime(settings: Settings, work: Callable[[Runtime], Awaitable[T]]) -> T:
    """Run ``work`` against the configured database, creating the schema first if it is missing.

    Every command exits 0 when it did its work, 1 when it failed, 2 when its input was refused: a
    refusal of bad input (:class:`InvalidInput`) exits 2 with its detail, any other refusal
    (:class:`ComptoirError`) 1; a database that cannot be reached or used exits 1 with the reason;
    an unsupported database URL exits 2.
    """
    try:
        runtime = Runtime.from_settings(settings)
    except ValueError as exc:
        raise fail(str(exc).splitlines()[0], BAD_INPUT) from exc

    async def _main() -> T:
        try:
            await schema.upgrade(runtime.database)
            return await work(runtime)
        finally:
            await runtime.database.dispose()
            await runtime.throttle.close()

    try:
        return asyncio.run(_main())
    except InvalidInput as exc:
        raise fail(f"{exc.detail} ({exc.code})", BAD_INPUT) from exc
    except ComptoirError as exc:
        raise fail(f"{exc.detail} ({exc.code})") from exc
    except (OSError, SQLAlchemyError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise fail(f"cannot use the database: {reason}") from exc
