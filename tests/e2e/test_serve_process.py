"""``comptoir serve`` and ``comptoir worker`` as the processes an operator starts, over HTTP.

The other end-to-end tests serve the app from a thread of the test process; these start the real
command, which migrates the database first and then serves on uvicorn's own event loop, and walk a
journey through it: sign in on the form, create an API key, import the network, wait for the outbox
to deliver the import's event, ask for a promise. On SQLite and on PostgreSQL, with the worker inside
``serve`` and as a process of its own.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import time

import httpx
from sqlalchemy import select

from comptoir.kernel.database import Database
from comptoir.kernel.outbox import outbox_table
from tests.e2e.forms import field_value
from tests.e2e.processes import COMPTOIR, PASSWORD, Processes, serve
from tests.unit.logistics.network_sample import sample_document


async def _outbox_states(database_url: str, name: str) -> list[str]:
    database = Database(database_url)
    try:
        async with database.connect() as conn:
            rows = await conn.execute(select(outbox_table.c.status).where(outbox_table.c.name == name))
            return [row.status for row in rows]
    finally:
        await database.dispose()


async def _walk_the_journey(base: str, database_url: str, processes: Processes) -> None:
    created = subprocess.run(
        [*COMPTOIR, "identity", "create-operator", "--email", "ops@comptoir.test", "--password", PASSWORD],
        env=processes.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr
    async with httpx.AsyncClient(base_url=base, headers={"accept-language": "en"}, timeout=30) as browser:
        form = await browser.get("/login")
        assert form.status_code == 200, form.text
        signed = await browser.post(
            "/login",
            data={
                "email": "ops@comptoir.test",
                "password": PASSWORD,
                "csrf_token": field_value(form.text, "csrf_token"),
            },
        )
        assert signed.status_code == 303, f"{signed.status_code} {signed.text}\n{processes.output()}"
        home = await browser.get(signed.headers["location"])
        assert home.status_code == 200, home.text
        csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', home.text)
        assert csrf, "the signed-in page carries no CSRF token"
        key = await browser.post(
            "/api/v1/api-keys", json={"name": "network import"}, headers={"x-csrf-token": csrf.group(1)}
        )
        assert key.status_code == 201, f"{key.status_code} {key.text}\n{processes.output()}"
        secret = key.json()["secret"]

    bearer = {"authorization": f"Bearer {secret}"}
    async with httpx.AsyncClient(base_url=base, headers=bearer, timeout=60) as client:
        imported = await client.post("/api/v1/logistics/network", json=sample_document())
        assert imported.status_code == 200, f"{imported.status_code} {imported.text}\n{processes.output()}"
        assert imported.json()["version"] == 1

        deadline = time.monotonic() + 30
        states = await _outbox_states(database_url, "logistics.NetworkImported")
        while states != ["delivered"] and time.monotonic() < deadline:
            await asyncio.sleep(0.3)
            states = await _outbox_states(database_url, "logistics.NetworkImported")
        assert states == ["delivered"], f"the outbox did not deliver the import: {states}\n{processes.output()}"

        promise = await client.post(
            "/api/v1/logistics/promises",
            json={"origin": "HGH", "zone": "FR-75", "ready_at": "2026-12-01T08:00:00+08:00", "locale": "en"},
        )
        assert promise.status_code == 200, promise.text
        assert promise.json()["found"] is True

        # Many requests at once share the server's pool: none may trip over another's connection.
        answers = await asyncio.gather(*(client.get("/api/v1/organisations/me") for _ in range(20)))
        assert {answer.status_code for answer in answers} == {200}
    assert "Traceback" not in processes.output(), processes.output()


async def test_serve_with_its_own_worker_walks_a_journey(database_url: str, processes: Processes) -> None:
    base = serve(processes, worker=True)
    await _walk_the_journey(base, database_url, processes)


async def test_serve_and_a_separate_worker_walk_a_journey(database_url: str, processes: Processes) -> None:
    base = serve(processes, worker=False)
    processes.start("worker", "worker")
    await _walk_the_journey(base, database_url, processes)
