"""``comptoir`` commands started as the processes an operator runs, for end-to-end tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import _free_port

PASSWORD = "Saumur-ornithorynque-1897"
COMPTOIR = [sys.executable, "-m", "comptoir.cli.main"]


def environment(database_url: str, data_dir: Path) -> dict[str, str]:
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


def serve(processes: Processes, *, worker: bool = True) -> str:
    """Start ``comptoir serve`` on a free port; the base URL once it answers."""
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
