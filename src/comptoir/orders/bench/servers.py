"""The servers a bench run measures: two ``comptoir serve`` web processes and one worker, stopped in steps."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from comptoir.orders.bench.world import START_TIMEOUT_S, WEB_PROCESSES

# --- the server --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Servers:
    """``comptoir serve --no-worker`` twice and ``comptoir worker`` once, on the scratch database.

    :meth:`stop` ends them (SIGINT, then SIGKILL after a while); it may be called any number of times.
    """

    def __init__(self, url: str, data_dir: Path, secret_key: str) -> None:
        self.url = url
        self.data_dir = data_dir
        self.secret_key = secret_key
        self.ports: list[int] = []
        self.web: list[subprocess.Popen[bytes]] = []
        self.worker: subprocess.Popen[bytes] | None = None
        self._logs: list[Path] = []

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COMPTOIR_")}
        env.update(
            COMPTOIR_DATABASE_URL=self.url,
            COMPTOIR_SECRET_KEY=self.secret_key,
            COMPTOIR_DATA_DIR=str(self.data_dir),
            COMPTOIR_ENVIRONMENT="development",
            COMPTOIR_RUN_WORKER_IN_PROCESS="false",
        )
        return env

    def _spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = self.data_dir / f"{name}.log"
        self._logs.append(log)
        with log.open("wb") as sink:
            return subprocess.Popen(
                [sys.executable, "-m", "comptoir.cli.main", *args],
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )

    def start(self) -> None:
        for n in range(WEB_PROCESSES):
            port = _free_port()
            self.ports.append(port)
            self.web.append(
                self._spawn(f"web{n + 1}", "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port))
            )
        self.worker = self._spawn("worker", "worker")

    async def wait_until_ready(self, client_of: Callable[[int], Any]) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        for n, port in enumerate(self.ports):
            while True:
                self.check_alive()
                with contextlib.suppress(Exception):
                    if (await client_of(port).get("/healthz")).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"web process {n + 1} did not answer /healthz: {self.log_tail(n)}")
                await asyncio.sleep(0.2)

    def check_alive(self) -> None:
        for n, process in enumerate([*self.web, self.worker]):
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"a server process stopped (exit {process.returncode}): {self.log_tail(n)}")

    def log_tail(self, n: int) -> str:
        try:
            return self._logs[n].read_text(errors="replace")[-600:].strip()
        except (OSError, IndexError):
            return ""

    def peak_rss_mb(self) -> dict[str, float | None]:
        """VmHWM of each process: the most resident memory it has held since it started."""
        named = {f"web{n + 1}": p for n, p in enumerate(self.web)}
        if self.worker is not None:
            named["worker"] = self.worker
        return {name: _vm_hwm_mb(p.pid) for name, p in named.items()}

    def stop(self) -> None:
        """SIGINT (uvicorn's graceful stop), then SIGTERM, then SIGKILL to whatever still runs."""
        for sent, grace in ((signal.SIGINT, 8.0), (signal.SIGTERM, 4.0), (signal.SIGKILL, 4.0)):
            running = [p for p in [*self.web, self.worker] if p is not None and p.poll() is None]
            for process in running:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(sent)
            deadline = time.monotonic() + grace
            for process in running:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None
