"""``comptoir serve`` and ``comptoir worker`` as the processes an operator starts, over HTTP.

The other end-to-end tests serve the app from a thread of the test process; these start the real
command, which migrates the database first and then serves on uvicorn's own event loop, and walk a
journey through it: sign in on the form, create an API key, import the network, wait for the outbox
to deliver the import's event, ask for a promise. On SQLite and on PostgreSQL, with the worker inside
``serve`` and as a process of its own.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from comptoir.kernel.database import Database
from comptoir.kernel.outbox import outbox_table
from tests.e2e.conftest import _free_port
from tests.unit.logistics.network_sample import sample_document

PASSWORD = "Saumur-ornithorynque-1897"
COMPTOIR = [sys.executable, "-m", "comptoir.cli.main"]


def _environment(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPTOIR_")}
    env.update(
        COMPTOIR_ENVIRONMENT="test",
        COMPTOIR_DATABASE_URL=database_url,
        COMPTOIR_DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
    )
    return env


class Processes:
    """The commands a test started; each is stopped with SIGINT (as Ctrl-C would) at the end."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = self.logs / f"{name}.log"
        handle = log.open("wb")
        process = subprocess.Popen([*COMPTOIR, *args], env=self.env, stdout=handle, stderr=subprocess.STDOUT)
        self.started.append((process, log))
        return process

    def output(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')}" for _, log in self.started)

    def stop(self) -> None:
        for process, _ in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process, _ in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def processes(database_url: str, tmp_path: Path) -> Iterator[Processes]:
    running = Processes(_environment(database_url, tmp_path / "data"), tmp_path)
    try:
        yield running
    finally:
        running.stop()


def _serve(processes: Processes, *, worker: bool) -> str:
    port = _free_port()
    flag = "--worker" if worker else "--no-worker"
    server = processes.start("serve", "serve", "--host", "127.0.0.1", "--port", str(port), flag)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"comptoir serve exited with {server.returncode}:\n{processes.output()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"comptoir serve did not answer within 60 s:\n{processes.output()}")


def _field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} field in the page"
    return found.group(1)


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
            data={"email": "ops@comptoir.test", "password": PASSWORD, "csrf_token": _field(form.text, "csrf_token")},
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
    base = _serve(processes, worker=True)
    await _walk_the_journey(base, database_url, processes)


async def test_serve_and_a_separate_worker_walk_a_journey(database_url: str, processes: Processes) -> None:
    base = _serve(processes, worker=False)
    processes.start("worker", "worker")
    await _walk_the_journey(base, database_url, processes)
