"""The baseline the benches measure against: ``pgbench`` TPC-B-like transactions per second on the same server.

A bench runs pgbench on a scratch database of its own (created, then dropped whatever happens), at each
concurrency it measures, so that its figure and the database's ceiling come from the same machine in the
same run. Without a ``pgbench`` program the figures are ``None``; a failing pgbench leaves its reason.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import make_url


async def pg_admin(url: str, statements: Sequence[str]) -> None:
    """Run ``statements`` one by one outside any transaction (``CREATE DATABASE``...) on the server of ``url``."""
    import asyncpg

    parsed = make_url(url)
    conn = await asyncpg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database=parsed.database or "postgres",
        timeout=5,
    )
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def database_url(url: str, database: str) -> str:
    """``url`` naming another database on the same server."""
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def pgbench_tps(url: str, database: str, seconds: int, concurrencies: Sequence[int]) -> dict[str, float | None]:
    """TPC-B-like transactions per second from ``pgbench -c C -j 2`` on ``database`` (initialised here), per C."""
    program = shutil.which("pgbench")
    if program is None:
        return {str(c): None for c in concurrencies}
    parsed = make_url(url)
    connection = ["-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres"]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    subprocess.run([program, "-i", "-q", "-s", "1", *connection, database], check=True, capture_output=True, env=env)
    found: dict[str, float | None] = {}
    for clients in concurrencies:
        run = subprocess.run(
            [program, "-n", "-T", str(seconds), "-c", str(clients), "-j", "2", *connection, database],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        match = re.search(r"tps = ([0-9.]+)", run.stdout)
        found[str(clients)] = round(float(match.group(1)), 1) if match else None
    return found


async def measure_pgbench(url: str, database: str, *, seconds: int, concurrencies: Sequence[int]) -> dict[str, Any]:
    """``{"pgbench_tps": {C: tps}}`` measured on a scratch ``database``, dropped after; with ``pgbench_error``
    (the end of pgbench's complaint) when it failed."""
    output: dict[str, Any] = {"pgbench_tps": {str(c): None for c in concurrencies}}
    try:
        await pg_admin(url, [f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"'])
        output["pgbench_tps"] = await asyncio.to_thread(pgbench_tps, url, database, seconds, concurrencies)
    except subprocess.CalledProcessError as exc:
        said = exc.stderr or ""
        output["pgbench_error"] = (said.decode(errors="replace") if isinstance(said, bytes) else said).strip()[-300:]
    finally:
        await pg_admin(url, [f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'])
    return output
